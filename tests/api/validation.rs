use crate::helpers::{spawn_app, spawn_app_with};

async fn assert_error(res: reqwest::Response, status: u16, code: &str, field: Option<&str>) {
    assert_eq!(res.status(), status, "status for {code}");
    let body: serde_json::Value = res.json().await.expect("json error body");
    assert_eq!(body["code"], code);
    assert!(
        !body["message"].as_str().unwrap_or("").is_empty(),
        "a human message"
    );
    match field {
        Some(f) => assert_eq!(body["field"], f),
        None => assert!(body.get("field").is_none()),
    }
}

#[tokio::test]
async fn every_bad_field_gets_a_coded_error_and_nothing_is_stored() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let url = format!("{}/ideas", app.board_api(&org));
    let token = app.token(&org);
    let long_title = "t".repeat(121);
    let long_body = "b".repeat(2001);
    let long_name = "n".repeat(61);
    // (form fields, field with the error, error code)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("title", "   ")], "title", "required"),
        (vec![("title", "ab")], "title", "too_short"),
        (vec![("title", &long_title)], "title", "too_long"),
        (
            vec![("title", "A fine idea"), ("body", &long_body)],
            "body",
            "too_long",
        ),
        (
            vec![("title", "A fine idea"), ("name", &long_name)],
            "name",
            "too_long",
        ),
        (vec![("title", "Bell\u{7} idea")], "title", "invalid"),
    ];
    for (mut fields, field, code) in cases {
        fields.push(("form_token", &token));
        assert_error(app.post_form(&url, &fields).await, 422, code, Some(field)).await;
    }
    assert_eq!(app.get_board(&org).await["idea_count"], 0);
}

#[tokio::test]
async fn bots_and_stale_or_forged_forms_are_refused() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let url = format!("{}/ideas", app.board_api(&org));
    let token = app.token(&org);
    let honeypot = app
        .post_form(
            &url,
            &[
                ("title", "Buy pills"),
                ("website", "http://spam"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_error(honeypot, 422, "spam_suspected", None).await;
    let forged = app
        .post_form(
            &url,
            &[
                ("title", "A fine idea"),
                ("form_token", "1700000000.deadbeef"),
            ],
        )
        .await;
    assert_error(forged, 422, "form_expired", None).await;
    let missing = app.post_form(&url, &[("title", "A fine idea")]).await;
    assert_error(missing, 422, "form_expired", None).await;
    let fresh = app.get_board(&org).await["form_token"]
        .as_str()
        .unwrap()
        .to_string();
    let too_fast = app
        .post_form(&url, &[("title", "A fine idea"), ("form_token", &fresh)])
        .await;
    assert_error(too_fast, 422, "too_fast", None).await;
    assert_eq!(app.get_board(&org).await["idea_count"], 0);
}

#[tokio::test]
async fn malformed_oversized_and_wrongly_typed_bodies_are_refused() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let url = format!("{}/ideas", app.board_api(&org));
    let bad_json = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    assert_error(bad_json, 400, "malformed_body", None).await;
    let wrong_type = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body("title=x")
        .send()
        .await
        .unwrap();
    assert_error(wrong_type, 415, "unsupported_media_type", None).await;
    let huge = format!("title={}", "x".repeat(20_000));
    let too_large = app
        .client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_error(too_large, 413, "payload_too_large", None).await;
    // JSON is accepted too.
    let token = app.token(&org);
    let ok = app
        .client
        .post(&url)
        .json(&serde_json::json!({"title": "Sent as JSON", "form_token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    assert_eq!(app.get_board(&org).await["idea_count"], 1);
}

#[tokio::test]
async fn unknown_ids_answer_not_found() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let missing_org = app
        .client
        .get(app.api("/orgs/nobody/activities/x"))
        .send()
        .await
        .unwrap();
    assert_error(missing_org, 404, "not_found", None).await;
    let missing_board = app
        .client
        .get(app.api("/orgs/org-a/activities/nope"))
        .send()
        .await
        .unwrap();
    assert_error(missing_board, 404, "not_found", None).await;
    let token = app.token(&org);
    let missing_idea = app
        .post_form(
            &format!("{}/ideas/nope/supports", app.board_api(&org)),
            &[("form_token", &token)],
        )
        .await;
    assert_error(missing_idea, 404, "not_found", None).await;
    let bad_receipt = app
        .client
        .get(app.api("/orgs/org-a/receipts/nope"))
        .send()
        .await
        .unwrap();
    assert_error(bad_receipt, 404, "not_found", None).await;
    let bad_sort = app
        .client
        .get(format!("{}?sort=random", app.board_api(&org)))
        .send()
        .await
        .unwrap();
    assert_error(bad_sort, 422, "invalid", Some("sort")).await;
}

#[tokio::test]
async fn a_closed_board_refuses_ideas_and_supports() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Before closing").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{}/settings", org.board),
            &[
                ("title", "Youth centre"),
                ("question", "How should the youth centre work?"),
                ("moderation", "post"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let token = app.token(&org);
    let submit = app
        .post_form(
            &format!("{}/ideas", app.board_api(&org)),
            &[("title", "Too late"), ("form_token", &token)],
        )
        .await;
    assert_error(submit, 409, "board_closed", None).await;
    let support = app
        .support(&org, idea["idea"]["id"].as_str().unwrap(), "x")
        .await;
    assert_error(support, 409, "board_closed", None).await;
    let board = app.get_board(&org).await;
    assert_eq!(board["open"], false);
    assert_eq!(board["idea_count"], 1);
}

#[tokio::test]
async fn errors_speak_the_requested_language() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let res = app
        .client
        .get(app.api("/orgs/org-a/activities/nope"))
        .header("accept-language", "de-DE,de;q=0.9")
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["message"], "Das wurde nicht gefunden.");
    let token = app.token(&org);
    let res = app
        .post_form(
            &format!("{}/ideas?lang=de", app.board_api(&org)),
            &[("title", ""), ("form_token", &token)],
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["message"], "Bitte füllen Sie dieses Feld aus.");
}

#[tokio::test]
async fn a_client_that_writes_too_often_is_slowed_down() {
    let app = spawn_app_with(|s| s.limits.writes_per_client_per_minute = 3).await;
    let org = app.create_org("org-a").await;
    let url = format!("{}/ideas", app.board_api(&org));
    let token = app.token(&org);
    for i in 0..3 {
        let title = format!("Idea number {i}");
        assert_eq!(
            app.post_form(&url, &[("title", &title), ("form_token", &token)])
                .await
                .status(),
            201
        );
    }
    let res = app
        .post_form(&url, &[("title", "One too many"), ("form_token", &token)])
        .await;
    assert_error(res, 429, "rate_limited", None).await;
    assert_eq!(app.get_board(&org).await["idea_count"], 3);
}
