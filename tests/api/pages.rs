//! The standalone pages work with plain forms: POST, redirect, GET.

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_standalone_page_renders_the_board_with_real_forms_and_no_scripts() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    app.post_idea(&org, "Benches in the park").await;
    let res = app
        .client
        .get(format!("{}/o/org-a/ideas/{}", app.url, org.board))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.starts_with("<!doctype html><html lang=\"de\">"));
    assert!(html.contains("How should the youth centre work?"));
    assert!(html.contains("Benches in the park"));
    assert!(html.contains("Idee einreichen"));
    assert!(html.contains("method=\"post\""));
    let doc = scraper::Html::parse_document(&html);
    let h1 = scraper::Selector::parse("h1").unwrap();
    let headings: Vec<String> = doc.select(&h1).map(|h| h.text().collect()).collect();
    assert_eq!(
        headings,
        ["Youth centre"],
        "one first-level heading: the activity"
    );
    assert!(
        !html.contains("<script"),
        "no JavaScript on standalone pages"
    );
}

#[tokio::test]
async fn a_form_post_redirects_to_the_receipt_and_errors_show_next_to_the_field() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let token = app.token(&org);
    let action = format!("{}/o/org-a/ideas/{}/ideas?lang=en", app.url, org.board);
    let bad = app
        .post_form(
            &action,
            &[
                ("title", "ab"),
                ("body", "kept text"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("This is too short."));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("kept text"), "what was typed is kept");

    let ok = app
        .post_form(
            &action,
            &[("title", "Benches in the park"), ("form_token", &token)],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let receipt = ok.headers()["location"].to_str().unwrap().to_string();
    assert!(receipt.starts_with("/o/org-a/receipt/"));
    let page = app
        .client
        .get(format!("{}{receipt}", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Benches in the park"));
    assert!(page.contains("Withdraw my idea"));
    // The private link is written out on the page, to copy, as the server's public address.
    let path = receipt.split('?').next().unwrap();
    let link = format!("{}{path}", app.url);
    assert!(
        page.contains(&format!("<a href=\"{link}\">{link}</a>")),
        "{page}"
    );
}

#[tokio::test]
async fn supporting_through_the_page_redirects_back_with_a_notice() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let token = app.token(&org);
    let action = format!("{}/o/org-a/ideas/{}/ideas/{id}/support", app.url, org.board);
    let res = app.post_form(&action, &[("form_token", &token)]).await;
    assert_eq!(res.status(), 303);
    let back = res.headers()["location"].to_str().unwrap().to_string();
    assert!(back.contains("supported=1"));
    let page = app
        .client
        .get(format!("{}{back}", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("your support was counted"));
    let again = app.post_form(&action, &[("form_token", &token)]).await;
    assert!(
        again.headers()["location"]
            .to_str()
            .unwrap()
            .contains("error=duplicate_support")
    );
}
