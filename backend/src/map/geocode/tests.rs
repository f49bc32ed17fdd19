//! The geocoder against a stand-in on loopback that answers as Nominatim does for a few
//! fixed addresses.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::map::geo::{Area, Point};
use serde_json::json;

use super::{GeocodeError, Geocoder};

type Asked = Arc<Mutex<Vec<HashMap<String, String>>>>;

async fn search(
    State(asked): State<Asked>,
    Query(q): Query<HashMap<String, String>>,
) -> impl IntoResponse {
    asked.lock().unwrap().push(q.clone());
    let query = q.get("q").cloned().unwrap_or_default();
    match query.as_str() {
        "Hauptstraße 5, Berlin" => Json(json!([
            { "lat": "52.5200080", "lon": "13.4049540", "display_name": "5, Hauptstraße, Mitte, Berlin" },
            { "lat": "not a number", "lon": "13.4", "display_name": "broken" },
            { "lat": "48.137", "lon": "11.575", "display_name": "Hauptstraße 5, München" }
        ]))
        .into_response(),
        "Bibliothek" => Json(json!([{ "lat": "52.51", "lon": "13.39", "display_name": "Stadtbibliothek" }])).into_response(),
        "fail" => StatusCode::TOO_MANY_REQUESTS.into_response(),
        _ => Json(json!([])).into_response(),
    }
}

async fn stand_in() -> (String, Asked) {
    let asked = Asked::default();
    let app = Router::new()
        .route("/search", get(search))
        .with_state(asked.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, asked)
}

fn berlin() -> Area {
    Area::new(
        Point::from_degrees(52.3, 13.0).unwrap(),
        Point::from_degrees(52.7, 13.8).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn an_address_is_looked_up_within_the_maps_area_and_the_answer_kept() {
    let (url, asked) = stand_in().await;
    let geo = Geocoder::new(&url, "coproduce-test/1", 100).unwrap();
    let found = geo
        .search("  Hauptstraße 5,   Berlin ", Lang::De, Some(berlin()))
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        1,
        "broken and out-of-area answers left out: {found:?}"
    );
    assert_eq!(
        found[0].at,
        Point::from_degrees(52.520_008, 13.404_954).unwrap()
    );
    assert_eq!(found[0].label, "5, Hauptstraße, Mitte, Berlin");
    let again = geo
        .search("hauptstraße 5, berlin", Lang::De, Some(berlin()))
        .await
        .unwrap();
    assert_eq!(again, found);
    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 1, "the second answer was kept: {asked:?}");
    assert_eq!(asked[0]["format"], "jsonv2");
    assert_eq!(asked[0]["accept-language"], "de");
    assert_eq!(asked[0]["bounded"], "1");
    assert_eq!(asked[0]["viewbox"], "13,52.7,13.8,52.3");
}

#[tokio::test]
async fn empty_or_oversized_queries_are_not_sent_and_a_failing_geocoder_says_so() {
    let (url, asked) = stand_in().await;
    let geo = Geocoder::new(&url, "coproduce-test/1", 100).unwrap();
    assert_eq!(
        geo.search("   ", Lang::En, None).await,
        Err(GeocodeError::InvalidQuery)
    );
    let long = "x".repeat(301);
    assert_eq!(
        geo.search(&long, Lang::En, None).await,
        Err(GeocodeError::InvalidQuery)
    );
    assert!(asked.lock().unwrap().is_empty());
    assert_eq!(
        geo.search("fail", Lang::En, None).await,
        Err(GeocodeError::Unavailable)
    );
    let gone = Geocoder::new("http://127.0.0.1:9", "coproduce-test/1", 100).unwrap();
    assert_eq!(
        gone.search("Bibliothek", Lang::En, None).await,
        Err(GeocodeError::Unavailable)
    );
    assert_eq!(geo.kept_len(), 0, "failures are not kept");
}

#[tokio::test]
async fn the_answers_kept_stay_within_their_bound() {
    let (url, _) = stand_in().await;
    let geo = Geocoder::new(&url, "coproduce-test/1", 3).unwrap();
    for i in 0..10 {
        geo.search(&format!("Street {i}"), Lang::En, None)
            .await
            .unwrap();
        assert!(geo.kept_len() <= 3);
    }
    assert_eq!(geo.kept_len(), 3);
}
