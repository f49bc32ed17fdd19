//! What the map tests share: a map of organisation A with a set-up, reports sent as the widget
//! sends them (JSON, or multipart with photos), photos made for the test, and local stand-ins
//! for a tile server and a geocoder (there is no internet here).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::helpers::{Org, TestApp};

pub fn definition() -> Value {
    json!({
        "categories": [
            { "id": "step", "label": { "de": "Stufe", "en": "Step" }, "questions": [
                { "id": "height", "type": "number", "required": true, "min": 1, "max": 200,
                  "text": { "de": "Wie hoch (cm)?", "en": "How high (cm)?" } }
            ] },
            { "id": "lift", "label": { "de": "Aufzug", "en": "Lift" } }
        ],
        "places": [ { "id": "library", "label": { "de": "Bibliothek", "en": "Library" }, "at": { "lat": 52.52, "lon": 13.40 } } ],
        "area": [ { "lat": 52.3, "lon": 13.0 }, { "lat": 52.7, "lon": 13.8 } ]
    })
}

/// A map of `org` with `definition()`.
pub async fn map(app: &TestApp, org: &Org, key: &str) {
    let id = app.org_id(org).await;
    let title = coproduce::domain::activity::ActivityTitle::parse("Barriers").unwrap();
    let intro =
        coproduce::domain::activity::ActivityIntro::parse("Where is it hard to get through?")
            .unwrap();
    let def = serde_json::from_value(definition()).unwrap();
    app.store
        .create_map(&id, Some(key), &title, &intro, &def)
        .await
        .unwrap();
}

pub fn map_api(app: &TestApp, org: &Org, key: &str) -> String {
    app.api(&format!("/orgs/{}/activities/{key}", org.slug))
}

/// A lift report at a point, as JSON.
pub fn lift_at(app: &TestApp, org: &Org, key: &str, lat: f64, lon: f64) -> Value {
    json!({
        "category": "lift", "description": "Out of order", "at": { "lat": lat, "lon": lon },
        "form_token": app.token_for(org, key)
    })
}

pub async fn send(app: &TestApp, org: &Org, key: &str, report: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/reports", map_api(app, org, key)))
        .json(report)
        .send()
        .await
        .unwrap()
}

/// Sends a report and returns its id.
pub async fn report(app: &TestApp, org: &Org, key: &str, lat: f64, lon: f64) -> String {
    let res = send(app, org, key, &lift_at(app, org, key, lat, lon)).await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    body["id"].as_str().unwrap().to_string()
}

/// A `multipart/form-data` body of text fields and `photo` files: (content type, body).
pub fn multipart(fields: &[(&str, &str)], photos: &[&[u8]]) -> (String, Vec<u8>) {
    let boundary = "cp-test-boundary-7d9a";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (i, bytes) in photos.iter().enumerate() {
        body.extend(format!("--{boundary}\r\ncontent-disposition: form-data; name=\"photo\"; filename=\"p{i}.jpg\"\r\ncontent-type: image/jpeg\r\n\r\n").as_bytes());
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub async fn post_multipart(
    app: &TestApp,
    url: &str,
    fields: &[(&str, &str)],
    photos: &[&[u8]],
) -> reqwest::Response {
    let (kind, body) = multipart(fields, photos);
    app.client
        .post(url)
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// A JPEG of `w` × `h` with an EXIF segment naming a camera and a GPS position.
pub fn phone_photo(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 60])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&img)
        .unwrap();
    let mut exif = b"Exif\0\0II*\0\x08\0\0\0\0\0GPSLatitude 52.5200 N; Make SecretCam".to_vec();
    exif.extend([0u8; 8]);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    seg.extend(exif);
    let tail = jpeg.split_off(2);
    jpeg.extend(seg);
    jpeg.extend(tail);
    jpeg
}

/// A local tile server: every tile a small PNG of its own colour; counts what it is asked.
pub struct TileServer {
    pub url: String,
    pub asked: Arc<AtomicUsize>,
}

pub async fn tile_server() -> TileServer {
    use axum::routing::get;
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let app = axum::Router::new().route(
        "/{z}/{x}/{y}",
        get(
            move |axum::extract::Path((z, x, y)): axum::extract::Path<(u8, u32, String)>| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let shade = ((u32::from(z) * 40 + x) % 200) as u8 + y.len() as u8;
                    let img = image::RgbImage::from_pixel(256, 256, image::Rgb([shade, 200, 220]));
                    let mut png = Vec::new();
                    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                        .unwrap();
                    ([("content-type", "image/png")], png)
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    TileServer { url, asked }
}

/// A stand-in that answers like Nominatim's `/search` for a few fixed addresses.
pub async fn geocoder() -> String {
    use axum::routing::get;
    let app = axum::Router::new().route(
        "/search",
        get(|axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>| async move {
            let query = q.get("q").cloned().unwrap_or_default().to_lowercase();
            let found = if query.contains("bahnhofstraße 1") {
                json!([{ "lat": "52.5200", "lon": "13.4050", "display_name": "Bahnhofstraße 1, Berlin" }])
            } else {
                json!([])
            };
            axum::Json(found)
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

/// Points the map's tiles (and geocoder) at local servers, as staff would in the console.
pub async fn use_local_sources(
    app: &TestApp,
    org: &Org,
    key: &str,
    tiles: &str,
    geocoder: Option<&str>,
) {
    let id = app.org_id(org).await;
    let mut row = app.store.map(&id, key).await.unwrap();
    row.tiles.template = format!("{tiles}/{{z}}/{{x}}/{{y}}");
    row.tiles.attribution = "Test tiles".into();
    row.geocoder = geocoder.map(str::to_string);
    app.store.save_map(&id, key, &row).await.unwrap();
}

/// How many records `table` holds, whatever organisation they belong to.
pub async fn records(app: &TestApp, table: &str) -> usize {
    let mut res = app
        .store
        .raw()
        .query(format!("SELECT VALUE id FROM {table}"))
        .await
        .unwrap();
    let ids: surrealdb::types::Value = res.take(0).unwrap();
    ids.into_json_value().as_array().map_or(0, Vec::len)
}

/// The JSON answer of a GET.
pub async fn json_at<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    url: impl reqwest::IntoUrl,
) -> T {
    app.client
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
