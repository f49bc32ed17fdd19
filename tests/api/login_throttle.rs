//! Guessing passwords: each attempt counts before its check, so parallel guesses get no
//! more tries than sequential ones; a guessed-at account is slowed, not locked, for its owner
//! elsewhere; and an address that is already on another organisation's staff tells nothing.

use crate::helpers::{TestApp, client_from, spawn_app};

async fn login_from(app: &TestApp, client: &reqwest::Client, email: &str, pw: &str) -> u16 {
    client
        .post(format!("{}/console/login", app.url))
        .form(&[("email", email), ("password", pw)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn forty_parallel_guesses_get_five_checks_and_the_owner_still_gets_in_from_elsewhere() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let attacker = client_from("127.0.0.1");
    let guesses: Vec<_> = (0..40)
        .map(|i| {
            let (app, attacker, email) = (&app, &attacker, org.admin_email.clone());
            async move { login_from(app, attacker, &email, &format!("guess number {i}")).await }
        })
        .collect();
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, throttled), (5, 35), "{statuses:?}");
    assert_eq!(
        login_from(&app, &attacker, &org.admin_email, &org.admin_password).await,
        429,
        "the guessing address waits, even with the right password"
    );
    let owner = client_from("127.0.0.2");
    assert_eq!(
        login_from(&app, &owner, &org.admin_email, &org.admin_password).await,
        303,
        "the owner elsewhere gets in (slowed)"
    );
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_stopped_too() {
    let app = spawn_app().await;
    app.create_org("org-a").await;
    let attacker = client_from("127.0.0.1");
    let mut statuses = Vec::new();
    for i in 0..30 {
        let email = format!("person{i}@org-a.example");
        statuses.push(login_from(&app, &attacker, &email, "a guessed password").await);
    }
    assert!(statuses[..20].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[20..].iter().all(|s| *s == 429), "{statuses:?}");
}

#[tokio::test]
async fn adding_an_address_that_another_organisation_uses_reveals_nothing() {
    let app = spawn_app().await;
    let a = app.create_org("org-a").await;
    let b = app.create_org("org-b").await;
    let admin_b = app.login(&b.admin_email, &b.admin_password).await;
    let add = |email: &str| {
        let fields = [
            ("email", email.to_string()),
            ("password", "password of b's account".to_string()),
            ("role", "moderator".to_string()),
        ];
        let (app, admin_b) = (&app, &admin_b);
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.console_post(admin_b, "/console/staff", &fields).await
        }
    };
    let taken_elsewhere = add(&a.admin_email).await;
    let unused = add("new-person@org-b.example").await;
    assert_eq!(taken_elsewhere.status(), unused.status());
    assert_eq!(taken_elsewhere.status(), 303, "added like any new address");
    // Each account logs in with its own password, into its own organisation.
    let in_a = app.login(&a.admin_email, &a.admin_password).await;
    let page = app.console_html(&in_a.cookie, "/console").await;
    assert!(page.contains(&format!("/console/activities/{}", a.board)));
    let in_b = app.login(&a.admin_email, "password of b's account").await;
    let page = app.console_html(&in_b.cookie, "/console").await;
    assert!(page.contains(&format!("/console/activities/{}", b.board)));
    assert!(!page.contains(&format!("/console/activities/{}", a.board)));
    // Within one organisation an address is still added once.
    let again = add(&a.admin_email).await;
    assert_eq!(again.status(), 422);
}
