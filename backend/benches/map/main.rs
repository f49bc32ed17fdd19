//! `cargo bench --bench map --profile release` (or `bench/map`): clustering
//! 100,000 reports in memory, then the cluster query as the API answers it (reading the
//! reports of the view from the database, file engine as served) for a city's view and a
//! street's, the newest page of the list, and reports with one photo over loopback HTTP at 1
//! and 8 clients. Loopback only, bounded in count and time. Prints Markdown for
//! BENCHMARKS.md; asserts only that every report in view is counted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use coproduce::config::for_tests;
use coproduce::map::cluster::{Located, clusters};
use coproduce::map::storage::{NewReportRecord, ReportFilter};
use coproduce::startup::Application;
use coproduce::storage::Store;
use coproduce_widgets::contract::Moderation;
use coproduce_widgets::map::definition::{LatLon, MapDefinition, NewReportWire};
use coproduce_widgets::map::geo::{Area, Point};

const REPORTS: usize = 100_000;
const ROUNDS: usize = 15;
/// Reports with a photo per HTTP run.
const PER_RUN: usize = 160;

fn median_ms(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut times = Vec::with_capacity(ROUNDS);
    let mut out = 0;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        out = std::hint::black_box(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[ROUNDS / 2], out)
}

/// A fixed sequence of points in a city of 30 × 40 km (no dependency for random).
fn city(n: usize) -> Vec<Point> {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| Point::from_degrees(52.35 + 0.3 * next(), 13.05 + 0.6 * next()).unwrap())
        .collect()
}

fn area(s: f64, w: f64, n: f64, e: f64) -> Area {
    Area::new(
        Point::from_degrees(s, w).unwrap(),
        Point::from_degrees(n, e).unwrap(),
    )
    .unwrap()
}

const VIEWS: [(&str, u8, [f64; 4]); 3] = [
    ("the whole city", 11, [52.3, 13.0, 52.7, 13.7]),
    ("a district", 14, [52.48, 13.35, 52.52, 13.45]),
    ("a street", 17, [52.500, 13.400, 52.503, 13.405]),
];

fn in_memory(points: &[Point]) {
    let t = Instant::now();
    let reports: Vec<Located<usize>> = points
        .iter()
        .enumerate()
        .map(|(i, p)| Located::new(i, *p))
        .collect();
    let index_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("## Clusters of {REPORTS} reports in memory (median of {ROUNDS})\n");
    println!("Map positions of all reports worked out once: {index_ms:.1} ms.\n");
    println!("| view | zoom | reports in view | clusters | time |\n|---|---|---|---|---|");
    for (name, zoom, [s, w, n, e]) in VIEWS {
        let view = area(s, w, n, e);
        let in_view = points.iter().filter(|p| view.contains(**p)).count();
        let (ms, n) = median_ms(|| {
            let found = clusters(&reports, zoom, &view);
            assert_eq!(found.iter().map(|c| c.count).sum::<usize>(), in_view);
            found.len()
        });
        println!("| {name} | {zoom} | {in_view} | {n} | {ms:.1} ms |");
    }
}

fn definition() -> MapDefinition {
    serde_json::from_value(serde_json::json!({
        "categories": [
            { "id": "step", "label": { "de": "Stufe", "en": "Step" } },
            { "id": "lift", "label": { "de": "Aufzug", "en": "Lift" } }
        ]
    }))
    .unwrap()
}

/// Stores `points` as reports straight through storage, 32 writers at once.
async fn fill(store: &Store, org: &coproduce::domain::OrgId, key: &str, points: &[Point]) {
    let def = definition();
    let tasks: Vec<_> = (0..32)
        .map(|w| {
            let (store, org, key, def) = (store.clone(), org.clone(), key.to_string(), def.clone());
            let mine: Vec<(usize, Point)> = points
                .iter()
                .copied()
                .enumerate()
                .skip(w)
                .step_by(32)
                .collect();
            tokio::spawn(async move {
                for (i, p) in mine {
                    let wire = NewReportWire {
                        category: if i % 3 == 0 { "step" } else { "lift" }.into(),
                        description: format!("Report number {i}"),
                        at: Some(LatLon {
                            lat: p.lat(),
                            lon: p.lon(),
                        }),
                        ..NewReportWire::default()
                    };
                    let report = wire.check(&def).unwrap();
                    let hash = format!("bench-{i}");
                    store
                        .submit_report(
                            &org,
                            NewReportRecord {
                                map: &key,
                                report: &report,
                                photos: &[],
                                receipt_hash: &hash,
                                moderation: Moderation::Post,
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

async fn median_async<F, Fut>(mut f: F) -> (f64, usize)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut times = Vec::with_capacity(ROUNDS);
    let mut out = 0;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        out = f().await;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[ROUNDS / 2], out)
}

/// An application on the file engine (as served) in a directory of its own, with one
/// organisation and a map: (its address, its store, the organisation, the directory).
async fn application(name: &str) -> (String, Store, coproduce::domain::OrgId, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let mut settings = for_tests();
    settings.data_dir = dir.clone();
    settings.database.url = String::new();
    settings.limits.writes_per_client_per_minute = 1_000_000;
    settings.limits.writes_per_org_per_minute = 1_000_000;
    settings.limits.check_form_age = false;
    settings.http.max_connections_per_address = 0;
    let app = Application::build(settings).await.unwrap();
    let url = app.public_url().to_string();
    let store = app.store().clone();
    coproduce::seed::create_org_with_admin(&store, "bench-org", "Bench", "a@b.example", None)
        .await
        .unwrap();
    let (org, _) = store
        .find_org(&coproduce::domain::OrgSlug::parse("bench-org").unwrap())
        .await
        .unwrap()
        .unwrap();
    let title = coproduce::domain::activity::ActivityTitle::parse("Bench map").unwrap();
    let intro = coproduce::domain::activity::ActivityIntro::parse("Where?").unwrap();
    store
        .create_map(&org, Some("m"), &title, &intro, &definition())
        .await
        .unwrap();
    tokio::spawn(app.run_until_stopped());
    (url, store, org, dir)
}

async fn from_database(points: &[Point]) {
    let (url, store, org, dir) = application("coproduce-bench-map").await;
    let t = Instant::now();
    fill(&store, &org, "m", points).await;
    let fill_s = t.elapsed().as_secs_f64();
    store.fold_all().await.unwrap();
    println!(
        "\n## The cluster query at {REPORTS} reports over loopback HTTP (file engine; median of {ROUNDS})\n"
    );
    println!(
        "{REPORTS} reports stored through storage by 32 writers in {fill_s:.0} s ({:.0}/s). Up to zoom 13 the clusters come from the grid counts, deeper from the reports of the zoom-14 tiles in view.\n",
        REPORTS as f64 / fill_s
    );
    println!("| view | zoom | reports in view | clusters | answer |\n|---|---|---|---|---|");
    let client = reqwest::Client::new();
    for (name, zoom, [s, w, n, e]) in VIEWS {
        let view = area(s, w, n, e);
        let in_view = points.iter().filter(|p| view.contains(**p)).count();
        let address = format!(
            "{url}/api/v1/orgs/bench-org/activities/m/clusters?zoom={zoom}&bbox={w},{s},{e},{n}"
        );
        let (ms, n) = median_async(|| async {
            let res = client.get(&address).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let found: Vec<serde_json::Value> =
                serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
            let counted: u64 = found.iter().map(|c| c["count"].as_u64().unwrap()).sum();
            // Every report in view once; the grid's edge squares hold some just outside.
            assert!(counted as usize >= in_view, "{counted} < {in_view}");
            found.len()
        })
        .await;
        println!("| {name} | {zoom} | {in_view} | {n} | {ms:.1} ms |");
    }
    let (ms, n) = median_async(|| async {
        let (page, _) = store
            .public_reports(&org, "m", &ReportFilter::default(), None, 50)
            .await
            .unwrap();
        page.len()
    })
    .await;
    println!("\nThe list's newest page ({n} reports): {ms:.1} ms.");
    let counts = store.counts(&org, "m").await.unwrap();
    assert_eq!(counts.get("public"), REPORTS as i64);
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// A photo as a phone's browser sends it after the widget shrank it: 1600 px on its long side.
fn shrunk_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
        let n = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 64;
        image::Rgb([(x / 7) as u8 ^ n as u8, (y / 5) as u8, ((x + y) / 11) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&img)
        .unwrap();
    out
}

fn multipart(report: &str, photo: &[u8]) -> (String, Vec<u8>) {
    let boundary = "cp-bench-7d9a";
    let mut body = format!(
        "--{boundary}\r\ncontent-disposition: form-data; name=\"report\"\r\n\r\n{report}\r\n--{boundary}\r\ncontent-disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\ncontent-type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend(photo);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn over_http() {
    let (url, _store, _org, dir) = application("coproduce-bench-map-http").await;
    let photo = shrunk_photo();
    let report = serde_json::json!({ "category": "lift", "description": "Bench", "at": { "lat": 52.5, "lon": 13.4 } }).to_string();
    let (kind, body) = multipart(&report, &photo);
    let endpoint = format!("{url}/api/v1/orgs/bench-org/activities/m/reports");
    println!(
        "\n## Reports with one photo over loopback HTTP ({PER_RUN} per run; photo {:.0} KB, as the widget sends it)\n",
        photo.len() as f64 / 1024.0
    );
    println!("| clients | reports/s | p50 | p99 |\n|---|---|---|---|");
    for clients in [1usize, 8] {
        let client = reqwest::Client::new();
        let t = Instant::now();
        let tasks: Vec<_> = (0..clients)
            .map(|_| {
                let (client, endpoint, kind, body) =
                    (client.clone(), endpoint.clone(), kind.clone(), body.clone());
                tokio::spawn(async move {
                    let mut times = Vec::new();
                    for _ in 0..PER_RUN / clients {
                        let s = Instant::now();
                        let res = client
                            .post(&endpoint)
                            .header("content-type", &kind)
                            .body(body.clone())
                            .timeout(Duration::from_secs(60))
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(res.status(), 201);
                        times.push(s.elapsed().as_secs_f64() * 1e3);
                    }
                    times
                })
            })
            .collect();
        let mut times = Vec::new();
        for task in tasks {
            times.extend(task.await.unwrap());
        }
        let secs = t.elapsed().as_secs_f64();
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
        println!(
            "| {clients} | {:.0} | {:.0} ms | {:.0} ms |",
            times.len() as f64 / secs,
            at(0.5),
            at(0.99)
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::main]
async fn main() {
    let points = city(REPORTS);
    in_memory(&points);
    from_database(&points).await;
    over_http().await;
}
