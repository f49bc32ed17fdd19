//! The staff console's access: sessions, login throttling, CSRF, roles and staff.

use crate::helpers::{spawn_app, spawn_app_with};
use coproduce::domain::staff::{Email, NewPassword, Role};

#[tokio::test]
async fn console_pages_without_a_session_redirect_and_actions_are_unauthorized() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let res = app
        .client
        .get(format!("{}/console", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/console/login");
    let res = app
        .client
        .get(format!(
            "{}/console/activities/{}/export.csv",
            app.url, org.board
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &format!(
                "{}/console/activities/{}/ideas/x/status",
                app.url, org.board
            ),
            &[("status", "done")],
        )
        .await;
    assert_eq!(res.status(), 401);
    let res = app
        .client
        .get(format!("{}/console", app.url))
        .header("cookie", "cp_session=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_strict() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let res = app
        .post_form(
            &format!("{}/console/login", app.url),
            &[
                ("email", &org.admin_email),
                ("password", &org.admin_password),
            ],
        )
        .await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/console")
    );
    let wrong = app
        .post_form(
            &format!("{}/console/login", app.url),
            &[("email", &org.admin_email), ("password", "wrong password!")],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert!(wrong.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn behind_tls_the_session_cookie_is_host_only_and_a_planted_second_one_voids_both() {
    let app = spawn_app_with(|s| s.http.secure_cookies = Some(true)).await;
    let org = app.create_org("org-a").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    assert!(session.cookie.starts_with("__Host-cp_session="));
    assert_eq!(
        app.console_get(&session.cookie, "/console").await.status(),
        200
    );
    // Another page on this host sets a cookie of the same name under a longer path, which the
    // browser then sends first: the console must not pick either.
    let planted = format!("__Host-cp_session=the-planters-own; {}", session.cookie);
    let res = app.console_get(&planted, "/console").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/console/login");
}

#[tokio::test]
async fn repeated_failed_logins_are_throttled() {
    let app = spawn_app_with(|s| s.limits.failed_logins = 3).await;
    let org = app.create_org("org-a").await;
    let url = format!("{}/console/login", app.url);
    for _ in 0..3 {
        assert_eq!(
            app.post_form(
                &url,
                &[
                    ("email", &org.admin_email),
                    ("password", "not the password")
                ]
            )
            .await
            .status(),
            401
        );
    }
    let res = app
        .post_form(
            &url,
            &[
                ("email", &org.admin_email),
                ("password", &org.admin_password),
            ],
        )
        .await;
    assert_eq!(res.status(), 429, "even the right password waits");
}

#[tokio::test]
async fn state_changes_without_the_csrf_token_are_rejected() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let mut session = app.login(&org.admin_email, &org.admin_password).await;
    session.csrf = "forged".into();
    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{}/ideas/{id}/status", org.board),
            &[("status", "done"), ("answer", "x")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "csrf_failed");
    assert_eq!(app.get_board(&org).await["ideas"][0]["status"], "new");
}

#[tokio::test]
async fn a_moderator_answers_ideas_but_cannot_do_admin_actions() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let id = app.org_id(&org).await;
    let hash = NewPassword::parse("moderator password")
        .unwrap()
        .hash()
        .unwrap();
    app.store
        .create_staff(
            &id,
            &Email::parse("mod@org-a.example").unwrap(),
            Role::Moderator,
            &hash,
        )
        .await
        .unwrap();
    let idea = app.post_idea(&org, "Benches in the park").await;
    let idea_id = idea["idea"]["id"].as_str().unwrap();
    crate::ratings::ratings(&app, &org, "services").await;
    let session = app.login("mod@org-a.example", "moderator password").await;

    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{}/ideas/{idea_id}/status", org.board),
            &[
                ("status", "planned"),
                ("answer", "We will build them in spring."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    for (path, fields) in [
        (
            "/console/activities".to_string(),
            vec![
                ("title", "New board"),
                ("question", "Why?"),
                ("moderation", "post"),
            ],
        ),
        (
            format!("/console/activities/{}/settings", org.board),
            vec![
                ("title", "Renamed"),
                ("question", "Why?"),
                ("moderation", "post"),
            ],
        ),
        (
            "/console/settings/origins".to_string(),
            vec![("origins", "https://evil.example")],
        ),
        (
            "/console/settings/licence".to_string(),
            vec![("licence", "CC0-1.0")],
        ),
        (
            "/console/activities/services/ratings/setup".to_string(),
            vec![("definition", "{\"services\": []}")],
        ),
        (
            "/console/staff".to_string(),
            vec![
                ("email", "x@y.org"),
                ("password", "long enough pw"),
                ("role", "admin"),
            ],
        ),
    ] {
        let res = app.console_post(&session, &path, &fields).await;
        assert_eq!(res.status(), 403, "{path}");
    }
    assert_eq!(
        app.console_get(&session.cookie, "/console/settings")
            .await
            .status(),
        403
    );
    assert_eq!(app.store.org(&id).await.unwrap().licence, None);
    let services = app.store.ratings(&id, "services").await.unwrap().services;
    assert_eq!(services.len(), 2, "the set-up is unchanged");
    let board = app.get_board(&org).await;
    assert_eq!(board["title"], "Youth centre");
    assert_eq!(board["ideas"][0]["status"], "planned");
    assert_eq!(
        board["ideas"][0]["history"][1]["answer"],
        "We will build them in spring."
    );
}

#[tokio::test]
async fn an_admin_adds_a_moderator_and_the_console_names_roles_in_the_readers_language() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let admin = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &admin,
            "/console/staff",
            &[
                ("email", "mod@org-a.example"),
                ("password", "moderator password"),
                ("role", "moderator"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    let settings = |lang: &'static str| {
        let (app, cookie) = (&app, admin.cookie.clone());
        async move {
            let path = format!("/console/settings?lang={lang}");
            app.console_html(&cookie, &path).await
        }
    };
    let german = settings("de").await;
    assert!(german.contains("<td>mod@org-a.example</td><td>Moderator:in</td>"));
    assert!(
        german.contains("(Administrator:in)"),
        "the header names the role"
    );
    assert!(german.contains("<option value=\"admin\">Administrator:in</option>"));
    let english = settings("en").await;
    assert!(english.contains("<td>mod@org-a.example</td><td>Moderator</td>"));

    let moderator = app.login("mod@org-a.example", "moderator password").await;
    let res = app
        .console_get(&moderator.cookie, "/console/settings")
        .await;
    assert_eq!(res.status(), 403, "the new member has the role chosen");
}
