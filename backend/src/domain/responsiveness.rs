//! How an organisation answers, month by month, the same way for every kind of activity: each
//! public contribution counts in its activity's ledger under the month it was received
//! (`mo:YYYY-MM:…`): received, whether it can be answered one by one (ideas, reports, stories;
//! not survey responses), whether and how fast it was answered (`domain::answered`), and
//! whether a change was made because of it. The organisation's page reads these months back
//! from each activity's counts without a scan.

use std::collections::BTreeMap;

use coproduce_widgets::fmt::civil_from_days;

use super::answered::{self, Answered};
use super::counts::Counts;

/// The names of the monthly counts start with this.
pub const PREFIX: &str = "mo:";

/// `YYYY-MM` of a moment (Unix ms, UTC).
pub fn month_of(ms: i64) -> String {
    let (y, m, _) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}")
}

/// The `n` months up to and including the month of `now`, oldest first.
pub fn last_months(now: i64, n: usize) -> Vec<String> {
    let (mut y, mut m, _) = civil_from_days(now.div_euclid(86_400_000));
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(format!("{y:04}-{m:02}"));
        if m == 1 {
            (y, m) = (y - 1, 12);
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

fn month_prefix(month: &str) -> String {
    format!("{PREFIX}{month}:")
}

/// A public contribution as the organisation's page counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contribution {
    pub created_at: i64,
    /// Answered one by one (an idea, a report, a story), not a survey response.
    pub answerable: bool,
    pub first_answer_at: Option<i64>,
    /// The organisation made a change because of it (an idea done, a report fixed, a story's
    /// change made).
    pub change_made: bool,
}

/// Adds contribution `c` (`n` = 1) or takes it away (`n` = -1, a survey response withdrawn).
pub fn count(c: &Contribution, n: i64, into: &mut Counts) {
    let p = month_prefix(&month_of(c.created_at));
    into.add(format!("{p}received"), n);
    if c.answerable {
        into.add(format!("{p}answerable"), n);
        if n > 0 {
            answered::count_as(&p, c.created_at, c.first_answer_at, into);
        }
    }
    if c.change_made {
        into.add(format!("{p}made"), n);
    }
}

/// One month's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Month {
    pub received: i64,
    pub answerable: i64,
    pub answered: Answered,
    pub made: i64,
}

impl Month {
    pub fn add(&mut self, other: &Month) {
        self.received += other.received;
        self.answerable += other.answerable;
        self.answered.answered += other.answered.answered;
        for (a, b) in self.answered.buckets.iter_mut().zip(other.answered.buckets) {
            *a += b;
        }
        self.made += other.made;
    }

    /// The share of the contributions that can be answered that were, in whole percent.
    pub fn answered_percent(&self) -> Option<i64> {
        (self.answerable > 0).then(|| self.answered.percent_of(self.answerable))
    }
}

/// The figures of `months` from an activity's counts (or the `mo:` part of them).
pub fn months(c: &Counts, months: &[String]) -> BTreeMap<String, Month> {
    months
        .iter()
        .map(|m| {
            let p = month_prefix(m);
            let figures = Month {
                received: c.get(&format!("{p}received")),
                answerable: c.get(&format!("{p}answerable")),
                answered: Answered::of(c, &p),
                made: c.get(&format!("{p}made")),
            };
            (m.clone(), figures)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn months_are_named_and_listed_across_a_new_year() {
        // 2026-01-15
        let jan = 1_768_435_200_000;
        assert_eq!(month_of(jan), "2026-01");
        assert_eq!(last_months(jan, 3), ["2025-11", "2025-12", "2026-01"]);
    }

    proptest! {
        /// The monthly figures read back equal a plain recount of the contributions.
        #[test]
        fn monthly_figures_equal_a_recount(items in proptest::collection::vec(
            (0i64..60, any::<bool>(), proptest::option::of(0i64..2_000_000_000), any::<bool>()), 0..60)
        ) {
            let base = 1_767_225_600_000; // 2026-01-01
            let day = 86_400_000;
            let mut c = Counts::default();
            let list: Vec<Contribution> = items.iter().map(|(d, answerable, answer, made)| Contribution {
                created_at: base + d * day,
                answerable: *answerable,
                first_answer_at: answer.map(|a| base + d * day + a),
                change_made: *made,
            }).collect();
            for x in &list {
                count(x, 1, &mut c);
            }
            let names = vec!["2026-01".to_string(), "2026-02".to_string()];
            let read = months(&c, &names);
            for m in &names {
                let of: Vec<_> = list.iter().filter(|x| &month_of(x.created_at) == m).collect();
                let got = read[m];
                prop_assert_eq!(got.received, of.len() as i64);
                prop_assert_eq!(got.answerable, of.iter().filter(|x| x.answerable).count() as i64);
                prop_assert_eq!(got.answered.answered, of.iter().filter(|x| x.answerable && x.first_answer_at.is_some()).count() as i64);
                prop_assert_eq!(got.made, of.iter().filter(|x| x.change_made).count() as i64);
            }
        }
    }
}
