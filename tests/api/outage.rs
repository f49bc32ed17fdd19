//! The database server goes away under load and comes back: the backend answers 503
//! `database_unavailable` at once meanwhile (not after the request timeout), is not ready,
//! stays live, and serves again by itself when the server is back; every write it
//! acknowledged is stored, once.
//!
//! The server (`server::SERVER`, in memory) sits behind a TCP relay of this test: "gone" is
//! the relay refusing connections and cutting the open ones, which is what a backend sees of
//! a stopped server; the data stays (an in-memory server restarted would lose it all).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use coproduce::config::Secret;
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::spawn_app_with;

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

#[tokio::test]
async fn a_database_server_that_goes_away_answers_503_and_recovers_by_itself() {
    let server = crate::server::SERVER
        .trim_start_matches("ws://")
        .to_string();
    let mut relay = Relay::start(&server).await;
    let db = format!("d{}", coproduce::domain::random_key(10));
    let url = format!("ws://127.0.0.1:{}", relay.port);
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
    let get = |path: &str| app.client.get(format!("{}{path}", app.url)).send();

    // Writers keep writing through the outage.
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
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

    relay.cut();
    // Within the probe's second or two, every request is told at once.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let started = Instant::now();
    let res = app
        .client
        .post(&ideas)
        .form(&[("title", "During"), ("body", "."), ("form_token", &token)])
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
    assert_eq!(get("/health/ready").await.unwrap().status(), 503);
    assert_eq!(get("/health/live").await.unwrap().status(), 200);
    let page = get(&format!("/o/{}", org.slug)).await.unwrap();
    assert_eq!(page.status(), 503);

    relay.restore().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while get("/health/ready").await.unwrap().status() != 200 {
        assert!(Instant::now() < deadline, "ready again by itself");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Writing goes on as before.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::SeqCst);
    let mut acknowledged = Vec::new();
    let mut statuses = Vec::new();
    for w in writers {
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
    // Every acknowledged idea is there once; the counts equal the records.
    let data: Value = get(&format!("/o/{}/open-data.json", org.slug))
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
    let board = app.get_board(&org).await;
    assert_eq!(board["idea_count"].as_u64().unwrap() as usize, stored.len());
}
