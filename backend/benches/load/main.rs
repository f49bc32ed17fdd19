//! `cargo bench --bench load` (or `bench/run`): transfer sizes of the embed and the
//! standalone page, and idea submissions over loopback HTTP at 1, 8 and 32 concurrent clients
//! next to plain embedded SurrealDB inserts of the same records, measured in the same run.
//! Prints a Markdown table for BENCHMARKS.md. Loopback only, bounded in count and time.

// A benchmark that cannot set up should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "../common/backend.rs"]
mod backend;
mod client;
mod runs;

use coproduce::config::{Settings, for_tests};
use flate2::Compression;
use flate2::write::GzEncoder;
use runs::{http_floor, http_submissions, on_client_thread, plain_db, plain_inserts, start_app};

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

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
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
    // The stylesheet as the server sends an ideas embed (minified when the server starts).
    let ideas = coproduce_widgets::kind_css(coproduce_widgets::contract::ActivityKind::Ideas);
    let css = coproduce_widgets::css::minify(&format!("{}{ideas}", coproduce_widgets::WIDGET_CSS));
    for (label, bytes) in [
        // As sent: the build's minified copy (the server falls back to the source without it).
        (
            "embed.js (loader, minified)",
            read("dist/widget/embed.js").or_else(|| read("widgets/loader/embed.js")),
        ),
        (
            "widget WASM",
            read("dist/widget/ideas/coproduce-widgets_bg.wasm"),
        ),
        (
            "widget JS glue",
            read("dist/widget/ideas/coproduce-widgets.js"),
        ),
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
        "| clients | plain inserts/s (tries per insert) | API submissions/s, fold included | ratio, median (range) of rounds | ratio before the fold catches up | ideas per commit | p50 | p99 | errors | aggregates exact |\n|---|---|---|---|---|---|---|---|---|---|"
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
        let stored = store.counts(&org, &board).await.expect("counts");
        let recount = store.recount(&org, &board).await.expect("recount");
        println!(
            "| {c} | {:.0} ({:.2}) | {:.0} | {:.2} ({:.2}–{:.2}) | {:.2} | {per_commit:.1} | {:.1} ms | {:.1} ms | {} | {} |",
            median(plain),
            median(tries),
            median(api),
            median(ratios.clone()),
            ratios.iter().copied().fold(f64::INFINITY, f64::min),
            ratios.iter().copied().fold(0.0, f64::max),
            median(unfolded),
            percentile(&latencies, 0.5).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            errors,
            if stored == recount {
                format!("yes ({} ideas)", stored.get("public"))
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
