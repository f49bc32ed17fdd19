//! `bench/scale` (figures for BENCHMARKS.md; nothing is asserted): idea submissions per second
//! and their p50/p99 with 1, 2 and 3 backends on one SurrealDB server, next to one backend on
//! the embedded file engine, in alternating rounds of the same run; then the public reads and
//! the staff dashboard of a board of 1,000,000 ideas over the server
//! (`bench/scale -- 200000` for a smaller board). Loopback only, bounded in count and time.
//!
//! Each backend runs on a runtime of its own, as a process of its own would; the load
//! generator on a thread of its own. All of it, the SurrealDB server included, shares this
//! machine's two cores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use coproduce::config::{Secret, Settings, for_tests};
use coproduce::storage::Store;

#[path = "../common/backend.rs"]
mod backend;
use backend::start_backend;
#[path = "../load/client.rs"]
mod client;
use client::Conn;
mod big_board;
use big_board::big_board;

/// Clients at once, spread round-robin over the backends.
const CLIENTS: usize = 32;
const PER_ROUND: usize = 640;
const ROUNDS: usize = 3;

fn server_binary() -> String {
    std::env::var("COPRODUCE_SURREAL_SERVER").unwrap_or_else(|_| {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        format!("{target}/release/coproduce-surreal-server")
    })
}

/// The SurrealDB server, in memory, on a free port.
fn start_server() -> (Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let child = Command::new(server_binary())
        .args(["start", "--bind", &format!("127.0.0.1:{port}")])
        .args([
            "--user", "root", "--pass", "root", "--log", "error", "memory",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the SurrealDB server (scripts/test builds it)");
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, format!("ws://127.0.0.1:{port}"))
}

fn base_settings() -> Settings {
    let mut s = for_tests();
    s.limits.writes_per_client_per_minute = u32::MAX;
    s.limits.writes_per_org_per_minute = u32::MAX;
    s.limits.check_form_age = false;
    s.http.max_connections_per_address = 0;
    s.secret = Some(Secret::new("one secret for every backend of a run"));
    s
}

pub(crate) fn on_server(url: &str, database: &str) -> Settings {
    let mut s = base_settings();
    s.database.url = url.to_string();
    s.database.namespace = "bench".into();
    s.database.database = database.to_string();
    s.database.username = Some("root".into());
    s.database.password = Some(Secret::new("root"));
    s
}

fn embedded(name: &str) -> Settings {
    let mut s = base_settings();
    s.data_dir =
        std::env::temp_dir().join(format!("coproduce-scale-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&s.data_dir);
    s.database.url = String::new();
    s
}

struct Setup {
    label: String,
    urls: Vec<String>,
    store: Store,
    board_path: String,
    submitted: usize,
    rates: Vec<f64>,
    latencies: Vec<Duration>,
    errors: usize,
}

async fn setup(label: &str, settings: Vec<Settings>) -> Setup {
    let mut urls = Vec::new();
    let mut store = None;
    for s in settings {
        let (url, st) = start_backend(s).await;
        urls.push(url);
        store.get_or_insert(st);
    }
    let store = store.unwrap();
    let (_, board) = bench_org(&store, "b").await;
    Setup {
        label: label.to_string(),
        urls,
        store,
        board_path: format!("/api/v1/orgs/bench-org/activities/{board}"),
        submitted: 0,
        rates: Vec::new(),
        latencies: Vec::new(),
        errors: 0,
    }
}

/// The organisation of the bench (its admin logs in with "bench password") and a board.
pub(crate) async fn bench_org(store: &Store, board: &str) -> (coproduce::domain::OrgId, String) {
    let (org, _) = coproduce::seed::create_org_with_admin(
        store,
        "bench-org",
        "Bench",
        "admin@bench.example",
        Some("bench password"),
    )
    .await
    .expect("org");
    let board =
        coproduce::seed::create_board(store, "bench-org", Some(board), "Board", "How?", false)
            .await
            .expect("board");
    (org, board)
}

/// One round of submissions from `CLIENTS` clients spread over the backends.
async fn round(s: &mut Setup, n: usize) {
    let (urls, path) = (s.urls.clone(), format!("{}/ideas", s.board_path));
    let per = PER_ROUND / CLIENTS;
    let (rate, lat, errors) = tokio::task::spawn_blocking(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let start = Instant::now();
                let tasks: Vec<_> = (0..CLIENTS)
                    .map(|w| {
                        let (url, path) = (urls[w % urls.len()].clone(), path.clone());
                        tokio::spawn(async move {
                            let mut conn = Conn::connect(&url).await.expect("connect");
                            let mut lat = Vec::with_capacity(per);
                            let mut errors = 0;
                            for i in 0..per {
                                let body = format!(
                                    "title=Idea+{n}-{w}-{i}+for+the+centre&body=With+tools."
                                );
                                let t = Instant::now();
                                let ok =
                                    conn.post_form(&path, &body).await.is_ok_and(|st| st == 201);
                                lat.push(t.elapsed());
                                errors += usize::from(!ok);
                            }
                            (lat, errors)
                        })
                    })
                    .collect();
                let (mut all, mut errors) = (Vec::new(), 0);
                for t in tasks {
                    let (lat, e) = t.await.unwrap();
                    all.extend(lat);
                    errors += e;
                }
                let done = (per * CLIENTS - errors) as f64;
                (done / start.elapsed().as_secs_f64(), all, errors)
            })
    })
    .await
    .unwrap();
    s.rates.push(rate);
    s.latencies.extend(lat);
    s.errors += errors;
    s.submitted += (PER_ROUND / CLIENTS) * CLIENTS - errors;
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    sorted.get(idx).copied().unwrap_or_default()
}

pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let (mut server, url) = start_server();
    let mut setups = vec![setup("embedded (file), 1 backend", vec![embedded("one")]).await];
    for backends in 1..=3 {
        let db = format!("sub{backends}");
        let settings = (0..backends).map(|_| on_server(&url, &db)).collect();
        setups.push(
            setup(
                &format!("SurrealDB server, {backends} backend(s)"),
                settings,
            )
            .await,
        );
    }
    for n in 0..ROUNDS {
        for s in setups.iter_mut() {
            round(s, n).await;
        }
    }
    println!("# Submissions: {CLIENTS} clients, {ROUNDS} alternating rounds of {PER_ROUND}\n");
    println!(
        "| setup | submissions/s, median (range) | p50 | p99 | errors | counts exact |\n|---|---|---|---|---|---|"
    );
    for s in setups.iter_mut() {
        s.latencies.sort();
        s.store.fold_all().await.unwrap();
        let board: serde_json::Value = reqwest::get(format!("{}{}", s.urls[0], s.board_path))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let counted = board["idea_count"].as_u64().unwrap_or(0) as usize;
        let (lo, hi) = s
            .rates
            .iter()
            .fold((f64::MAX, 0f64), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
        println!(
            "| {} | {:.0} ({lo:.0}–{hi:.0}) | {:.1} ms | {:.1} ms | {} | {} ({counted} of {}) |",
            s.label,
            median(s.rates.clone()),
            percentile(&s.latencies, 0.5).as_secs_f64() * 1000.0,
            percentile(&s.latencies, 0.99).as_secs_f64() * 1000.0,
            s.errors,
            if counted == s.submitted { "yes" } else { "NO" },
            s.submitted
        );
    }
    big_board(&url, n).await;
    let _ = server.kill();
}
