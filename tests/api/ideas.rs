use crate::helpers::spawn_app;

#[tokio::test]
async fn a_submitted_idea_appears_on_the_board_with_a_receipt() {
    let app = spawn_app().await;
    let org = app.create_org("stadtteilhaus-nord").await;
    let submitted = app.post_idea(&org, "Open on Sunday afternoons").await;
    assert_eq!(submitted["published"], true);
    let receipt = submitted["receipt_url"].as_str().unwrap();
    assert!(receipt.starts_with(&format!("{}/o/stadtteilhaus-nord/receipt/", app.url)));

    let board = app.get_board(&org).await;
    assert_eq!(board["idea_count"], 1);
    assert_eq!(board["question"], "How should the youth centre work?");
    assert_eq!(board["ideas"][0]["title"], "Open on Sunday afternoons");
    assert_eq!(board["ideas"][0]["status"], "new");
    assert!(board["form_token"].as_str().unwrap().contains('.'));
}

#[tokio::test]
async fn ideas_can_be_sorted_by_support_and_filtered_by_status() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let first = app.post_idea(&org, "First idea").await;
    let second = app.post_idea(&org, "Second idea").await;
    let first_id = first["idea"]["id"].as_str().unwrap();
    let second_id = second["idea"]["id"].as_str().unwrap();
    for agent in ["a", "b"] {
        assert_eq!(app.support(&org, first_id, agent).await.status(), 200);
    }
    let newest = app.get_board(&org).await;
    assert_eq!(newest["ideas"][0]["id"], second_id);
    let res = app
        .client
        .get(format!("{}?sort=most_supported", app.board_api(&org)))
        .send()
        .await
        .unwrap();
    let by_support: serde_json::Value = res.json().await.unwrap();
    assert_eq!(by_support["ideas"][0]["id"], first_id);
    assert_eq!(by_support["ideas"][0]["supports"], 2);
    let res = app
        .client
        .get(format!("{}?status=planned", app.board_api(&org)))
        .send()
        .await
        .unwrap();
    let planned: serde_json::Value = res.json().await.unwrap();
    assert_eq!(planned["ideas"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn a_contributor_can_follow_and_withdraw_an_idea_with_the_receipt() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let submitted = app.post_idea(&org, "Benches in the park").await;
    let token = submitted["receipt_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let receipt: serde_json::Value = app
        .client
        .get(app.api(&format!("/orgs/org-a/receipts/{token}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(receipt["visibility"], "public");
    let res = app
        .client
        .post(app.api(&format!("/orgs/org-a/receipts/{token}/withdraw")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let board = app.get_board(&org).await;
    assert_eq!(board["idea_count"], 0);
    assert_eq!(board["ideas"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn the_openapi_document_describes_the_idea_routes() {
    let app = spawn_app().await;
    let doc = app.openapi().await;
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/orgs/{org}/activities/{key}/ideas"));
    assert!(paths.contains_key("/api/v1/orgs/{org}/activities/{key}/ideas/{idea}/supports"));
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn recently_answered_ideas_come_first_and_unanswered_ones_after() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let old = app.post_idea(&org, "Answered first").await;
    let later = app.post_idea(&org, "Answered later").await;
    app.post_idea(&org, "Never answered").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    for idea in [&old, &later] {
        let id = idea["idea"]["id"].as_str().unwrap();
        let path = format!("/console/activities/{}/ideas/{id}/status", org.board);
        let res = app
            .console_post(
                &session,
                &path,
                &[
                    ("status", "under_review"),
                    ("answer", "We are looking at it."),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let res = app
        .client
        .get(format!("{}?sort=recently_answered", app.board_api(&org)))
        .send()
        .await
        .unwrap();
    let board: serde_json::Value = res.json().await.unwrap();
    let titles: Vec<&str> = board["ideas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Answered later", "Answered first", "Never answered"]
    );
}

#[tokio::test]
async fn a_moderation_change_made_by_another_backend_applies_within_a_second() {
    use coproduce::domain::activity::ActivityIntro;
    use coproduce::domain::activity::ActivityTitle;
    use coproduce_widgets::contract::Moderation;
    let app = spawn_app().await;
    let org = app.create_org("stadtteilhaus-nord").await;
    // The first idea makes this backend remember the board (post-moderated).
    assert_eq!(app.post_idea(&org, "First").await["published"], true);
    // Another backend sharing the database switches to pre-moderation: this one is not told.
    let (org_id, _) = app
        .store
        .find_org(&coproduce::domain::OrgSlug::parse(&org.slug).unwrap())
        .await
        .unwrap()
        .unwrap();
    let change = coproduce::storage::ActivityChange {
        title: &ActivityTitle::parse("Youth centre").unwrap(),
        intro: &ActivityIntro::parse("How should the youth centre work?").unwrap(),
        open: true,
        moderation: Moderation::Pre,
        languages: None,
    };
    app.store
        .update_activity(&org_id, &org.board, change)
        .await
        .unwrap();
    // Once this backend's cached board expires, new ideas wait for a moderator.
    tokio::time::sleep(coproduce::http::BOARD_TTL + std::time::Duration::from_millis(50)).await;
    assert_eq!(app.post_idea(&org, "Second").await["published"], false);
    let board = app.get_board(&org).await;
    assert_eq!(board["idea_count"], 1);
    assert_eq!(
        app.store.counts(&org_id, &org.board).await.unwrap(),
        app.store.recount(&org_id, &org.board).await.unwrap()
    );
}
