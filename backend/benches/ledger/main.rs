//! `cargo bench --bench ledger --profile release`: how long reading an activity's
//! counts takes after N deltas were appended and folded (file engine).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

#[path = "../common/file_store.rs"]
mod file_store;
use file_store::FileStore;

#[tokio::main]
async fn main() {
    for n in [1_000usize, 5_000, 20_000] {
        let bench = FileStore::new(&format!("ledger-bench-{n}")).await;
        let (store, org, board) = (&bench.store, &bench.org, &bench.board);
        // Deltas straight into the table, as group commits append them.
        for chunk in 0..(n / 500) {
            let deltas: Vec<serde_json::Value> = (0..500)
                .map(|i| serde_json::json!({"id": ["bench-org", board, format!("{chunk}-{i}")], "counts": {"public": 1, "status:new": 1}}))
                .collect();
            store
                .raw()
                .query("INSERT INTO ledger_delta $d RETURN NONE")
                .bind(("d", deltas))
                .await
                .unwrap()
                .check()
                .unwrap();
        }
        let t = Instant::now();
        let before = store.counts(org, board).await.unwrap();
        let pending_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        store.fold_all().await.unwrap();
        let fold_ms = t.elapsed().as_secs_f64() * 1e3;
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let after = store.counts(org, board).await.unwrap();
            times.push(t.elapsed().as_secs_f64() * 1e3);
            assert_eq!(after, before);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{n} deltas: counts with all pending {pending_ms:.1} ms; fold {fold_ms:.0} ms; counts after the fold {:.1} ms (median of 5)",
            times[2]
        );
        bench.remove().await;
    }
}
