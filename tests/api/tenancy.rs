//! Nothing of one organisation is visible to or changeable by another, on any route.

use coproduce::http::kind::Access;

use crate::helpers::{Session, TestApp, spawn_app};

/// Every route that addresses an organisation's activities, shared or of any kind, taken from
/// the table the router is built from: called by organisation B (its address, its staff) with
/// A's activity, ideas and receipt, each answers 404 and changes nothing.
#[tokio::test]
async fn another_organisations_things_are_not_found_on_any_route_of_any_kind() {
    let app = spawn_app().await;
    let a = app.create_org("org-a").await;
    let b = app.create_org("org-b").await;
    let idea = app.post_idea(&a, "Benches in the park").await;
    let other = app.post_idea(&a, "More benches").await;
    let id = idea["idea"]["id"].as_str().unwrap().to_string();
    let other_id = other["idea"]["id"].as_str().unwrap();
    let token = idea["receipt_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    // A survey of A with a response, for the survey's routes.
    crate::surveys::published_survey(&app, &a, "org-a-survey").await;
    let answers = serde_json::json!({ "values": {
        "q1": { "type": "yes", "value": false },
        "q5": { "type": "text", "value": "Mine" }
    } });
    let res = crate::surveys::respond(&app, &a, "org-a-survey", answers, "a person").await;
    assert_eq!(res.status(), 201);
    let a_id = app.org_id(&a).await;
    let response = app
        .store
        .responses(&a_id, "org-a-survey", (0, i64::MAX), None, 1)
        .await
        .unwrap()
        .remove(0)
        .key;
    // A map of A with a report and its photo, for the map's routes.
    crate::map_helpers::map(&app, &a, "org-a-map").await;
    let report = crate::map_helpers::report(&app, &a, "org-a-map", 52.52, 13.40).await;
    let photo_id = {
        let url = format!(
            "{}/reports",
            crate::map_helpers::map_api(&app, &a, "org-a-map")
        );
        let body = serde_json::json!({ "category": "lift", "place": "library", "form_token": app.token_for(&a, "org-a-map") }).to_string();
        let photo = crate::map_helpers::phone_photo(40, 30);
        let res =
            crate::map_helpers::post_multipart(&app, &url, &[("report", &body)], &[&photo]).await;
        assert_eq!(res.status(), 201);
        let id = res.json::<serde_json::Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.store.report(&a_id, &id).await.unwrap().photos[0]
            .id
            .clone()
    };
    // A ratings activity of A with a story.
    crate::ratings::ratings(&app, &a, "org-a-ratings").await;
    let told = crate::ratings::tell(
        &app,
        &a,
        "org-a-ratings",
        serde_json::json!({ "service": "debt", "overall": 4 }),
    )
    .await;
    assert_eq!(told.status(), 201);
    let story = told.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b_token = app.token(&b);
    let session = app.login(&b.admin_email, &b.admin_password).await;
    // Whatever any route's form may ask for; each takes what it reads.
    let fields = [
        ("form_token", b_token.as_str()),
        ("title", "Hijacked"),
        ("body", "Hijacked"),
        ("question", "Hijacked?"),
        ("status", "planned"),
        ("answer", "Hijacked"),
        ("reason", "Hijacked"),
        ("into", other_id),
        ("moderation", "pre"),
        ("definition", "{\"pages\": []}"),
        ("what", "question"),
        ("id", "q1"),
        ("op", "delete"),
        ("category", "step"),
        ("text", "Hijacked"),
        ("note", "Hijacked"),
        ("tiles", "https://evil.example/{z}/{x}/{y}"),
        ("attribution", "x"),
        ("max_zoom", "3"),
    ];

    let table = coproduce::http::activities::route_table();
    assert!(table.len() >= 15, "the table lists every route: {table:?}");
    let mut called = 0;
    for (method, template, access) in &table {
        // B's own public page and open data: B's, with nothing of A in them.
        if template.contains("{org}") && template.matches('{').count() == 1 {
            let res = app
                .client
                .get(format!("{}{}", app.url, template.replace("{org}", &b.slug)))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{template}");
            let body = res.text().await.unwrap();
            for a_thing in [
                a.board.as_str(),
                "org-a-survey",
                "org-a-map",
                "org-a-ratings",
                &id,
            ] {
                assert!(!body.contains(a_thing), "{template} shows {a_thing}");
            }
            continue;
        }
        // A's activity through B, and B's own activity with A's idea.
        for key in [
            a.board.as_str(),
            "org-a-survey",
            "org-a-map",
            b.board.as_str(),
        ] {
            if key == b.board && !template.contains("{idea}") {
                continue;
            }
            let path = template
                .replace("{org}", &b.slug)
                .replace("{key}", key)
                .replace("{idea}", &id)
                .replace("{response}", &response)
                .replace("{token}", &token)
                .replace("{report}", &report)
                .replace("{story}", &story)
                .replace("{photo}", &format!("{photo_id}.jpg"))
                .replace("{file}", &format!("{key}.geojson"))
                .replace("{z}", "0")
                .replace("{x}", "0")
                .replace("{y}", "0");
            let status = call(&app, &session, method, &path, *access, &fields).await;
            assert_eq!(status, 404, "{method} {path}");
            called += 1;
        }
    }
    assert!(called > table.len());

    // A is untouched.
    let board = app.get_board(&a).await;
    assert_eq!(board["idea_count"], 2);
    assert_eq!(board["title"], "Youth centre");
    for i in board["ideas"].as_array().unwrap() {
        assert_eq!(i["status"], "new");
        assert_eq!(i["supports"], 0);
    }
    assert_eq!(app.get_board(&b).await["idea_count"], 0);
    let survey = app.store.survey(&a_id, "org-a-survey").await.unwrap();
    assert_eq!(survey.version, 1);
    assert_eq!(
        survey.draft,
        serde_json::from_value(crate::surveys::definition()).unwrap()
    );
    let kept = app
        .store
        .response(&a_id, "org-a-survey", &response)
        .await
        .unwrap();
    assert!(!kept.withdrawn && kept.hidden.is_empty());
    let r = app.store.report(&a_id, &report).await.unwrap();
    assert_eq!(
        (r.status.as_str(), r.me_too, r.category.as_str()),
        ("open", 0, "lift")
    );
    assert_eq!(r.visibility.as_str(), "public");
    assert_eq!(r.history.len(), 1);
    let s = app.store.story(&a_id, &story).await.unwrap();
    assert_eq!(s.state.as_str(), "pending");
    assert!(s.answers.is_empty() && s.change.is_none());
    let map = app.store.map(&a_id, "org-a-map").await.unwrap();
    assert!(
        map.tiles
            .template
            .starts_with("https://tile.openstreetmap.org/")
    );
    assert_eq!(
        app.store
            .counts(&a_id, "org-a-survey")
            .await
            .unwrap()
            .get("responses"),
        1
    );
}

async fn call(
    app: &TestApp,
    session: &Session,
    method: &reqwest::Method,
    path: &str,
    access: Access,
    fields: &[(&str, &str)],
) -> u16 {
    let url = format!("{}{path}", app.url);
    let res = match (access, method.as_str()) {
        (Access::Console, "GET") => app.console_get(&session.cookie, path).await,
        (Access::Console, _) => app.console_post(session, path, fields).await,
        (_, "GET") => app.client.get(url).send().await.unwrap(),
        (_, _) => app.post_form(&url, fields).await,
    };
    res.status().as_u16()
}

#[tokio::test]
async fn cors_follows_the_organisations_allowed_origins() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &session,
            "/console/settings/origins",
            &[("origins", "https://www.example.org")],
        )
        .await;
    assert_eq!(res.status(), 303);

    let allowed = app
        .client
        .get(app.board_api(&org))
        .header("origin", "https://www.example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://www.example.org"
    );
    let foreign = app
        .client
        .get(app.board_api(&org))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(
        foreign
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/ideas", app.board_api(&org)),
        )
        .header("origin", "https://www.example.org")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    let token = app.token(&org);
    let write = app
        .client
        .post(format!("{}/ideas", app.board_api(&org)))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("title=From+elsewhere&form_token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), 403);
    assert_eq!(app.get_board(&org).await["idea_count"], 0);
}
