use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    coproduce::telemetry::init("info");
    coproduce::cli::run(coproduce::cli::Cli::parse()).await
}
