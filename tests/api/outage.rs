//! The database server goes away under load and comes back: the backend answers 503
//! `database_unavailable` at once meanwhile (not after the request timeout), is not ready,
//! stays live, and serves again by itself when the server is back; every write it
//! acknowledged is stored, once.
//!
//! Twice: the server process stopped (SIGTERM) and started again on the same port and data
//! (SurrealKV on disk), and the network cut: the shared in-memory server (`server::SERVER`)
//! behind a TCP relay of this test that refuses connections and cuts the open ones.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use coproduce::config::Secret;
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{Org, TestApp, spawn_app_with};

/// A relay from a local port to `upstream` that can be cut and restored.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
    upstream: String,
}

impl Relay {
    async fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let task = tokio::spawn(relay(listener, upstream.to_string(), up.clone()));
        Self {
            port,
            up,
            task,
            upstream: upstream.to_string(),
        }
    }

    /// Cuts every connection and refuses new ones.
    fn cut(&mut self) {
        self.up.store(false, Ordering::SeqCst);
        self.task.abort();
    }

    async fn restore(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        self.up = Arc::new(AtomicBool::new(true));
        self.task = tokio::spawn(relay(listener, self.upstream.clone(), self.up.clone()));
    }
}

async fn relay(listener: TcpListener, upstream: String, up: Arc<AtomicBool>) {
    let mut pipes = tokio::task::JoinSet::new();
    while let Ok((mut inbound, _)) = listener.accept().await {
        let upstream = upstream.clone();
        let up = up.clone();
        pipes.spawn(async move {
            if !up.load(Ordering::SeqCst) {
                return;
            }
            if let Ok(mut outbound) = TcpStream::connect(upstream).await {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
    // Aborting this task drops `pipes`, which aborts (and so closes) every connection.
}

/// Posts ideas until `stop`; returns the ids acknowledged and every status seen.
async fn writer(
    client: reqwest::Client,
    ideas: String,
    token: String,
    n: usize,
    stop: Arc<AtomicBool>,
) -> (Vec<String>, Vec<u16>) {
    let (mut acknowledged, mut statuses) = (Vec::new(), Vec::new());
    let mut i = 0;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let title = format!("Writer {n} idea {i}");
        let Ok(res) = client
            .post(&ideas)
            .form(&[
                ("title", title.as_str()),
                ("body", "."),
                ("form_token", &token),
            ])
            .send()
            .await
        else {
            continue;
        };
        statuses.push(res.status().as_u16());
        if res.status() == 201 {
            let body: Value = res.json().await.unwrap();
            acknowledged.push(body["idea"]["id"].as_str().unwrap().to_string());
        } else {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    (acknowledged, statuses)
}

/// A SurrealDB server of one test, keeping its data on disk, so it can be stopped and
/// started again on the same port.
struct OwnServer {
    child: std::process::Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl OwnServer {
    fn start(port: u16, dir: &std::path::Path) -> Self {
        let store = format!("surrealkv://{}", dir.display());
        let child = std::process::Command::new(crate::server::server_binary())
            .args(["start", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--user", "root", "--pass", "root", "--log", "error", &store])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start the SurrealDB server");
        crate::server::wait_for_port(port);
        Self {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    /// Stops it as an operator would (SIGTERM) and waits until it has exited.
    fn stop(&mut self) {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.child.try_wait().expect("the server's state").is_none() {
            assert!(Instant::now() < deadline, "the SurrealDB server stopped");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn restart(&mut self) {
        *self = Self::start(self.port, &self.dir.clone());
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A backend on `url` (a fresh database there) with an organisation, and four writers.
struct Load {
    app: TestApp,
    org: Org,
    token: String,
    ideas: String,
    stop: Arc<AtomicBool>,
    writers: Vec<tokio::task::JoinHandle<(Vec<String>, Vec<u16>)>>,
}

impl Load {
    async fn start(url: String) -> Self {
        let db = format!("d{}", coproduce::domain::random_key(10));
        let app = spawn_app_with(move |s| {
            s.database.url = url;
            s.database.namespace = "coproduce".into();
            s.database.database = db;
            s.database.username = Some("root".into());
            s.database.password = Some(Secret::new("root"));
        })
        .await;
        let org = app.create_org("org-a").await;
        let token = app.token(&org);
        let ideas = format!("{}/ideas", app.board_api(&org));
        let stop = Arc::new(AtomicBool::new(false));
        let writers = (0..4)
            .map(|n| {
                tokio::spawn(writer(
                    app.client.clone(),
                    ideas.clone(),
                    token.clone(),
                    n,
                    stop.clone(),
                ))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(500)).await;
        Self {
            app,
            org,
            token,
            ideas,
            stop,
            writers,
        }
    }

    async fn status(&self, path: &str) -> u16 {
        let url = format!("{}{path}", self.app.url);
        self.app
            .client
            .get(url)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// While the server is gone: a write is refused at once with the code, the backend is
    /// not ready but live, pages say 503.
    async fn told_at_once(&self) {
        // Within the probe's second or two, every request is told at once.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let started = Instant::now();
        let res = self
            .app
            .client
            .post(&self.ideas)
            .form(&[
                ("title", "During"),
                ("body", "."),
                ("form_token", &self.token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 503);
        assert!(res.headers().contains_key("retry-after"));
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "database_unavailable");
        assert!(body["message"].as_str().unwrap().contains("try again"));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "answered at once, not after the request timeout"
        );
        assert_eq!(self.status("/health/ready").await, 503);
        assert_eq!(self.status("/health/live").await, 200);
        assert_eq!(self.status(&format!("/o/{}", self.org.slug)).await, 503);
    }

    /// The server is back: ready again by itself, writing goes on, and every acknowledged
    /// idea is there once with counts equal to the records.
    async fn recovers(self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.status("/health/ready").await != 200 {
            assert!(Instant::now() < deadline, "ready again by itself");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        self.stop.store(true, Ordering::SeqCst);
        let mut acknowledged = Vec::new();
        let mut statuses = Vec::new();
        for w in self.writers {
            let (ids, seen) = w.await.unwrap();
            acknowledged.extend(ids);
            statuses.extend(seen);
        }
        assert!(statuses.contains(&503), "the writers saw the outage");
        assert_eq!(statuses.last(), Some(&201), "and wrote again after it");
        assert!(
            statuses.iter().all(|s| *s == 201 || *s == 503),
            "{statuses:?}"
        );
        let data: Value = self
            .app
            .client
            .get(format!(
                "{}/o/{}/open-data.json",
                self.app.url, self.org.slug
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let stored = data["activities"][0]["records"].as_array().unwrap();
        for id in &acknowledged {
            assert_eq!(
                stored.iter().filter(|i| i["id"] == *id.as_str()).count(),
                1,
                "{id}"
            );
        }
        let board = self.app.get_board(&self.org).await;
        assert_eq!(board["idea_count"].as_u64().unwrap() as usize, stored.len());
    }
}

#[tokio::test]
async fn a_database_server_stopped_and_started_again_under_load_loses_nothing() {
    let dir = std::env::temp_dir().join(format!(
        "coproduce-outage-{}-{}",
        std::process::id(),
        coproduce::domain::random_key(6)
    ));
    let port = crate::server::free_port();
    let server = OwnServer::start(port, &dir);
    let load = Load::start(format!("ws://127.0.0.1:{port}")).await;

    // Off this runtime's thread, which also runs the backend under test.
    let mut server = tokio::task::spawn_blocking(move || {
        let mut server = server;
        server.stop();
        server
    })
    .await
    .unwrap();
    load.told_at_once().await;
    server = tokio::task::spawn_blocking(move || {
        server.restart();
        server
    })
    .await
    .unwrap();
    load.recovers().await;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_database_server_cut_off_answers_503_and_recovers_by_itself() {
    let server = crate::server::SERVER
        .trim_start_matches("ws://")
        .to_string();
    let mut relay = Relay::start(&server).await;
    let load = Load::start(format!("ws://127.0.0.1:{}", relay.port)).await;

    relay.cut();
    load.told_at_once().await;
    relay.restore().await;
    load.recovers().await;
}
