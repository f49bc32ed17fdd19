//! The staff's lifecycle: roles and removals apply to open sessions at once, passwords change
//! (one's own, or set anew by an admin) and end the other sessions, the last admin stays, and
//! console forms that fail come back as the page with the message next to the field.

use crate::helpers::{Session, TestApp, spawn_app};

/// Adds a moderator through the settings form; returns their session and key.
async fn moderator(app: &TestApp, admin: &Session, email: &str) -> (String, Session) {
    let fields = [
        ("email", email),
        ("password", "moderator password"),
        ("role", "moderator"),
    ];
    let res = app.console_post(admin, "/console/staff", &fields).await;
    assert_eq!(res.status(), 303);
    let key = key_of(
        &app.console_html(&admin.cookie, "/console/settings").await,
        email,
    );
    (key, app.login(email, "moderator password").await)
}

/// The key of the staff member `email` as the settings page lists them.
fn key_of(page: &str, email: &str) -> String {
    let row = page
        .split("<tr>")
        .skip(1)
        .find(|r| r.contains(email))
        .unwrap();
    row.split("/console/staff/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_role_change_or_removal_applies_to_open_sessions_at_once() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let admin = app.login(&org.admin_email, &org.admin_password).await;
    let (key, m) = moderator(&app, &admin, "mo@org-a.example").await;
    assert_eq!(
        app.console_get(&m.cookie, "/console/settings")
            .await
            .status(),
        403
    );

    let res = app
        .console_post(
            &admin,
            &format!("/console/staff/{key}/role"),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.console_get(&m.cookie, "/console/settings")
            .await
            .status(),
        200,
        "the open session is an admin's now"
    );
    let res = app
        .console_post(
            &admin,
            &format!("/console/staff/{key}/role"),
            &[("role", "moderator")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.console_get(&m.cookie, "/console/settings")
            .await
            .status(),
        403
    );

    let res = app
        .console_post(&admin, &format!("/console/staff/{key}/remove"), &[])
        .await;
    assert_eq!(res.status(), 200);
    let gone = app.console_get(&m.cookie, "/console").await;
    assert_eq!(gone.status(), 303, "a removed person's session has ended");
    assert_eq!(gone.headers()["location"], "/console/login");
}

#[tokio::test]
async fn changing_ones_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let here = app.login(&org.admin_email, &org.admin_password).await;
    let elsewhere = app.login(&org.admin_email, &org.admin_password).await;
    let change = |current: &str, new: &str, repeat: &str| {
        let fields = [("current", current), ("password", new), ("repeat", repeat)]
            .map(|(k, v)| (k, v.to_string()));
        let (app, here) = (&app, &here);
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.console_post(here, "/console/account/password", &fields)
                .await
        }
    };
    let new = "a new long password";

    let wrong = change("not it at all", new, new).await;
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = wrong.text().await.unwrap();
    let html = scraper::Html::parse_document(&page);
    let current = scraper::Selector::parse("#password-current[aria-invalid=true]").unwrap();
    assert!(
        html.select(&current).next().is_some(),
        "the error is at the field: {page}"
    );
    assert!(
        page.contains("This is not your current password."),
        "{page}"
    );
    assert!(
        !page.contains("not it at all"),
        "passwords are never echoed"
    );

    let differ = change(&org.admin_password, new, "another long password").await;
    assert_eq!(differ.status(), 422);
    assert!(
        differ
            .text()
            .await
            .unwrap()
            .contains("The two new passwords are not the same.")
    );

    let ok = change(&org.admin_password, new, new).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(
        app.console_get(&here.cookie, "/console").await.status(),
        200,
        "this session stays"
    );
    assert_eq!(
        app.console_get(&elsewhere.cookie, "/console")
            .await
            .status(),
        303,
        "the other ended"
    );
    app.login(&org.admin_email, "a new long password").await;
    let old = app
        .post_form(
            &format!("{}/console/login", app.url),
            &[
                ("email", &org.admin_email),
                ("password", &org.admin_password),
            ],
        )
        .await;
    assert_eq!(old.status(), 401);
}

#[tokio::test]
async fn an_admin_sets_a_new_password_for_someone_shown_once() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let admin = app.login(&org.admin_email, &org.admin_password).await;
    let (key, m) = moderator(&app, &admin, "mo@org-a.example").await;
    let res = app
        .console_post(&admin, &format!("/console/staff/{key}/password"), &[])
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    let html = scraper::Html::parse_document(&page);
    let code = scraper::Selector::parse(".cp-notice code").unwrap();
    let password: String = html.select(&code).next().unwrap().text().collect();
    assert_eq!(password.len(), 16);
    assert_eq!(
        app.console_get(&m.cookie, "/console").await.status(),
        303,
        "their sessions ended"
    );
    app.login("mo@org-a.example", &password).await;
    let old = app
        .post_form(
            &format!("{}/console/login", app.url),
            &[
                ("email", "mo@org-a.example"),
                ("password", "moderator password"),
            ],
        )
        .await;
    assert_eq!(old.status(), 401);
    let again = app.console_html(&admin.cookie, "/console/settings").await;
    assert!(!again.contains(&password), "shown once");
}

#[tokio::test]
async fn the_last_admin_can_be_neither_removed_nor_demoted() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let admin = app.login(&org.admin_email, &org.admin_password).await;
    let page = app.console_html(&admin.cookie, "/console/settings").await;
    let key = key_of(&page, &org.admin_email);
    for (action, fields) in [("role", vec![("role", "moderator")]), ("remove", vec![])] {
        let res = app
            .console_post(&admin, &format!("/console/staff/{key}/{action}"), &fields)
            .await;
        assert_eq!(res.status(), 409, "{action}");
        let page = res.text().await.unwrap();
        assert!(page.contains("without an admin"), "{page}");
    }
    assert_eq!(
        app.console_get(&admin.cookie, "/console/settings")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_staff_form_that_fails_comes_back_with_what_was_typed_and_the_message_at_the_field() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let admin = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &admin,
            "/console/staff",
            &[
                ("email", "not an address"),
                ("password", "short"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    let html = scraper::Html::parse_document(&page);
    let email = scraper::Selector::parse("#add-email[aria-invalid=true]").unwrap();
    let email = html
        .select(&email)
        .next()
        .expect("the e-mail field is marked");
    assert_eq!(email.value().attr("value"), Some("not an address"));
    let password = scraper::Selector::parse("#add-password[aria-invalid=true]").unwrap();
    let password = html
        .select(&password)
        .next()
        .expect("the password field is marked");
    assert_eq!(password.value().attr("value"), Some(""), "never echoed");
    let selected = scraper::Selector::parse("#add-role option[selected]").unwrap();
    assert_eq!(
        html.select(&selected).next().unwrap().value().attr("value"),
        Some("admin")
    );
    let summary = scraper::Selector::parse(".cp-errors a[href='#add-email']").unwrap();
    assert!(
        html.select(&summary).next().is_some(),
        "the summary links the field"
    );

    let origins = app
        .console_post(
            &admin,
            "/console/settings/origins",
            &[("origins", "https://ok.example\nnot a url")],
        )
        .await;
    assert_eq!(origins.status(), 422);
    let page = origins.text().await.unwrap();
    assert!(page.contains("not a url"), "what was typed stays");
    assert!(page.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn expired_sessions_are_swept() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    app.login(&org.admin_email, &org.admin_password).await;
    let rows = app
        .store
        .raw()
        .query("UPDATE session SET expires_at = 1 RETURN AFTER")
        .await
        .unwrap()
        .take::<Vec<serde_json::Value>>(0)
        .unwrap()
        .len();
    assert_eq!(rows, 1);
    assert_eq!(app.store.sweep_sessions().await.unwrap(), 1);
    assert_eq!(app.store.sweep_sessions().await.unwrap(), 0);
}
