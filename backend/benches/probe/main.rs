#![allow(clippy::unwrap_used, clippy::expect_used)]
use coproduce::config::for_tests;
use coproduce::storage::Store;
use std::time::Instant;

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

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut s = for_tests();
    s.data_dir = dir.clone();
    s.database.url = String::new();
    let mut dbs = s.database.clone();
    dbs.url = s.database_url();
    let store = Store::connect(&dbs).await.expect("db");
    let db = store.raw().clone();
    let variants: [(&str, &str); 7] = [
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
            "app txn (locked epoch read)",
            "BEGIN;\nIF (SELECT VALUE epoch FROM ONLY fold_state:open FOR UPDATE) != $epoch { THROW 'coproduce: epoch closed' };\nINSERT INTO idea $ideas RETURN NONE;\nCOMMIT;",
        ),
    ];
    let mut totals = vec![0f64; variants.len()];
    let n = 300;
    for round in 0..4 {
        for (v, (_, q)) in variants.iter().enumerate() {
            let start = Instant::now();
            for i in 0..n {
                let key = format!("{round}-{v}-{i}");
                let d = doc(&key);
                db.query(*q)
                    .bind(("doc", d.clone()))
                    .bind(("ideas", serde_json::json!([d])))
                    .bind(("epoch", 2))
                    .await
                    .and_then(|r| r.check())
                    .expect("query");
            }
            totals[v] += start.elapsed().as_secs_f64();
        }
    }
    for (v, (name, _)) in variants.iter().enumerate() {
        println!("{name:32} {:.3} ms", totals[v] * 1000.0 / (4 * n) as f64);
    }
    coproduce::seed::create_org_with_admin(
        &store,
        "bench-org",
        "Bench org",
        "a@b.example",
        Some("bench password"),
    )
    .await
    .expect("org");
    let board = coproduce::seed::create_board(
        &store,
        "bench-org",
        Some("youth"),
        "Youth centre",
        "How?",
        false,
    )
    .await
    .expect("board");
    let slug = coproduce::domain::OrgSlug::parse("bench-org").unwrap();
    let (org, _) = store.find_org(&slug).await.unwrap().unwrap();
    let wire = coproduce_widgets::contract::NewIdea {
        title: "Idea for the centre".into(),
        body: "With tools and someone who knows how.".into(),
        ..Default::default()
    };
    let draft = coproduce::domain::idea::IdeaDraft::try_from(&wire).unwrap();
    let mut t = 0f64;
    let t0 = Instant::now();
    for _ in 0..4 {
        let start = Instant::now();
        for i in 0..n {
            let receipt = format!("{i:x}-{}", Instant::now().duration_since(t0).as_nanos());
            store
                .submit_idea(
                    &org,
                    coproduce::storage::NewIdeaRecord {
                        board: &board,
                        draft: &draft,
                        receipt_hash: &receipt,
                        moderation: coproduce_widgets::contract::Moderation::Post,
                    },
                )
                .await
                .expect("submit");
        }
        t += start.elapsed().as_secs_f64();
    }
    println!(
        "{:32} {:.3} ms",
        "Store::submit_idea",
        t * 1000.0 / (4 * n) as f64
    );
    let spawned = {
        let (store, org, draft) = (store.clone(), org.clone(), draft.clone());
        tokio::spawn(async move {
            let start = Instant::now();
            for i in 0..4 * n {
                let receipt = format!("s{i:x}-{}", t0.elapsed().as_nanos());
                store
                    .submit_idea(
                        &org,
                        coproduce::storage::NewIdeaRecord {
                            board: &board,
                            draft: &draft,
                            receipt_hash: &receipt,
                            moderation: coproduce_widgets::contract::Moderation::Post,
                        },
                    )
                    .await
                    .expect("submit");
            }
            start.elapsed().as_secs_f64()
        })
        .await
        .unwrap()
    };
    println!(
        "{:32} {:.3} ms",
        "Store::submit_idea in a task",
        spawned * 1000.0 / (4 * n) as f64
    );
    let plain_task = {
        let db = db.clone();
        tokio::spawn(async move {
            let start = Instant::now();
            for i in 0..4 * n {
                let d = doc(&format!("task-{i}"));
                db.query("INSERT INTO idea $doc RETURN NONE")
                    .bind(("doc", d))
                    .await
                    .and_then(|r| r.check())
                    .expect("query");
            }
            start.elapsed().as_secs_f64()
        })
        .await
        .unwrap()
    };
    println!(
        "{:32} {:.3} ms",
        "plain INSERT in a task",
        plain_task * 1000.0 / (4 * n) as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
}
