//! What each side of a round does: plain inserts into a database of their own, and idea
//! submissions over HTTP to the app, which runs apart from the load generator.

use std::time::{Duration, Instant};

use coproduce::seed;
use coproduce::storage::Store;

use super::client::Conn;
use super::{PER_ROUND, settings};

/// A database of its own for the plain inserts, with the app's schema (migrations, indexes).
pub async fn plain_db(name: &str) -> surrealdb::Surreal<surrealdb::engine::any::Any> {
    let s = settings(name);
    let mut db_settings = s.database.clone();
    db_settings.url = s.database_url();
    std::fs::create_dir_all(&s.data_dir).expect("dir");
    let store = Store::connect(&db_settings).await.expect("db");
    store.raw().clone()
}

/// Plain inserts of the same idea records into the same schema: no aggregates, no HTTP, no
/// checks. Conflicts are retried; only successes count. Returns (inserts/s, tries per insert).
pub async fn plain_inserts(
    db: &surrealdb::Surreal<surrealdb::engine::any::Any>,
    concurrency: usize,
    round: usize,
) -> (f64, f64) {
    let start = Instant::now();
    let per = PER_ROUND / concurrency;
    let tasks: Vec<_> = (0..concurrency)
        .map(|w| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut tries = 0u64;
                for i in 0..per {
                    let key = format!("{round}-{w}-{i}");
                    loop {
                        tries += 1;
                        // The statement the app uses (`INSERT` of a bound record): on this
                        // machine it costs less than `CREATE … SET` with the same fields.
                        let now = std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .map(|d| d.as_millis() as i64)
                            .unwrap_or(0);
                        let doc = serde_json::json!({
                            "id": ["bench-org", key], "org": "bench-org", "board": "b", "key": key,
                            "title": "Idea for the centre", "body": "With tools and someone who knows how.",
                            "status": "new", "supports": 0, "visibility": "public", "created_at": now,
                            "history": [{ "status": "new", "at": now }],
                        });
                        let res = db
                            .query("INSERT INTO idea $doc RETURN NONE")
                            .bind(("doc", doc))
                            .await
                            .and_then(|r| r.check());
                        match res {
                            Ok(_) => break,
                            Err(e) if e.message().contains("can be retried") => continue,
                            Err(e) => panic!("insert: {e}"),
                        }
                    }
                }
                tries
            })
        })
        .collect();
    let mut tries = 0;
    for t in tasks {
        tries += t.await.expect("inserter");
    }
    let n = (per * concurrency) as f64;
    (n / start.elapsed().as_secs_f64(), tries as f64 / n)
}

pub struct HttpRun {
    pub rate: f64,
    pub latencies: Vec<Duration>,
    pub errors: usize,
}

/// Runs the load generator on one thread of its own, as an outside client (wrk, a browser)
/// runs apart from the server: its tasks never wait behind the server's, nor wake threads of
/// the runtime that hosts the plain inserts.
pub async fn on_client_thread<F, Fut, T>(work: F) -> T
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T>,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("client runtime")
            .block_on(work())
    })
    .await
    .expect("client thread")
}

/// The HTTP path alone: a submission the server refuses after parsing (a title too short to
/// be an idea), so nothing is written. One client, requests per second.
pub async fn http_floor(url: &str, board_path: &str) -> f64 {
    let mut conn = Conn::connect(url).await.expect("connect");
    let path = format!("{board_path}/ideas");
    let start = Instant::now();
    for _ in 0..PER_ROUND {
        let status = conn.post_form(&path, "title=x").await.expect("request");
        assert_eq!(status, 422, "the floor request must be refused");
    }
    PER_ROUND as f64 / start.elapsed().as_secs_f64()
}

pub async fn http_submissions(
    url: &str,
    board_path: &str,
    concurrency: usize,
    round: usize,
) -> HttpRun {
    let per = PER_ROUND / concurrency;
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|w| {
            let url = url.to_string();
            let target = format!("{board_path}/ideas");
            tokio::spawn(async move {
                let mut conn = Conn::connect(&url).await.expect("connect");
                let mut lat = Vec::with_capacity(per);
                let mut errors = 0;
                for i in 0..per {
                    let body = format!("title=Idea+{round}-{w}-{i}+for+the+centre&body=With+tools+and+someone+who+knows+how.");
                    let t = Instant::now();
                    let ok = conn
                        .post_form(&target, &body)
                        .await
                        .is_ok_and(|status| status == 201);
                    lat.push(t.elapsed());
                    if !ok {
                        errors += 1;
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((lat, e)) = t.await {
            all.extend(lat);
            errors += e;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort();
    HttpRun {
        rate: (per * concurrency - errors) as f64 / elapsed,
        latencies: all,
        errors,
    }
}

/// A running app on the embedded file database with one organisation and board. The app runs
/// on a runtime of its own (threads of its own, as many workers as the server
/// binary's `#[tokio::main]` has), as a server process runs apart from its clients: on the
/// bench's runtime the load generator's tasks and the server's queued behind each other.
pub async fn start_app(name: &str, board_key: &str) -> (String, Store, String) {
    let (url, store) = super::backend::start_backend(settings(name)).await;
    seed::create_org_with_admin(
        &store,
        "bench-org",
        "Bench org",
        "admin@bench.example",
        Some("bench password"),
    )
    .await
    .expect("org");
    let board = seed::create_board(
        &store,
        "bench-org",
        Some(board_key),
        "Youth centre",
        "How should the new youth centre work?",
        false,
    )
    .await
    .expect("board");
    (url, store, board)
}
