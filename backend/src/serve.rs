//! The HTTP/1 server loop: bounded connections and header timeouts, which `axum::serve` does
//! not offer. A client that sends its headers slowly (or nothing at all) is cut off after the
//! header timeout; the request timeout (`http::limits`) bounds everything after that. No more
//! than `max_connections` are open at once (a connection beyond waits in the kernel's queue),
//! and one address (IPv6: one /64 network) holds at most `max_connections_per_address` of
//! them, so one client cannot take every file descriptor or every slot from the others.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

/// What the loop needs to know.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub header_timeout: Duration,
    pub max_connections: usize,
    /// 0: no bound per address (behind a reverse proxy, every connection comes from it).
    pub max_per_address: usize,
    /// How long open requests may take to finish after a shutdown signal.
    pub drain: Duration,
}

impl Bounds {
    /// For an address only the operator's tools reach (`/metrics`): a few connections.
    pub fn private() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            max_connections: 16,
            max_per_address: 0,
            drain: Duration::from_secs(1),
        }
    }
}

/// What one connection may buffer of a request that is not complete yet.
const READ_BUFFER_MAX: usize = 32 * 1024;

/// The answer to a connection beyond an address's share.
const TOO_MANY_CONNECTIONS: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: application/json\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: 83\r\n\r\n\
{\"code\":\"too_many_connections\",\"message\":\"Too many connections from this address.\"}";

/// Descriptors the process keeps for itself (database files, logs, the listener).
const RESERVED_FDS: u64 = 128;

/// Raises the soft limit on open files to the hard limit and bounds the connections by it,
/// so that running out of descriptors is never how the server learns it is full.
pub fn fit_to_file_limit(wanted: usize) -> usize {
    #[cfg(unix)]
    {
        let soft = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
        let room = soft.saturating_sub(RESERVED_FDS).max(1);
        let fitted = (wanted as u64).min(room) as usize;
        if fitted < wanted {
            tracing::warn!(
                wanted,
                fitted,
                open_files = soft,
                "fewer connections than configured: raise the open-file limit (README)"
            );
        }
        fitted
    }
    #[cfg(not(unix))]
    {
        wanted
    }
}

/// Open connections per address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

impl PerAddress {
    fn take(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<AddressSlot> {
        let mut map = self.0.lock().ok()?;
        let n = map.entry(ip).or_insert(0);
        if max > 0 && *n >= max {
            return None;
        }
        *n += 1;
        Some(AddressSlot {
            map: Arc::clone(self),
            ip,
        })
    }
}

struct AddressSlot {
    map: Arc<PerAddress>,
    ip: IpAddr,
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        if let Ok(mut map) = self.map.0.lock()
            && let Some(n) = map.get_mut(&self.ip)
        {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// Serves `app` until `shutdown` completes, then lets open requests finish (up to `drain`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    bounds: Bounds,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(bounds.max_connections));
    let per_address = Arc::new(PerAddress::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut builder = http1_builder(bounds);
    builder.timer(TokioTimer::new());
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            p = Arc::clone(&slots).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or a connection reset before accept: wait, go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let network = crate::http::abuse::network_of(peer.ip());
        let Some(address_slot) = per_address.take(network, bounds.max_per_address) else {
            tracing::debug!("too many connections from one address");
            // Said without reading the request (so it costs nothing), if the socket takes it
            // at once; the connection closes either way.
            let _ = stream.try_write(TOO_MANY_CONNECTIONS);
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let builder = builder.clone();
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _held = (permit, address_slot);
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(req)
            });
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                r = conn.as_mut() => log_conn_end(r),
                () = async {
                    // Dropped here: the guard it returns must not live across an await.
                    let _ = stop.wait_for(|s| *s).await;
                } => {
                    conn.as_mut().graceful_shutdown();
                    log_conn_end(conn.await);
                }
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing open requests");
    let _ = stop_tx.send(true);
    // Every connection holds a slot until it ends: all slots back means all done.
    let all = u32::try_from(bounds.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(bounds.drain, slots.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("requests still open after the drain time; stopping anyway");
    }
    Ok(())
}

fn http1_builder(bounds: Bounds) -> hyper::server::conn::http1::Builder {
    let mut b = hyper::server::conn::http1::Builder::new();
    // A request's headers fit in far less than hyper's default buffer (about 400 KiB), which
    // thousands of connections sending endless headers would each fill.
    b.max_buf_size(READ_BUFFER_MAX);
    b.header_read_timeout(bounds.header_timeout)
        .keep_alive(true);
    b
}

fn log_conn_end(r: Result<(), hyper::Error>) {
    if let Err(e) = r {
        // Timeouts and clients that hang up are routine; nothing to act on.
        tracing::debug!(error = %e, "connection ended with an error");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_to_one_connection_too_many_is_well_formed() {
        let text = std::str::from_utf8(TOO_MANY_CONNECTIONS).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            json["code"],
            coproduce_widgets::contract::codes::TOO_MANY_CONNECTIONS
        );
    }

    #[test]
    fn an_address_gets_its_slots_back_when_connections_end() {
        let map = Arc::new(PerAddress::default());
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let a = map.take(ip, 2).unwrap();
        let _b = map.take(ip, 2).unwrap();
        assert!(map.take(ip, 2).is_none());
        assert!(map.take("192.0.2.2".parse().unwrap(), 2).is_some());
        drop(a);
        assert!(map.take(ip, 2).is_some());
        assert!(map.take(ip, 0).is_some(), "0 means no bound");
    }
}
