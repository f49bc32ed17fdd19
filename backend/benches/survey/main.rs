//! `cargo bench --bench survey --profile release [-- 10000 100000]` (or
//! `bench/survey`): a survey's live results read from the ledger at 10,000 and 100,000
//! responses (all of them, and a week's from the counts of its days), and
//! responses over loopback HTTP at 1, 8 and 32 clients. File engine, as served; loopback only,
//! bounded in count and time. Prints Markdown for BENCHMARKS.md; asserts nothing but that the
//! counts are exact.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use coproduce::config::{Settings, for_tests};
use coproduce::domain::OrgId;
use coproduce::domain::activity::{ActivityIntro, ActivityTitle};
use coproduce::storage::Store;
use coproduce::survey::results::{crosstab, load};
use coproduce::survey::storage::NewResponse;
use coproduce_widgets::survey::definition::Definition;
use coproduce_widgets::survey::response::Answers;

#[path = "../common/backend.rs"]
mod backend;
use backend::start_backend;
use serde_json::json;

#[path = "../load/client.rs"]
#[allow(dead_code)]
mod client;
use client::Conn;

const ROUNDS: usize = 15;
const CONCURRENCY: [usize; 3] = [1, 8, 32];
/// Responses per HTTP run; divisible by every concurrency.
const PER_RUN: usize = 640;

/// Ten questions on three pages and a rule that shows the second, written for SurveyJS and
/// imported (`bench/surveyjs/bench-survey.json`): the survey `bench/survey-ttfq.mjs` shows
/// with SurveyJS and with ours.
pub fn definition() -> Definition {
    let model: serde_json::Value =
        serde_json::from_str(include_str!("../../../bench/surveyjs/bench-survey.json"))
            .expect("the bench survey");
    let imported = coproduce::survey::surveyjs::import(&model);
    assert_eq!(imported.skipped, Vec::<String>::new(), "all of it maps");
    imported.definition
}

/// The answers of response `i`: every question answered, varied by `i`.
fn answers(i: usize) -> serde_json::Value {
    let pick = |n: usize, salt: usize| (i.wrapping_mul(2_654_435_761) >> salt) % n;
    let uses = ["weekly", "sometimes", "never"][pick(3, 3)];
    let room = ["hall", "kitchen", "garden", "office"][pick(4, 7)];
    let order = [["a", "b", "c"], ["c", "a", "b"], ["b", "c", "a"]][pick(3, 9)];
    let mut values = json!({
        "uses": { "type": "choice", "value": uses },
        "age": { "type": "number", "value": 10 + pick(80, 5) },
        "room": { "type": "choice", "value": room },
        "order": { "type": "order", "value": order },
        "nps": { "type": "number", "value": pick(11, 11) },
        "words": { "type": "text", "value": format!("Response number {i}: more evenings, please.") }
    });
    if uses != "never" {
        let v = values.as_object_mut().unwrap();
        v.insert(
            "stars".into(),
            json!({ "type": "number", "value": 1 + pick(5, 13) }),
        );
        let wishes: &[&str] = [
            &["hours"][..],
            &["quiet", "sport"],
            &["food", "music", "hours"],
        ][pick(3, 15)];
        v.insert(
            "wishes".into(),
            json!({ "type": "choices", "value": wishes }),
        );
        v.insert(
            "agree".into(),
            json!({ "type": "number", "value": 1 + pick(5, 17) }),
        );
        v.insert("grid".into(), json!({ "type": "rows", "value": { "staff": 1 + pick(3, 19), "rooms": 1 + pick(3, 21) } }));
    }
    json!({ "values": values })
}

fn settings(name: &str) -> Settings {
    let mut s = for_tests();
    s.data_dir =
        std::env::temp_dir().join(format!("coproduce-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&s.data_dir);
    s.database.url = String::new();
    s.limits.writes_per_client_per_minute = u32::MAX;
    s.limits.writes_per_org_per_minute = u32::MAX;
    s.limits.check_form_age = false;
    s
}

/// Starts the app on its own runtime thread (the clients run apart from it).
async fn start_app(name: &str) -> (String, Store, OrgId) {
    let (url, store) = start_backend(settings(name)).await;
    let (org, _) = coproduce::seed::create_org_with_admin(
        &store,
        "bench-org",
        "Bench",
        "a@bench.example",
        None,
    )
    .await
    .expect("org");
    (url, store, org)
}

/// A published survey `key` that takes many responses from one address.
async fn survey(store: &Store, org: &OrgId, key: &str) {
    let title = ActivityTitle::parse("Bench survey").unwrap();
    let intro = ActivityIntro::parse("Ten questions on three pages.").unwrap();
    store
        .create_survey(org, Some(key), &title, &intro)
        .await
        .unwrap();
    store.save_draft(org, key, &definition()).await.unwrap();
    store.publish_survey(org, key).await.unwrap();
    let mut settings = store.survey(org, key).await.unwrap().settings;
    // Every request of the load comes from one address and client: as many people.
    settings.once_per_person = false;
    store
        .save_survey_settings(org, key, &settings)
        .await
        .unwrap();
}

/// Stores responses `from..to` straight through storage (the group commit), 32 at a time.
async fn fill(store: &Store, org: &OrgId, key: &str, from: usize, to: usize) {
    let def = definition();
    let tasks: Vec<_> = (0..32)
        .map(|w| {
            let (store, org, key, def) = (store.clone(), org.clone(), key.to_string(), def.clone());
            tokio::spawn(async move {
                for i in (from + w..to).step_by(32) {
                    let answers: Answers = serde_json::from_value(answers(i)["values"].clone())
                        .map(|values| Answers {
                            values,
                            other: Default::default(),
                        })
                        .unwrap();
                    let hash = format!("bench-{i}");
                    store
                        .submit_response(
                            &org,
                            NewResponse {
                                survey: &key,
                                version: 1,
                                definition: &def,
                                answers: &answers,
                                participant: None,
                                receipt_hash: &hash,
                            },
                        )
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
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

async fn http_run(url: &str, path: &str, concurrency: usize) -> (f64, Vec<Duration>, usize) {
    let per = PER_RUN / concurrency;
    let url = url.to_string();
    let path = path.to_string();
    tokio::task::spawn_blocking(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let start = Instant::now();
                let tasks: Vec<_> = (0..concurrency)
                    .map(|w| {
                        let (url, path) = (url.clone(), path.clone());
                        tokio::spawn(async move {
                            let mut conn = Conn::connect(&url).await.expect("connect");
                            let mut lat = Vec::with_capacity(per);
                            let mut errors = 0;
                            for i in 0..per {
                                let body = json!({ "version": 1, "answers": answers(w * per + i) })
                                    .to_string();
                                let t = Instant::now();
                                let ok = conn
                                    .post(&path, "application/json", &body)
                                    .await
                                    .is_ok_and(|s| s == 201);
                                lat.push(t.elapsed());
                                errors += usize::from(!ok);
                            }
                            (lat, errors)
                        })
                    })
                    .collect();
                let mut all = Vec::new();
                let mut errors = 0;
                for t in tasks {
                    let (lat, e) = t.await.unwrap();
                    all.extend(lat);
                    errors += e;
                }
                let rate = (per * concurrency) as f64 / start.elapsed().as_secs_f64();
                all.sort();
                (rate, all, errors)
            })
    })
    .await
    .unwrap()
}

fn pct(sorted: &[Duration], p: f64) -> String {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    format!(
        "{:.1} ms",
        sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
    )
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    let (url, store, org) = start_app("survey").await;

    println!("## Survey responses over loopback HTTP (JSON API, 10 questions)\n");
    println!("| clients | responses/s | p50 | p99 | errors |\n|---|---|---|---|---|");
    survey(&store, &org, "load").await;
    let path = "/api/v1/orgs/bench-org/activities/load/responses";
    for c in CONCURRENCY {
        let (rate, lat, errors) = http_run(&url, path, c).await;
        println!(
            "| {c} | {rate:.0} | {} | {} | {errors} |",
            pct(&lat, 0.5),
            pct(&lat, 0.99)
        );
    }
    store.fold_all().await.unwrap();
    let counted = store.counts(&org, "load").await.unwrap().get("responses");
    assert_eq!(
        counted,
        (PER_RUN * CONCURRENCY.len()) as i64,
        "every response counted once"
    );

    println!("\n## Survey results as the console reads them (median of {ROUNDS})\n");
    println!(
        "| responses | fill (responses/s) | live results (ledger) | the last seven days' results (days' counts) | a cross-tab of two questions (read from the responses) | the newest 500 responses (text answers to moderate) |\n|---|---|---|---|---|---|"
    );
    survey(&store, &org, "results").await;
    let mut filled = 0;
    for n in sizes {
        let t = Instant::now();
        fill(&store, &org, "results", filled, n).await;
        let rate = (n - filled) as f64 / t.elapsed().as_secs_f64();
        filled = n;
        store.fold_all().await.unwrap();
        let live = median_ms(|| load(&store, &org, "results", None, None)).await;
        let res = load(&store, &org, "results", None, None).await.unwrap();
        assert_eq!(res.responses, n as i64, "the results count every response");
        // The last seven days (all of the responses were stored today): seven days' counts.
        let day = 86_400_000;
        let week = {
            let today = coproduce::domain::now_ms().div_euclid(day) * day;
            (today - 6 * day, today + day)
        };
        let days_ms = median_ms(|| load(&store, &org, "results", None, Some(week))).await;
        let of_week = load(&store, &org, "results", None, Some(week))
            .await
            .unwrap();
        assert_eq!(of_week.responses, n as i64);
        let strings = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let rooms = strings(&["hall", "kitchen", "garden", "office"]);
        let uses = strings(&["weekly", "sometimes", "never"]);
        let cross = || {
            crosstab(
                &store,
                &org,
                "results",
                ("room", &rooms),
                ("uses", &uses),
                (0, i64::MAX),
            )
        };
        // Once: it reads every response.
        let t = Instant::now();
        let cells = cross().await.unwrap();
        let cross_ms = t.elapsed().as_secs_f64() * 1e3;
        assert_eq!(cells.iter().flatten().sum::<i64>(), n as i64);
        let (newest_ms, newest) = {
            let t = Instant::now();
            let rows = store.latest_responses(&org, "results", 500).await.unwrap();
            (t.elapsed().as_secs_f64() * 1e3, rows.len())
        };
        assert_eq!(newest, 500);
        println!(
            "| {n} | {rate:.0} | {live:.1} ms | {days_ms:.1} ms | {cross_ms:.0} ms | {newest_ms:.0} ms |"
        );
    }
}
