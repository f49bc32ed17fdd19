//! Nothing of one organisation is visible to or changeable by another, on any route.

use crate::helpers::spawn_app;

#[tokio::test]
async fn another_organisations_board_and_ideas_are_not_found_on_every_public_route() {
    let app = spawn_app().await;
    let a = app.create_org("org-a").await;
    let b = app.create_org("org-b").await;
    let idea = app.post_idea(&a, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let token = idea["receipt_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap();
    let b_token = app.token(&b);

    // A's board and idea, addressed through B.
    let via_b = format!("/orgs/org-b/activities/{}", a.board);
    assert_eq!(
        app.client
            .get(app.api(&via_b))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let res = app
        .post_form(
            &app.api(&format!("{via_b}/ideas")),
            &[("title", "Sneaky idea"), ("form_token", &b_token)],
        )
        .await;
    assert_eq!(res.status(), 404);
    // B's own board with A's idea id.
    let res = app
        .post_form(
            &format!("{}/ideas/{id}/supports", app.board_api(&b)),
            &[("form_token", &b_token)],
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        app.client
            .get(app.api(&format!("/orgs/org-b/receipts/{token}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.client
            .post(app.api(&format!("/orgs/org-b/receipts/{token}/withdraw")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // Standalone pages.
    assert_eq!(
        app.client
            .get(format!("{}/o/org-b/ideas/{}", app.url, a.board))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let res = app
        .post_form(
            &format!("{}/o/org-b/ideas/{}/ideas", app.url, a.board),
            &[("title", "Sneaky idea"), ("form_token", &b_token)],
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_form(
            &format!("{}/o/org-b/ideas/{}/ideas/{id}/support", app.url, b.board),
            &[("form_token", &b_token)],
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        app.client
            .get(format!("{}/o/org-b/receipt/{token}", app.url))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.client
            .post(format!("{}/o/org-b/receipt/{token}/withdraw", app.url))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // A is untouched.
    let board = app.get_board(&a).await;
    assert_eq!(board["idea_count"], 1);
    assert_eq!(board["ideas"][0]["supports"], 0);
    assert_eq!(app.get_board(&b).await["idea_count"], 0);
}

#[tokio::test]
async fn another_organisations_staff_cannot_see_or_change_anything() {
    let app = spawn_app().await;
    let a = app.create_org("org-a").await;
    let b = app.create_org("org-b").await;
    let idea = app.post_idea(&a, "Benches in the park").await;
    let other = app.post_idea(&a, "More benches").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let other_id = other["idea"]["id"].as_str().unwrap();
    let session = app.login(&b.admin_email, &b.admin_password).await;
    let board = format!("/console/boards/{}", a.board);
    for path in [
        board.clone(),
        format!("{board}/export.csv"),
        format!("{board}/export.json"),
    ] {
        assert_eq!(
            app.console_get(&session.cookie, &path).await.status(),
            404,
            "{path}"
        );
    }
    let actions: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("{board}/ideas/{id}/status"),
            vec![("status", "planned"), ("answer", "Hijacked")],
        ),
        (
            format!("{board}/ideas/{id}/hide"),
            vec![("reason", "Hijacked")],
        ),
        (format!("{board}/ideas/{id}/publish"), vec![]),
        (
            format!("{board}/ideas/{id}/merge"),
            vec![("into", other_id)],
        ),
        (
            format!("{board}/settings"),
            vec![
                ("title", "Hijacked"),
                ("question", "Hijacked?"),
                ("moderation", "pre"),
            ],
        ),
        // B's own board path with A's idea.
        (
            format!("/console/boards/{}/ideas/{id}/status", b.board),
            vec![("status", "done"), ("answer", "Hijacked")],
        ),
    ];
    for (path, fields) in actions {
        assert_eq!(
            app.console_post(&session, &path, &fields).await.status(),
            404,
            "{path}"
        );
    }
    let public = app.get_board(&a).await;
    assert_eq!(public["idea_count"], 2);
    assert_eq!(public["title"], "Youth centre");
    for i in public["ideas"].as_array().unwrap() {
        assert_eq!(i["status"], "new");
    }
}

#[tokio::test]
async fn cors_follows_the_organisations_allowed_origins() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &session,
            "/console/settings/origins",
            &[("origins", "https://www.example.org")],
        )
        .await;
    assert_eq!(res.status(), 303);

    let allowed = app
        .client
        .get(app.board_api(&org))
        .header("origin", "https://www.example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://www.example.org"
    );
    let foreign = app
        .client
        .get(app.board_api(&org))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(
        foreign
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/ideas", app.board_api(&org)),
        )
        .header("origin", "https://www.example.org")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    let token = app.token(&org);
    let write = app
        .client
        .post(format!("{}/ideas", app.board_api(&org)))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("title=From+elsewhere&form_token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), 403);
    assert_eq!(app.get_board(&org).await["idea_count"], 0);
}
