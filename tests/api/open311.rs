//! Open311 GeoReport v2: every endpoint in JSON and XML, with its error cases, as a city
//! system would call it.

use serde_json::{Value, json};

use crate::helpers::{Org, TestApp, spawn_app};
use crate::map_helpers::*;

const KEY: &str = "barriers";

fn base(app: &TestApp, org: &Org) -> String {
    format!("{}/open311/{}/{KEY}/v2", app.url, org.slug)
}

async fn get_json(app: &TestApp, url: &str) -> (u16, Value) {
    let res = app.client.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    (status, res.json().await.unwrap())
}

async fn get_xml(app: &TestApp, url: &str) -> (u16, String) {
    let res = app.client.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    (status, res.text().await.unwrap())
}

/// An API key issued through the console, as an admin would.
async fn api_key(app: &TestApp, org: &Org) -> String {
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{KEY}/map/keys?lang=en"),
            &[("label", "City CRM")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("City CRM"));
    let after = page
        .split("The new API key (shown only now):")
        .nth(1)
        .unwrap();
    after
        .split("<code>")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_city_system_discovers_reads_and_creates_requests_in_json_and_xml() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let b = base(&app, &org);

    let (status, d) = get_json(&app, &format!("{b}/discovery.json")).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(
        d["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(
        d["endpoints"][0]["formats"],
        json!(["application/json", "text/xml"])
    );
    let (_, x) = get_xml(&app, &format!("{b}/discovery.xml")).await;
    assert!(
        x.starts_with("<?xml")
            && x.contains("<discovery>")
            && x.contains("<format>text/xml</format>")
    );

    let (_, services) = get_json(&app, &format!("{b}/services.json")).await;
    assert_eq!(services.as_array().unwrap().len(), 2);
    assert_eq!(services[0]["service_code"], "step");
    assert_eq!(services[0]["metadata"], true);
    assert_eq!(services[1]["metadata"], false);
    let (_, x) = get_xml(&app, &format!("{b}/services.xml")).await;
    assert!(x.contains("<services><service><service_code>step</service_code>"));
    let (status, def) = get_json(&app, &format!("{b}/services/step.json")).await;
    assert_eq!(status, 200, "{def}");
    assert_eq!(def["attributes"][0]["code"], "height");
    assert_eq!(def["attributes"][0]["datatype"], "number");
    assert_eq!(def["attributes"][0]["required"], true);
    let (status, err) = get_json(&app, &format!("{b}/services/nothing.json")).await;
    assert_eq!(status, 404);
    assert_eq!(err[0]["code"], 404);

    // Creating needs a key.
    let post = |fields: Vec<(&'static str, String)>| {
        let url = format!("{b}/requests.json");
        let app = &app;
        async move {
            let body = serde_urlencoded::to_string(&fields).unwrap();
            app.client
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let res = post(vec![
        ("service_code", "lift".into()),
        ("lat", "52.52".into()),
        ("long", "13.40".into()),
    ])
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<Value>().await.unwrap()[0]["code"], 403);
    let res = post(vec![
        ("api_key", "guessed".into()),
        ("service_code", "lift".into()),
        ("lat", "52.52".into()),
        ("long", "13.40".into()),
    ])
    .await;
    assert_eq!(res.status(), 403);

    let key = api_key(&app, &org).await;
    let res = post(vec![
        ("api_key", key.clone()),
        ("service_code", "step".into()),
        ("lat", "52.52".into()),
        ("long", "13.40".into()),
    ])
    .await;
    assert_eq!(res.status(), 400, "a required attribute is missing");
    let err: Value = res.json().await.unwrap();
    assert!(
        err[0]["description"]
            .as_str()
            .unwrap()
            .starts_with("attribute[height]"),
        "{err}"
    );
    let res = post(vec![
        ("api_key", key.clone()),
        ("service_code", "step".into()),
        ("lat", "52.52".into()),
        ("long", "13.40".into()),
        ("attribute[height]", "12".into()),
        ("description", "Kerb & <step>".into()),
    ])
    .await;
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    let id = made[0]["service_request_id"].as_str().unwrap().to_string();
    assert_eq!(made[0]["token"], id.as_str());
    let res = post(vec![
        ("api_key", key.clone()),
        ("service_code", "lift".into()),
        ("address_id", "library".into()),
    ])
    .await;
    assert_eq!(res.status(), 201);

    let (_, one) = get_json(&app, &format!("{b}/requests/{id}.json")).await;
    assert_eq!(one[0]["status"], "open");
    assert_eq!(one[0]["service_code"], "step");
    assert_eq!(one[0]["lat"], 52.52);
    assert_eq!(one[0]["long"], 13.4);
    assert!(
        one[0]["requested_datetime"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let (_, x) = get_xml(&app, &format!("{b}/requests/{id}.xml")).await;
    assert!(
        x.contains("<description>Kerb &amp; &lt;step&gt;</description>"),
        "{x}"
    );
    let (_, t) = get_json(&app, &format!("{b}/tokens/{id}.json")).await;
    assert_eq!(t[0]["service_request_id"], id.as_str());

    // Staff close it with a reason: a public update.
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{KEY}/map/reports/{id}/status"),
            &[("status", "fixed"), ("note", "Ramp built.")],
        )
        .await;
    assert_eq!(res.status(), 303);

    let (_, all) = get_json(&app, &format!("{b}/requests.json")).await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let (_, closed) = get_json(&app, &format!("{b}/requests.json?status=closed")).await;
    assert_eq!(closed.as_array().unwrap().len(), 1);
    assert_eq!(closed[0]["status_notes"], "Ramp built.");
    let (_, lifts) = get_json(&app, &format!("{b}/requests.json?service_code=lift")).await;
    assert_eq!(lifts[0]["address_id"], "library");
    let (_, by_id) = get_json(
        &app,
        &format!("{b}/requests.json?service_request_id={id},nope"),
    )
    .await;
    assert_eq!(by_id.as_array().unwrap().len(), 1);
    let (_, none) = get_json(
        &app,
        &format!("{b}/requests.json?end_date=2001-01-01T00:00:00Z"),
    )
    .await;
    assert!(none.as_array().unwrap().is_empty());
    let (status, err) = get_json(&app, &format!("{b}/requests.json?start_date=yesterday")).await;
    assert_eq!((status, err[0]["code"].as_i64()), (422, Some(422)));
    let (_, x) = get_xml(&app, &format!("{b}/requests.xml?status=open")).await;
    assert!(
        x.contains("<service_requests><request>")
            && x.contains("<service_code>lift</service_code>")
    );

    let (_, updates) = get_json(&app, &format!("{b}/servicerequestupdates.json")).await;
    assert_eq!(updates.as_array().unwrap().len(), 1);
    assert_eq!(updates[0]["service_request_id"], id.as_str());
    assert_eq!(updates[0]["status"], "closed");
    assert_eq!(updates[0]["description"], "Ramp built.");
    let (_, x) = get_xml(&app, &format!("{b}/servicerequestupdates.xml")).await;
    assert!(x.contains("<service_request_updates><request_update>"));

    // A revoked key creates nothing.
    let id_org = app.org_id(&org).await;
    let hash = app.store.open311_keys(&id_org, KEY).await.unwrap()[0]
        .hash
        .clone();
    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{KEY}/map/keys/revoke"),
            &[("hash", &hash)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = post(vec![
        ("api_key", key),
        ("service_code", "lift".into()),
        ("address_id", "library".into()),
    ])
    .await;
    assert_eq!(res.status(), 403);
    let (status, err) = get_json(
        &app,
        &format!("{}/open311/{}/nothing/v2/services.json", app.url, org.slug),
    )
    .await;
    assert_eq!((status, err[0]["code"].as_i64()), (404, Some(404)));
}
