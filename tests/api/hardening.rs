//! What every answer carries for the browser's protection, and clear errors (a stable code)
//! for whatever a request gets wrong, on any route.

use serde_json::Value;

use crate::helpers::spawn_app;

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{} has no {name}", res.url()))
}

#[tokio::test]
async fn pages_and_the_console_forbid_inline_script_and_the_console_is_never_framed_or_cached() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let page = app
        .client
        .get(format!("{}/o/org-a/ideas/{}", app.url, org.board))
        .send()
        .await
        .unwrap();
    let login = app
        .client
        .get(format!("{}/console/login", app.url))
        .send()
        .await
        .unwrap();
    let board = app
        .console_get(
            &session.cookie,
            &format!("/console/activities/{}", org.board),
        )
        .await;
    let export = app
        .console_get(
            &session.cookie,
            &format!("/console/activities/{}/export.csv", org.board),
        )
        .await;
    for res in [&page, &login, &board] {
        let csp = header(res, "content-security-policy");
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(
            !csp.contains(" 'unsafe-eval'"),
            "only wasm-unsafe-eval: {csp}"
        );
        assert_eq!(header(res, "x-content-type-options"), "nosniff");
        assert_eq!(header(res, "referrer-policy"), "same-origin");
    }
    assert!(!header(&page, "content-security-policy").contains("script-src"));
    for res in [&login, &board, &export] {
        assert_eq!(header(res, "cache-control"), "no-store");
    }
    // Nothing is framed: no website can lay its page over a support button.
    for res in [&page, &login, &board] {
        assert!(header(res, "content-security-policy").contains("frame-ancestors 'none'"));
        assert_eq!(header(res, "x-frame-options"), "DENY");
    }
    assert_eq!(header(&export, "x-content-type-options"), "nosniff");
    // The inline style the page carries is the one its policy allows by hash.
    let html = page.text().await.unwrap();
    assert!(!html.contains(" style=\""), "no style attributes");
    let html = board.text().await.unwrap();
    assert!(!html.contains(" style=\""), "no style attributes");
}

#[tokio::test]
async fn a_line_break_or_del_in_an_id_of_a_page_route_is_a_client_error() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let b = &org.board;
    let token = app.token(&org);
    for bad in ["%0A", "%0d%0aX-Injected:%201", "%7F", "x%00y"] {
        for path in [
            format!("/o/org-a/ideas/{b}{bad}"),
            format!("/o/org-a{bad}/ideas/{b}"),
            format!("/o/org-a/receipt/{bad}"),
        ] {
            let res = app
                .client
                .get(format!("{}{path}", app.url))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{path}");
        }
        for path in [
            format!("/o/org-a/ideas/{b}/ideas/i{bad}/support"),
            format!("/o/org-a/ideas/{b}{bad}/ideas"),
            format!("/o/org-a/receipt/t{bad}/withdraw"),
        ] {
            let res = app
                .post_form(
                    &format!("{}{path}", app.url),
                    &[("title", "Benches"), ("form_token", &token)],
                )
                .await;
            assert_eq!(res.status(), 404, "{path}");
            assert!(res.headers().get("x-injected").is_none());
        }
    }
    // Console addresses that redirect build their `Location` from the path.
    let staff = app.login(&org.admin_email, &org.admin_password).await;
    for bad in ["%0A", "%0d%0aX-Injected:%201"] {
        for path in [
            format!("/console/boards/{b}{bad}"),
            format!("/console/activities/{b}{bad}"),
        ] {
            let res = app.console_get(&staff.cookie, &path).await;
            assert_eq!(res.status(), 404, "{path}");
            assert!(res.headers().get("x-injected").is_none());
            assert!(res.headers().get("location").is_none());
        }
    }
}

async fn json_error(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status(), status, "{}", res.url());
    assert!(
        header(&res, "content-type").starts_with("application/json"),
        "{}",
        res.url()
    );
    let body: Value = res.json().await.unwrap();
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    body
}

#[tokio::test]
async fn every_api_rejection_answers_the_json_error_with_a_stable_code() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let board = app.board_api(&org);
    let get = |url: String| {
        let client = app.client.clone();
        async move { client.get(url).send().await.unwrap() }
    };
    let unknown = json_error(get(app.api("/no/such/route")).await, 404).await;
    assert_eq!(unknown["code"], "not_found");
    let twice = json_error(get(format!("{board}?sort=newest&sort=newest")).await, 400).await;
    assert_eq!(twice["code"], "malformed_query");
    let bad_sort = json_error(get(format!("{board}?sort=sideways")).await, 422).await;
    assert_eq!(bad_sort["code"], "invalid");
    let bad_path = json_error(get(format!("{board}%FF")).await, 400).await;
    assert_eq!(bad_path["code"], "bad_request");
    let no_file = json_error(
        get(format!("{}/widget/no-such-file.js", app.url)).await,
        404,
    )
    .await;
    assert_eq!(no_file["code"], "not_found");
    let method = app.client.delete(&board).send().await.unwrap();
    let method = json_error(method, 405).await;
    assert_eq!(method["code"], "method_not_allowed");
    let bad_body = app
        .client
        .post(format!("{board}/ideas"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(json_error(bad_body, 400).await["code"], "malformed_body");
    let german = app
        .client
        .get(app.api("/nowhere"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    let german = json_error(german, 404).await;
    assert_eq!(german["message"], "Das wurde nicht gefunden.");
}

#[tokio::test]
async fn the_openapi_document_lists_every_status_and_the_field_limits() {
    let app = spawn_app().await;
    let doc = app.openapi().await;
    let statuses = |path: &str, method: &str| -> Vec<String> {
        let mut s: Vec<String> = doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path}"))
            .keys()
            .cloned()
            .collect();
        s.sort();
        s
    };
    assert_eq!(
        statuses("/api/v1/orgs/{org}/activities/{key}/ideas", "post"),
        [
            "201", "400", "403", "404", "408", "409", "413", "415", "422", "429", "503"
        ]
    );
    assert_eq!(
        statuses(
            "/api/v1/orgs/{org}/activities/{key}/ideas/{idea}/supports",
            "post"
        ),
        [
            "200", "400", "403", "404", "408", "409", "413", "415", "422", "429", "503"
        ]
    );
    assert_eq!(
        statuses("/api/v1/orgs/{org}/activities/{key}", "get"),
        ["200", "400", "404", "408", "422"]
    );
    let title = &doc["components"]["schemas"]["NewIdea"]["properties"]["title"];
    assert_eq!(title["maxLength"], 120);
    assert_eq!(title["minLength"], 3);
    let body = &doc["components"]["schemas"]["NewIdea"]["properties"]["body"];
    assert_eq!(body["maxLength"], 2000);
}
