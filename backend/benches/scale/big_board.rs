//! The reads of a big board over the SurrealDB server: one backend, a board of `n` ideas
//! written straight into the table with their count deltas (as submissions would leave
//! them), folded, then the public reads and the staff's pages over HTTP.

use std::time::Instant;

use coproduce::domain::counts::Counts;
use coproduce::domain::moderation::Visibility;
use coproduce::ideas::counts::IdeaFacts;
use coproduce_widgets::ideas::contract::IdeaStatus;

use super::{bench_org, median, on_server, start_backend};

const READS: usize = 15;

/// One idea of the big board: a tenth waits for moderation, one in a hundred is hidden.
fn idea(i: usize) -> (serde_json::Value, IdeaFacts) {
    let visibility = match i % 100 {
        0 => Visibility::Hidden,
        n if n % 10 == 5 => Visibility::Pending,
        _ => Visibility::Public,
    };
    let status = [
        IdeaStatus::New,
        IdeaStatus::UnderReview,
        IdeaStatus::Planned,
        IdeaStatus::Done,
    ][i % 4];
    let at = 1_780_000_000_000i64 + i as i64 * 20;
    let supports = ((i * 7919) % 40) as i64;
    let doc = serde_json::json!({
        "id": ["bench-org", format!("i{i:07}")], "org": "bench-org", "board": "big", "key": format!("i{i:07}"),
        "title": format!("Idea number {i} for the centre"),
        "body": "With tools and someone who knows how, on Saturdays in the yard.",
        "status": status.as_str(), "supports": supports, "visibility": visibility.as_str(),
        "created_at": at, "history": [{ "status": "new", "at": at }],
    });
    let facts = IdeaFacts {
        visibility,
        status,
        supports,
        created_at: at,
        first_answer_at: None,
    };
    (doc, facts)
}

async fn median_ms(client: &reqwest::Client, url: &str, cookie: Option<&str>) -> f64 {
    let mut times = Vec::with_capacity(READS);
    for _ in 0..READS {
        let mut req = client.get(url);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let t = Instant::now();
        let res = req.send().await.unwrap();
        assert!(res.status().is_success(), "{url}: {}", res.status());
        let _ = res.bytes().await.unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    median(times)
}

pub async fn big_board(server: &str, n: usize) {
    let (url, store) = start_backend(on_server(server, "big")).await;
    let (org, _) = bench_org(&store, "big").await;
    let t = Instant::now();
    for chunk in (0..n).step_by(2000) {
        let mut counts = Counts::default();
        let docs: Vec<_> = (chunk..(chunk + 2000).min(n))
            .map(|i| {
                let (doc, facts) = idea(i);
                counts.merge(&Counts::of(&facts));
                doc
            })
            .collect();
        let delta = serde_json::json!({ "id": [org.as_str(), "big", format!("seed{chunk}")], "counts": counts });
        store
            .raw()
            .query("BEGIN; INSERT INTO idea $d RETURN NONE; INSERT INTO ledger_delta $delta RETURN NONE; COMMIT;")
            .bind(("d", docs))
            .bind(("delta", delta))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    store.fold_all().await.unwrap();
    println!(
        "\n{n} ideas stored over the server in {:.0} s; counts folded\n",
        t.elapsed().as_secs_f64()
    );
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client
        .post(format!("{url}/console/login"))
        .form(&[
            ("email", "admin@bench.example"),
            ("password", "bench password"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let api = format!("{url}/api/v1/orgs/bench-org/activities/big");
    println!("| read, one backend on the server, {n} ideas | median of {READS} |\n|---|---|");
    for (what, path, cookie) in [
        (
            "board, newest first (API, first page of 20)",
            format!("{api}?sort=newest"),
            None,
        ),
        (
            "board, most supported (API)",
            format!("{api}?sort=most_supported"),
            None,
        ),
        (
            "board, planned only (API)",
            format!("{api}?status=planned"),
            None,
        ),
        (
            "standalone page (HTML)",
            format!("{url}/o/bench-org/ideas/big"),
            None,
        ),
        (
            "organisation's page (figures kept 10 s)",
            format!("{url}/o/bench-org"),
            None,
        ),
        (
            "staff dashboard (console)",
            format!("{url}/console"),
            Some(cookie.as_str()),
        ),
        (
            "console list of the board",
            format!("{url}/console/activities/big"),
            Some(cookie.as_str()),
        ),
    ] {
        println!(
            "| {what} | {:.1} ms |",
            median_ms(&client, &path, cookie).await
        );
    }
}
