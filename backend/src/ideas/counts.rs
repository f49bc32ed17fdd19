//! What ideas and supports add to their board's counts, and the figures read back from them.
//!
//! Status, support and answer counts cover the public ideas, which are what citizens see;
//! participation per week counts every idea submitted and every support that stands.

use coproduce_widgets::ideas::contract::IdeaStatus;

use crate::domain::answered::{self, Answered};
use crate::domain::counts::{Counted, Counts, week_of};
use crate::domain::moderation::Visibility;
use crate::domain::responsiveness::{self, Contribution};

/// What one idea says about its board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdeaFacts {
    pub visibility: Visibility,
    pub status: IdeaStatus,
    pub supports: i64,
    pub created_at: i64,
    pub first_answer_at: Option<i64>,
}

/// A support, as its board counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupportFacts {
    pub created_at: i64,
}

fn status_key(status: IdeaStatus) -> String {
    format!("status:{}", status.as_str())
}

fn week_key(week: i64, what: &str) -> String {
    format!("week:{week}:{what}")
}

impl Counted for IdeaFacts {
    fn count(&self, into: &mut Counts) {
        into.add(week_key(week_of(self.created_at), "ideas"), 1);
        match self.visibility {
            Visibility::Public => {
                into.add("public", 1);
                into.add("supports", self.supports);
                into.add(status_key(self.status), 1);
                answered::count(self.created_at, self.first_answer_at, into);
                let c = Contribution {
                    created_at: self.created_at,
                    answerable: true,
                    first_answer_at: self.first_answer_at,
                    change_made: self.status == IdeaStatus::Done,
                };
                responsiveness::count(&c, 1, into);
            }
            Visibility::Pending => into.add("pending", 1),
            Visibility::Hidden => into.add("hidden", 1),
            Visibility::Withdrawn | Visibility::Merged => {}
        }
    }
}

impl Counted for SupportFacts {
    fn count(&self, into: &mut Counts) {
        into.add(week_key(week_of(self.created_at), "supports"), 1);
    }
}

/// A board's figures, read from its counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdeaTotals {
    pub public: i64,
    pub pending: i64,
    pub hidden: i64,
    pub supports: i64,
    pub by_status: [i64; IdeaStatus::ALL.len()],
    pub answered: Answered,
}

impl From<&Counts> for IdeaTotals {
    fn from(c: &Counts) -> Self {
        Self {
            public: c.get("public"),
            pending: c.get("pending"),
            hidden: c.get("hidden"),
            supports: c.get("supports"),
            by_status: IdeaStatus::ALL.map(|s| c.get(&status_key(s))),
            answered: Answered::from(c),
        }
    }
}

impl IdeaTotals {
    /// The bucket bound (hours) that holds the median time to first answer.
    pub fn answered_percent(&self) -> i64 {
        self.answered.percent_of(self.public)
    }
}

/// Ideas submitted and supports standing, by the week they were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCount {
    pub week: i64,
    pub ideas: i64,
    pub supports: i64,
}

/// The weeks that have any participation, oldest first.
pub fn weeks(c: &Counts) -> Vec<WeekCount> {
    let mut weeks: std::collections::BTreeMap<i64, WeekCount> = Default::default();
    for (key, n) in c.iter() {
        let mut parts = key.split(':');
        let (Some("week"), Some(Ok(week)), Some(what), None) = (
            parts.next(),
            parts.next().map(str::parse::<i64>),
            parts.next(),
            parts.next(),
        ) else {
            continue;
        };
        let entry = weeks.entry(week).or_insert(WeekCount {
            week,
            ideas: 0,
            supports: 0,
        });
        match what {
            "ideas" => entry.ideas += n,
            "supports" => entry.supports += n,
            _ => {}
        }
    }
    weeks.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_read_back_in_order_and_other_keys_are_ignored() {
        let mut c = Counts::default();
        c.add("week:2915:supports", 4);
        c.add("week:2914:ideas", 2);
        c.add("week:2915:ideas", 1);
        c.add("public", 3);
        c.add("week:x:ideas", 9);
        assert_eq!(
            weeks(&c),
            vec![
                WeekCount {
                    week: 2914,
                    ideas: 2,
                    supports: 0
                },
                WeekCount {
                    week: 2915,
                    ideas: 1,
                    supports: 4
                },
            ]
        );
    }

    #[test]
    fn a_hidden_idea_counts_only_as_hidden_and_in_its_week() {
        let idea = IdeaFacts {
            visibility: Visibility::Hidden,
            status: IdeaStatus::Done,
            supports: 5,
            created_at: 0,
            first_answer_at: Some(10),
        };
        let c = Counts::of(&idea);
        assert_eq!(c.get("hidden"), 1);
        assert_eq!(IdeaTotals::from(&c).public, 0);
        assert_eq!(IdeaTotals::from(&c).supports, 0);
        assert_eq!(weeks(&c).len(), 1);
    }
}
