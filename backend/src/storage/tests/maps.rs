//! Map reports in storage: a deep view's reports read through the index of the zoom-14 tiles
//! it covers (an exact range each), not by a scan of the map.

use coproduce_widgets::contract::Moderation;
use coproduce_widgets::map::definition::{LatLon, MapDefinition, NewReportWire};
use coproduce_widgets::map::geo::{Area, Point};

use super::{org, store};
use crate::map::storage::{NewReportRecord, ReportFilter};

#[tokio::test]
async fn a_deep_view_reads_the_reports_of_its_tiles_by_exact_ranges_of_their_index() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let def: MapDefinition = serde_json::from_value(serde_json::json!({
        "categories": [ { "id": "lift", "label": { "de": "Aufzug", "en": "Lift" } } ]
    }))
    .unwrap();
    let title = crate::domain::activity::ActivityTitle::parse("Map").unwrap();
    let intro = crate::domain::activity::ActivityIntro::parse("Where?").unwrap();
    store
        .create_map(&o, Some("m"), &title, &intro, &def)
        .await
        .unwrap();
    for (i, (lat, lon)) in [
        (52.5001, 13.4001),
        (52.5012, 13.4023),
        (52.6, 13.7),
        (48.1, 11.5),
    ]
    .into_iter()
    .enumerate()
    {
        let wire = NewReportWire {
            category: "lift".into(),
            at: Some(LatLon { lat, lon }),
            ..NewReportWire::default()
        };
        let report = wire.check(&def).unwrap();
        let hash = format!("r{i}");
        store
            .submit_report(
                &o,
                NewReportRecord {
                    map: "m",
                    report: &report,
                    photos: &[],
                    receipt_hash: &hash,
                    moderation: Moderation::Post,
                },
            )
            .await
            .unwrap();
    }
    let street = Area::new(
        Point::from_degrees(52.500, 13.400).unwrap(),
        Point::from_degrees(52.503, 13.405).unwrap(),
    )
    .unwrap();
    let filter = ReportFilter {
        area: Some(street),
        ..ReportFilter::default()
    };
    let found = store.located_reports(&o, "m", &filter).await.unwrap();
    assert_eq!(
        found.len(),
        2,
        "the two in the street, not the others: {found:?}"
    );
    let cell = crate::map::storage::cell14(Point::from_degrees(52.5001, 13.4001).unwrap());
    let mut res = store
        .db
        .query("SELECT key FROM map_report WHERE org = $org AND map = $map AND cell14 = $c0 AND visibility = 'public' EXPLAIN FULL")
        .bind(crate::vars!("org" => o.as_str(), "map" => "m", "c0" => cell))
        .await
        .unwrap();
    let plan: Vec<serde_json::Value> = super::super::rows(&mut res, 0).unwrap();
    let plan = serde_json::to_string(&plan).unwrap();
    assert!(plan.contains("\"index\":\"map_report_cell\""), "{plan}");
    assert!(
        plan.contains(&format!("'m', {cell}]")),
        "the tile is part of the range: {plan}"
    );
}
