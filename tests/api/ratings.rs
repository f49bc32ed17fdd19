//! Ratings over the API, the page without JavaScript and the console: a story waits for
//! moderation, published it counts in its service's summary (a Bayesian average), staff
//! answer in public and say what changed, the author follows it through the receipt.

use serde_json::{Value, json};

use crate::helpers::{Org, TestApp, spawn_app};

const KEY: &str = "services";

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

fn api(app: &TestApp, org: &Org, key: &str) -> String {
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
    assert_eq!(debt["dimensions"][0][2], 4.0, "respect's plain mean");
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

#[tokio::test]
async fn the_author_edits_when_asked_answers_the_organisation_once_and_not_after_the_window() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    let res = tell(
        &app,
        &org,
        KEY,
        json!({ "service": "daycare", "overall": 2, "story": "Mrs Example was rude" }),
    )
    .await;
    let receipt = res.json::<Value>().await.unwrap()["receipt_url"]
        .as_str()
        .unwrap()
        .to_string();
    let token = receipt.rsplit('/').next().unwrap().to_string();
    let id = app.org_id(&org).await;
    let all = coproduce_widgets::ratings::contract::StoryState::ALL;
    let story = app
        .store
        .stories(&id, KEY, (&all, None), None, 10)
        .await
        .unwrap()
        .0[0]
        .key
        .clone();
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let at = |what: &str| format!("/console/activities/{KEY}/ratings/stories/{story}/{what}");
    assert_eq!(
        app.console_post(
            &session,
            &at("ask-edit"),
            &[("reason", "Please leave out the name of the staff member")]
        )
        .await
        .status(),
        303
    );
    let mine = format!("{}/o/{}/receipt/{token}", app.url, org.slug);
    let page = app
        .client
        .get(format!("{mine}?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("ask you to edit") && page.contains("leave out the name"));

    let res = app
        .post_form(
            &format!("{mine}/story?lang=en"),
            &[("overall", "3"), ("story", "A member of staff was rude")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let s = app.store.story(&id, &story).await.unwrap();
    assert_eq!(
        (s.state.as_str(), s.overall, s.story.as_str()),
        ("pending", 3, "A member of staff was rude")
    );

    // Nothing to answer yet; then once.
    assert_eq!(
        app.post_form(&format!("{mine}/reply"), &[("text", "Too early")])
            .await
            .status(),
        409
    );
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
            &[("text", "We are sorry."), ("role", "Manager")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        app.post_form(
            &format!("{mine}/reply"),
            &[("text", "Thank you <i>for listening</i>")]
        )
        .await
        .status(),
        303
    );
    let again = app
        .post_form(&format!("{mine}/reply"), &[("text", "And more")])
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<Value>().await.unwrap()["code"],
        "already_replied"
    );
    let public = app
        .client
        .get(format!("{}/o/{}/ratings/{KEY}?lang=en", app.url, org.slug))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        public.contains("The author's answer")
            && public.contains("Thank you &lt;i&gt;for listening&lt;/i&gt;")
    );

    // With no days to edit, the window is closed.
    let mut def = definition();
    def["edit_days"] = json!(0);
    assert_eq!(
        app.console_post(
            &session,
            &format!("/console/activities/{KEY}/ratings/setup"),
            &[("definition", &def.to_string())]
        )
        .await
        .status(),
        303
    );
    let late = app
        .post_form(&format!("{mine}/story"), &[("overall", "5")])
        .await;
    assert_eq!(late.status(), 409);
    assert_eq!(
        late.json::<Value>().await.unwrap()["code"],
        "edit_window_closed"
    );
    assert_eq!(app.store.story(&id, &story).await.unwrap().overall, 3);
    assert_eq!(
        app.store.counts(&id, KEY).await.unwrap(),
        app.store.recount_ratings(&id, KEY).await.unwrap()
    );
}

#[tokio::test]
async fn helpful_counts_once_per_person_orders_the_stories_and_redaction_is_shown_as_such() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    for text in ["First story", "Second story, naming Mr Example"] {
        assert_eq!(
            tell(
                &app,
                &org,
                KEY,
                json!({ "service": "debt", "overall": 4, "story": text })
            )
            .await
            .status(),
            201
        );
    }
    let id = app.org_id(&org).await;
    let all = coproduce_widgets::ratings::contract::StoryState::ALL;
    let keys: Vec<String> = app
        .store
        .stories(&id, KEY, (&all, None), None, 10)
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|s| s.key)
        .collect();
    let (newest, oldest) = (keys[0].clone(), keys[1].clone());
    let session = app.login(&org.admin_email, &org.admin_password).await;
    for k in &keys {
        assert_eq!(
            app.console_post(
                &session,
                &format!("/console/activities/{KEY}/ratings/stories/{k}/publish"),
                &[]
            )
            .await
            .status(),
            303
        );
    }
    let url = format!("{}/stories/{oldest}/helpful", api(&app, &org, KEY));
    let t = app.token_for(&org, KEY);
    let fields = [("form_token", t.as_str())];
    let sends = (0..50).map(|_| app.post_form_as(&url, &fields, "one reader"));
    let ok = futures::future::join_all(sends)
        .await
        .iter()
        .filter(|r| r.status() == 200)
        .count();
    assert_eq!(ok, 1, "once per person, even at once");
    let res = app.post_form_as(&url, &fields, "another reader").await;
    assert_eq!(res.json::<Value>().await.unwrap()["helpful"], 2);
    let page = app
        .client
        .get(format!(
            "{}/o/{}/ratings/{KEY}?lang=en&sort=helpful",
            app.url, org.slug
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.find("First story").unwrap() < page.find("Second story").unwrap(),
        "most helpful first"
    );
    assert!(page.contains("2 people found this helpful"));

    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{KEY}/ratings/stories/{newest}/redact"),
            &[
                ("text", "Second story, naming a member of staff"),
                ("reason", "a name of a third person"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = app
        .client
        .get(format!("{}/o/{}/ratings/{KEY}?lang=en", app.url, org.slug))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Mr Example"));
    assert!(
        page.contains(
            "Personal data of others was taken out of this story: a name of a third person"
        )
    );
}

#[tokio::test]
async fn the_badge_is_a_small_script_that_writes_the_figures_as_text() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    let mut def = definition();
    def["services"][1]["label"]["en"] = json!("Debt </script><img src=x onerror=alert(1)>");
    let id = app.org_id(&org).await;
    app.store
        .save_ratings(&id, KEY, &serde_json::from_value(def).unwrap())
        .await
        .unwrap();
    assert_eq!(
        tell(&app, &org, KEY, json!({ "service": "debt", "overall": 5 }))
            .await
            .status(),
        201
    );
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let all = coproduce_widgets::ratings::contract::StoryState::ALL;
    let story = app
        .store
        .stories(&id, KEY, (&all, None), None, 10)
        .await
        .unwrap()
        .0[0]
        .key
        .clone();
    app.console_post(
        &session,
        &format!("/console/activities/{KEY}/ratings/stories/{story}/publish"),
        &[],
    )
    .await;
    let res = app
        .client
        .get(format!(
            "{}/o/{}/ratings/{KEY}/badge.js?service=debt&lang=en",
            app.url, org.slug
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let js = res.text().await.unwrap();
    assert!(js.len() < 2_048, "a few KB at most: {} bytes", js.len());
    assert!(
        js.contains("3.3 of 5 from 1 ratings · 0 % answered"),
        "{js}"
    );
    assert!(js.contains("textContent") && !js.contains("innerHTML"));
    assert!(!js.contains("</script>") && !js.contains("<img"), "{js}");
    let res = app
        .client
        .get(format!(
            "{}/o/{}/ratings/{KEY}/badge.js?service=nope",
            app.url, org.slug
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
