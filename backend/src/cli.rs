//! The `coproduce` command line.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::admin::{AdminCommand, BoardCommand, OrgCommand, in_use, manage, open_store};
use crate::config::Settings;
use crate::startup::Application;
use crate::storage::Store;

/// coproduce: citizen-participation widgets (ideas boards) and their backend.
///
/// Settings come from defaults, then the optional --config file (TOML), then COPRODUCE_*
/// environment variables, e.g. COPRODUCE_HTTP__PORT=8080, COPRODUCE_DATA_DIR=/var/lib/coproduce,
/// COPRODUCE_DATABASE__URL=ws://127.0.0.1:8000 (with COPRODUCE_DATABASE__USERNAME/PASSWORD).
#[derive(Debug, Parser)]
#[command(name = "coproduce", version)]
pub struct Cli {
    /// A TOML file with settings (same names as the environment variables, nested by table).
    #[arg(long, global = true, env = "COPRODUCE_CONFIG")]
    pub config: Option<PathBuf>,
    /// How log lines look on stderr: text for people, json (one object per line) for a log
    /// collector.
    #[arg(
        long,
        global = true,
        env = "COPRODUCE_LOG_FORMAT",
        value_enum,
        default_value_t
    )]
    pub log_format: crate::telemetry::LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the backend (API, standalone pages, console, embed files).
    Serve {
        /// Create the demo organisation "Stadtteilhaus Nord" (once) and print its admin login.
        #[arg(long)]
        demo: bool,
        /// With --demo: origins allowed to embed the demo board (the example host page).
        #[arg(long = "demo-origin", default_values = ["http://127.0.0.1:8081", "http://localhost:8081"])]
        demo_origins: Vec<String>,
    },
    /// Manage organisations (while `serve` runs, the server on this machine carries it out).
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage idea boards.
    #[command(subcommand)]
    Board(BoardCommand),
    /// Write a backup of the whole database (every organisation, activity, contribution, count,
    /// receipt and staff account) to FILE, as SurrealQL. Works while `serve` runs (it asks the
    /// server on this machine) and when it does not.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup into an empty installation (stop the server first). A backup of an
    /// older release is brought up to date as that release's database would be.
    Restore { file: PathBuf },
    /// Serve a folder of static files, e.g. the example host page on another origin.
    StaticSite {
        #[arg(long, default_value = "examples/host-page")]
        dir: PathBuf,
        #[arg(long, default_value_t = 8081)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
}

impl Command {
    /// What is logged unless `RUST_LOG` says otherwise: a server reports its own doings (not
    /// the storage engine's start-up details); the other commands only problems, so that what
    /// they print is their answer.
    pub fn default_log_filter(&self) -> &'static str {
        match self {
            Command::Serve { .. } | Command::StaticSite { .. } => "warn,coproduce=info",
            Command::Org(_)
            | Command::Board(_)
            | Command::Backup { .. }
            | Command::Restore { .. } => "warn",
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.config.as_deref()).map_err(|e| anyhow::anyhow!("{e}"))?;
    match cli.command {
        Command::Serve { demo, demo_origins } => {
            let app = Application::build(settings).await?;
            if demo {
                let origins: Vec<&str> = demo_origins.iter().map(String::as_str).collect();
                if let Some(password) = crate::seed::demo(app.store(), &origins).await? {
                    println!("Demo organisation created. Console login (shown once):");
                    println!("  e-mail:   {}", crate::seed::DEMO_ADMIN);
                    println!("  password: {password}");
                }
                let url = app.public_url();
                println!("Console:          {url}/console");
                println!(
                    "Standalone page:  {url}/o/{}/ideas/{}",
                    crate::seed::DEMO_ORG,
                    crate::seed::DEMO_BOARD
                );
            }
            app.run_until_stopped().await?;
        }
        Command::Org(c) => admin(&settings, AdminCommand::Org(c)).await?,
        Command::Board(c) => admin(&settings, AdminCommand::Board(c)).await?,
        Command::Backup { to } => {
            crate::operator::backup_to(&settings, &to).await?;
            println!("Backup written to {}", to.display());
        }
        Command::Restore { file } => {
            anyhow::ensure!(file.is_file(), "no backup at {}", file.display());
            let mut db = settings.database.clone();
            db.url = settings.database_url();
            if db.url.starts_with("surrealkv://") {
                std::fs::create_dir_all(&settings.data_dir)?;
            }
            let store = Store::restore(&db, &file)
                .await
                .with_context(|| format!("restoring {} into {}", file.display(), db.url))?;
            store.close().await;
            println!("Restored {} into {}", file.display(), db.url);
        }
        Command::StaticSite { dir, port, host } => {
            let listener = tokio::net::TcpListener::bind((host.as_str(), port)).await?;
            println!("Serving {} at http://{host}:{port}/", dir.display());
            let app =
                axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
            axum::serve(listener, app).await?;
        }
    }
    Ok(())
}

/// Runs an `org` or `board` command on the database, or, while `serve` holds the embedded
/// database, has the server on this machine run it; prints what it says.
async fn admin(settings: &Settings, command: AdminCommand) -> anyhow::Result<()> {
    let out = match open_store(settings).await {
        Ok(store) => {
            let done = manage(&store, command).await;
            store.close().await;
            done?
        }
        Err(e) if in_use(&e) => match crate::operator::Operator::read(settings) {
            Some(op) => crate::operator::run_on_server(&op).await?,
            None => return Err(e),
        },
        Err(e) => return Err(e),
    };
    print!("{out}");
    Ok(())
}
