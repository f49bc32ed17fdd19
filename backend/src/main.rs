use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = coproduce::cli::Cli::parse();
    coproduce::telemetry::init(cli.command.default_log_filter(), cli.log_format);
    coproduce::cli::run(cli).await
}
