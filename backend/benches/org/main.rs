//! `cargo bench --bench org --profile release` (or `bench/org`): an organisation
//! with four activities of 100,000 contributions each (ideas, survey responses, map reports,
//! published ratings; a share answered), filled through storage on the file engine as served.
//! Then: a ratings summary (the counts read and every service's figures worked out) in
//! process and as the API answers it over loopback HTTP; the organisation's public page over
//! loopback HTTP; the badge's transfer size. Prints Markdown for BENCHMARKS.md; asserts only
//! that the page counts every contribution. Loopback only, bounded in count and time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::time::Instant;

use coproduce::config::for_tests;
use coproduce::domain::OrgId;
use coproduce::domain::activity::{ActivityIntro, ActivityTitle};
use coproduce::startup::Application;
use coproduce::storage::Store;
use coproduce_widgets::contract::Moderation;

const EACH: usize = 100_000;
const ROUNDS: usize = 15;
const WORKERS: usize = 32;

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

/// Runs `one(i)` for every `i` below `EACH`, `WORKERS` at a time.
async fn each<F, Fut>(one: F)
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let tasks: Vec<_> = (0..WORKERS)
        .map(|w| {
            let one = one.clone();
            tokio::spawn(async move {
                for i in (w..EACH).step_by(WORKERS) {
                    one(i).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}

async fn ideas(store: &Store, org: &OrgId) {
    use coproduce::ideas::domain::{IdeaDraft, StatusChange};
    use coproduce::ideas::storage::NewIdeaRecord;
    let board =
        coproduce::seed::create_board(store, "bench-org", Some("ideas"), "Ideas", "How?", false)
            .await
            .unwrap();
    let (store, org) = (store.clone(), org.clone());
    each(move |i| {
        let (store, org, board) = (store.clone(), org.clone(), board.clone());
        async move {
            let wire = coproduce_widgets::ideas::contract::NewIdea {
                title: format!("Idea number {i}"),
                ..Default::default()
            };
            let draft = IdeaDraft::try_from(&wire).unwrap();
            let hash = format!("i-{i}");
            let new = NewIdeaRecord {
                board: &board,
                draft: &draft,
                receipt_hash: &hash,
                moderation: Moderation::Post,
            };
            let idea = store.submit_idea(&org, new).await.unwrap();
            if i % 4 == 0 {
                let done = StatusChange::parse("done", "Done.").unwrap();
                store.set_status(&org, &idea.key, &done).await.unwrap();
            }
        }
    })
    .await;
}

async fn survey(store: &Store, org: &OrgId) {
    use coproduce::survey::storage::NewResponse;
    let def: coproduce_widgets::survey::definition::Definition =
        serde_json::from_str(include_str!("../../src/survey/demo.json")).unwrap();
    let title = ActivityTitle::parse("Survey").unwrap();
    let intro = ActivityIntro::parse("Tell us.").unwrap();
    store
        .create_survey(org, Some("survey"), &title, &intro)
        .await
        .unwrap();
    store.save_draft(org, "survey", &def).await.unwrap();
    store.publish_survey(org, "survey").await.unwrap();
    let (store, org) = (store.clone(), org.clone());
    each(move |i| {
        let (store, org, def) = (store.clone(), org.clone(), def.clone());
        async move {
            let hash = format!("s-{i}");
            let new = NewResponse {
                survey: "survey",
                version: 1,
                definition: &def,
                answers: &Default::default(),
                participant: None,
                receipt_hash: &hash,
            };
            store.submit_response(&org, new).await.unwrap();
        }
    })
    .await;
}

async fn map(store: &Store, org: &OrgId) {
    use coproduce::map::storage::NewReportRecord;
    use coproduce_widgets::map::definition::{LatLon, MapDefinition, NewReportWire};
    let def: MapDefinition = serde_json::from_str(include_str!("../../src/map/demo.json")).unwrap();
    let title = ActivityTitle::parse("Map").unwrap();
    let intro = ActivityIntro::parse("Where?").unwrap();
    store
        .create_map(org, Some("map"), &title, &intro, &def)
        .await
        .unwrap();
    let (store, org) = (store.clone(), org.clone());
    each(move |i| {
        let (store, org, def) = (store.clone(), org.clone(), def.clone());
        async move {
            let wire = NewReportWire {
                category: "path".into(),
                description: format!("Report number {i}"),
                at: Some(LatLon {
                    lat: 52.5441 + (i % 100) as f64 * 1e-5,
                    lon: 13.3651 + (i / 100 % 100) as f64 * 1e-5,
                }),
                ..NewReportWire::default()
            };
            let report = wire.check(&def).unwrap();
            let hash = format!("m-{i}");
            let new = NewReportRecord {
                map: "map",
                report: &report,
                photos: &[],
                receipt_hash: &hash,
                moderation: Moderation::Post,
            };
            store.submit_report(&org, new).await.unwrap();
        }
    })
    .await;
}

async fn ratings(store: &Store, org: &OrgId) {
    use coproduce::ratings::storage::Decision;
    use coproduce_widgets::ratings::contract::StaffAnswer;
    use coproduce_widgets::ratings::definition::{NewStoryWire, RatingsDefinition};
    let def: RatingsDefinition =
        serde_json::from_str(include_str!("../../src/ratings/demo.json")).unwrap();
    let title = ActivityTitle::parse("Ratings").unwrap();
    let intro = ActivityIntro::parse("How were we?").unwrap();
    store
        .create_ratings(org, Some("ratings"), &title, &intro, &def)
        .await
        .unwrap();
    let (store, org) = (store.clone(), org.clone());
    let services = ["day-care", "youth-club", "debt-advice"];
    each(move |i| {
        let (store, org, def) = (store.clone(), org.clone(), def.clone());
        async move {
            let mut wire = NewStoryWire {
                service: services[i % 3].into(),
                overall: Some((i % 5 + 1) as i64),
                story: format!("Story number {i}"),
                when: format!("2026-{:02}", i % 12 + 1),
                ..NewStoryWire::default()
            };
            wire.ratings.insert("respect".into(), (i % 4 + 2) as i64);
            let story = wire.check(&def).unwrap();
            let row = store
                .submit_story(&org, "ratings", &story, &format!("r-{i}"))
                .await
                .unwrap();
            store
                .moderate_story(&org, &row.key, Decision::Publish)
                .await
                .unwrap();
            if i % 3 == 0 {
                let answer = StaffAnswer {
                    text: "Thank you.".into(),
                    role: "Team".into(),
                    name: None,
                    at: coproduce::domain::now_ms(),
                };
                store.answer_story(&org, &row.key, answer).await.unwrap();
            }
        }
    })
    .await;
}

fn gzip(bytes: &[u8]) -> usize {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(bytes).unwrap();
    z.finish().unwrap().len()
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("coproduce-bench-org-{}", std::process::id()));
    let mut settings = for_tests();
    settings.data_dir = dir.clone();
    settings.database.url = String::new();
    let app = Application::build(settings).await.unwrap();
    let url = app.public_url().to_string();
    let store = app.store().clone();
    let (org, _) =
        coproduce::seed::create_org_with_admin(&store, "bench-org", "Bench", "a@b.example", None)
            .await
            .unwrap();
    tokio::spawn(app.run_until_stopped());

    println!("## An organisation with four activities of {EACH} contributions each\n");
    println!("| filled through storage | time | contributions/s |\n|---|---|---|");
    for (name, fill) in [
        ("ideas (a quarter done, with an answer)", 0),
        ("survey responses", 1),
        ("map reports", 2),
        ("ratings (published; a third answered)", 3),
    ] {
        let t = Instant::now();
        match fill {
            0 => ideas(&store, &org).await,
            1 => survey(&store, &org).await,
            2 => map(&store, &org).await,
            _ => ratings(&store, &org).await,
        }
        let s = t.elapsed().as_secs_f64();
        println!("| {name} | {s:.0} s | {:.0} |", EACH as f64 / s);
    }
    store.fold_all().await.unwrap();

    let client = reqwest::Client::new();
    let page = client
        .get(format!("{url}/o/bench-org?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let total = (4 * EACH).to_string();
    assert!(
        page.contains(&format!("<dd>{total}</dd>")),
        "the page counts every contribution"
    );

    let summary = median_ms(|| {
        let (store, org) = (store.clone(), org.clone());
        async move {
            let counts = store.counts(&org, "ratings").await.unwrap();
            let mut all = coproduce_widgets::ratings::summary::Summary::default();
            for s in ["day-care", "youth-club", "debt-advice"] {
                let one = coproduce::ratings::counts::summary(&counts, s);
                std::hint::black_box(one.overall.bayesian());
                all.merge(&one);
            }
            assert_eq!(all.overall.n, EACH as u64);
            all.answered_percent()
        }
    })
    .await;
    let api = median_ms(|| {
        let client = client.clone();
        let url = format!("{url}/api/v1/orgs/bench-org/activities/ratings?lang=en");
        async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
                .len()
        }
    })
    .await;
    let org_page = median_ms(|| {
        let client = client.clone();
        let url = format!("{url}/o/bench-org?lang=en");
        async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
                .len()
        }
    })
    .await;
    // What the page reads when its figures are not kept (`http::pages::org::read_listed`).
    let uncached = median_ms(|| {
        let (store, org) = (store.clone(), org.clone());
        async move {
            let activities = store.activities(&org).await.unwrap();
            std::hint::black_box(store.survey(&org, "survey").await.unwrap());
            let mut n = 0;
            for a in &activities {
                n += store
                    .counts_named(&org, &a.key, "mo:")
                    .await
                    .unwrap()
                    .iter()
                    .count();
            }
            n
        }
    })
    .await;
    // Where the time goes: the reads the page and the summary make, one by one.
    let mut parts = Vec::new();
    let activities = median_ms(|| store.activities(&org)).await;
    parts.push(("the organisation's activities".to_string(), activities));
    for key in ["ideas", "survey", "map", "ratings"] {
        let months = median_ms(|| store.counts_named(&org, key, "mo:")).await;
        parts.push((format!("{key}: its months' counts"), months));
        let all = median_ms(|| store.counts(&org, key)).await;
        parts.push((format!("{key}: all its counts"), all));
    }
    let badge = client
        .get(format!(
            "{url}/o/bench-org/ratings/ratings/badge.js?service=day-care&lang=en"
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    println!("\n| read (median of {ROUNDS}) | time |\n|---|---|");
    println!(
        "| a ratings summary: counts read, three services' and two groups' figures | {summary:.1} ms |"
    );
    println!("| the ratings activity over loopback HTTP (figures and 30 stories) | {api:.1} ms |");
    println!("| the organisation's page: its reads, not kept (4 × {EACH}) | {uncached:.1} ms |");
    println!(
        "| the organisation's page over loopback HTTP, figures kept for 10 s | {org_page:.1} ms |"
    );
    println!("\n| one read (median of {ROUNDS}) | time |\n|---|---|");
    for (what, ms) in parts {
        println!("| {what} | {ms:.1} ms |");
    }
    println!(
        "\nThe badge script: {} bytes, {} gzip -9.",
        badge.len(),
        gzip(&badge)
    );
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
