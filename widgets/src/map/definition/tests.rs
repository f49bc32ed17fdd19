//! A map's set-up and the checks of a new report against it.

use serde_json::json;

use super::{LatLon, MapDefinition, NewReportWire};

fn setup() -> MapDefinition {
    serde_json::from_value(json!({
        "categories": [
            { "id": "barrier", "label": { "de": "Barriere", "en": "Barrier" }, "questions": [
                { "id": "step", "type": "number", "required": true, "min": 1, "max": 100,
                  "text": { "de": "Wie hoch (cm)?", "en": "How high (cm)?" } }
            ] },
            { "id": "litter", "label": { "de": "Müll", "en": "Litter" } }
        ],
        "places": [ { "id": "library", "label": { "de": "Bibliothek", "en": "Library" }, "at": { "lat": 52.52, "lon": 13.40 } } ],
        "area": [ { "lat": 52.3, "lon": 13.0 }, { "lat": 52.7, "lon": 13.8 } ]
    }))
    .unwrap()
}

fn report(v: serde_json::Value) -> NewReportWire {
    serde_json::from_value(v).unwrap()
}

fn codes(r: Result<super::NewReport, super::ReportErrors>) -> Vec<(String, &'static str)> {
    r.err().unwrap_or_default()
}

#[test]
fn a_set_up_is_checked_whole_and_its_faults_named() {
    assert_eq!(setup().check(), Ok(()));
    let fault = |change: &dyn Fn(&mut MapDefinition)| {
        let mut d = setup();
        change(&mut d);
        d.check().map_err(|e| (e.code, e.at))
    };
    assert_eq!(
        fault(&|d| d.categories.clear()),
        Err(("required", "categories".into()))
    );
    assert_eq!(
        fault(&|d| d.categories[1].id = "barrier".into()),
        Err(("duplicate_id", "barrier".into()))
    );
    assert_eq!(
        fault(&|d| d.categories[1].id = "a b".into()),
        Err(("invalid_id", "a b".into()))
    );
    assert_eq!(
        fault(&|d| d.categories[1].label.de = "x".repeat(201)),
        Err(("invalid_label", "litter".into()))
    );
    assert_eq!(
        fault(&|d| d.places[0].at = LatLon {
            lat: 48.1,
            lon: 11.6
        }),
        Err(("outside_area", "library".into()))
    );
    assert_eq!(
        fault(&|d| d.area = Some((
            LatLon {
                lat: 53.0,
                lon: 13.0
            },
            LatLon {
                lat: 52.0,
                lon: 14.0
            }
        ))),
        Err(("coordinate_out_of_range", "area".into()))
    );
}

#[test]
fn a_report_needs_a_known_category_and_a_location_of_any_kind_but_never_a_map() {
    let d = setup();
    let by_address = report(json!({ "category": "litter", "address": "Hauptstraße 5" }));
    let ok = by_address.check(&d).unwrap();
    assert_eq!(ok.location.address.as_deref(), Some("Hauptstraße 5"));
    assert!(ok.location.point.is_none());
    assert!(
        report(json!({ "category": "litter", "place": "library" }))
            .check(&d)
            .is_ok()
    );
    assert!(
        report(json!({ "category": "litter", "at": { "lat": 52.5, "lon": 13.4 } }))
            .check(&d)
            .is_ok()
    );
    assert_eq!(
        codes(report(json!({ "category": "litter" })).check(&d)),
        vec![("location".to_string(), "location_required")]
    );
    assert_eq!(
        codes(report(json!({ "category": "bins", "place": "town-hall" })).check(&d)),
        vec![
            ("category".to_string(), "unknown_category"),
            ("place".to_string(), "unknown_place")
        ]
    );
}

#[test]
fn points_out_of_range_or_outside_the_area_and_oversized_texts_are_refused_by_field() {
    let d = setup();
    assert_eq!(
        codes(
            report(json!({ "category": "litter", "at": { "lat": 91.0, "lon": 13.4 } })).check(&d)
        ),
        vec![("lat".to_string(), "coordinate_out_of_range")]
    );
    assert_eq!(
        codes(
            report(json!({ "category": "litter", "at": { "lat": 48.1, "lon": 11.6 } })).check(&d)
        ),
        vec![("location".to_string(), "outside_area")]
    );
    let long = report(json!({ "category": "litter", "place": "library",
        "description": "x".repeat(5_001), "address": "y".repeat(301) }));
    assert_eq!(
        codes(long.check(&d)),
        vec![
            ("description".to_string(), "too_long"),
            ("address".to_string(), "too_long")
        ]
    );
}

#[test]
fn extra_questions_are_checked_as_the_survey_checks_its_own() {
    let d = setup();
    let missing = report(json!({ "category": "barrier", "place": "library" }));
    assert_eq!(
        codes(missing.check(&d)),
        vec![("step".to_string(), "required")]
    );
    let too_high = report(json!({ "category": "barrier", "place": "library",
        "answers": { "values": { "step": { "type": "number", "value": 500 } } } }));
    assert_eq!(
        codes(too_high.check(&d)),
        vec![("step".to_string(), "out_of_range")]
    );
    let stray = report(json!({ "category": "litter", "place": "library",
        "answers": { "values": { "step": { "type": "number", "value": 5 } } } }));
    assert_eq!(
        codes(stray.check(&d)),
        vec![("answers".to_string(), "unknown_question")]
    );
    let fine = report(json!({ "category": "barrier", "place": "library",
        "answers": { "values": { "step": { "type": "number", "value": 12 } } } }));
    assert!(fine.check(&d).is_ok());
}
