//! What ideas and supports add to their board's counts, and the figures read back from them.
//!
//! Status, support and answer counts cover the public ideas, which are what citizens see;
//! participation per week counts every idea submitted and every support that stands.

use coproduce_widgets::ideas::contract::IdeaStatus;

use crate::domain::counts::{Counted, Counts, week_of};
use crate::domain::moderation::Visibility;

/// Upper bounds, in hours, of the buckets of "time to first answer". The median shown on the
/// dashboard is the bucket that holds it: exact counts, no scan of all ideas.
pub const ANSWER_BUCKET_HOURS: [i64; 11] = [1, 4, 12, 24, 48, 72, 168, 336, 720, 2160, i64::MAX];

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

/// Which bucket of `ANSWER_BUCKET_HOURS` an answer `ms` after submission falls in.
pub fn answer_bucket(ms: i64) -> usize {
    let hours = ms.max(0) / 3_600_000;
    ANSWER_BUCKET_HOURS
        .iter()
        .position(|&limit| hours < limit)
        .unwrap_or(ANSWER_BUCKET_HOURS.len() - 1)
}

fn status_key(status: IdeaStatus) -> String {
    format!("status:{}", status.as_str())
}

fn bucket_key(bucket: usize) -> String {
    format!("answered:{bucket}")
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
                if let Some(at) = self.first_answer_at {
                    into.add("answered", 1);
                    into.add(bucket_key(answer_bucket(at - self.created_at)), 1);
                }
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
    pub answered: i64,
    pub answer_buckets: [i64; ANSWER_BUCKET_HOURS.len()],
}

impl From<&Counts> for IdeaTotals {
    fn from(c: &Counts) -> Self {
        Self {
            public: c.get("public"),
            pending: c.get("pending"),
            hidden: c.get("hidden"),
            supports: c.get("supports"),
            by_status: IdeaStatus::ALL.map(|s| c.get(&status_key(s))),
            answered: c.get("answered"),
            answer_buckets: std::array::from_fn(|i| c.get(&bucket_key(i))),
        }
    }
}

impl IdeaTotals {
    /// The bucket bound (hours) that holds the median time to first answer.
    pub fn median_answer_hours(&self) -> Option<i64> {
        if self.answered <= 0 {
            return None;
        }
        let half = (self.answered + 1) / 2;
        let mut seen = 0;
        for (i, n) in self.answer_buckets.iter().enumerate() {
            seen += n;
            if seen >= half {
                return Some(ANSWER_BUCKET_HOURS[i]);
            }
        }
        None
    }

    /// Share of public ideas that have an answer, in whole percent.
    pub fn answered_percent(&self) -> i64 {
        if self.public <= 0 {
            0
        } else {
            self.answered * 100 / self.public
        }
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
    use proptest::prelude::*;

    fn public_answered(created_at: i64, after: i64) -> IdeaFacts {
        IdeaFacts {
            visibility: Visibility::Public,
            status: IdeaStatus::Planned,
            supports: 0,
            created_at,
            first_answer_at: Some(created_at + after),
        }
    }

    proptest! {
        #[test]
        fn the_median_bucket_holds_at_least_half_of_the_answers(times in proptest::collection::vec(0i64..10_000_000_000, 1..50)) {
            let mut c = Counts::default();
            for t in &times {
                c.merge(&Counts::of(&public_answered(1_700_000_000_000, *t)));
            }
            let totals = IdeaTotals::from(&c);
            let bound = totals.median_answer_hours().unwrap();
            let bucket = ANSWER_BUCKET_HOURS.iter().position(|b| *b == bound).unwrap();
            let at_or_below = times.iter().filter(|t| answer_bucket(**t) <= bucket).count();
            prop_assert!(at_or_below * 2 >= times.len());
        }
    }

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
