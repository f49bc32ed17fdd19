//! A data directory written by the release before the ledger (`tests/upgrade/make-fixture.sh`
//! says how) opens with this build, migrates once, and shows the same ideas, counts and
//! receipts; its staff log in and its sessions are still read.

use serde_json::Value;

use crate::helpers::{TestApp, spawn_app_with};

const FIXTURE: &str = "from-ffc6c20";

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/upgrade")
}

/// The fixture's data directory, unpacked into a fresh temporary directory.
fn unpack() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "coproduce-upgrade-{}",
        coproduce::domain::random_key(8)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let archive = fixture_dir().join(format!("{FIXTURE}.tar.gz"));
    let status = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&dir)
        .status()
        .expect("tar runs");
    assert!(status.success(), "unpacking {}", archive.display());
    dir
}

async fn get_json(app: &TestApp, path: &str) -> Value {
    let res = app.client.get(app.api(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// Every field the old release showed shows the same now (this build may show more, such as a
/// board's `next` page).
fn assert_shows_the_same(now: &Value, before: &Value, what: &str) {
    for (field, value) in before.as_object().unwrap() {
        assert_eq!(&now[field], value, "{what}: {field}");
    }
}

#[tokio::test]
async fn the_release_before_the_ledger_leaves_data_this_build_shows_the_same() {
    let shown: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture_dir().join(format!("{FIXTURE}.json"))).unwrap(),
    )
    .unwrap();
    let dir = unpack();
    // The fixture's own key, as a backend reads it from its data directory.
    let key = std::fs::read_to_string(dir.join("secret.key")).unwrap();
    let app = spawn_app_with(|s| {
        s.data_dir = dir.clone();
        s.database.url = String::new();
        s.secret = Some(coproduce::config::Secret::new(key.trim().to_string()));
    })
    .await;

    let org = "upgrade-org";
    for (board, sorts) in shown["boards"].as_object().unwrap() {
        for (sort, before) in sorts.as_object().unwrap() {
            let now = get_json(&app, &format!("/orgs/{org}/activities/{board}?sort={sort}")).await;
            assert_shows_the_same(&now, before, &format!("board {board} sorted by {sort}"));
        }
    }
    for (token, before) in shown["receipts"].as_object().unwrap() {
        let now = get_json(&app, &format!("/orgs/{org}/receipts/{token}")).await;
        assert_shows_the_same(&now, before, &format!("receipt {token}"));
    }

    // Counts rebuilt from the records, and what the boards said they held.
    let org_id = app
        .store
        .find_org(&coproduce::domain::OrgSlug::parse(org).unwrap())
        .await
        .unwrap()
        .unwrap()
        .0;
    for board in ["ideen", "vorab"] {
        let counts = app.store.counts(&org_id, board).await.unwrap();
        assert_eq!(counts, app.store.recount(&org_id, board).await.unwrap());
        assert_eq!(
            Value::from(counts.get("public")),
            shown["boards"][board]["newest"]["idea_count"]
        );
    }
    let ideen = app.store.counts(&org_id, "ideen").await.unwrap();
    assert_eq!(ideen.get("hidden"), 1, "the idea hidden as advertising");
    assert_eq!(ideen.get("status:declined"), 1);

    // Staff log in as before; the session of that release is still read (and expired by now,
    // as sessions are after eight hours).
    let cookie = shown["session_cookie"].as_str().unwrap();
    let token = cookie.split_once('=').unwrap().1;
    // Read as stored: `Store::session` also checks the expiry, and the fixture's session
    // expired eight hours after it was made.
    let mut res = app
        .store
        .raw()
        .query("SELECT VALUE email FROM ONLY type::record('session', $id)")
        .bind(("id", coproduce::http::abuse::sha256_hex(token)))
        .await
        .unwrap();
    let email: Option<String> = res.take(0).unwrap();
    let email = email.expect("the old session is still stored");
    assert!(
        app.store
            .session(&coproduce::http::abuse::sha256_hex(token))
            .await
            .unwrap()
            .is_none(),
        "an expired session signs no one in"
    );
    assert_eq!(email, "admin@upgrade.example");
    let staff = app
        .login("admin@upgrade.example", "upgrade-fixture-password")
        .await;
    let page = app
        .console_html(&staff.cookie, "/console/activities/ideen")
        .await;
    assert!(
        page.contains("Mehr Bänke im Park"),
        "the console shows the board's ideas"
    );

    let migrations = app
        .store
        .raw()
        .query("SELECT VALUE version FROM migration ORDER BY version")
        .await
        .unwrap()
        .take::<Vec<i64>>(0)
        .unwrap();
    assert_eq!(
        migrations,
        (1..=migrations.len() as i64).collect::<Vec<_>>(),
        "each once"
    );
    let _ = std::fs::remove_dir_all(dir);
}
