//! Form posts that another website makes a visitor's browser send are refused, with a page
//! that says so, and change nothing; our own pages' posts go through.

use crate::helpers::{TestApp, spawn_app};

const EVIL: &str = "https://evil.example";

/// Posts a form as a browser on `origin` would (`None`: as our own page, by its `Origin`).
async fn post_from(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    headers: &[(&str, &str)],
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(format!("{}{path}", app.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(fields).unwrap());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

fn forged() -> [Vec<(&'static str, &'static str)>; 4] {
    [
        vec![("origin", EVIL)],
        vec![("origin", "null")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("referer", "https://evil.example/win-a-prize")],
    ]
}

#[tokio::test]
async fn another_website_cannot_post_or_support_ideas_through_the_pages() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let token = app.token(&org);
    let submit = format!("/o/org-a/ideas/{}/ideas?lang=de", org.board);
    let support = format!("/o/org-a/ideas/{}/ideas/{id}/support", org.board);
    for headers in forged() {
        let res = post_from(
            &app,
            &submit,
            &[("title", "Planted by evil"), ("form_token", &token)],
            &headers,
            None,
        )
        .await;
        assert_eq!(res.status(), 403, "{headers:?}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let html = res.text().await.unwrap();
        assert!(html.contains("data-code=\"cross_site\""));
        assert!(html.contains("anderen Website"), "in the reader's language");
        let res = post_from(&app, &support, &[("form_token", &token)], &headers, None).await;
        assert_eq!(res.status(), 403, "{headers:?}");
    }
    let receipt = idea["receipt_url"]
        .as_str()
        .unwrap()
        .trim_start_matches(&app.url);
    let res = post_from(
        &app,
        &format!("{receipt}/withdraw"),
        &[],
        &[("origin", EVIL)],
        None,
    )
    .await;
    assert_eq!(res.status(), 403, "nor withdraw someone's idea");
    let board = app.get_board(&org).await;
    assert_eq!(board["idea_count"], 1, "nothing was stored or withdrawn");
    assert_eq!(board["ideas"][0]["supports"], 0, "nothing was counted");

    // The same posts from our own page go through.
    let own = app.url.clone();
    let res = post_from(
        &app,
        &submit,
        &[("title", "From our own page"), ("form_token", &token)],
        &[("origin", &own)],
        None,
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = post_from(
        &app,
        &support,
        &[("form_token", &token)],
        &[("sec-fetch-site", "same-origin")],
        None,
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get_board(&org).await["idea_count"], 2);
}

#[tokio::test]
async fn another_website_cannot_log_a_browser_in_or_drive_the_console() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let res = post_from(
        &app,
        "/console/login",
        &[
            ("email", &org.admin_email),
            ("password", &org.admin_password),
        ],
        &[("origin", EVIL)],
        None,
    )
    .await;
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("set-cookie").is_none(), "no session");

    let session = app.login(&org.admin_email, &org.admin_password).await;
    for headers in forged() {
        let res = post_from(
            &app,
            "/console/settings/origins",
            &[("csrf", &session.csrf), ("origins", EVIL)],
            &headers,
            Some(&session.cookie),
        )
        .await;
        assert_eq!(res.status(), 403, "{headers:?}");
    }
    let settings = app.console_html(&session.cookie, "/console/settings").await;
    assert!(!settings.contains("evil.example"), "origins unchanged");
}

#[tokio::test]
async fn the_json_api_keeps_its_own_guard_of_allowed_origins() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let token = app.token(&org);
    let res = post_from(
        &app,
        &format!("/api/v1/orgs/org-a/activities/{}/ideas", org.board),
        &[("title", "From a foreign site"), ("form_token", &token)],
        &[("origin", EVIL)],
        None,
    )
    .await;
    assert_eq!(res.status(), 403);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "forbidden");
}
