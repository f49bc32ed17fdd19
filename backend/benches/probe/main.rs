//! `cargo bench -p coproduce --bench probe --profile release`: what one commit costs with one
//! writer on the embedded file database (an fsync on every commit): plain inserts, the
//! transaction shapes a submission could take, and `Store::submit_idea` itself, called from the
//! main thread and from a task on a worker thread (as a request handler calls it). Each kind
//! runs 4 × 300 commits, in turns, so all meet the same disk. Prints milliseconds per commit
//! (BENCHMARKS.md).

// A benchmark that cannot set up should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use coproduce::config::for_tests;
use coproduce::domain::OrgId;
use coproduce::domain::idea::IdeaDraft;
use coproduce::storage::{NewIdeaRecord, Store};
use coproduce_widgets::contract::{Moderation, NewIdea};
use surrealdb::Surreal;
use surrealdb::engine::any::Any;

const ROUNDS: usize = 4;
const PER_ROUND: usize = 300;

/// The same idea record as the load bench's plain inserts.
fn doc(key: &str) -> serde_json::Value {
    let now = 1_700_000_000_000i64;
    serde_json::json!({
        "id": ["bench-org", key], "org": "bench-org", "board": "b", "key": key,
        "title": "Idea for the centre", "body": "With tools and someone who knows how.",
        "status": "new", "supports": 0, "visibility": "public", "created_at": now,
        "receipt": key, "history": [{ "status": "new", "at": now }],
        "born": { "visibility": "public", "status": "new", "supports": 0 }, "epoch": 2,
    })
}

/// Statements a submission's commit could be: the idea alone, or with the epoch read in it.
const SHAPES: [(&str, &str); 7] = [
    ("plain INSERT $doc", "INSERT INTO idea $doc RETURN NONE"),
    ("INSERT [$doc]", "INSERT INTO idea $ideas RETURN NONE"),
    (
        "BEGIN INSERT COMMIT",
        "BEGIN; INSERT INTO idea $ideas RETURN NONE; COMMIT;",
    ),
    (
        "txn, locked SELECT, no IF",
        "BEGIN;\nSELECT VALUE epoch FROM ONLY fold_state:open FOR UPDATE;\nINSERT INTO idea $ideas RETURN NONE;\nCOMMIT;",
    ),
    (
        "txn, IF unlocked SELECT",
        "BEGIN;\nIF (SELECT VALUE epoch FROM ONLY fold_state:open) != $epoch { THROW 'coproduce: epoch closed' };\nINSERT INTO idea $ideas RETURN NONE;\nCOMMIT;",
    ),
    (
        "txn, IF record path",
        "BEGIN;\nIF fold_state:open.epoch != $epoch { THROW 'coproduce: epoch closed' };\nINSERT INTO idea $ideas RETURN NONE;\nCOMMIT;",
    ),
    (
        "txn, locked epoch read (shared)",
        "BEGIN;\nIF (SELECT VALUE epoch FROM ONLY fold_state:open FOR UPDATE) != $epoch { THROW 'coproduce: epoch closed' };\nINSERT INTO idea $ideas RETURN NONE;\nCOMMIT;",
    ),
];

/// Seconds for `PER_ROUND` commits of `sql`, keys tagged with `tag`.
async fn statements(db: Surreal<Any>, sql: &'static str, tag: String) -> f64 {
    let start = Instant::now();
    for i in 0..PER_ROUND {
        let d = doc(&format!("{tag}-{i}"));
        db.query(sql)
            .bind(("doc", d.clone()))
            .bind(("ideas", serde_json::json!([d])))
            .bind(("epoch", 2))
            .await
            .and_then(|r| r.check())
            .expect("query");
    }
    start.elapsed().as_secs_f64()
}

/// Seconds for `PER_ROUND` submissions through the store (receipts tagged with `tag`).
async fn submissions(
    store: Store,
    org: OrgId,
    board: String,
    draft: IdeaDraft,
    tag: String,
) -> f64 {
    let start = Instant::now();
    for i in 0..PER_ROUND {
        let receipt = format!("{tag}-{i}");
        let record = NewIdeaRecord {
            board: &board,
            draft: &draft,
            receipt_hash: &receipt,
            moderation: Moderation::Post,
        };
        store.submit_idea(&org, record).await.expect("submit");
    }
    start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut settings = for_tests();
    settings.data_dir = dir.clone();
    settings.database.url = String::new();
    settings.database.url = settings.database_url();
    let store = Store::connect(&settings.database).await.expect("db");
    let db = store.raw().clone();
    let (org, _) = coproduce::seed::create_org_with_admin(
        &store,
        "bench-org",
        "Bench org",
        "a@b.example",
        None,
    )
    .await
    .expect("org");
    let board =
        coproduce::seed::create_board(&store, "bench-org", None, "Youth centre", "How?", false)
            .await
            .expect("board");
    let wire = NewIdea {
        title: "Idea for the centre".into(),
        body: "With tools and someone who knows how.".into(),
        ..Default::default()
    };
    let draft = IdeaDraft::try_from(&wire).unwrap();

    let mut names: Vec<&str> = SHAPES.iter().map(|(name, _)| *name).collect();
    names.extend([
        "Store::submit_idea",
        "Store::submit_idea in a task",
        "plain INSERT in a task",
    ]);
    let mut totals = vec![0f64; names.len()];
    for round in 0..ROUNDS {
        for (k, (_, sql)) in SHAPES.iter().enumerate() {
            totals[k] += statements(db.clone(), sql, format!("{round}-{k}")).await;
        }
        let k = SHAPES.len();
        let args = || (store.clone(), org.clone(), board.clone(), draft.clone());
        let (s, o, b, d) = args();
        totals[k] += submissions(s, o, b, d, format!("main-{round}")).await;
        let (s, o, b, d) = args();
        totals[k + 1] += tokio::spawn(submissions(s, o, b, d, format!("task-{round}")))
            .await
            .unwrap();
        totals[k + 2] += tokio::spawn(statements(
            db.clone(),
            SHAPES[0].1,
            format!("plain-task-{round}"),
        ))
        .await
        .unwrap();
    }
    for (name, total) in names.iter().zip(totals) {
        println!(
            "{name:32} {:.3} ms",
            total * 1000.0 / (ROUNDS * PER_ROUND) as f64
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
