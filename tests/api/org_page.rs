//! The organisation's public page and its open data: every reachable activity listed, the
//! twelve months of responsiveness across kinds read from the counts, and everything public
//! (nothing else) in JSON, CSV and GeoJSON under the licence chosen in the console.

use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::ratings::{KEY, ratings, tell};

#[tokio::test]
async fn the_page_lists_every_public_activity_and_counts_answers_across_kinds() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let id = app.org_id(&org).await;
    // A survey never published is not public: not listed.
    let title = coproduce::domain::activity::ActivityTitle::parse("Draft survey").unwrap();
    let intro = coproduce::domain::activity::ActivityIntro::parse("Not yet.").unwrap();
    app.store
        .create_survey(&id, Some("draft"), &title, &intro)
        .await
        .unwrap();
    ratings(&app, &org, KEY).await;

    // Two ideas, one answered and done; a story published and answered, one never published.
    let done = app.post_idea(&org, "Benches <b>in</b> the park").await;
    app.post_idea(&org, "Longer opening hours").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let idea = done["idea"]["id"].as_str().unwrap();
    let path = format!("/console/activities/{}/ideas/{idea}/status", org.board);
    let res = app
        .console_post(&session, &path, &[("status", "done"), ("answer", "Built.")])
        .await;
    assert_eq!(res.status(), 303);
    for (story, n) in [("Kind people.", 5), ("Never shown.", 1)] {
        let body = json!({ "service": "debt", "overall": n, "story": story });
        assert_eq!(tell(&app, &org, KEY, body).await.status(), 201);
    }
    let stories = app
        .store
        .stories(
            &id,
            KEY,
            (&coproduce_widgets::ratings::contract::StoryState::ALL, None),
            None,
            10,
        )
        .await
        .unwrap()
        .0;
    let shown = stories.iter().find(|s| s.story == "Kind people.").unwrap();
    let at = |what: &str| {
        format!(
            "/console/activities/{KEY}/ratings/stories/{}/{what}",
            shown.key
        )
    };
    assert_eq!(
        app.console_post(&session, &at("publish"), &[])
            .await
            .status(),
        303
    );
    let answer = [("text", "Thank you."), ("role", "Team")];
    assert_eq!(
        app.console_post(&session, &at("answer"), &answer)
            .await
            .status(),
        303
    );

    let page = app
        .client
        .get(format!("{}/o/{}?lang=en", app.url, org.slug))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Youth centre") && page.contains("Our services"),
        "{page}"
    );
    assert!(
        !page.contains("Draft survey"),
        "an unpublished survey is not listed"
    );
    let html = scraper::Html::parse_document(&page);
    let figures = scraper::Selector::parse(".cp-figures dd").unwrap();
    let dd: Vec<String> = html
        .select(&figures)
        .map(|e| e.text().collect::<String>())
        .collect();
    // Three public contributions (two ideas, one story), two of them answered, one change.
    assert_eq!(dd[0], "3");
    assert_eq!(dd[1], "66 %");
    assert_eq!(dd[2], "≤ 1 hour");
    assert_eq!(dd[3], "1");
    // Each activity's own row: an organisation cannot hide one.
    let rows = scraper::Selector::parse("table:last-of-type tbody tr").unwrap();
    let by_activity: Vec<String> = html
        .select(&rows)
        .map(|e| e.text().collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(by_activity.len(), 2, "{by_activity:?}");
    assert!(
        by_activity[0].starts_with("Youth centre|2|50 %"),
        "{by_activity:?}"
    );
    assert!(
        by_activity[1].starts_with("Our services|1|100 %"),
        "{by_activity:?}"
    );

    // Open data: the public things only, under the default licence, then the chosen one.
    let data: Value = app
        .client
        .get(format!("{}/o/{}/open-data.json", app.url, org.slug))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(data["licence"]["id"], "CC-BY-4.0");
    let activities = data["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 2);
    assert_eq!(activities[0]["records"].as_array().unwrap().len(), 2);
    assert_eq!(
        activities[0]["records"][1]["title"],
        "Benches <b>in</b> the park"
    );
    assert_eq!(activities[0]["records"][1]["answers"][0], "Built.");
    let told = activities[1]["records"].as_array().unwrap();
    assert_eq!(told.len(), 1, "an unpublished story is not open data");
    assert_eq!(told[0]["rating"], 5);

    let res = app
        .console_post(
            &session,
            "/console/settings/licence",
            &[("licence", "ODbL-1.0")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .console_post(
            &session,
            "/console/settings/licence",
            &[("licence", "mine")],
        )
        .await;
    assert_eq!(res.status(), 422, "only a licence of the list");
    let csv = app
        .client
        .get(format!("{}/o/{}/open-data.csv", app.url, org.slug))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert!(lines.next().unwrap().ends_with("source,licence"));
    assert_eq!(csv.matches(",ODbL-1.0").count(), 3, "{csv}");
    assert!(!csv.contains("Never shown."));
}

#[tokio::test]
async fn a_maps_public_reports_are_geojson_with_the_licence() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    crate::map_helpers::map(&app, &org, "barriers").await;
    crate::map_helpers::report(&app, &org, "barriers", 52.5, 13.4).await;
    let res = app
        .client
        .get(format!(
            "{}/o/{}/open-data/barriers.geojson",
            app.url, org.slug
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let geo: Value = res.json().await.unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["licence"]["id"], "CC-BY-4.0");
    assert_eq!(
        geo["features"][0]["geometry"]["coordinates"],
        json!([13.4, 52.5])
    );
    // Another kind's activity, or none, is no GeoJSON.
    for wrong in [
        format!("{}.geojson", org.board),
        "nothing.geojson".into(),
        "x.json".into(),
    ] {
        let res = app
            .client
            .get(format!("{}/o/{}/open-data/{wrong}", app.url, org.slug))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{wrong}");
    }
}
