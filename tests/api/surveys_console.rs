//! Surveys in the console: building (forms and JSON), refusing bad logic by the rule's name,
//! SurveyJS import, publishing, results, moderation of text answers, exports.

use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::surveys::{definition, published_survey, respond};

#[tokio::test]
async fn staff_build_a_survey_with_forms_and_json_and_bad_logic_is_refused_by_its_rule() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let s = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &s,
            "/console/activities?lang=en",
            &[
                ("title", "Centre survey"),
                ("question", "Tell us how it works for you"),
                ("moderation", "post"),
                ("kind", "survey"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let key = to
        .trim_start_matches("/console/activities/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let base = format!("/console/activities/{key}");
    let page = app
        .console_html(&s.cookie, &format!("{base}?lang=en"))
        .await;
    assert!(page.contains("Not published yet"), "{page}");

    // Two questions by the add form, then the second moved up.
    for (id, kind, options) in [
        ("age", "number", ""),
        ("rooms", "single_choice", "Hall\nKitchen"),
    ] {
        let res = app
            .console_post(
                &s,
                &format!("{base}/survey/question?lang=en"),
                &[
                    ("type", kind),
                    ("id", id),
                    ("text_en", id),
                    ("options", options),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{id}");
    }
    let res = app
        .console_post(
            &s,
            &format!("{base}/survey/question?lang=en"),
            &[("type", "multiple_choice"), ("text_en", "No options")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        app.console_post(
            &s,
            &format!("{base}/survey/edit?lang=en"),
            &[("what", "question"), ("id", "rooms"), ("op", "up")]
        )
        .await
        .status(),
        303
    );
    let id = app.org_id(&org).await;
    let draft = app.store.survey(&id, &key).await.unwrap().draft;
    let order: Vec<&str> = draft.pages[0]
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(order, ["rooms", "age"]);

    // JSON with a rule about a question that comes after what it shows: refused, by name.
    let mut bad = definition();
    bad["rules"].as_array_mut().unwrap().push(json!({ "id": "backwards", "when": { "question": "q5", "op": "answered" }, "then": { "do": "show_page", "target": "p2" } }));
    let res = app
        .console_post(
            &s,
            &format!("{base}/survey/definition?lang=en"),
            &[("definition", &bad.to_string())],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("(backwards)") && html.contains("comes after"),
        "{html}"
    );
    // A rule on a deleted question, a cycle of rules: likewise.
    let mut gone = definition();
    gone["pages"][0]["questions"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    let res = app
        .console_post(
            &s,
            &format!("{base}/survey/definition?lang=en"),
            &[("definition", &gone.to_string())],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("(r2)"));
    assert_eq!(
        app.store.survey(&id, &key).await.unwrap().draft,
        draft,
        "refused: the draft is as it was"
    );

    // Deleting a question a rule asks about is refused the same way.
    let good = definition();
    assert_eq!(
        app.console_post(
            &s,
            &format!("{base}/survey/definition?lang=en"),
            &[("definition", &good.to_string())]
        )
        .await
        .status(),
        303
    );
    let res = app
        .console_post(
            &s,
            &format!("{base}/survey/edit?lang=en"),
            &[("what", "question"), ("id", "q1"), ("op", "delete")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("(r1)"));

    // Publish, then the definition's JSON comes back out as it went in.
    assert_eq!(
        app.console_post(&s, &format!("{base}/survey/publish?lang=en"), &[])
            .await
            .status(),
        303
    );
    let exported: Value = app
        .console_get(&s.cookie, &format!("{base}/survey/definition.json"))
        .await
        .json()
        .await
        .unwrap();
    let again: coproduce_widgets::survey::definition::Definition =
        serde_json::from_value(exported).unwrap();
    let sent: coproduce_widgets::survey::definition::Definition =
        serde_json::from_value(good).unwrap();
    assert_eq!(again, sent);
    let page = app
        .console_html(&s.cookie, &format!("{base}?lang=en"))
        .await;
    assert!(page.contains("Citizens answer version 1"), "{page}");
    let preview = app
        .console_html(&s.cookie, &format!("{base}/survey/preview?lang=en&page=1"))
        .await;
    assert!(preview.contains("How do you like it?"), "{preview}");
}

#[tokio::test]
async fn a_surveyjs_definition_is_imported_and_what_does_not_map_is_listed() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    published_survey(&app, &org, "centre").await;
    let s = app.login(&org.admin_email, &org.admin_password).await;
    let model = json!({ "pages": [ { "name": "one", "elements": [
        { "type": "radiogroup", "name": "colour", "title": "Colour?", "choices": ["red", "blue"] },
        { "type": "signaturepad", "name": "sign" }
    ] } ] });
    let res = app
        .console_post(
            &s,
            "/console/activities/centre/survey/import?lang=en",
            &[("surveyjs", &model.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("left out") && html.contains("sign"), "{html}");
    let id = app.org_id(&org).await;
    let draft = app.store.survey(&id, "centre").await.unwrap().draft;
    assert_eq!(draft.pages[0].questions[0].id, "colour");
    let res = app
        .console_post(
            &s,
            "/console/activities/centre/survey/import?lang=en",
            &[("surveyjs", "not json")],
        )
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn results_moderation_and_exports_follow_the_responses() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    published_survey(&app, &org, "centre").await;
    let answers = |wish: &str, stars: i64| {
        json!({ "values": {
        "q1": { "type": "yes", "value": true },
        "q2": { "type": "choice", "value": "a" },
        "q3": { "type": "number", "value": stars },
        "q4": { "type": "choices", "value": ["y"] },
        "q5": { "type": "text", "value": wish },
        "q6": { "type": "number", "value": 10 }
    } })
    };
    assert_eq!(
        respond(&app, &org, "centre", answers("=HYPERLINK(1)", 5), "a")
            .await
            .status(),
        201
    );
    assert_eq!(
        respond(&app, &org, "centre", answers("<b>Garden</b>", 3), "b")
            .await
            .status(),
        201
    );
    let s = app.login(&org.admin_email, &org.admin_password).await;
    let page = app
        .console_html(&s.cookie, "/console/activities/centre?lang=en")
        .await;
    assert!(page.contains("2 responses to this version"), "{page}");
    assert!(
        page.contains("<dt>Mean</dt><dd>4.00</dd>") && page.contains("<dt>NPS</dt><dd>100</dd>"),
        "{page}"
    );
    assert!(page.contains("&lt;b&gt;Garden&lt;/b&gt;") && !page.contains("<b>Garden</b>"));
    let cross = app
        .console_html(&s.cookie, "/console/activities/centre?lang=en&a=q2&b=q4")
        .await;
    let table = cross
        .split("Which room? × What should change?")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or_else(|| panic!("a cross-tab: {cross}"));
    // Both responses chose room a and wish y: one cell holds them, every other is empty.
    assert_eq!(table.matches("<td>2</td>").count(), 1, "{table}");
    assert_eq!(
        table.matches("<td>").count(),
        table.matches("<td>0</td>").count() + table.matches("<td></td>").count() + 1,
        "{table}"
    );

    let csv = app
        .console_get(&s.cookie, "/console/activities/centre/export.csv")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    let head = csv.lines().next().unwrap();
    assert!(
        head.contains("q4.x,q4.y,q4.z") && head.contains("q2.other_text"),
        "{head}"
    );
    assert!(
        csv.contains("'=HYPERLINK(1)") && !csv.contains(",=HYPERLINK"),
        "{csv}"
    );

    // Hiding a text answer leaves it out of the exports.
    let id = app.org_id(&org).await;
    let responses = app
        .store
        .responses(&id, "centre", (0, i64::MAX), None, 10)
        .await
        .unwrap();
    let garden = responses.iter().find(|r| matches!(r.answers.get("q5"), Some(coproduce_widgets::survey::response::Answer::Text(t)) if t.contains("Garden"))).unwrap();
    let res = app
        .console_post(
            &s,
            &format!(
                "/console/activities/centre/survey/responses/{}/hide?lang=en",
                garden.key
            ),
            &[("question", "q5"), ("reason", "Names a person")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let json: Value = app
        .console_get(&s.cookie, "/console/activities/centre/export.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert!(!json.to_string().contains("Garden"));
    let page = app
        .console_html(&s.cookie, "/console/activities/centre?lang=en")
        .await;
    assert!(page.contains("Names a person"));

    // Published results for participants.
    let public = format!("{}/o/{}/surveys/centre/results", app.url, org.slug);
    assert_eq!(app.client.get(&public).send().await.unwrap().status(), 404);
    let res = app
        .console_post(
            &s,
            "/console/activities/centre/survey/settings?lang=en",
            &[("once", "on"), ("public", "on")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let html = app
        .client
        .get(&public)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("2 responses") && !html.contains("Garden"),
        "{html}"
    );
}
