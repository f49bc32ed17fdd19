//! Backends on a real SurrealDB server (`ws://`): the server of crates.io
//! (`tools/surreal-server`, built by `scripts/test`) started once for this test binary on a
//! random port, in memory; each test has a database of its own on it. Three backends share
//! one database: migrations apply once when they start together, a session is valid on every
//! backend, counts are exact whichever backend took the writes, 200 parallel identical
//! supports spread over the three count once, pre-moderation switched on or a board closed
//! on one applies on the others within a second, and the three keep to one rate limit.
//!
//! The whole API suite also runs on this server, one backend per test
//! (`COPRODUCE_TEST_DATABASE=server`, the second API run of `scripts/test`); the tests here
//! add what needs several backends on one database. The tests that start `coproduce` as a
//! process (backup, crash, shutdown, command line) and the upgrade test use the embedded file
//! database in both runs: that is what they are about.

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use coproduce::config::Secret;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_with};

/// The address of the one SurrealDB server of this test binary.
pub static SERVER: LazyLock<String> = LazyLock::new(start_server);

/// The server tool's binary (`tools/surreal-server`).
pub fn server_binary() -> String {
    let bin = std::env::var("COPRODUCE_SURREAL_SERVER").unwrap_or_else(|_| {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        format!("{target}/debug/coproduce-surreal-server")
    });
    assert!(
        std::path::Path::new(&bin).exists(),
        "no SurrealDB server at {bin}: `scripts/build-backend` builds it (cargo build --bins --tests)"
    );
    bin
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Waits until something listens on `port`.
pub fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the SurrealDB server started");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn start_server() -> String {
    let bin = server_binary();
    let port = free_port();
    // The server lives as long as this process: a shell ends it when our end of its stdin
    // closes (this process exited, however).
    let script = format!(
        "'{bin}' start --bind 127.0.0.1:{port} --user root --pass root --log error memory & pid=$!; cat >/dev/null; kill $pid"
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the SurrealDB server");
    // Keep stdin open for the life of the process.
    std::mem::forget(child.stdin.take());
    if let Some(err) = child.stderr.take() {
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
                eprintln!("surreal: {line}");
            }
        });
    }
    std::thread::spawn(move || child.wait());
    wait_for_port(port);
    format!("ws://127.0.0.1:{port}")
}

/// `n` backends on one fresh database of the server, sharing one secret (as they must).
async fn backends(n: usize) -> Vec<TestApp> {
    backends_with(n, |_| {}).await
}

async fn backends_with(
    n: usize,
    configure: impl Fn(&mut coproduce::config::Settings) + Clone,
) -> Vec<TestApp> {
    let url = SERVER.clone();
    let db = format!("d{}", coproduce::domain::random_key(10));
    let secret = coproduce::domain::random_key(32);
    let starting = (0..n).map(|_| {
        let (url, db, secret) = (url.clone(), db.clone(), secret.clone());
        let configure = configure.clone();
        spawn_app_with(move |s| {
            configure(s);
            s.database.url = url;
            s.database.namespace = "coproduce".into();
            s.database.database = db;
            s.database.username = Some("root".into());
            s.database.password = Some(Secret::new("root"));
            s.secret = Some(Secret::new(secret));
        })
    });
    // Together: the migrations race, and apply once.
    futures::future::join_all(starting).await
}

#[tokio::test]
async fn three_backends_on_one_server_share_sessions_counts_and_settings() {
    let apps = backends(3).await;
    let org = apps[0].create_org("org-a").await;
    // Ideas through every backend, round-robin; the counts agree everywhere.
    let mut ids = Vec::new();
    for i in 0..6 {
        let idea = apps[i % 3].post_idea(&org, &format!("Idea {i}")).await;
        ids.push(idea["idea"]["id"].as_str().unwrap().to_string());
    }
    // 200 parallel identical supports spread over the three: one counts.
    let supports = (0..200).map(|i| apps[i % 3].support(&org, &ids[0], "same person"));
    let statuses: Vec<u16> = futures::future::join_all(supports)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    for app in &apps {
        let board = app.get_board(&org).await;
        assert_eq!(board["idea_count"], 6);
        let first = board["ideas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == ids[0].as_str())
            .unwrap();
        assert_eq!(first["supports"], 1);
    }

    // A session made on one backend is valid on the others.
    let session = apps[0].login(&org.admin_email, &org.admin_password).await;
    for app in &apps[1..] {
        let res = app.console_get(&session.cookie, "/console").await;
        assert_eq!(res.status(), 200, "the session holds on every backend");
    }

    // Pre-moderation switched on one backend: within a second no backend publishes at once.
    let path = format!("/console/activities/{}/settings", org.board);
    let res = apps[2]
        .console_post(
            &session,
            &path,
            &[
                ("title", "Youth centre"),
                ("question", "How?"),
                ("moderation", "pre"),
                ("open", "on"),
            ],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    for (i, app) in apps.iter().enumerate() {
        let idea = app.post_idea(&org, &format!("Waits {i}")).await;
        assert_eq!(idea["published"], false, "pre-moderated on backend {i}");
    }

    // Closing the board on one backend: the others refuse new ideas within a second.
    let res = apps[1]
        .console_post(
            &session,
            &path,
            &[
                ("title", "Youth centre"),
                ("question", "How?"),
                ("moderation", "post"),
            ],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    for app in &apps {
        let res = app
            .post_form(
                &format!("{}/ideas", app.board_api(&org)),
                &[("title", "Too late"), ("form_token", &app.token(&org))],
            )
            .await;
        assert_eq!(res.status(), 409, "closed everywhere");
    }
}

#[tokio::test]
async fn surveys_maps_ratings_and_the_organisations_page_run_on_the_server() {
    let apps = backends(2).await;
    let org = apps[0].create_org("org-a").await;
    // A map report and a story through one backend, read through the other.
    crate::map_helpers::map(&apps[0], &org, "barriers").await;
    crate::map_helpers::report(&apps[0], &org, "barriers", 52.5, 13.4).await;
    crate::ratings::ratings(&apps[0], &org, crate::ratings::KEY).await;
    let told = crate::ratings::tell(
        &apps[1],
        &org,
        crate::ratings::KEY,
        json!({ "service": "debt", "overall": 4, "story": "Kind." }),
    )
    .await;
    assert_eq!(told.status(), 201);
    let receipt = told.json::<Value>().await.unwrap()["receipt_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let seen = apps[0]
        .client
        .get(apps[0].api(&format!("/orgs/{}/receipts/{receipt}", org.slug)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        seen.status(),
        200,
        "a receipt made on one backend opens on the other"
    );
    let reports: Value = apps[1]
        .client
        .get(format!(
            "{}/reports",
            crate::map_helpers::map_api(&apps[1], &org, "barriers")
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reports["reports"].as_array().unwrap().len(), 1);
    // A survey response, counted into the survey's and its day's scopes.
    crate::surveys::published_survey(&apps[0], &org, "centre").await;
    let answers = crate::surveys::full_answers();
    let sent = crate::surveys::respond(&apps[1], &org, "centre", answers, "one").await;
    assert_eq!(sent.status(), 201);
    let counts = crate::surveys::counts(&apps[0], &org, "centre").await;
    assert_eq!(counts.get("responses"), 1);
    // The organisation's page, from the months' counts on the server.
    let page = apps[1]
        .client
        .get(format!("{}/o/{}?lang=en", apps[1].url, org.slug))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
}

#[tokio::test]
async fn three_backends_keep_to_one_rate_limit_between_them() {
    // Each of three backends allows its share, 2 of 6 a minute: round-robin, 6 in all.
    let limited = |s: &mut coproduce::config::Settings| {
        s.limits.writes_per_client_per_minute = 6;
        s.limits.backends = 3;
    };
    let apps = backends_with(3, limited).await;
    let org = apps[0].create_org("org-a").await;
    let mut accepted = 0;
    for i in 0..12 {
        let app = &apps[i % 3];
        let token = app.token(&org);
        let res = app
            .post_form(
                &format!("{}/ideas", app.board_api(&org)),
                &[
                    ("title", &format!("Idea {i}")),
                    ("body", "."),
                    ("form_token", &token),
                ],
            )
            .await;
        match res.status().as_u16() {
            201 => accepted += 1,
            429 => {}
            other => panic!("idea {i}: {other}"),
        }
    }
    assert_eq!(accepted, 6, "the installation keeps to the limit");
    // However a client's requests are spread, no more than the backends' shares together.
    let mut more = 0;
    for app in &apps {
        let token = app.token(&org);
        let res = app
            .post_form(
                &format!("{}/ideas", app.board_api(&org)),
                &[("title", "One more"), ("body", "."), ("form_token", &token)],
            )
            .await;
        more += usize::from(res.status() == 201);
    }
    assert_eq!(more, 0, "every backend has given its share");
    assert_eq!(apps[1].get_board(&org).await["idea_count"], 6);
}
