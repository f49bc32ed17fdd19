//! What reports and "me too"s add to their map's counts, and the figures read back from them:
//! public reports by status and category, me-toos, how many were answered and how fast
//! (`domain::answered`), and participation per week. Status, category and answer counts cover
//! the public reports, which are what citizens see.

use coproduce_widgets::map::contract::ReportStatus;

use coproduce_widgets::map::geo::Point;

use super::cluster::Located;
use crate::domain::answered::{self, Answered};
use crate::domain::counts::{Counted, Counts, week_of};
use crate::domain::moderation::Visibility;
use crate::domain::responsiveness::{self, Contribution};

/// What one report says about its map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFacts<'a> {
    pub visibility: Visibility,
    pub status: ReportStatus,
    pub category: &'a str,
    pub me_too: i64,
    pub created_at: i64,
    pub first_answer_at: Option<i64>,
}

/// A "me too", as its map counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeTooFacts {
    pub created_at: i64,
}

pub fn status_key(status: ReportStatus) -> String {
    format!("status:{}", status.as_str())
}

pub fn category_key(category: &str) -> String {
    format!("category:{category}")
}

impl Counted for ReportFacts<'_> {
    fn count(&self, into: &mut Counts) {
        into.add(format!("week:{}:reports", week_of(self.created_at)), 1);
        match self.visibility {
            Visibility::Public => {
                into.add("public", 1);
                into.add("me_too", self.me_too);
                into.add(status_key(self.status), 1);
                into.add(category_key(self.category), 1);
                if self.status.is_open() {
                    into.add(format!("open:{}", self.category), 1);
                }
                answered::count(self.created_at, self.first_answer_at, into);
                let c = Contribution {
                    created_at: self.created_at,
                    answerable: true,
                    first_answer_at: self.first_answer_at,
                    change_made: self.status == ReportStatus::Fixed,
                };
                responsiveness::count(&c, 1, into);
            }
            Visibility::Pending => into.add("pending", 1),
            Visibility::Hidden => into.add("hidden", 1),
            Visibility::Withdrawn | Visibility::Merged => {}
        }
    }
}

impl Counted for MeTooFacts {
    fn count(&self, into: &mut Counts) {
        into.add(format!("week:{}:me_too", week_of(self.created_at)), 1);
    }
}

/// The deepest zoom whose clusters are counted ahead (the grid); deeper views hold few
/// reports and read them (`map_report.cell14`).
pub const GRID_ZOOM_MAX: u8 = 13;

/// The scope of a map's grid counts (beside its own: read a zoom at a time by name).
pub fn grid_scope(map: &str) -> String {
    format!("{map}/grid")
}

/// The names of zoom `z`'s grid counts start with this.
pub fn grid_prefix(zoom: u8) -> String {
    format!("z{zoom:02}:")
}

/// A report as the grid counts it: a public report with a point counts, at every zoom up to
/// [`GRID_ZOOM_MAX`], in the cluster square that holds it (`z11:{column}:{row}:n`), with the
/// sums of its coordinates (`…:la`, `…:lo`) for the cluster's centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridFacts {
    pub public: bool,
    pub at: Option<Point>,
}

impl Counted for GridFacts {
    fn count(&self, into: &mut Counts) {
        let (true, Some(at)) = (self.public, self.at) else {
            return;
        };
        let located = Located::new((), at);
        for zoom in 0..=GRID_ZOOM_MAX {
            let (cx, cy) = located.cell(zoom);
            let cell = format!("{}{cx}:{cy}", grid_prefix(zoom));
            into.add(format!("{cell}:n"), 1);
            into.add(format!("{cell}:la"), i64::from(at.lat_e6()));
            into.add(format!("{cell}:lo"), i64::from(at.lon_e6()));
        }
    }
}

/// One square of the grid at a zoom: its (column, row), reports and the sums of their
/// coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridCell {
    pub cell: (u32, u32),
    pub count: i64,
    pub lat_sum: i64,
    pub lon_sum: i64,
}

impl GridCell {
    /// The mean of its reports' points.
    pub fn center(&self) -> Option<Point> {
        if self.count <= 0 {
            return None;
        }
        let mean = |sum: i64| i32::try_from(sum / self.count).ok();
        Point::from_e6(mean(self.lat_sum)?, mean(self.lon_sum)?).ok()
    }
}

/// The squares of one zoom's grid counts (as `counts_named` reads them with `grid_prefix`).
pub fn grid_cells(counts: &Counts, zoom: u8) -> Vec<GridCell> {
    let prefix = grid_prefix(zoom);
    let mut cells: std::collections::BTreeMap<(u32, u32), GridCell> = Default::default();
    for (name, n) in counts.iter() {
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let mut parts = rest.split(':');
        let (Some(Ok(cx)), Some(Ok(cy)), Some(what), None) = (
            parts.next().map(str::parse::<u32>),
            parts.next().map(str::parse::<u32>),
            parts.next(),
            parts.next(),
        ) else {
            continue;
        };
        let c = cells.entry((cx, cy)).or_insert(GridCell {
            cell: (cx, cy),
            count: 0,
            lat_sum: 0,
            lon_sum: 0,
        });
        match what {
            "n" => c.count += n,
            "la" => c.lat_sum += n,
            "lo" => c.lon_sum += n,
            _ => {}
        }
    }
    cells.into_values().filter(|c| c.count > 0).collect()
}

/// A map's figures as the dashboard and the public page show them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapTotals {
    pub public: i64,
    pub pending: i64,
    pub hidden: i64,
    pub me_too: i64,
    pub by_status: [i64; ReportStatus::ALL.len()],
    pub answered: Answered,
}

impl From<&Counts> for MapTotals {
    fn from(c: &Counts) -> Self {
        Self {
            public: c.get("public"),
            pending: c.get("pending"),
            hidden: c.get("hidden"),
            me_too: c.get("me_too"),
            by_status: ReportStatus::ALL.map(|s| c.get(&status_key(s))),
            answered: Answered::from(c),
        }
    }
}

impl MapTotals {
    /// Public reports of `category`.
    pub fn in_category(c: &Counts, category: &str) -> i64 {
        c.get(&category_key(category))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn facts(visibility: Visibility, status: ReportStatus, category: &str) -> ReportFacts<'_> {
        ReportFacts {
            visibility,
            status,
            category,
            me_too: 2,
            created_at: 1_700_000_000_000,
            first_answer_at: None,
        }
    }

    #[test]
    fn a_public_report_counts_by_status_and_category_and_a_hidden_one_only_as_hidden() {
        let c = Counts::of(&facts(Visibility::Public, ReportStatus::InProgress, "kerb"));
        let t = MapTotals::from(&c);
        assert_eq!((t.public, t.me_too), (1, 2));
        assert_eq!(t.by_status[ReportStatus::InProgress as usize], 1);
        assert_eq!(MapTotals::in_category(&c, "kerb"), 1);
        assert_eq!(c.get("open:kerb"), 1);
        let hidden = Counts::of(&facts(Visibility::Hidden, ReportStatus::Open, "kerb"));
        assert_eq!(MapTotals::from(&hidden).hidden, 1);
        assert_eq!(MapTotals::in_category(&hidden, "kerb"), 0);
    }

    #[test]
    fn the_grid_counts_a_public_point_at_every_zoom_and_gives_back_its_centre() {
        let at = Point::from_degrees(52.52, 13.405).unwrap();
        let mut c = Counts::of(&GridFacts {
            public: true,
            at: Some(at),
        });
        c.merge(&Counts::of(&GridFacts {
            public: true,
            at: Some(Point::from_degrees(52.5202, 13.4052).unwrap()),
        }));
        c.merge(&Counts::of(&GridFacts {
            public: false,
            at: Some(at),
        }));
        c.merge(&Counts::of(&GridFacts {
            public: true,
            at: None,
        }));
        for zoom in 0..=GRID_ZOOM_MAX {
            let cells = grid_cells(&c, zoom);
            assert_eq!(cells.iter().map(|c| c.count).sum::<i64>(), 2, "zoom {zoom}");
        }
        let one = grid_cells(&c, 5)[0];
        let centre = one.center().unwrap();
        assert_eq!((centre.lat_e6(), centre.lon_e6()), (52_520_100, 13_405_100));
    }

    proptest! {
        /// Any sequence of changes to one report adds up to what its last state counts.
        #[test]
        fn changes_to_a_report_add_up_to_its_last_state(
            steps in proptest::collection::vec((0usize..5, 0usize..6, 0usize..3, 0i64..5, any::<bool>()), 1..12)
        ) {
            let cats = ["kerb", "light", "bench"];
            let states: Vec<ReportFacts<'_>> = steps.iter().map(|(v, s, c, m, answered)| ReportFacts {
                visibility: Visibility::ALL[*v],
                status: ReportStatus::ALL[*s],
                category: cats[*c],
                me_too: *m,
                created_at: 1_700_000_000_000,
                first_answer_at: answered.then_some(1_700_003_600_000),
            }).collect();
            let mut running = Counts::default();
            let mut before: Option<&ReportFacts<'_>> = None;
            for s in &states {
                running.merge(&Counts::change(before, Some(s)));
                before = Some(s);
            }
            prop_assert_eq!(running, Counts::of(states.last().unwrap()));
        }
    }
}
