//! `cargo bench -p coproduce --bench load` (or `bench/run`): transfer sizes of the embed and the
//! standalone page, and idea submissions over loopback HTTP at 1, 8 and 32 concurrent clients
//! next to plain embedded SurrealDB inserts of the same records, measured in the same run.
//! Prints a Markdown table for BENCHMARKS.md. Loopback only, bounded in count and time.

// A benchmark that cannot set up should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

mod client;

use client::Conn;
use coproduce::config::{Settings, for_tests};
use coproduce::seed;
use coproduce::startup::Application;
use coproduce::storage::Store;
use flate2::Compression;
use flate2::write::GzEncoder;

const CONCURRENCY: [usize; 3] = [1, 8, 32];
/// Plain and API runs alternate in rounds, so both meet the same disk: fsync times on this
/// VM drift by 2× within minutes, and a ratio of two runs minutes apart says little.
const ROUNDS: usize = 5;
/// Inserts (and submissions) per round; divisible by every concurrency.
const PER_ROUND: usize = 320;

fn gz_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).ok();
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("coproduce-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn settings(name: &str) -> Settings {
    let mut s = for_tests();
    s.data_dir = temp_dir(name);
    s.database.url = String::new(); // the embedded file database, as in production
    s.limits.writes_per_client_per_minute = u32::MAX;
    s.limits.writes_per_org_per_minute = u32::MAX;
    s.limits.check_form_age = false;
    s
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// A database of its own for the plain inserts, with the app's schema (migrations, indexes).
async fn plain_db(name: &str) -> surrealdb::Surreal<surrealdb::engine::any::Any> {
    let s = settings(name);
    let mut db_settings = s.database.clone();
    db_settings.url = s.database_url();
    std::fs::create_dir_all(&s.data_dir).expect("dir");
    let store = Store::connect(&db_settings).await.expect("db");
    store.raw().clone()
}

/// Plain inserts of the same idea records into the same schema: no aggregates, no HTTP, no
/// checks. Conflicts are retried; only successes count. Returns (inserts/s, tries per insert).
async fn plain_inserts(
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
                            "receipt": key, "history": [{ "status": "new", "at": now }],
                            "born": { "visibility": "public", "status": "new", "supports": 0 }, "epoch": 1,
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

struct HttpRun {
    rate: f64,
    latencies: Vec<Duration>,
    errors: usize,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The HTTP path alone: a submission the server refuses after parsing (a title too short to
/// be an idea), so nothing is written. One client, requests per second.
/// Runs the load generator on one thread of its own, as an outside client (wrk, a browser)
/// runs apart from the server: its tasks never wait behind the server's, nor wake threads of
/// the runtime that hosts the plain inserts.
async fn on_client_thread<F, Fut, T>(work: F) -> T
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

async fn http_floor(url: &str, board_path: &str) -> f64 {
    let mut conn = Conn::connect(url).await.expect("connect");
    let path = format!("{board_path}/ideas");
    let start = Instant::now();
    for _ in 0..PER_ROUND {
        let status = conn.post_form(&path, "title=x").await.expect("request");
        assert_eq!(status, 422, "the floor request must be refused");
    }
    PER_ROUND as f64 / start.elapsed().as_secs_f64()
}

async fn http_submissions(
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

/// A running app on the embedded file database with one organisation and board.
/// Starts the app on a runtime of its own (threads of its own, as many workers as the server
/// binary's `#[tokio::main]` has), as a server process runs apart from its clients: on the
/// bench's runtime the load generator's tasks and the server's queued behind each other.
async fn start_app(name: &str, board_key: &str) -> (String, Store, String) {
    let settings = settings(name);
    let (started, app) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let app = Application::build(settings).await.expect("app");
            let _ = started.send((app.public_url().to_string(), app.store().clone()));
            app.run_until_stopped().await
        })
    });
    let (url, store) = app.await.expect("app started");
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

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    println!(
        "# coproduce benchmarks ({ROUNDS} alternating rounds of {PER_ROUND} plain inserts and {PER_ROUND} API submissions per concurrency)\n"
    );

    println!("## Transfer sizes (gzip -9)\n\n| file | raw | gzip |\n|---|---|---|");
    let mut total = 0;
    let read = |path: &str| std::fs::read(root.join(path)).ok();
    // The stylesheet as the server sends it (minified when the server starts).
    let css = coproduce_widgets::css::minify(coproduce_widgets::WIDGET_CSS);
    for (label, bytes) in [
        ("embed.js (loader)", read("widgets/loader/embed.js")),
        ("widget WASM", read("dist/widget/coproduce-widgets_bg.wasm")),
        ("widget JS glue", read("dist/widget/coproduce-widgets.js")),
        ("widget.css (minified)", Some(css.into_bytes())),
    ] {
        match bytes.map(|b| (b.len(), gz_len(&b))) {
            Some((raw, gz)) => {
                total += gz;
                println!("| {label} | {} | {} |", kb(raw), kb(gz));
            }
            None => println!("| {label} | missing (run scripts/build-widgets) | |"),
        }
    }
    println!("| **widget total** | | **{}** |", kb(total));

    // Standalone page with 20 ideas, as transferred (the server's gzip).
    let (url, _store, board) = start_app("page", "page").await;
    let client = reqwest::Client::new();
    for i in 0..20 {
        let body = format!(
            "title=Idea+number+{i}+for+the+new+youth+centre&body=Some+explanation+of+why+this+matters+to+the+people+in+the+neighbourhood+{i}.&name=Person+{i}"
        );
        client
            .post(format!(
                "{url}/api/v1/orgs/bench-org/activities/{board}/ideas"
            ))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("seed idea");
    }
    let page = client
        .get(format!("{url}/o/bench-org/ideas/{board}"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("page");
    let encoding = page
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity")
        .to_string();
    let bytes = page.bytes().await.expect("page body");
    println!(
        "| standalone page, 20 ideas (as sent, {encoding}) | | {} |\n",
        kb(bytes.len())
    );

    println!(
        "## Idea submissions over loopback HTTP vs plain embedded inserts (surrealkv, sync on every commit)\n"
    );
    println!(
        "| clients | plain inserts/s (tries per insert) | API submissions/s, fold included | ratio (median of rounds) | ratio before the fold catches up | ideas per commit | p50 | p99 | errors | aggregates exact |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    let mut floor = 0.0;
    // `BENCH_CLIENTS=8` runs one concurrency only (for profiling); the default runs all.
    let only: Option<usize> = std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok());
    for c in CONCURRENCY
        .into_iter()
        .filter(|c| only.is_none_or(|o| o == *c))
    {
        let db = plain_db(&format!("plain-{c}")).await;
        let (url, store, board) = start_app(&format!("api-{c}"), "load").await;
        let path = format!("/api/v1/orgs/bench-org/activities/{board}");
        if c == 1 {
            let (url, path) = (url.clone(), path.clone());
            floor = on_client_thread(move || async move { http_floor(&url, &path).await }).await;
        }
        let (mut plain, mut api, mut ratios, mut tries) = (vec![], vec![], vec![], vec![]);
        let mut unfolded = vec![];
        let (mut latencies, mut errors) = (Vec::new(), 0);
        let commits_before = store.submission_commits();
        for round in 0..ROUNDS {
            let (p, t) = plain_inserts(&db, c, round).await;
            let mut run = {
                let (url, path) = (url.clone(), path.clone());
                on_client_thread(
                    move || async move { http_submissions(&url, &path, c, round).await },
                )
                .await
            };
            unfolded.push(run.rate / p);
            // The fold's work is part of what a submission costs: finish folding what this round
            // left before the next plain round, and count that time against the API.
            let fold_start = Instant::now();
            store.fold_all().await.expect("fold");
            let stored = (PER_ROUND - run.errors) as f64;
            run.rate = stored / (stored / run.rate + fold_start.elapsed().as_secs_f64());
            ratios.push(run.rate / p);
            plain.push(p);
            tries.push(t);
            api.push(run.rate);
            latencies.extend(run.latencies);
            errors += run.errors;
        }
        latencies.sort();
        let commits_after = store.submission_commits();
        let per_commit = (commits_after.1 - commits_before.1) as f64
            / (commits_after.0 - commits_before.0).max(1) as f64;
        let (org, _) = store
            .find_org(&coproduce::domain::OrgSlug::parse("bench-org").expect("slug"))
            .await
            .expect("org")
            .expect("org");
        let stored = store.board_counters(&org, &board).await.expect("counters");
        let recount = store.recount(&org, &board).await.expect("recount");
        println!(
            "| {c} | {:.0} ({:.2}) | {:.0} | {:.2} | {:.2} | {per_commit:.1} | {:.1} ms | {:.1} ms | {} | {} |",
            median(plain),
            median(tries),
            median(api),
            median(ratios),
            median(unfolded),
            percentile(&latencies, 0.5).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            errors,
            if stored == recount {
                format!("yes ({} ideas)", stored.public)
            } else {
                "NO".into()
            }
        );
    }
    println!(
        "\nHTTP alone (a refused submission, nothing written, 1 client): {floor:.0} requests/s, {:.2} ms each.",
        1e3 / floor
    );
}
