//! At every zoom and for any view, the clusters account for every report in view exactly
//! once, as a count per square worked out apart from `clusters` says.

use coproduce_widgets::map::geo::{Area, Point, ZOOM_MAX};
use proptest::prelude::*;

use super::{CELL_PX, Located, MEMBERS_MAX, clusters};

fn point() -> impl Strategy<Value = Point> {
    // A city (most reports) and anywhere on earth.
    prop_oneof![
        4 => (52.40f64..52.65, 13.20f64..13.60),
        1 => (-90.0f64..=90.0, -180.0f64..=180.0),
    ]
    .prop_map(|(lat, lon)| Point::from_degrees(lat, lon).unwrap())
}

fn view() -> impl Strategy<Value = Area> {
    prop_oneof![
        Just(Area::WORLD),
        (point(), point()).prop_map(|(a, b)| {
            let (s, n) = if a.lat_e6() <= b.lat_e6() {
                (a, b)
            } else {
                (b, a)
            };
            // West and east as drawn: west beyond east crosses the date line.
            let sw = Point::from_e6(s.lat_e6(), a.lon_e6()).unwrap();
            let ne = Point::from_e6(n.lat_e6(), b.lon_e6()).unwrap();
            Area::new(sw, ne).unwrap()
        }),
    ]
}

/// The square of `p` at `zoom`, from the Web Mercator formula written out again.
fn square(p: Point, zoom: u8) -> (u32, u32) {
    let world = 256.0 * f64::from(1u32 << zoom);
    let lat = p.lat().clamp(-85.051_128_78, 85.051_128_78).to_radians();
    let x = (p.lon() + 180.0) / 360.0 * world;
    let y = (1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0 * world;
    let last = (world / CELL_PX).ceil() as u32 - 1;
    let at = |v: f64| ((v / CELL_PX).max(0.0) as u32).min(last);
    (at(x), at(y))
}

proptest! {
    #[test]
    fn clusters_hold_every_report_in_view_exactly_once(
        points in prop::collection::vec(point(), 0..300),
        zoom in 0u8..=ZOOM_MAX,
        view in view(),
    ) {
        let reports: Vec<Located<usize>> =
            points.iter().enumerate().map(|(i, p)| Located::new(i, *p)).collect();
        let found = clusters(&reports, zoom, &view);
        let in_view: Vec<usize> = (0..points.len()).filter(|i| view.contains(points[*i])).collect();
        prop_assert_eq!(found.iter().map(|c| c.count).sum::<usize>(), in_view.len());
        for c in &found {
            // Counted apart: the reports in view whose square is this one.
            let apart: Vec<usize> = in_view
                .iter()
                .copied()
                .filter(|i| reports[*i].cell(zoom) == c.cell)
                .collect();
            prop_assert_eq!(c.count, apart.len());
            if c.count <= MEMBERS_MAX {
                let members: Vec<usize> = c.members.iter().map(|k| **k).collect();
                prop_assert_eq!(&members, &apart);
            } else {
                prop_assert!(c.members.is_empty());
            }
            // The center is amid its reports.
            let lats = apart.iter().map(|i| points[*i].lat_e6());
            let lons = apart.iter().map(|i| points[*i].lon_e6());
            let (lo, hi) = (lats.clone().min().unwrap(), lats.max().unwrap());
            prop_assert!((lo..=hi).contains(&c.center.lat_e6()));
            let (lo, hi) = (lons.clone().min().unwrap(), lons.max().unwrap());
            prop_assert!((lo..=hi).contains(&c.center.lon_e6()));
        }
        // Each square once.
        let mut cells: Vec<(u32, u32)> = found.iter().map(|c| c.cell).collect();
        cells.dedup();
        prop_assert_eq!(cells.len(), found.len());
        for i in &in_view {
            let (a, b) = (reports[*i].cell(zoom), square(points[*i], zoom));
            prop_assert!(a.0.abs_diff(b.0) <= 1 && a.1.abs_diff(b.1) <= 1, "{:?} {:?}", a, b);
        }
    }
}

#[test]
fn a_street_of_reports_is_one_cluster_from_afar_and_single_reports_close_up() {
    // Ten reports along 500 m of one street.
    let street: Vec<Located<usize>> = (0..10)
        .map(|i| {
            Located::new(
                i,
                Point::from_degrees(52.52, 13.40 + f64::from(i as u8) * 0.0007).unwrap(),
            )
        })
        .collect();
    // A region (zoom 8: the street is about a pixel, well inside one square).
    let city = clusters(&street, 8, &Area::WORLD);
    assert_eq!(city.len(), 1);
    assert_eq!(city[0].count, 10);
    assert!(city[0].members.is_empty(), "more than a cluster lists");
    let close = clusters(&street, 19, &Area::WORLD);
    assert_eq!(close.len(), 10, "each report alone at street level");
    assert!(close.iter().all(|c| c.count == 1 && c.members.len() == 1));
}
