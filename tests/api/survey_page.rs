//! The survey's page without JavaScript: page by page, the logic applied by the server, Back
//! keeping the answers; and no other website sending a response through it or the API.

use serde_json::json;

use crate::helpers::{TestApp, spawn_app};
use crate::surveys::{counts, full_answers, published_survey, survey_api};

fn field<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("{name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    &rest[..rest.find('"').unwrap()]
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Posts a page of the no-JS form: the page's own fields and the ones it carries.
async fn post_page(
    app: &TestApp,
    url: &str,
    html: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let answers = unescape(field(html, "answers"));
    let page = field(html, "page").to_string();
    let version = field(html, "version").to_string();
    let token = field(html, "form_token").to_string();
    let mut all: Vec<(&str, &str)> = vec![
        ("page", &page),
        ("version", &version),
        ("answers", &answers),
        ("form_token", &token),
        ("website", ""),
    ];
    all.extend_from_slice(fields);
    app.post_form(url, &all).await
}

#[tokio::test]
async fn the_page_without_javascript_follows_the_logic_keeps_answers_on_back_and_sends() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    published_survey(&app, &org, "centre").await;
    let url = format!("{}/o/{}/surveys/centre", app.url, org.slug);
    let first = app
        .client
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        first.contains("Do you use the centre?") && first.contains("Page 1 / 2"),
        "{first}"
    );

    // Nothing chosen: the required question's error, at the question and in the summary.
    let res = post_page(&app, &url, &first, &[("go", "next")]).await;
    assert_eq!(res.status(), 422);
    let again = res.text().await.unwrap();
    assert!(
        again.contains("cp-errors") && again.contains("aria-invalid=\"true\""),
        "{again}"
    );

    // Yes: page 2 comes next.
    let res = post_page(
        &app,
        &url,
        &again,
        &[("q.q1", "yes"), ("q.q2", "b"), ("go", "next")],
    )
    .await;
    assert_eq!(res.status(), 200);
    let second = res.text().await.unwrap();
    assert!(second.contains("How do you like it?"), "{second}");
    // Back: page 1 with its answers still chosen.
    let res = post_page(&app, &url, &second, &[("q.q3", "4"), ("go", "back")]).await;
    let back = res.text().await.unwrap();
    assert!(back.contains("Do you use the centre?"));
    assert!(
        back.contains("value=\"yes\" checked") && back.contains("value=\"b\" checked"),
        "{back}"
    );
    assert_eq!(back.matches(" checked").count(), 2, "nothing else chosen");
    // No: page 2 is skipped, page 3 next.
    let res = post_page(
        &app,
        &url,
        &back,
        &[("q.q1", "no"), ("q.q2", "b"), ("go", "next")],
    )
    .await;
    let third = res.text().await.unwrap();
    assert!(
        third.contains("Your wish") && !third.contains("How do you like it?"),
        "{third}"
    );
    let res = post_page(
        &app,
        &url,
        &third,
        &[("q.q5", "Garden"), ("q.q6", "10"), ("go", "next")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.contains("/receipt/") && to.contains("new=1"));
    let c = counts(&app, &org, "centre").await;
    assert_eq!(c.get("responses"), 1);
    // q3 was answered on page 2 and then hidden by going back and choosing no: not kept.
    assert_eq!(c.get("v1:q:q3:n"), 0);
    assert_eq!(c.get("v1:q:q1:o:no"), 1);

    // The end rule: "none" ends the survey after page 1.
    let other = crate::helpers::client_from("127.0.0.2");
    let first = other.get(&url).send().await.unwrap().text().await.unwrap();
    let answers = unescape(field(&first, "answers"));
    let token = field(&first, "form_token").to_string();
    let body = serde_urlencoded::to_string([
        ("page", "0"),
        ("version", "1"),
        ("answers", answers.as_str()),
        ("form_token", token.as_str()),
        ("q.q1", "no"),
        ("q.q2", "none"),
        ("go", "next"),
    ])
    .unwrap();
    let res = other
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("user-agent", "someone else")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    assert_eq!(counts(&app, &org, "centre").await.get("responses"), 2);
}

#[tokio::test]
async fn another_website_cannot_send_a_response_through_the_page_or_the_api() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    published_survey(&app, &org, "centre").await;
    let url = format!("{}/o/{}/surveys/centre", app.url, org.slug);
    let token = app.token_for(&org, "centre");
    let fields = serde_urlencoded::to_string([
        ("page", "2"),
        ("version", "1"),
        (
            "answers",
            r#"{"values":{"q1":{"type":"yes","value":false}}}"#,
        ),
        ("form_token", token.as_str()),
        ("q.q5", "Planted by evil"),
        ("go", "next"),
    ])
    .unwrap();
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let res = app
            .client
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header(header, value)
            .body(fields.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{header}");
    }
    // The JSON API answers only the organisation's own websites.
    let res = app
        .client
        .post(format!("{}/responses", survey_api(&app, &org, "centre")))
        .header("origin", "https://evil.example")
        .json(&json!({ "version": 1, "answers": full_answers(), "form_token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(
        counts(&app, &org, "centre").await.is_empty(),
        "nothing stored"
    );
    // Our own page's post goes through.
    let res = app
        .client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", app.url.as_str())
        .body(fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(counts(&app, &org, "centre").await.get("responses"), 1);
}
