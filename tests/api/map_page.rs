//! The map without JavaScript (the page, its forms, the receipt) and staff's side (triage in
//! the console, exports).

use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::map_helpers::*;

const KEY: &str = "barriers";

#[tokio::test]
async fn without_javascript_a_citizen_chooses_a_category_reports_by_address_with_a_photo_and_says_me_too()
 {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let page = format!("{}/o/{}/map/{KEY}", app.url, org.slug);
    let html = app
        .client
        .get(format!("{page}?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("new=lift") && html.contains("new=step"),
        "categories to choose from"
    );
    assert!(html.contains("overview.png"));
    let form = app
        .client
        .get(format!("{page}?lang=en&new=step"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("name=\"address\"") && form.contains("name=\"photo\""));
    assert!(
        form.contains("How high (cm)?"),
        "the category's extra question"
    );
    assert!(form.contains("name=\"form_token\""));

    // Forgot the extra answer: the form again, with what was typed and the error.
    let t = app.token_for(&org, KEY);
    let fields = [
        ("category", "step"),
        ("description", "Kerb <b>too</b> high"),
        ("address", "Bahnhofstraße 1"),
        ("form_token", t.as_str()),
    ];
    let res = post_multipart(&app, &format!("{page}?lang=en"), &fields, &[]).await;
    assert_eq!(res.status(), 422);
    let again = res.text().await.unwrap();
    assert!(again.contains("Please check the marked fields."));
    assert!(
        again.contains("Kerb &lt;b&gt;too&lt;/b&gt; high"),
        "typed text kept, as text"
    );
    assert!(again.contains("Bahnhofstraße 1"));

    let photo = phone_photo(800, 600);
    let mut fields = fields.to_vec();
    fields.push(("q.height", "12"));
    let res = post_multipart(&app, &format!("{page}?lang=en"), &fields, &[&photo]).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let receipt = res.headers()["location"].to_str().unwrap().to_string();
    assert!(receipt.contains("/receipt/") && receipt.contains("new=1"));
    let mine = app
        .client
        .get(format!("{}{receipt}", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains("Thank you! Your report was sent."));
    assert!(mine.contains("Kerb &lt;b&gt;too&lt;/b&gt; high") && !mine.contains("<b>too</b>"));

    let listed = app
        .client
        .get(format!("{page}?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(listed.contains("Bahnhofstraße 1"));
    assert!(listed.contains("/photos/"), "its photo is shown");
    let report: Value = json_at(&app, format!("{}/reports", map_api(&app, &org, KEY))).await;
    let id = report["reports"][0]["id"].as_str().unwrap().to_string();
    let me_too = format!("{page}/reports/{id}/me-too?lang=en");
    for _ in 0..2 {
        let res = app.post_form(&me_too, &[("form_token", &t)]).await;
        assert_eq!(res.status(), 303);
    }
    let listed: Value = json_at(&app, format!("{}/reports", map_api(&app, &org, KEY))).await;
    assert_eq!(listed["reports"][0]["me_too"], 1, "once per person");

    // Another website cannot send the page's form.
    let res = app
        .client
        .post(format!("{page}?lang=en"))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("category=lift&place=library")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn staff_answer_in_public_hide_remove_personal_data_recategorise_and_merge_duplicates() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let first = report(&app, &org, KEY, 52.52, 13.40).await;
    let dup = report(&app, &org, KEY, 52.5201, 13.4001).await;
    let t = app.token_for(&org, KEY);
    let url = |r: &str| format!("{}/reports/{r}/me-too", map_api(&app, &org, KEY));
    app.post_form_as(&url(&dup), &[("form_token", &t)], "neighbour")
        .await;
    app.post_form_as(&url(&dup), &[("form_token", &t)], "cyclist")
        .await;
    app.post_form_as(&url(&first), &[("form_token", &t)], "cyclist")
        .await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let at = |r: &str, what: &str| format!("/console/activities/{KEY}/map/reports/{r}/{what}");

    let res = app
        .console_post(&session, &at(&first, "status"), &[("status", "closed")])
        .await;
    assert_eq!(res.status(), 422, "closing needs a reason");
    let res = app
        .console_post(
            &session,
            &at(&first, "status"),
            &[("status", "in_progress"), ("note", "Ordered a ramp <now>")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let seen: Value = json_at(
        &app,
        format!("{}/reports/{first}", map_api(&app, &org, KEY)),
    )
    .await;
    assert_eq!(seen["status"], "in_progress");
    assert_eq!(seen["history"][1]["note"], "Ordered a ramp <now>");
    let page = app
        .client
        .get(format!("{}/o/{}/map/{KEY}?lang=en", app.url, org.slug))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ordered a ramp &lt;now&gt;") && page.contains("In progress"));

    let res = app
        .console_post(&session, &at(&dup, "merge"), &[("into", &first)])
        .await;
    assert_eq!(res.status(), 303);
    let seen: Value = json_at(
        &app,
        format!("{}/reports/{first}", map_api(&app, &org, KEY)),
    )
    .await;
    // The cyclist said so on both: once. The neighbour moves over, and the duplicate's reporter.
    assert_eq!(seen["me_too"], 3);
    let gone = app
        .client
        .get(format!("{}/reports/{dup}", map_api(&app, &org, KEY)))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);

    let res = app
        .console_post(
            &session,
            &at(&first, "redact"),
            &[("text", "Out of order"), ("reason", "a name")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .console_post(
            &session,
            &at(&first, "category"),
            &[("category", "nonsense")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .console_post(&session, &at(&first, "category"), &[("category", "step")])
        .await;
    assert_eq!(res.status(), 303);
    let id = app.org_id(&org).await;
    let counts = app.store.counts(&id, KEY).await.unwrap();
    assert_eq!(counts, app.store.recount_map(&id, KEY).await.unwrap());
    assert_eq!(counts.get("category:step"), 1);
    assert_eq!(counts.get("answered"), 1);

    let res = app
        .console_post(&session, &at(&first, "hide"), &[("reason", "spam")])
        .await;
    assert_eq!(res.status(), 303);
    let listed: Value = json_at(&app, format!("{}/reports", map_api(&app, &org, KEY))).await;
    assert!(listed["reports"].as_array().unwrap().is_empty());
    let console = app
        .console_html(
            &session.cookie,
            &format!("/console/activities/{KEY}?lang=en"),
        )
        .await;
    assert!(console.contains("Hidden because:") && console.contains("spam"));
    assert!(console.contains("Public reports"));
    let res = app.console_post(&session, &at(&first, "show"), &[]).await;
    assert_eq!(res.status(), 303);
    let counts = app.store.counts(&id, KEY).await.unwrap();
    assert_eq!((counts.get("public"), counts.get("hidden")), (1, 0));
    // The grid that wide views are clustered from followed every change too.
    assert_eq!(
        app.store.counts(&id, &format!("{KEY}/grid")).await.unwrap(),
        app.store.recount_map_grid(&id, KEY).await.unwrap()
    );
}

#[tokio::test]
async fn exports_hold_every_report_and_geojson_the_public_points_coarsened_when_asked() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    report(&app, &org, KEY, 52.520_008, 13.404_954).await;
    let evil = json!({ "category": "lift", "description": "=HYPERLINK(\"http://x\")", "place": "library", "form_token": app.token_for(&org, KEY) });
    assert_eq!(send(&app, &org, KEY, &evil).await.status(), 201);
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let csv = app
        .console_html(
            &session.cookie,
            &format!("/console/activities/{KEY}/export.csv"),
        )
        .await;
    assert!(
        csv.starts_with('\u{feff}') && csv.lines().count() == 3,
        "{csv}"
    );
    assert!(csv.contains("'=HYPERLINK"), "formulas defused");
    let json: Value = serde_json::from_str(
        &app.console_html(
            &session.cookie,
            &format!("/console/activities/{KEY}/export.json"),
        )
        .await,
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    let geo = app
        .console_get(
            &session.cookie,
            &format!("/console/activities/{KEY}/map/export.geojson"),
        )
        .await;
    assert_eq!(geo.headers()["content-type"], "application/geo+json");
    let geo: Value = geo.json().await.unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "only reports with a point");
    assert_eq!(
        features[0]["geometry"]["coordinates"],
        json!([13.404954, 52.520008]),
        "longitude first"
    );
    let coarse: Value = app
        .console_get(
            &session.cookie,
            &format!("/console/activities/{KEY}/map/export.geojson?coarse=1"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        coarse["features"][0]["geometry"]["coordinates"],
        json!([13.405, 52.52])
    );
    assert!(coarse["features"][0]["properties"]["lat"].is_null());
}
