//! Every public idea can be reached, page by page, in every sort: through the API's `next`
//! and through the standalone page's links, without JavaScript.

use std::collections::HashSet;

use crate::helpers::{Org, TestApp, spawn_app};

/// 120 ideas; every third supported once, every seventh twice (ties in every sort).
async fn board_of_120(app: &TestApp, org: &Org) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 1..=120 {
        let idea = app.post_idea(org, &format!("Idea number {i}")).await;
        ids.push(idea["idea"]["id"].as_str().unwrap().to_string());
    }
    for (i, id) in ids.iter().enumerate() {
        if i % 3 == 0 {
            assert_eq!(app.support(org, id, "first").await.status(), 200);
        }
        if i % 7 == 0 {
            assert_eq!(app.support(org, id, "second").await.status(), 200);
        }
    }
    ids
}

#[tokio::test]
async fn the_api_pages_through_every_idea_in_every_sort() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let ids = board_of_120(&app, &org).await;
    for sort in ["newest", "most_supported", "recently_answered"] {
        let (mut seen, mut after) = (Vec::new(), String::new());
        loop {
            let url = format!("{}?sort={sort}&after={after}", app.board_api(&org));
            let page: serde_json::Value = app
                .client
                .get(url)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let ideas = page["ideas"].as_array().unwrap();
            assert!(ideas.len() <= 50);
            seen.extend(ideas.iter().map(|i| i["id"].as_str().unwrap().to_string()));
            match page["next"].as_str() {
                Some(next) => after = next.to_string(),
                None => break,
            }
        }
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!((seen.len(), unique.len()), (120, 120), "{sort}");
        for n in [1, 51, 120] {
            assert!(seen.contains(&ids[n - 1]), "idea {n} in {sort}");
        }
    }
    let bad = app
        .client
        .get(format!("{}?after=not-a-cursor", app.board_api(&org)))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(body["code"], "invalid");
}

#[tokio::test]
async fn the_standalone_page_links_page_to_page_to_every_idea() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    board_of_120(&app, &org).await;
    for sort in ["newest", "most_supported"] {
        let mut url = format!("{}/o/{}/ideas/{}?sort={sort}", app.url, org.slug, org.board);
        let mut titles = Vec::new();
        for _ in 0..5 {
            let page = app
                .client
                .get(&url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let html = scraper::Html::parse_document(&page);
            let titles_sel = scraper::Selector::parse(".cp-idea-title").unwrap();
            titles.extend(
                html.select(&titles_sel)
                    .map(|t| t.text().collect::<String>()),
            );
            // "More ideas" is a button of the sort-and-filter form: a GET of the form's
            // fields with its own `after`.
            let more = scraper::Selector::parse("button.cp-more:not([hidden])").unwrap();
            match html.select(&more).next() {
                Some(button) => {
                    let form = button.value().attr("form").unwrap();
                    let form = scraper::Selector::parse(&format!("form#{form}")).unwrap();
                    let form = html.select(&form).next().unwrap();
                    let action = form.value().attr("action").unwrap();
                    let after = button.value().attr("value").unwrap();
                    assert_eq!(button.value().attr("name"), Some("after"));
                    url = format!("{action}?sort={sort}&after={after}");
                }
                None => break,
            }
        }
        let unique: HashSet<&String> = titles.iter().collect();
        assert_eq!((titles.len(), unique.len()), (120, 120), "{sort}");
        for n in [1, 51, 120] {
            assert!(
                titles.contains(&format!("Idea number {n}")),
                "idea {n} in {sort}"
            );
        }
    }
}
