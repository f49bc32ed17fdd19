//! `coproduce-surreal-server start --bind 127.0.0.1:PORT --user root --pass root memory`: the
//! SurrealDB server of crates.io, as the `surreal` binary runs it.

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_core::CommunityComposer())
}
