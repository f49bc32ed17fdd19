//! `cargo bench --bench reads --profile release [-- 20000 100000]`: what each
//! part of reading a board costs as the board grows (file engine): the activity, its counts,
//! the list statements of the public board and the console, each alone, with their plans.
//! Ideas go straight into the table (as submissions store them, without receipts) so that a
//! board of 100,000 fills in seconds; their counts are folded before anything is timed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use coproduce::domain::OrgId;
use coproduce::ideas::storage::{ListFilter, PageCursor};
use coproduce::storage::Store;
use coproduce_widgets::ideas::contract::{IdeaStatus, Sort};

#[path = "../common/file_store.rs"]
mod file_store;
use file_store::FileStore;

const ROUNDS: usize = 15;

fn idea(org: &str, board: &str, i: usize) -> serde_json::Value {
    // Every tenth waits for moderation, one in a hundred is hidden; supports spread 0..40.
    let visibility = match i % 100 {
        0 => "hidden",
        n if n % 10 == 5 => "pending",
        _ => "public",
    };
    let status = ["new", "under_review", "planned", "done"][i % 4];
    let at = 1_700_000_000_000i64 + i as i64 * 7;
    serde_json::json!({
        "id": [org, format!("i{i:07}")], "org": org, "board": board, "key": format!("i{i:07}"),
        "title": format!("Idea number {i} for the centre"),
        "body": "With tools and someone who knows how, on Saturdays in the yard.",
        "status": status, "supports": (i * 7919) % 40, "visibility": visibility,
        "created_at": at, "history": [{ "status": "new", "at": at }],
    })
}

async fn median_ms<F, Fut, T>(mut f: F) -> f64
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        std::hint::black_box(f().await);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    times[ROUNDS / 2]
}

async fn raw_ms(store: &Store, sql: &str, org: &str, board: &str) -> f64 {
    median_ms(|| async {
        store
            .raw()
            .query(sql)
            .bind(("org", org.to_string()))
            .bind(("board", board.to_string()))
            .await
            .unwrap()
            .check()
            .unwrap()
    })
    .await
}

async fn plan(store: &Store, sql: &str, org: &str, board: &str) -> String {
    let mut res = store
        .raw()
        .query(format!("{sql} EXPLAIN FULL"))
        .bind(("org", org.to_string()))
        .bind(("board", board.to_string()))
        .await
        .unwrap();
    let v: surrealdb::types::Value = res.take(0).unwrap();
    v.into_json_value().to_string()
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![20_000, 100_000]
    } else {
        sizes
    };
    let show_plans = std::env::var_os("READS_PLANS").is_some();
    for n in sizes {
        let bench = FileStore::new(&format!("reads-bench-{n}")).await;
        let (store, org, board) = (&bench.store, &bench.org, bench.board.clone());
        let t = Instant::now();
        for chunk in (0..n).step_by(1000) {
            let docs: Vec<_> = (chunk..(chunk + 1000).min(n))
                .map(|i| idea("bench-org", &board, i))
                .collect();
            store
                .raw()
                .query("INSERT INTO idea $d RETURN NONE")
                .bind(("d", docs))
                .await
                .unwrap()
                .check()
                .unwrap();
        }
        println!("{n} ideas stored in {:.1} s", t.elapsed().as_secs_f64());
        report(store, org, &board, show_plans).await;
        bench.remove().await;
    }
}

async fn report(store: &Store, org: &OrgId, board: &str, show_plans: bool) {
    let o = org.as_str();
    let row = |what: &str, ms: f64| println!("  {what:<58} {ms:>8.2} ms");
    row("activity", median_ms(|| store.activity(org, board)).await);
    row("counts", median_ms(|| store.counts(org, board)).await);
    let newest = ListFilter {
        sort: Sort::Newest,
        status: None,
        limit: 50,
    };
    row(
        "public_ideas newest (store)",
        median_ms(|| store.public_ideas(org, board, newest, None)).await,
    );
    let supported = ListFilter {
        sort: Sort::MostSupported,
        ..newest
    };
    row(
        "public_ideas most supported (store)",
        median_ms(|| store.public_ideas(org, board, supported, None)).await,
    );
    let status = ListFilter {
        status: Some(IdeaStatus::Planned),
        ..newest
    };
    row(
        "public_ideas status filter (store)",
        median_ms(|| store.public_ideas(org, board, status, None)).await,
    );
    let deep = PageCursor::parse(".1700000000700.0").unwrap();
    row(
        "public_ideas newest, deep page (store)",
        median_ms(|| store.public_ideas(org, board, newest, Some(&deep))).await,
    );
    row(
        "ideas_after first 50 (store, console)",
        median_ms(|| store.ideas_after(org, board, None, 50)).await,
    );
    let statements = [
        ("by id, one idea", "SELECT * FROM idea:[$org, 'i0000001']"),
        (
            "newest 51 (forward, rank_new)",
            "SELECT * FROM idea WITH INDEX idea_public_new WHERE org = $org AND board = $board AND visibility = 'public' ORDER BY rank_new LIMIT 51",
        ),
        (
            "newest 51 (backward, created_at; no index of its own now)",
            "SELECT * FROM idea WITH INDEX idea_queue WHERE org = $org AND visibility = 'public' ORDER BY created_at DESC LIMIT 51",
        ),
        (
            "oldest 51 (forward, created_at)",
            "SELECT * FROM idea WITH INDEX idea_queue WHERE org = $org AND visibility = 'public' ORDER BY created_at LIMIT 51",
        ),
        (
            "console newest 50",
            "SELECT * FROM idea WITH INDEX idea_board_new WHERE org = $org AND board = $board ORDER BY rank_new LIMIT 50",
        ),
        (
            "count of the board (group all)",
            "SELECT count() FROM idea WHERE org = $org AND board = $board GROUP ALL",
        ),
    ];
    for (what, sql) in statements {
        row(what, raw_ms(store, sql, o, board).await);
        if show_plans {
            println!("    {}", plan(store, sql, o, board).await);
        }
    }
}
