//! Behind a reverse proxy: only from `http.trusted_proxies` are `Forwarded` and
//! `X-Forwarded-For` read, and then the right-most hop no proxy vouches for is the citizen.
//! Spoofed headers from anyone else change nothing: not who supports, not the rate limits.

use crate::helpers::{Org, TestApp, client_from, spawn_app_with};

/// A support of `idea` through `client` (its connections' address) with these headers.
async fn support_via(
    app: &TestApp,
    org: &Org,
    idea: &str,
    client: &reqwest::Client,
    headers: &[(&str, &str)],
) -> u16 {
    let body = serde_urlencoded::to_string([("form_token", app.token(org))]).unwrap();
    let mut req = client
        .post(format!("{}/ideas/{idea}/supports", app.board_api(org)))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("user-agent", "one browser");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(body).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_a_trusted_proxy() {
    let app = spawn_app_with(|s| s.http.trusted_proxies = vec!["127.0.0.1/32".into()]).await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches").await["idea"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let proxy = client_from("127.0.0.1");
    // Two citizens behind the proxy: two supports, though one connection address.
    for citizen in ["203.0.113.7", "198.51.100.20"] {
        let xff = format!("{citizen}, 127.0.0.1");
        let status = support_via(&app, &org, &idea, &proxy, &[("x-forwarded-for", &xff)]).await;
        assert_eq!(status, 200, "{citizen}");
    }
    // The same citizen again, through RFC 7239 this time: once only.
    let fwd = [("forwarded", "for=203.0.113.7;proto=https")];
    assert_eq!(support_via(&app, &org, &idea, &proxy, &fwd).await, 409);
    // Someone else, not a proxy, claims other addresses: it stays one person, its own address.
    let other = client_from("127.0.0.2");
    let first = [("x-forwarded-for", "192.0.2.1")];
    let second = [
        ("x-forwarded-for", "192.0.2.2"),
        ("forwarded", "for=192.0.2.3"),
    ];
    assert_eq!(support_via(&app, &org, &idea, &other, &first).await, 200);
    assert_eq!(support_via(&app, &org, &idea, &other, &second).await, 409);
    assert_eq!(app.get_board(&org).await["ideas"][0]["supports"], 3);
}

#[tokio::test]
async fn without_trusted_proxies_the_headers_change_nothing_and_limits_hold() {
    let app = spawn_app_with(|s| s.limits.writes_per_client_per_minute = 3).await;
    let org = app.create_org("org-a").await;
    // Four ideas, each from a client of its own (each client may write three times a minute).
    let mut ideas = Vec::new();
    for (i, title) in ["One", "Two", "Three", "Four"].iter().enumerate() {
        let body =
            serde_urlencoded::to_string([("title", *title), ("form_token", &app.token(&org))])
                .unwrap();
        let res = client_from(&format!("127.0.1.{}", i + 1))
            .post(format!("{}/ideas", app.board_api(&org)))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let idea: serde_json::Value = res.json().await.unwrap();
        ideas.push(idea["idea"]["id"].as_str().unwrap().to_string());
    }
    // One client supports all four, claiming a fresh address each time: its fourth write in
    // the minute is refused all the same.
    let client = client_from("127.0.0.3");
    let mut statuses = Vec::new();
    for (i, idea) in ideas.iter().enumerate() {
        let claimed = format!("192.0.2.{}", i + 1);
        statuses
            .push(support_via(&app, &org, idea, &client, &[("x-forwarded-for", &claimed)]).await);
    }
    assert_eq!(statuses, [200, 200, 200, 429], "one client, one limit");
}
