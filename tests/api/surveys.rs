//! Surveys: answering over the API, every refusal, versions, receipts (the page without
//! JavaScript: `survey_page.rs`).

use serde_json::{Value, json};

use crate::helpers::{Org, TestApp, spawn_app};

/// Three pages: p1 asks q1 (yes/no) and q2 (one of a, b, none; with "other"); p2 is shown only
/// when q1 = yes and asks q3 (stars) and q4 (several of x, y, z, at most 2); p3 asks q5 (a
/// short text up to 20 characters, required) and q6 (0–10). The survey ends after p1 when q2
/// is "none".
pub fn definition() -> Value {
    let t = |s: &str| json!({ "de": s, "en": s });
    json!({
        "pages": [
            { "id": "p1", "questions": [
                { "id": "q1", "text": t("Do you use the centre?"), "type": "yes_no", "required": true },
                { "id": "q2", "text": t("Which room?"), "type": "single_choice", "other": true,
                  "options": [ { "id": "a", "label": t("A") }, { "id": "b", "label": t("B") }, { "id": "none", "label": t("None of these") } ] }
            ] },
            { "id": "p2", "questions": [
                { "id": "q3", "text": t("How do you like it?"), "type": "rating", "max": 5 },
                { "id": "q4", "text": t("What should change?"), "type": "multiple_choice", "max": 2,
                  "options": [ { "id": "x", "label": t("X") }, { "id": "y", "label": t("Y") }, { "id": "z", "label": t("Z") } ] }
            ] },
            { "id": "p3", "questions": [
                { "id": "q5", "text": t("Your wish"), "type": "text", "max_chars": 20, "required": true },
                { "id": "q6", "text": t("Recommend us?"), "type": "rating", "nps": true }
            ] }
        ],
        "rules": [
            { "id": "r1", "when": { "question": "q1", "op": "is", "value": "yes" }, "then": { "do": "show_page", "target": "p2" } },
            { "id": "r2", "when": { "question": "q2", "op": "is", "value": "none" }, "then": { "do": "end" } }
        ]
    })
}

/// A published survey `key` of `org` with `definition()`.
pub async fn published_survey(app: &TestApp, org: &Org, key: &str) {
    let id = app.org_id(org).await;
    let title = coproduce::domain::activity::ActivityTitle::parse("Centre survey").unwrap();
    let intro =
        coproduce::domain::activity::ActivityIntro::parse("Tell us how the centre works for you.")
            .unwrap();
    app.store
        .create_survey(&id, Some(key), &title, &intro)
        .await
        .unwrap();
    let def = serde_json::from_value(definition()).unwrap();
    app.store.save_draft(&id, key, &def).await.unwrap();
    assert_eq!(app.store.publish_survey(&id, key).await.unwrap(), 1);
}

pub fn survey_api(app: &TestApp, org: &Org, key: &str) -> String {
    app.api(&format!("/orgs/{}/activities/{key}", org.slug))
}

pub async fn respond(
    app: &TestApp,
    org: &Org,
    key: &str,
    answers: Value,
    agent: &str,
) -> reqwest::Response {
    respond_version(app, org, key, 1, answers, agent).await
}

pub async fn respond_version(
    app: &TestApp,
    org: &Org,
    key: &str,
    version: i64,
    answers: Value,
    agent: &str,
) -> reqwest::Response {
    let body =
        json!({ "version": version, "answers": answers, "form_token": app.token_for(org, key) });
    app.client
        .post(format!("{}/responses", survey_api(app, org, key)))
        .header("user-agent", agent)
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub fn full_answers() -> Value {
    json!({ "values": {
        "q1": { "type": "yes", "value": true },
        "q2": { "type": "choice", "value": "other" },
        "q3": { "type": "number", "value": 4 },
        "q4": { "type": "choices", "value": ["x", "z"] },
        "q5": { "type": "text", "value": "  Longer hours  " },
        "q6": { "type": "number", "value": 9 }
    }, "other": { "q2": "The garden" } })
}

pub async fn counts(app: &TestApp, org: &Org, key: &str) -> coproduce::domain::counts::Counts {
    let id = app.org_id(org).await;
    app.store.counts(&id, key).await.unwrap()
}

#[tokio::test]
async fn a_response_is_checked_stored_counted_and_withdrawn_with_its_receipt() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    published_survey(&app, &org, "centre").await;

    let view: Value = app
        .client
        .get(survey_api(&app, &org, "centre"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["version"], 1);
    assert_eq!(view["open"], true);
    assert_eq!(view["definition"]["pages"][1]["id"], "p2");

    let res = respond(&app, &org, "centre", full_answers(), "person-1").await;
    assert_eq!(res.status(), 201);
    let stored: Value = res.json().await.unwrap();
    let receipt = stored["receipt_url"].as_str().unwrap();
    let token = receipt.rsplit('/').next().unwrap();

    let c = counts(&app, &org, "centre").await;
    assert_eq!(c.get("responses"), 1);
    assert_eq!(c.get("v1:q:q2:o:other"), 1);
    assert_eq!(c.get("v1:q:q4:o:z"), 1);
    assert_eq!(c.get("v1:q:q6:v:9"), 1);

    let mine: Value = app
        .client
        .get(app.api(&format!("/orgs/{}/receipts/{token}", org.slug)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        mine["answers"]["values"]["q5"]["value"], "Longer hours",
        "stored trimmed"
    );
    assert_eq!(mine["answers"]["other"]["q2"], "The garden");
    let page = app
        .client
        .get(receipt)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Longer hours") && page.contains("The garden"),
        "{page}"
    );

    let res = app
        .post_form(
            &format!("{}/o/{}/receipt/{token}/withdraw", app.url, org.slug),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    let c = counts(&app, &org, "centre").await;
    assert!(c.is_empty(), "withdrawn: counted no more {c:?}");
    let mine: Value = app
        .client
        .get(app.api(&format!("/orgs/{}/receipts/{token}", org.slug)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["withdrawn"], true);
    assert_eq!(
        mine["answers"]["values"],
        json!({}),
        "the answers are deleted"
    );
    // Withdrawn, the person may answer again.
    assert_eq!(
        respond(&app, &org, "centre", full_answers(), "person-1")
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn every_wrong_answer_is_named_per_question_and_nothing_is_stored() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    published_survey(&app, &org, "centre").await;
    let cases = [
        (
            json!({ "values": { "q1": { "type": "yes", "value": true }, "nope": { "type": "text", "value": "x" }, "q5": { "type": "text", "value": "x" } } }),
            "nope",
            "unknown_question",
        ),
        (
            json!({ "values": { "q1": { "type": "text", "value": "yes" }, "q5": { "type": "text", "value": "x" } } }),
            "q1",
            "invalid",
        ),
        (
            json!({ "values": { "q1": { "type": "yes", "value": true }, "q3": { "type": "number", "value": 6 }, "q5": { "type": "text", "value": "x" } } }),
            "q3",
            "out_of_range",
        ),
        (
            json!({ "values": { "q1": { "type": "yes", "value": true }, "q4": { "type": "choices", "value": ["x", "y", "z"] }, "q5": { "type": "text", "value": "x" } } }),
            "q4",
            "too_many_choices",
        ),
        (
            json!({ "values": { "q1": { "type": "yes", "value": false }, "q3": { "type": "number", "value": 3 }, "q5": { "type": "text", "value": "x" } } }),
            "q3",
            "not_shown",
        ),
        (
            json!({ "values": { "q1": { "type": "yes", "value": true }, "q5": { "type": "text", "value": "much more than twenty characters" } } }),
            "q5",
            "too_long",
        ),
        (
            json!({ "values": { "q1": { "type": "yes", "value": true } } }),
            "q5",
            "required",
        ),
        (
            json!({ "values": { "q1": { "type": "yes", "value": true }, "q2": { "type": "choice", "value": "c" }, "q5": { "type": "text", "value": "x" } } }),
            "q2",
            "invalid",
        ),
    ];
    for (answers, question, code) in cases {
        let res = app
            .client
            .post(format!("{}/responses?lang=de", survey_api(&app, &org, "centre")))
            .json(&json!({ "version": 1, "answers": answers, "form_token": app.token_for(&org, "centre") }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{question} {code}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "invalid_answers");
        let errors = body["errors"].as_array().unwrap();
        let found = errors
            .iter()
            .find(|e| e["question"] == question)
            .unwrap_or_else(|| panic!("{question}: {body}"));
        assert_eq!(found["code"], code, "{body}");
        assert!(!found["message"].as_str().unwrap().is_empty());
    }
    // An unknown version, a malformed body.
    let res = respond_version(&app, &org, "centre", 7, full_answers(), "p").await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "version_changed"
    );
    let res = app
        .client
        .post(format!("{}/responses", survey_api(&app, &org, "centre")))
        .header("content-type", "application/json")
        .body("{\"version\": 1, \"answers\": {\"values\": {\"q1\": 5}}}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(
        counts(&app, &org, "centre").await.is_empty(),
        "nothing stored"
    );
    let id = app.org_id(&org).await;
    assert!(
        app.store
            .responses(&id, "centre", (0, i64::MAX), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn one_response_per_person_a_limit_dates_and_closing_are_kept() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    published_survey(&app, &org, "centre").await;
    let id = app.org_id(&org).await;
    let minimal = json!({ "values": { "q1": { "type": "yes", "value": false }, "q5": { "type": "text", "value": "ok" } } });
    assert_eq!(
        respond(&app, &org, "centre", minimal.clone(), "one")
            .await
            .status(),
        201
    );
    let again = respond(&app, &org, "centre", minimal.clone(), "one").await;
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<Value>().await.unwrap()["code"],
        "already_answered"
    );
    assert_eq!(counts(&app, &org, "centre").await.get("responses"), 1);

    // Settings change through the console, which applies them at once.
    let staff = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &staff,
            "/console/activities/centre/survey/settings?lang=en",
            &[("max", "2"), ("once", "on")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        respond(&app, &org, "centre", minimal.clone(), "two")
            .await
            .status(),
        201
    );
    let full = respond(&app, &org, "centre", minimal.clone(), "three").await;
    assert_eq!(full.status(), 409);
    assert_eq!(full.json::<Value>().await.unwrap()["code"], "survey_full");

    let day = |offset: i64| {
        coproduce_widgets::fmt::date(coproduce::domain::now_ms() + offset * 86_400_000)
    };
    let tomorrow = day(1);
    let res = app
        .console_post(
            &staff,
            "/console/activities/centre/survey/settings?lang=en",
            &[("opens", &tomorrow), ("once", "on")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let early = respond(&app, &org, "centre", minimal.clone(), "four").await;
    assert_eq!(early.status(), 403);
    assert_eq!(early.json::<Value>().await.unwrap()["code"], "not_yet_open");
    let view: Value = app
        .client
        .get(survey_api(&app, &org, "centre"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["open"], false);
    assert_eq!(view["closed_because"], "not_yet_open");

    // Closing on a day that has begun: closed.
    let today = day(0);
    let res = app
        .console_post(
            &staff,
            "/console/activities/centre/survey/settings?lang=en",
            &[("closes", &today), ("once", "on")],
        )
        .await;
    assert_eq!(res.status(), 303);
    // Dates the wrong way round are refused.
    let res = app
        .console_post(
            &staff,
            "/console/activities/centre/survey/settings?lang=en",
            &[("opens", &tomorrow), ("closes", &today)],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        app.store
            .survey(&id, "centre")
            .await
            .unwrap()
            .settings
            .opens_at,
        None,
        "refused: unchanged"
    );
    let late = respond(&app, &org, "centre", minimal, "five").await;
    assert_eq!(late.status(), 409);
    assert_eq!(late.json::<Value>().await.unwrap()["code"], "board_closed");
    assert_eq!(counts(&app, &org, "centre").await.get("responses"), 2);
}

#[tokio::test]
async fn a_new_version_keeps_the_old_responses_and_a_survey_begun_before_it_is_taken() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    published_survey(&app, &org, "centre").await;
    let id = app.org_id(&org).await;
    assert_eq!(
        respond(&app, &org, "centre", full_answers(), "one")
            .await
            .status(),
        201
    );
    // Version 2 drops q6 and changes q3 to a 0–10 rating.
    let mut def = definition();
    def["pages"][2]["questions"].as_array_mut().unwrap().pop();
    def["pages"][1]["questions"][0] = json!({ "id": "q3", "text": { "de": "Wie?", "en": "How?" }, "type": "rating", "nps": true });
    let staff = app.login(&org.admin_email, &org.admin_password).await;
    let base = "/console/activities/centre/survey";
    let res = app
        .console_post(
            &staff,
            &format!("{base}/definition?lang=en"),
            &[("definition", &def.to_string())],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.console_post(&staff, &format!("{base}/publish?lang=en"), &[])
            .await
            .status(),
        303
    );
    assert_eq!(app.store.survey(&id, "centre").await.unwrap().version, 2);
    assert_eq!(
        app.console_post(&staff, &format!("{base}/publish?lang=en"), &[])
            .await
            .status(),
        303
    );
    assert_eq!(
        app.store.survey(&id, "centre").await.unwrap().version,
        2,
        "nothing changed: no new version"
    );
    // Someone who began on version 1 sends it now: checked against version 1.
    assert_eq!(
        respond_version(&app, &org, "centre", 1, full_answers(), "two")
            .await
            .status(),
        201
    );
    let mut v2 = full_answers();
    v2["values"].as_object_mut().unwrap().remove("q6");
    v2["values"]["q3"] = json!({ "type": "number", "value": 10 });
    assert_eq!(
        respond_version(&app, &org, "centre", 2, v2, "three")
            .await
            .status(),
        201
    );

    let state_results = |v: i64| {
        let store = app.store.clone();
        let id = id.clone();
        async move {
            let versions = store.survey_versions(&id, "centre").await.unwrap();
            let counts = store.counts(&id, "centre").await.unwrap();
            let defs: Vec<(i64, &coproduce_widgets::survey::definition::Definition)> =
                versions.iter().map(|x| (x.n, &x.definition)).collect();
            let (combined, sources) = coproduce::survey::counts::across_versions(&defs, &counts, v);
            (combined, sources)
        }
    };
    let (v2_counts, sources) = state_results(2).await;
    // q1 was asked alike in both versions: all three responses; q3 changed: version 2 alone.
    assert_eq!(v2_counts.get("q:q1:n"), 3);
    assert_eq!(v2_counts.get("q:q3:n"), 1);
    assert_eq!(v2_counts.get("q:q3:v:10"), 1);
    assert_eq!(sources.iter().find(|(q, _)| q == "q3").unwrap().1, vec![2]);
    let (v1_counts, _) = state_results(1).await;
    assert_eq!(v1_counts.get("q:q3:n"), 2);
    assert_eq!(v1_counts.get("q:q6:n"), 2);
    let view: Value = app
        .client
        .get(survey_api(&app, &org, "centre"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["version"], 2);
}
