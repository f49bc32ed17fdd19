//! `cargo bench --bench search --profile release`: what a full-text index on idea
//! titles would give the console's merge search and cost every submission (file engine, a
//! sync on every commit): 100,000 titles inserted in batches, single and concurrent creates,
//! then the search with the index and as the scan it is today. Measured before deciding
//! (BENCHMARKS.md); the product has no full-text index.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::Instant;
use surrealdb::engine::any::connect;

const WORDS: [&str; 16] = [
    "garden", "bench", "youth", "centre", "music", "room", "open", "longer", "evenings", "bike",
    "repair", "library", "cafe", "tools", "sports", "football",
];

#[tokio::main]
async fn main() {
    for ft in [false, true] {
        let dir = std::env::temp_dir().join(format!("search-bench-ft{ft}-{}", std::process::id()));
        let db = connect(format!("surrealkv://{}?sync=every", dir.display()))
            .await
            .unwrap();
        db.use_ns("n").use_db("d").await.unwrap();
        let mut schema = String::from(
            "DEFINE TABLE idea SCHEMAFULL; DEFINE FIELD org ON idea TYPE string; DEFINE FIELD board ON idea TYPE string; DEFINE FIELD title ON idea TYPE string; DEFINE FIELD visibility ON idea TYPE string; DEFINE FIELD created_at ON idea TYPE int; DEFINE INDEX by_board ON idea FIELDS org, board, created_at;",
        );
        if ft {
            schema.push_str("DEFINE ANALYZER title_words TOKENIZERS blank, class, punct FILTERS lowercase, ascii; DEFINE INDEX idea_title ON idea FIELDS title FULLTEXT ANALYZER title_words BM25;");
        }
        let r = db.query(schema).await.unwrap();
        r.check().unwrap();
        let n = 100_000usize;
        let t = Instant::now();
        for c in 0..(n / 1000) {
            let docs: Vec<serde_json::Value> = (0..1000).map(|i| { let k = c * 1000 + i; serde_json::json!({"org": "o", "board": "b", "visibility": "public", "created_at": k, "title": format!("{} {} for the {} number {k}", WORDS[k % 16], WORDS[(k / 16) % 16], WORDS[(k / 256) % 16])}) }).collect();
            db.query("INSERT INTO idea $d RETURN NONE")
                .bind(("d", docs))
                .await
                .unwrap()
                .check()
                .unwrap();
        }
        println!(
            "ft={ft}: 100k in batches of 1000: {:.1} s",
            t.elapsed().as_secs_f64()
        );
        // single inserts, sequential, sync every commit
        let t = Instant::now();
        for k in 0..300 {
            db.query("CREATE idea CONTENT $d RETURN NONE").bind(("d", serde_json::json!({"org": "o", "board": "b", "visibility": "public", "created_at": 200000 + k, "title": format!("bike repair cafe number {k}")}))).await.unwrap().check().unwrap();
        }
        println!(
            "ft={ft}: 300 single creates: {:.2} ms each",
            t.elapsed().as_secs_f64() * 1e3 / 300.0
        );
        // 8 concurrent writers
        let t = Instant::now();
        let mut hs = vec![];
        for w in 0..8 {
            let db = db.clone();
            hs.push(tokio::spawn(async move {
                let mut errs = 0;
                for k in 0..100 {
                    let r = db.query("CREATE idea CONTENT $d RETURN NONE").bind(("d", serde_json::json!({"org": "o", "board": "b", "visibility": "public", "created_at": 300000 + w * 1000 + k, "title": format!("music room number {k}")}))).await.unwrap().check();
                    if r.is_err() { errs += 1; }
                }
                errs
            }));
        }
        let mut errs = 0;
        for h in hs {
            errs += h.await.unwrap();
        }
        println!(
            "ft={ft}: 8 writers x 100 creates: {:.0}/s, {errs} errors",
            800.0 / t.elapsed().as_secs_f64()
        );
        let queries: Vec<&str> = if ft {
            vec![
                "SELECT * FROM idea WHERE title @@ 'garden' AND org = 'o' AND board = 'b' LIMIT 22",
                "SELECT * FROM idea WHERE title @0@ 'bike' AND title @1@ 'repair' AND org = 'o' AND board = 'b' LIMIT 22",
                "SELECT * FROM idea WHERE title @@ 'garden bench' AND org = 'o' AND board = 'b' LIMIT 22",
            ]
        } else {
            vec![
                "SELECT * FROM idea WITH INDEX by_board WHERE org = 'o' AND board = 'b' AND visibility = 'public' AND string::contains(string::lowercase(title), 'garden') LIMIT 22",
                "SELECT * FROM idea WITH INDEX by_board WHERE org = 'o' AND board = 'b' AND visibility = 'public' AND string::contains(string::lowercase(title), 'zebra') LIMIT 22",
            ]
        };
        for q in queries {
            let mut ts = vec![];
            let mut rows = 0;
            for _ in 0..5 {
                let t = Instant::now();
                let mut r = db.query(q).await.unwrap();
                let v: surrealdb::types::Value = r.take(0).unwrap();
                rows = v.into_json_value().as_array().map_or(0, |a| a.len());
                ts.push(t.elapsed().as_secs_f64() * 1e3);
            }
            ts.sort_by(f64::total_cmp);
            println!("ft={ft}: {:.1} ms ({rows} rows) {q}", ts[2]);
        }
        drop(db);
        let _ = std::fs::remove_dir_all(dir);
    }
}
