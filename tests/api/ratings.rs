//! Ratings over the API, the page without JavaScript and the console: a story waits for
//! moderation, published it counts in its service's summary (a Bayesian average), staff
//! answer in public and say what changed, the author follows it through the receipt.

use serde_json::{Value, json};

use crate::helpers::{Org, TestApp, spawn_app};

pub const KEY: &str = "services";

pub fn definition() -> Value {
    json!({
        "groups": [ { "id": "youth", "label": { "de": "Jugend", "en": "Youth" } } ],
        "services": [
            { "id": "daycare", "label": { "de": "Kita Nord", "en": "Day care centre Nord" }, "group": "youth" },
            { "id": "debt", "label": { "de": "Schuldnerberatung", "en": "Debt counselling" } }
        ],
        "dimensions": [ { "id": "respect", "label": { "de": "Respekt", "en": "Treated with respect" } } ]
    })
}

pub async fn ratings(app: &TestApp, org: &Org, key: &str) {
    let id = app.org_id(org).await;
    let title = coproduce::domain::activity::ActivityTitle::parse("Our services").unwrap();
    let intro = coproduce::domain::activity::ActivityIntro::parse("How were we?").unwrap();
    let def = serde_json::from_value(definition()).unwrap();
    app.store
        .create_ratings(&id, Some(key), &title, &intro, &def)
        .await
        .unwrap();
}

pub fn api(app: &TestApp, org: &Org, key: &str) -> String {
    app.api(&format!("/orgs/{}/activities/{key}", org.slug))
}

pub async fn tell(app: &TestApp, org: &Org, key: &str, story: Value) -> reqwest::Response {
    let mut body = story;
    body["form_token"] = json!(app.token_for(org, key));
    app.client
        .post(format!("{}/stories", api(app, org, key)))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn view(app: &TestApp, org: &Org) -> Value {
    app.client
        .get(api(app, org, KEY))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_story_waits_for_moderation_then_counts_and_is_answered_in_public() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    let res = tell(&app, &org, KEY, json!({ "service": "debt", "overall": 5, "ratings": { "respect": 4 }, "story": "They <b>listened</b>.", "name": "Ayşe" })).await;
    assert_eq!(res.status(), 201);
    let receipt = res.json::<Value>().await.unwrap()["receipt_url"]
        .as_str()
        .unwrap()
        .to_string();
    let first = view(&app, &org).await;
    assert!(
        first["stories"].as_array().unwrap().is_empty(),
        "not before moderation"
    );
    assert_eq!(first["services"][1]["ratings"], 0);

    let session = app.login(&org.admin_email, &org.admin_password).await;
    let story = app
        .store
        .stories(
            &app.org_id(&org).await,
            KEY,
            (&coproduce_widgets::ratings::contract::StoryState::ALL, None),
            None,
            10,
        )
        .await
        .unwrap()
        .0[0]
        .key
        .clone();
    let at = |what: &str| format!("/console/activities/{KEY}/ratings/stories/{story}/{what}");
    assert_eq!(
        app.console_post(&session, &at("publish"), &[])
            .await
            .status(),
        303
    );
    assert_eq!(
        app.console_post(
            &session,
            &at("answer"),
            &[("text", "Thank you <3"), ("role", "Head of counselling")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        app.console_post(&session, &at("answer"), &[("text", "No role")])
            .await
            .status(),
        422
    );
    assert_eq!(
        app.console_post(
            &session,
            &at("change"),
            &[
                ("made", "on"),
                ("description", "Evening hours on Thursdays")
            ]
        )
        .await
        .status(),
        303
    );

    let seen = view(&app, &org).await;
    let debt = &seen["services"][1];
    assert_eq!(debt["ratings"], 1);
    // Five ratings of 3 and one of 5: (15 + 5) / 6.
    assert!((debt["average"].as_f64().unwrap() - 20.0 / 6.0).abs() < 1e-9);
    assert_eq!(debt["answered_percent"], 100);
    assert_eq!(debt["change_made"], 1);
    assert_eq!(
        seen["stories"][0]["answers"][0]["role"],
        "Head of counselling"
    );
    assert_eq!(debt["dimensions"][0]["mean"], 4.0, "respect's plain mean");
    assert_eq!(debt["months"].as_array().unwrap().len(), 1);
    assert_eq!(seen["groups"][0]["id"], "youth");
    assert_eq!(
        seen["groups"][0]["ratings"], 0,
        "the day care centre has none yet"
    );

    let page = app
        .client
        .get(format!("{}/o/{}/ratings/{KEY}?lang=en", app.url, org.slug))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("They &lt;b&gt;listened&lt;/b&gt;.") && page.contains("Thank you &lt;3"));
    assert!(
        page.contains("3.3 of 5")
            && page.contains("each service counts as if it had five more ratings of 3")
    );
    assert!(page.contains("By month") && page.contains("1 changes made"));

    let token = receipt.rsplit('/').next().unwrap();
    let mine = app
        .client
        .get(format!(
            "{}/o/{}/receipt/{token}?lang=en",
            app.url, org.slug
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains("Head of counselling"));
    let res = app
        .post_form(
            &app.api(&format!("/orgs/{}/receipts/{token}/withdraw", org.slug)),
            &[],
        )
        .await;
    assert!(res.status().is_success());
    let id = app.org_id(&org).await;
    let counts = app.store.counts(&id, KEY).await.unwrap();
    assert_eq!(counts, app.store.recount_ratings(&id, KEY).await.unwrap());
    assert_eq!(
        view(&app, &org).await["services"][1]["ratings"],
        0,
        "taken back: not counted"
    );
}

#[tokio::test]
async fn bad_stories_are_refused_field_by_field_and_a_rejected_one_never_counts() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    let res = tell(&app, &org, KEY, json!({ "service": "library", "overall": 9, "ratings": { "parking": 2 }, "story": "x".repeat(5_001) })).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "invalid_story");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["question"].as_str().unwrap())
        .collect();
    for f in ["service", "overall", "parking", "story"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let id = app.org_id(&org).await;
    assert!(app.store.counts(&id, KEY).await.unwrap().is_empty());

    assert_eq!(
        tell(
            &app,
            &org,
            KEY,
            json!({ "service": "daycare", "overall": 1 })
        )
        .await
        .status(),
        201
    );
    let story = app
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
        .0[0]
        .key
        .clone();
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{KEY}/ratings/stories/{story}/reject"),
            &[("reason", "names a member of staff")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(view(&app, &org).await["services"][0]["ratings"], 0);
    assert_eq!(
        app.store.counts(&id, KEY).await.unwrap(),
        app.store.recount_ratings(&id, KEY).await.unwrap()
    );
}

#[tokio::test]
async fn without_javascript_a_citizen_rates_a_service_and_staff_set_it_up() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    let page = format!("{}/o/{}/ratings/{KEY}?lang=en", app.url, org.slug);
    let html = app
        .client
        .get(&page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Day care centre Nord") && html.contains("name=\"d.respect\""));
    let t = app.token_for(&org, KEY);
    let res = app
        .post_form(
            &page,
            &[
                ("service", "daycare"),
                ("overall", "4"),
                ("d.respect", "5"),
                ("story", "Warm staff"),
                ("when", "2026-10"),
                ("form_token", &t),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let receipt = res.headers()["location"].to_str().unwrap().to_string();
    let mine = app
        .client
        .get(format!("{}{receipt}", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains("Waiting to be read by a moderator.") && mine.contains("Warm staff"));
    let res = app
        .post_form(&page, &[("service", "daycare"), ("form_token", &t)])
        .await;
    assert_eq!(res.status(), 422, "no overall rating");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Please check the marked fields.")
    );

    let session = app.login(&org.admin_email, &org.admin_password).await;
    let setup = format!("/console/activities/{KEY}/ratings/setup");
    let res = app
        .console_post(&session, &setup, &[("definition", "{\"services\": []}")])
        .await;
    assert_eq!(res.status(), 422);
    let mut def = definition();
    def["services"][1]["label"]["en"] = json!("Debt advice");
    let res = app
        .console_post(&session, &setup, &[("definition", &def.to_string())])
        .await;
    assert_eq!(res.status(), 303);
    let console = app
        .console_html(
            &session.cookie,
            &format!("/console/activities/{KEY}?lang=en"),
        )
        .await;
    assert!(console.contains("Debt advice") && console.contains("Warm staff"));
    let csv = app
        .console_html(
            &session.cookie,
            &format!("/console/activities/{KEY}/export.csv"),
        )
        .await;
    assert_eq!(csv.lines().count(), 2);
}
