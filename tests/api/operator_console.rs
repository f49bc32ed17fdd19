//! The installation operator's console: log in with the operator's token, see every
//! organisation with its size, create one, switch one off (nothing of it is served, its
//! staff are logged out and cannot log in) and on again — while the server runs.

use reqwest::StatusCode;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const TOKEN: &str = "an operator token of this installation, long enough";

async fn operator_app() -> TestApp {
    spawn_app_with(|s| s.operator_token = Some(coproduce::config::Secret::new(TOKEN))).await
}

async fn get(app: &TestApp, cookie: &str, path: &str) -> (StatusCode, String) {
    let res = app
        .client
        .get(format!("{}{path}", app.url))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn post(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let res = app
        .client
        .post(format!("{}{path}", app.url))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The operator's form for a new organisation: slug, name, the first admin's address.
async fn new_org(
    app: &TestApp,
    cookie: &str,
    [slug, name, email]: [&str; 3],
) -> (StatusCode, String) {
    let form = [("slug", slug), ("name", name), ("admin_email", email)];
    post(app, cookie, "/operator/orgs", &form).await
}

/// Logs in; the session cookie.
async fn log_in(app: &TestApp) -> String {
    let res = app
        .client
        .post(format!("{}/operator/login", app.url))
        .form(&[("token", TOKEN)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn without_an_operator_token_there_is_no_operator_console() {
    let app = spawn_app().await;
    assert_eq!(get(&app, "", "/operator").await.0, 404);
    let (status, _) = post(&app, "", "/operator/login", &[("token", "")]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn only_the_operators_token_opens_the_console() {
    let app = operator_app().await;
    let (status, page) = get(&app, "", "/operator").await;
    assert_eq!(status, 200);
    assert!(page.contains("Operator token") && !page.contains("Organisations of"));
    let (status, page) = post(&app, "", "/operator/login", &[("token", "a guess")]).await;
    assert_eq!(status, 401);
    assert!(page.contains("not the operator"));
    let cookie = log_in(&app).await;
    let (status, page) = get(&app, &cookie, "/operator").await;
    assert_eq!(status, 200);
    assert!(page.contains("Organisations of this installation"));
    // A cookie of its own making opens nothing, nor does a post without a session.
    let forged = format!("cp_operator={}.{}", u64::MAX, "0".repeat(64));
    assert!(
        !get(&app, &forged, "/operator")
            .await
            .1
            .contains("Organisations of")
    );
    let (status, _) = new_org(&app, &forged, ["x-y", "X", "a@x.example"]).await;
    assert_eq!(status, 401);
    // Guessing is throttled per address.
    for _ in 0..6 {
        post(&app, "", "/operator/login", &[("token", "another guess")]).await;
    }
    let (status, _) = post(&app, "", "/operator/login", &[("token", TOKEN)]).await;
    assert_eq!(status, 429);
}

#[tokio::test]
async fn the_operator_sees_sizes_creates_an_organisation_and_switches_one_off_and_on() {
    let app = operator_app().await;
    let org = app.create_org("org-a").await;
    app.post_idea(&org, "Longer opening hours").await;
    app.post_idea(&org, "A quiet room").await;
    let cookie = log_in(&app).await;
    let (_, page) = get(&app, &cookie, "/operator").await;
    let row = page
        .split("<code>org-a</code>")
        .nth(1)
        .expect("org-a listed");
    let cells: Vec<&str> = row
        .split("<td>")
        .skip(1)
        .take(3)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["1", "2", "1"], "activities, contributions, staff");

    // A new organisation, its admin's password shown once; the admin logs in at once.
    let (status, page) = new_org(
        &app,
        &cookie,
        ["kiez-treff", "Kiez <Treff>", "admin@kiez.example"],
    )
    .await;
    assert_eq!(status, 201);
    assert!(page.contains("Kiez &lt;Treff&gt;") && !page.contains("Kiez <Treff>"));
    let password = page
        .split("shown once: ")
        .nth(1)
        .and_then(|p| p.split('<').next())
        .unwrap();
    app.login("admin@kiez.example", password).await;
    let (status, page) = new_org(&app, &cookie, ["kiez-treff", "Again", "b@kiez.example"]).await;
    assert_eq!(status, 422);
    assert!(page.contains("Not created") && page.contains("exists already"));
    // The language link of that page leads back to the console, in the other language.
    let res = app
        .client
        .get(format!("{}/operator/orgs?lang=de", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/operator?lang=de");
    // What is wrong, named by its field: here in German.
    let (_, page) = get(&app, &cookie, "/operator?lang=de").await;
    assert!(
        page.contains("Organisationen dieser Installation"),
        "{page}"
    );
    let (status, page) = post(
        &app,
        &cookie,
        "/operator/orgs?lang=de",
        &[
            ("slug", "x"),
            ("name", "Kurz"),
            ("admin_email", "k@x.example"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Nicht angelegt: Name in der Adresse"),
        "the field and why: {page}"
    );

    // Off: nothing of it is served, its staff's sessions end, no one of it logs in.
    let staff = app.login(&org.admin_email, &org.admin_password).await;
    let (status, _) = post(
        &app,
        &cookie,
        "/operator/orgs/org-a/state",
        &[("disabled", "true")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.client
            .get(app.board_api(&org))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(get(&app, "", "/o/org-a").await.0, 404);
    let console = app.console_get(&staff.cookie, "/console").await;
    assert_eq!(console.status(), 303, "logged out");
    let res = app
        .post_form(
            &format!("{}/console/login", app.url),
            &[
                ("email", org.admin_email.as_str()),
                ("password", org.admin_password.as_str()),
            ],
        )
        .await;
    assert_ne!(res.status(), 303, "cannot log in");
    assert!(
        get(&app, &cookie, "/operator")
            .await
            .1
            .contains("Switch on")
    );

    // On again: served and open to its staff as before, its ideas kept.
    let (status, _) = post(
        &app,
        &cookie,
        "/operator/orgs/org-a/state",
        &[("disabled", "false")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(app.get_board(&org).await["idea_count"], 2);
    app.login(&org.admin_email, &org.admin_password).await;
}

#[tokio::test]
async fn another_website_cannot_switch_an_organisation_off() {
    let app = operator_app().await;
    let org = app.create_org("org-a").await;
    let cookie = log_in(&app).await;
    let res = app
        .client
        .post(format!("{}/operator/orgs/org-a/state", app.url))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .form(&[("disabled", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        app.client
            .get(app.board_api(&org))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}
