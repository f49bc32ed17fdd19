//! What reports and "me too"s add to their map's counts, and the figures read back from them:
//! public reports by status and category, me-toos, how many were answered and how fast
//! (`domain::answered`), and participation per week. Status, category and answer counts cover
//! the public reports, which are what citizens see.

use coproduce_widgets::map::contract::ReportStatus;

use crate::domain::answered::{self, Answered};
use crate::domain::counts::{Counted, Counts, week_of};
use crate::domain::moderation::Visibility;

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
