//! What every activity answers whatever its kind: what it is (for an embed snippet that names
//! no kind), an address that forwards to its page, and the stylesheet its embed links.

use crate::helpers::spawn_app;

#[tokio::test]
async fn an_activity_says_what_it_is_and_where_its_page_is() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let url = app.api(&format!(
        "/orgs/{}/activities/{}/about",
        org.slug, org.board
    ));
    let res = app.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let about: serde_json::Value = res.json().await.unwrap();
    assert_eq!(about["kind"], "ideas");
    assert_eq!(about["title"], "Youth centre");
    assert_eq!(about["open"], true);
    let page = about["page_url"].as_str().unwrap();
    assert!(
        page.ends_with(&format!("/o/{}/ideas/{}", org.slug, org.board)),
        "{page}"
    );
    let page = app.client.get(page).send().await.unwrap();
    assert_eq!(page.status(), 200, "the page it names exists");

    let missing = app.api(&format!(
        "/orgs/{}/activities/no-such-board/about",
        org.slug
    ));
    let res = app.client.get(&missing).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn the_address_of_any_kind_forwards_to_the_activitys_page_with_its_query() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let url = format!(
        "{}/o/{}/activities/{}?lang=de",
        app.url, org.slug, org.board
    );
    let res = app.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap();
    assert!(
        to.ends_with(&format!("/o/{}/ideas/{}?lang=de", org.slug, org.board)),
        "{to}"
    );
    let other = app.create_org("org-b").await;
    // Another organisation's key is not found here, as every other address of an activity.
    let url = format!("{}/o/{}/activities/{}", app.url, org.slug, other.board);
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn an_embed_links_the_shared_rules_and_only_its_kinds() {
    let app = spawn_app().await;
    let sheet = |query: &'static str| {
        let (client, url) = (app.client.clone(), format!("{}/widget.css{query}", app.url));
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.text().await.unwrap()
        }
    };
    let (ideas, survey, every, unknown) = (
        sheet("?kind=ideas").await,
        sheet("?kind=survey").await,
        sheet("").await,
        sheet("?kind=maps-of-tomorrow").await,
    );
    for css in [&ideas, &survey, &every] {
        assert!(css.contains(".cp-button{"), "the shared rules: {css}");
    }
    assert!(ideas.contains(".cp-idea{") && !ideas.contains(".cp-q{"));
    assert!(survey.contains(".cp-q{") && !survey.contains(".cp-idea{"));
    assert!(every.contains(".cp-idea{") && every.contains(".cp-q{"));
    assert_eq!(
        unknown, every,
        "a kind this release does not know gets every kind's"
    );
}
