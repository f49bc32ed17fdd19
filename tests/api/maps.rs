//! Map reports over the API: sending (JSON and with photos), every kind of bad input with
//! nothing stored, "me too" once per person, the list and the clusters, tiles and addresses
//! through the backend.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::map_helpers::*;

const KEY: &str = "barriers";

#[tokio::test]
async fn a_report_is_stored_listed_and_counted_and_its_receipt_follows_it() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let mut step = json!({
        "category": "step", "description": "Kerb without a ramp", "address": "Bahnhofstraße 1",
        "answers": { "values": { "height": { "type": "number", "value": 15 } } },
        "form_token": app.token_for(&org, KEY)
    });
    let res = send(&app, &org, KEY, &step).await;
    assert_eq!(res.status(), 201);
    let stored: Value = res.json().await.unwrap();
    let receipt = stored["receipt_url"].as_str().unwrap().to_string();
    step["place"] = json!("library");
    step["address"] = json!("");
    assert_eq!(send(&app, &org, KEY, &step).await.status(), 201);

    let view: Value = json_at(&app, map_api(&app, &org, KEY)).await;
    assert_eq!(view["report_count"], 2);
    assert_eq!(view["reports"].as_array().unwrap().len(), 2);
    assert_eq!(view["reports"][1]["address"], "Bahnhofstraße 1");
    assert_eq!(view["reports"][0]["place"], "library");
    assert_eq!(view["reports"][1]["status"], "open");
    assert!(
        view["tiles"]["url"]
            .as_str()
            .unwrap()
            .contains("/tiles/{z}/{x}/{y}")
    );
    assert_eq!(view["tiles"]["attribution"], "© OpenStreetMap contributors");

    let token = receipt.rsplit('/').next().unwrap();
    let mine: Value = json_at(
        &app,
        app.api(&format!("/orgs/{}/receipts/{token}", org.slug)),
    )
    .await;
    assert_eq!(mine["report"]["description"], "Kerb without a ramp");
    let res = app
        .post_form(
            &app.api(&format!("/orgs/{}/receipts/{token}/withdraw", org.slug)),
            &[],
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let view: Value = json_at(&app, map_api(&app, &org, KEY)).await;
    assert_eq!(view["report_count"], 1);
    let id = app.org_id(&org).await;
    assert_eq!(
        app.store.counts(&id, KEY).await.unwrap(),
        app.store.recount_map(&id, KEY).await.unwrap()
    );
    assert_eq!(
        app.store.counts(&id, &format!("{KEY}/grid")).await.unwrap(),
        app.store.recount_map_grid(&id, KEY).await.unwrap()
    );
}

#[tokio::test]
async fn bad_reports_are_refused_field_by_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let token = app.token_for(&org, KEY);
    let cases = [
        (
            json!({ "category": "graffiti", "at": { "lat": 52.5, "lon": 13.4 } }),
            "category",
            "unknown_category",
        ),
        (
            json!({ "category": "lift", "at": { "lat": 95.0, "lon": 13.4 } }),
            "lat",
            "coordinate_out_of_range",
        ),
        (
            json!({ "category": "lift", "at": { "lat": 48.1, "lon": 11.6 } }),
            "location",
            "outside_area",
        ),
        (
            json!({ "category": "lift" }),
            "location",
            "location_required",
        ),
        (
            json!({ "category": "lift", "place": "castle" }),
            "place",
            "unknown_place",
        ),
        (
            json!({ "category": "step", "address": "Somewhere 1" }),
            "height",
            "required",
        ),
        (
            json!({ "category": "lift", "address": "x".repeat(301) }),
            "address",
            "too_long",
        ),
    ];
    for (mut body, field, code) in cases {
        body["form_token"] = json!(token);
        let res = send(&app, &org, KEY, &body).await;
        assert_eq!(res.status(), 422, "{body}");
        let refused: Value = res.json().await.unwrap();
        assert_eq!(refused["code"], "invalid_report");
        let errors = refused["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["question"] == field && e["code"] == code),
            "{field}/{code} in {errors:?}"
        );
        assert!(
            errors
                .iter()
                .all(|e| !e["message"].as_str().unwrap().is_empty())
        );
    }
    // German messages for a German reader.
    let res = app
        .client
        .post(format!("{}/reports", map_api(&app, &org, KEY)))
        .header("accept-language", "de")
        .json(&json!({ "category": "lift", "form_token": token }))
        .send()
        .await
        .unwrap();
    let refused: Value = res.json().await.unwrap();
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Bitte sagen Sie")
    );
    let id = app.org_id(&org).await;
    assert!(
        app.store.counts(&id, KEY).await.unwrap().is_empty(),
        "nothing counted"
    );
    assert_eq!(records(&app, "map_report").await, 0, "no report stored");
}

#[tokio::test]
async fn photos_are_kept_without_their_metadata_and_hostile_uploads_leave_nothing_behind() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let url = format!("{}/reports", map_api(&app, &org, KEY));
    let token = app.token_for(&org, KEY);
    let report = json!({ "category": "lift", "place": "library", "form_token": token }).to_string();
    let photo = phone_photo(2400, 1800);
    assert!(photo.windows(9).any(|w| w == b"SecretCam"));
    let res = post_multipart(&app, &url, &[("report", &report)], &[&photo, &photo]).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let view: Value = json_at(&app, map_api(&app, &org, KEY)).await;
    let photos = view["reports"][0]["photos"].as_array().unwrap().clone();
    assert_eq!(photos.len(), 2);
    let kept = app
        .client
        .get(photos[0].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), 200);
    assert_eq!(kept.headers()["content-type"], "image/jpeg");
    let kept = kept.bytes().await.unwrap();
    assert!(!kept.windows(4).any(|w| w == b"Exif"), "no EXIF kept");
    assert!(
        !kept.windows(9).any(|w| w == b"SecretCam")
            && !kept.windows(11).any(|w| w == b"GPSLatitude")
    );
    let img = image::load_from_memory(&kept).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (1600, 1200),
        "shrunk to the long side"
    );

    let truncated = &photo[..photo.len() / 2];
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.as_slice();
    let mut polyglot = b"<html><script>alert(1)</script>".to_vec();
    polyglot.extend(&photo);
    // A PNG header that claims 100,000 × 100,000 pixels.
    let bomb = png_claiming(100_000, 100_000);
    let hostile: [(&[u8], &str); 4] = [
        (truncated, "photo_damaged"),
        (svg, "photo_not_an_image"),
        (&polyglot, "photo_not_an_image"),
        (&bomb, "photo_too_many_pixels"),
    ];
    for (bytes, code) in hostile {
        let res = post_multipart(&app, &url, &[("report", &report)], &[&photo, bytes]).await;
        assert_eq!(res.status(), 422);
        let refused: Value = res.json().await.unwrap();
        assert_eq!(refused["errors"][0]["question"], "photo2");
        assert_eq!(refused["errors"][0]["code"], code);
    }
    let six: Vec<&[u8]> = vec![&photo; 6];
    let res = post_multipart(&app, &url, &[("report", &report)], &six).await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "too_many_photos"
    );
    let huge = vec![0xFFu8; 12 * 1024 * 1024 + 1];
    let res = post_multipart(&app, &url, &[("report", &report)], &[&huge]).await;
    assert_eq!(res.status(), 413);

    assert_eq!(records(&app, "map_report").await, 1, "only the good report");
    assert_eq!(records(&app, "map_photo").await, 2, "only its photos");

    // Hidden, its photos leave the public; staff still see them in the console.
    let id = view["reports"][0]["id"].as_str().unwrap().to_string();
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{KEY}/map/reports/{id}/hide"),
            &[("reason", "a face")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let public = photos[0].as_str().unwrap();
    assert_eq!(app.client.get(public).send().await.unwrap().status(), 404);
    let photo_id = public.rsplit('/').next().unwrap();
    let staff = app
        .console_get(
            &session.cookie,
            &format!("/console/activities/{KEY}/map/reports/{id}/photos/{photo_id}"),
        )
        .await;
    assert_eq!(staff.status(), 200);
    assert_eq!(staff.headers()["content-type"], "image/jpeg");
    let page = app
        .console_html(
            &session.cookie,
            &format!("/console/activities/{KEY}?lang=en"),
        )
        .await;
    assert!(
        page.contains(&format!("/map/reports/{id}/photos/{photo_id}")),
        "the queue shows it"
    );
}

#[tokio::test]
async fn me_too_counts_once_per_person_even_when_sent_at_once() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let report = report(&app, &org, KEY, 52.52, 13.40).await;
    let url = format!("{}/reports/{report}/me-too", map_api(&app, &org, KEY));
    let token = app.token_for(&org, KEY);
    let fields = [("form_token", token.as_str())];
    let sends = (0..200).map(|_| app.post_form_as(&url, &fields, "same person"));
    let statuses: Vec<u16> = futures::future::join_all(sends)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409));
    let res = app
        .post_form_as(&url, &[("form_token", &token)], "another person")
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["me_too"], 2);
    let id = app.org_id(&org).await;
    let counts = app.store.counts(&id, KEY).await.unwrap();
    assert_eq!(counts.get("me_too"), 2);
    assert_eq!(counts, app.store.recount_map(&id, KEY).await.unwrap());
}

#[tokio::test]
async fn clusters_count_every_report_in_view_once_at_every_zoom_and_the_list_follows_filters() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let mut ids = Vec::new();
    for i in 0..30 {
        let (lat, lon) = (
            52.40 + f64::from(i % 6) * 0.04,
            13.10 + f64::from(i / 6) * 0.1,
        );
        ids.push(report(&app, &org, KEY, lat, lon).await);
    }
    let step = json!({ "category": "step", "address": "Somewhere 2", "answers": { "values": { "height": { "type": "number", "value": 3 } } }, "form_token": app.token_for(&org, KEY) });
    assert_eq!(send(&app, &org, KEY, &step).await.status(), 201);
    for zoom in [0u8, 8, 11, 14, 19] {
        let clusters: Vec<Value> = json_at(
            &app,
            format!(
                "{}/clusters?zoom={zoom}&bbox=13.0,52.3,13.8,52.7",
                map_api(&app, &org, KEY)
            ),
        )
        .await;
        let total: u64 = clusters.iter().map(|c| c["count"].as_u64().unwrap()).sum();
        assert_eq!(
            total, 30,
            "zoom {zoom}: only reports with a point, each once"
        );
    }
    let half: Vec<Value> = json_at(
        &app,
        format!(
            "{}/clusters?zoom=19&bbox=13.0,52.3,13.25,52.7",
            map_api(&app, &org, KEY)
        ),
    )
    .await;
    assert_eq!(
        half.iter()
            .map(|c| c["count"].as_u64().unwrap())
            .sum::<u64>(),
        12
    );
    let res = app
        .client
        .get(format!(
            "{}/clusters?zoom=30&bbox=1,2,3,4",
            map_api(&app, &org, KEY)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["field"], "zoom");

    let page: Value = json_at(
        &app,
        format!("{}/reports?category=step", map_api(&app, &org, KEY)),
    )
    .await;
    assert_eq!(page["reports"].as_array().unwrap().len(), 1);
    let first: Value = json_at(&app, format!("{}/reports", map_api(&app, &org, KEY))).await;
    assert_eq!(first["reports"].as_array().unwrap().len(), 31, "one page");
    assert!(first["next"].is_null());

    let near: Vec<Value> = json_at(
        &app,
        format!(
            "{}/nearby?category=lift&lat={}&lon={}",
            map_api(&app, &org, KEY),
            52.4001,
            13.1001
        ),
    )
    .await;
    assert_eq!(near.len(), 1);
    assert_eq!(near[0]["id"], ids[0].as_str());
}

#[tokio::test]
async fn tiles_come_through_the_backend_and_are_kept_and_addresses_are_looked_up() {
    let tiles = tile_server().await;
    let lookup = geocoder().await;
    let app = crate::helpers::spawn_app_with(|s| {
        s.map.private_upstreams = true;
        s.map.tiles_per_client_per_minute = 6;
        s.map.lookups_per_client_per_minute = 2;
    })
    .await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    use_local_sources(&app, &org, KEY, &tiles.url, Some(&lookup)).await;
    let url = format!("{}/tiles/12/2200/1343", map_api(&app, &org, KEY));
    for _ in 0..3 {
        let res = app.client.get(&url).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "image/png");
    }
    assert_eq!(
        tiles.asked.load(Ordering::SeqCst),
        1,
        "kept after the first"
    );
    let res = app
        .client
        .get(format!("{}/tiles/3/9/0", map_api(&app, &org, KEY)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "x beyond the map at that zoom");

    let found: Vec<Value> = json_at(
        &app,
        format!("{}/geocode?q=Bahnhofstraße%201", map_api(&app, &org, KEY)),
    )
    .await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["label"], "Bahnhofstraße 1, Berlin");
    assert!((found[0]["lat"].as_f64().unwrap() - 52.52).abs() < 1e-6);

    // One client cannot make the backend fetch a tile server's whole map, or flood a geocoder.
    for _ in 0..2 {
        app.client
            .get(format!("{}/tiles/5/1/1", map_api(&app, &org, KEY)))
            .send()
            .await
            .unwrap();
    }
    let res = app
        .client
        .get(format!("{}/tiles/5/1/2", map_api(&app, &org, KEY)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let lookup = || {
        app.client
            .get(format!("{}/geocode?q=x", map_api(&app, &org, KEY)))
            .send()
    };
    assert_eq!(
        lookup().await.unwrap().status(),
        200,
        "the second of two a minute"
    );
    assert_eq!(lookup().await.unwrap().status(), 429);

    // The page's overview image is drawn from the same tiles.
    let png = app
        .client
        .get(format!("{}/o/{}/map/{KEY}/overview.png", app.url, org.slug))
        .send()
        .await
        .unwrap();
    assert_eq!(png.status(), 200);
    let img = image::load_from_memory(&png.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (640, 400));
}

#[tokio::test]
async fn a_map_without_a_geocoder_says_so_and_staff_cannot_point_it_into_the_network() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    map(&app, &org, KEY).await;
    let res = app
        .client
        .get(format!("{}/geocode?q=x", map_api(&app, &org, KEY)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "no_geocoder");
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{KEY}/map/setup"),
            &[
                ("definition", &definition().to_string()),
                ("tiles", "http://169.254.169.254/{z}/{x}/{y}"),
                ("attribution", "x"),
                ("max_zoom", "19"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let id = app.org_id(&org).await;
    let row = app.store.map(&id, KEY).await.unwrap();
    assert!(
        row.tiles
            .template
            .starts_with("https://tile.openstreetmap.org/")
    );
}

/// A small PNG whose header claims `w` × `h` pixels (its one data chunk holds a few zeros).
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend(u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        let mut crc = flate2::Crc::new();
        crc.update(&body);
        out.extend(body);
        out.extend(crc.sum().to_be_bytes());
    }
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, &[0u8; 4096]).unwrap();
    let idat = z.finish().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    png
}
