//! The installation's operator on the same machine as a running server. With the embedded
//! database the server holds the database files, so the command line cannot open them: it asks
//! the server instead. `serve` writes where it listens and a fresh random token into
//! `{data_dir}/operator` (readable by its user only); the command line presents the token; the
//! server answers only requests from its own machine (loopback) that carry it. With no server
//! running, the command line opens the database itself. The server's side: `http::operator`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use crate::config::Settings;

/// What `serve` leaves for the command line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Operator {
    /// Where the server answers on this machine.
    pub url: String,
    pub token: String,
}

pub fn file(settings: &Settings) -> PathBuf {
    settings.data_dir.join("operator")
}

impl Operator {
    /// A fresh token for the server about to listen at `url`, written (mode 0600) where the
    /// command line looks.
    pub fn write(settings: &Settings, url: &str) -> anyhow::Result<Self> {
        let token = match &settings.operator_token {
            Some(t) => t.expose().to_string(),
            None => crate::domain::random_key(32),
        };
        let me = Self {
            url: url.to_string(),
            token,
        };
        let path = file(settings);
        let text = serde_json::to_string(&me)?;
        write_private(&path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(me)
    }

    /// What the running server (if any) left.
    pub fn read(settings: &Settings) -> Option<Self> {
        let text = std::fs::read_to_string(file(settings)).ok()?;
        serde_json::from_str(&text).ok()
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// What the server says to a command (`http::operator::command`): its answer, or why not.
#[derive(Debug, Serialize, Deserialize)]
pub struct Said {
    pub ok: bool,
    pub text: String,
}

/// `coproduce backup --to FILE`: from the running server if one answers, else from the
/// database itself; written beside `to` first and moved there once complete.
pub async fn backup_to(settings: &Settings, to: &Path) -> anyhow::Result<()> {
    let partial = to.with_extension("partial");
    let written = match Operator::read(settings) {
        Some(op) => match from_server(&op, &partial).await {
            Ok(()) => true,
            Err(e) if is_no_server(&e) => false,
            Err(e) => return Err(e),
        },
        None => false,
    };
    if !written {
        let store = crate::admin::open_store(settings).await?;
        let done = to_file(&store, &partial).await;
        store.close().await;
        done?;
    }
    std::fs::rename(&partial, to)
        .with_context(|| format!("moving the backup to {}", to.display()))?;
    Ok(())
}

fn is_no_server(e: &anyhow::Error) -> bool {
    e.downcast_ref::<reqwest::Error>()
        .is_some_and(|r| r.is_connect())
}

async fn from_server(op: &Operator, to: &Path) -> anyhow::Result<()> {
    use tokio::io::AsyncWriteExt;
    let res = reqwest::Client::new()
        .get(format!("{}/operator/backup", op.url))
        .bearer_auth(&op.token)
        .send()
        .await?;
    anyhow::ensure!(
        res.status().is_success(),
        "the running server refused the backup ({})",
        res.status()
    );
    let mut out = tokio::fs::File::create(to).await?;
    let mut body = res.bytes_stream();
    while let Some(chunk) = body.next().await {
        out.write_all(&chunk?).await?;
    }
    out.sync_all().await?;
    Ok(())
}

async fn to_file(store: &crate::storage::Store, to: &Path) -> anyhow::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut out = tokio::fs::File::create(to).await?;
    let mut chunks = store.export().await?;
    while let Some(chunk) = chunks.next().await {
        out.write_all(&chunk?).await?;
    }
    out.sync_all().await?;
    Ok(())
}

/// Sends this process's command line to the running server (`command`); what it said.
pub async fn run_on_server(op: &Operator) -> anyhow::Result<String> {
    // From the subcommand on (`org …`, `board …`): what the server parses (`admin::Admin`).
    let args: Vec<String> = std::env::args()
        .skip(1)
        .skip_while(|a| a != "org" && a != "board")
        .collect();
    let res = reqwest::Client::new()
        .post(format!("{}/operator/command", op.url))
        .bearer_auth(&op.token)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_string(&args)?)
        .send()
        .await
        .context("the database is in use, and the server using it does not answer")?;
    anyhow::ensure!(
        res.status().is_success(),
        "the server using the database refused ({})",
        res.status()
    );
    let said: Said = serde_json::from_slice(&res.bytes().await?)?;
    anyhow::ensure!(said.ok, "{}", said.text.trim_end());
    Ok(said.text)
}
