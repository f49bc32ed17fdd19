//! Every place a page, console form or receipt page shows what someone typed, tried with
//! markup that would run script if it got in. Pages are parsed as a browser parses them.

use scraper::{Html, Selector};

use crate::helpers::{Org, TestApp, spawn_app};

/// Each payload, if it got in as markup, leaves a trace the parser sees: an element or
/// attribute carrying `cpx`, an event handler, or a `javascript:` address.
const PAYLOADS: &[&str] = &[
    "</textarea><script>cpx(1)</script>",
    "</title><script>cpx(2)</script>",
    "\"><svg id=cpx onload=cpx(3)>",
    "'><img id=cpx src=x onerror=cpx(4)>",
    "</style><script>cpx(5)</script>",
    "<noscript><p title=\"</noscript><img id=cpx src=x onerror=cpx(6)>\">",
    "--><a id=cpx href=javascript:cpx(7)>x</a>",
    "javascript:cpx(8)",
];

/// Fails if the page holds markup that came from a payload.
fn assert_inert(html: &str, where_: &str) {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        if name == "script" {
            let inline = el.text().collect::<String>();
            assert!(
                inline.trim().is_empty() && el.value().attr("src").is_some(),
                "{where_}: an inline script got in: {inline}"
            );
        }
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.starts_with("on"),
                "{where_}: an event handler got in: <{name} {attr}={value}>"
            );
            let v = value.trim().to_ascii_lowercase();
            if matches!(attr, "href" | "src" | "action" | "formaction") {
                assert!(
                    !v.starts_with("javascript:"),
                    "{where_}: a script address got in: <{name} {attr}={value}>"
                );
            }
            // Keys made of a title's words may contain `cpx`; an injected element is `id=cpx`.
            if matches!(attr, "id" | "class" | "name") {
                assert!(
                    v != "cpx",
                    "{where_}: an element got in: <{name} {attr}={value}>"
                );
            }
        }
    }
}

/// What a person sees of the page, form values included: the payload must still be there,
/// as text (else the test would pass for a page that simply drops it).
fn shows_as_text(html: &str, payload: &str) -> bool {
    let doc = Html::parse_document(html);
    let text: String = doc.root_element().text().collect();
    let values = Selector::parse("input[value]").unwrap();
    text.contains(payload)
        || doc
            .select(&values)
            .any(|i| i.value().attr("value") == Some(payload))
}

async fn page(app: &TestApp, path: &str) -> String {
    app.client
        .get(format!("{}{path}", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_refused_idea_on_the_page_echoes_every_field_as_text_only() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let action = format!("{}/o/org-a/ideas/{}/ideas?lang=en", app.url, org.board);
    for payload in PAYLOADS {
        // A forged form token: refused whatever the fields hold, and every field echoed.
        let res = app
            .post_form(
                &action,
                &[
                    ("title", payload),
                    ("body", payload),
                    ("name", &payload[..payload.len().min(50)]),
                    ("form_token", "1.forged"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{payload}");
        let html = res.text().await.unwrap();
        assert_inert(&html, &format!("refused idea, {payload}"));
        let doc = Html::parse_document(&html);
        let textarea = doc
            .select(&Selector::parse("textarea[name=body]").unwrap())
            .next()
            .expect("the description field");
        assert_eq!(
            textarea.text().collect::<String>(),
            *payload,
            "the description comes back exactly as typed"
        );
        let title = doc
            .select(&Selector::parse("input[name=title]").unwrap())
            .next()
            .expect("the title field");
        assert_eq!(title.value().attr("value"), Some(*payload));
    }
}

#[tokio::test]
async fn query_parameters_of_the_page_are_never_markup() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    for payload in PAYLOADS {
        let q = serde_urlencoded::to_string([
            ("sort", *payload),
            ("status", payload),
            ("error", payload),
            ("lang", payload),
        ])
        .unwrap();
        let html = page(&app, &format!("/o/org-a/ideas/{}?{q}", org.board)).await;
        assert_inert(&html, &format!("page query, {payload}"));
        let receipt = page(&app, &format!("/o/org-a/receipt/x?{q}&new=1")).await;
        assert_inert(&receipt, &format!("receipt query, {payload}"));
    }
}

/// Stores an idea whose every text is `payload` and answers it with `payload`.
async fn hostile_idea(app: &TestApp, org: &Org, payload: &str) -> (String, String) {
    let token = app.token(org);
    let title = format!("Idea {payload}");
    let res = app
        .post_form(
            &format!("{}/ideas", app.board_api(org)),
            &[
                ("title", &title),
                ("body", payload),
                ("name", &payload[..payload.len().min(50)]),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(res.status(), 201, "{payload}");
    let body: serde_json::Value = res.json().await.unwrap();
    (
        body["idea"]["id"].as_str().unwrap().to_string(),
        body["receipt_url"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn stored_texts_show_as_text_on_the_page_the_receipt_and_the_console() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    for payload in PAYLOADS {
        let (idea, receipt_url) = hostile_idea(&app, &org, payload).await;
        let base = format!("/console/activities/{}/ideas/{idea}", org.board);
        let answered = app
            .console_post(
                &session,
                &format!("{base}/status"),
                &[("status", "planned"), ("answer", payload)],
            )
            .await;
        assert_eq!(answered.status(), 303, "{payload}");

        let board = page(&app, &format!("/o/org-a/ideas/{}", org.board)).await;
        assert_inert(&board, &format!("public board, {payload}"));
        assert!(shows_as_text(&board, payload), "the board shows {payload}");

        let receipt_path = receipt_url.trim_start_matches(&app.url).to_string();
        let receipt = page(&app, &receipt_path).await;
        assert_inert(&receipt, &format!("receipt page, {payload}"));
        assert!(
            shows_as_text(&receipt, payload),
            "the receipt shows {payload}"
        );

        let console = app
            .console_html(
                &session.cookie,
                &format!("/console/activities/{}", org.board),
            )
            .await;
        assert_inert(&console, &format!("console board, {payload}"));
        assert!(
            shows_as_text(&console, payload),
            "the console shows {payload}"
        );

        // A merge search answers a page that names the duplicate and what matched.
        let search = app
            .console_post(&session, &format!("{base}/merge"), &[("into", payload)])
            .await
            .text()
            .await
            .unwrap();
        assert_inert(&search, &format!("merge search, {payload}"));

        let hidden = app
            .console_post(&session, &format!("{base}/hide"), &[("reason", payload)])
            .await;
        assert_eq!(hidden.status(), 303);
        let console = app
            .console_html(
                &session.cookie,
                &format!("/console/activities/{}", org.board),
            )
            .await;
        assert_inert(
            &console,
            &format!("console, hidden with a reason, {payload}"),
        );
    }
}

#[tokio::test]
async fn console_forms_echo_what_was_typed_as_text_only() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    for payload in PAYLOADS {
        let res = app
            .post_form(
                &format!("{}/console/login", app.url),
                &[("email", payload), ("password", "wrong")],
            )
            .await;
        assert_eq!(res.status(), 401);
        let html = res.text().await.unwrap();
        assert_inert(&html, &format!("login, {payload}"));
        assert!(shows_as_text(&html, payload), "the login keeps the address");
    }
    let session = app.login(&org.admin_email, &org.admin_password).await;
    for payload in PAYLOADS {
        let title = &payload[..payload.len().min(100)];
        let res = app
            .console_post(
                &session,
                "/console/activities",
                &[
                    ("title", title),
                    ("question", payload),
                    ("moderation", "post"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{payload}");
        let to = res.headers()["location"].to_str().unwrap().to_string();
        let board = app.console_html(&session.cookie, &to).await;
        assert_inert(&board, &format!("new board, {payload}"));
        assert!(shows_as_text(&board, payload));
        let dashboard = app.console_html(&session.cookie, "/console").await;
        assert_inert(&dashboard, &format!("dashboard, {payload}"));
    }
}
