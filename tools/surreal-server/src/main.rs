//! `coproduce-surreal-server start --bind 127.0.0.1:PORT --user root --pass root memory`: the
//! SurrealDB server of crates.io, as the `surreal` binary runs it.

// A release build lays out SurrealDB's deeply nested async query functions here, deeper than
// the compiler's default limit allows.
#![recursion_limit = "256"]

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_core::CommunityComposer())
}
