//! Build, then run: `Application::build` connects and binds (port 0 in tests), `port()` tells
//! where, `run_until_stopped` serves until SIGTERM or Ctrl-C and then drains requests.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::http::{AppState, router};
use crate::serve::{Bounds, fit_to_file_limit, serve};
use crate::storage::Store;

/// How often the counters' logs are folded (see `storage::stats`).
const FOLD_EVERY: Duration = Duration::from_secs(1);
/// How often a database server is asked whether it answers (`storage::reachable`).
const PROBE_EVERY: Duration = Duration::from_secs(1);
/// How often sessions past their time are removed (they are refused at once anyway).
const SWEEP_EVERY: Duration = Duration::from_secs(600);

pub struct Application {
    listener: TcpListener,
    port: u16,
    /// `/metrics` apart from the public port (`http.metrics_address`).
    metrics: Option<(TcpListener, u16)>,
    state: AppState,
}

impl Application {
    pub async fn build(mut settings: Settings) -> anyhow::Result<Self> {
        let secret = resolve_secret(&settings)?;
        settings.database.url = settings.database_url();
        if settings.database.url.starts_with("surrealkv://") {
            std::fs::create_dir_all(&settings.data_dir).with_context(|| {
                format!("creating data directory {}", settings.data_dir.display())
            })?;
        }
        let store = Store::connect(&settings.database)
            .await
            .with_context(|| format!("opening database {}", settings.database.url))?;
        let listener = TcpListener::bind((settings.http.host.as_str(), settings.http.port))
            .await
            .with_context(|| format!("binding {}:{}", settings.http.host, settings.http.port))?;
        let port = listener.local_addr()?.port();
        let public_url = if settings.http.public_url.is_empty() {
            default_public_url(&settings.http.host, port)
        } else {
            settings.http.public_url.clone()
        };
        // With the embedded database, the command line on this machine reaches the server
        // through the operator's file (backups while serving).
        let operator = if settings.database.url.starts_with("surrealkv://") {
            let url = format!("http://127.0.0.1:{port}");
            Some(crate::operator::Operator::write(&settings, &url)?.token)
        } else {
            settings
                .operator_token
                .as_ref()
                .map(|t| t.expose().to_string())
        };
        let metrics = match settings.http.metrics_address.as_str() {
            "" => None,
            address => {
                let listener = TcpListener::bind(address)
                    .await
                    .with_context(|| format!("binding the metrics address {address}"))?;
                let port = listener.local_addr()?.port();
                Some((listener, port))
            }
        };
        let state = AppState::new(store, settings, public_url, (&secret, operator))?;
        Ok(Self {
            listener,
            port,
            metrics,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of `/metrics`, when served.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    pub fn public_url(&self) -> &str {
        &self.state.public_url
    }

    /// The running app's storage, for seeding (CLI demo, tests).
    pub fn store(&self) -> &Store {
        &self.state.store
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(url = %self.state.public_url, "serving");
        let store = self.state.store.clone();
        let folding = tokio::spawn(store.clone().keep_folding(FOLD_EVERY));
        let sweeping = tokio::spawn(store.clone().keep_sweeping_sessions(SWEEP_EVERY));
        let probing = store.is_remote().then(|| {
            let url = self.state.settings.database.url.clone();
            tokio::spawn(store.clone().keep_probing(url, PROBE_EVERY))
        });
        let http = &self.state.settings.http;
        let bounds = Bounds {
            header_timeout: Duration::from_secs(http.header_timeout_secs.max(1)),
            max_connections: fit_to_file_limit(http.max_connections.max(1)),
            max_per_address: http.max_connections_per_address,
            drain: Duration::from_secs(http.request_timeout_secs.max(1) + 5),
        };
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let metrics = self.metrics.map(|(listener, _)| {
            let app = crate::metrics::router(self.state.metrics.clone());
            let mut stopped = stopped.clone();
            let until = async move {
                let _ = stopped.wait_for(|s| *s).await;
            };
            tokio::spawn(serve(listener, app, Bounds::private(), until))
        });
        let app = router(self.state);
        let served = serve(self.listener, app, bounds, shutdown_signal()).await;
        let _ = stop.send(true);
        if let Some(metrics) = metrics {
            let _ = metrics.await;
        }
        // What is not folded yet is durable and counted by readers; the next start folds it.
        folding.abort();
        sweeping.abort();
        if let Some(probing) = probing {
            probing.abort();
        }
        let _ = folding.await;
        let _ = sweeping.await;
        store.close().await;
        served
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// The HMAC key: configured, or kept in `data_dir/secret.key` (made on first start, mode 600).
fn resolve_secret(settings: &Settings) -> anyhow::Result<String> {
    if let Some(s) = &settings.secret {
        return Ok(s.expose().to_string());
    }
    let path = settings.data_dir.join("secret.key");
    if let Ok(s) = std::fs::read_to_string(&path) {
        return Ok(s.trim().to_string());
    }
    std::fs::create_dir_all(&settings.data_dir)?;
    let secret = crate::domain::random_key(48);
    write_private(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    Ok(secret)
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?.write_all(content.as_bytes())
}

/// `http://host:port`, with an IPv6 host in brackets as addresses need it.
fn default_public_url(host: &str, port: u16) -> String {
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => format!("http://[{v6}]:{port}"),
        _ => format!("http://{host}:{port}"),
    }
}

#[cfg(test)]
mod tests {
    use super::default_public_url;

    #[test]
    fn an_ipv6_host_is_bracketed_in_the_default_address() {
        assert_eq!(default_public_url("::1", 8080), "http://[::1]:8080");
        assert_eq!(default_public_url("127.0.0.1", 80), "http://127.0.0.1:80");
        assert_eq!(
            default_public_url("example.org", 8080),
            "http://example.org:8080"
        );
    }
}
