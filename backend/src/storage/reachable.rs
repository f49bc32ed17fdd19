//! Whether a database server (`ws://`) can be reached. When it goes away, the driver
//! reconnects by itself, but a query sent meanwhile waits until it is back: without this,
//! every request would hang until its timeout. A probe opens a TCP connection to the server
//! every so often; while none opens, requests are told at once (`http::outage`). Not a query:
//! queries share the driver's one connection, and under load a slow answer is not a server
//! gone.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::Store;

/// How long the probe waits for a connection before it counts the server as gone.
const PATIENCE: Duration = Duration::from_secs(1);

/// Whether the last probe was answered (always, for an embedded database).
#[derive(Clone, Debug)]
pub(crate) struct Reachable(Arc<watch::Sender<bool>>);

impl Reachable {
    pub(crate) fn new() -> Self {
        Self(Arc::new(watch::Sender::new(true)))
    }

    fn set(&self, now: bool) {
        let before = self.0.send_replace(now);
        match (before, now) {
            (true, false) => tracing::warn!("the database server does not answer"),
            (false, true) => tracing::info!("the database server answers again"),
            _ => {}
        }
    }
}

impl Store {
    /// Whether the database answered its last probe.
    pub fn reachable(&self) -> bool {
        *self.reachable.0.borrow()
    }

    /// Completes when the database stops answering (never, while it answers).
    pub async fn lost(&self) {
        let mut rx = self.reachable.0.subscribe();
        let _ = rx.wait_for(|up| !up).await;
    }

    /// Whether the database is a server that may go away (not an embedded one).
    pub fn is_remote(&self) -> bool {
        self.lock_file.is_none() && !self.in_memory
    }

    /// Probes the server at `url` every `every` until the task is dropped.
    pub async fn keep_probing(self, url: String, every: Duration) {
        let Some(address) = server_address(&url) else {
            return;
        };
        loop {
            let connected =
                tokio::time::timeout(PATIENCE, tokio::net::TcpStream::connect(address.as_str()))
                    .await
                    .is_ok_and(|c| c.is_ok());
            self.reachable.set(connected);
            tokio::time::sleep(every).await;
        }
    }
}

/// `host:port` of a server's URL (`ws://host:port/…`; without a port, the scheme's).
fn server_address(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?']).next()?;
    let authority = authority.rsplit('@').next()?;
    if authority.is_empty() {
        return None;
    }
    let has_port = match authority.rfind(']') {
        Some(close) => authority[close..].contains(':'),
        None => authority.contains(':'),
    };
    if has_port {
        return Some(authority.to_string());
    }
    let port = match scheme {
        "wss" | "https" => 443,
        _ => 80,
    };
    Some(format!("{authority}:{port}"))
}

#[cfg(test)]
mod tests {
    use super::server_address;

    #[test]
    fn the_probe_connects_to_the_servers_host_and_port() {
        let cases = [
            ("ws://127.0.0.1:8000", Some("127.0.0.1:8000")),
            ("ws://db.internal:8000/rpc", Some("db.internal:8000")),
            ("wss://db.example.org", Some("db.example.org:443")),
            ("ws://[::1]:8000", Some("[::1]:8000")),
            ("ws://[::1]", Some("[::1]:80")),
            ("ws://", None),
            ("no-scheme", None),
        ];
        for (url, want) in cases {
            assert_eq!(server_address(url).as_deref(), want, "{url}");
        }
    }
}
