//! How fast an organisation answers its contributors, the same way for every kind: each
//! answered contribution counts in `answered` and in the bucket of its time to first answer
//! (`answered:{bucket}`), so the median is read from exact counts without a scan.

use super::counts::Counts;

/// Upper bounds, in hours, of the buckets of "time to first answer". The median shown is the
/// bound of the bucket that holds it.
pub const BUCKET_HOURS: [i64; 11] = [1, 4, 12, 24, 48, 72, 168, 336, 720, 2160, i64::MAX];

/// Which bucket of `BUCKET_HOURS` an answer `ms` after the contribution falls in.
pub fn bucket(ms: i64) -> usize {
    let hours = ms.max(0) / 3_600_000;
    BUCKET_HOURS
        .iter()
        .position(|&limit| hours < limit)
        .unwrap_or(BUCKET_HOURS.len() - 1)
}

fn bucket_key(prefix: &str, bucket: usize) -> String {
    format!("{prefix}answered:{bucket}")
}

/// Counts a public contribution made at `created_at` and first answered at `first_answer_at`.
pub fn count(created_at: i64, first_answer_at: Option<i64>, into: &mut Counts) {
    count_as("", created_at, first_answer_at, into);
}

/// As `count`, under names that start with `prefix` (a part of an activity: one service).
pub fn count_as(prefix: &str, created_at: i64, first_answer_at: Option<i64>, into: &mut Counts) {
    if let Some(at) = first_answer_at {
        into.add(format!("{prefix}answered"), 1);
        into.add(bucket_key(prefix, bucket(at - created_at)), 1);
    }
}

/// The answered contributions and their buckets, read back from the counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answered {
    pub answered: i64,
    pub buckets: [i64; BUCKET_HOURS.len()],
}

impl From<&Counts> for Answered {
    fn from(c: &Counts) -> Self {
        Self::of(c, "")
    }
}

impl Answered {
    /// What `count_as(prefix, …)` counted.
    pub fn of(c: &Counts, prefix: &str) -> Self {
        Self {
            answered: c.get(&format!("{prefix}answered")),
            buckets: std::array::from_fn(|i| c.get(&bucket_key(prefix, i))),
        }
    }
}

impl Answered {
    /// The bound of the bucket that holds the median time to first answer (`i64::MAX`: more
    /// than the bucket before); none before the first answer.
    pub fn median_hours(&self) -> Option<i64> {
        if self.answered <= 0 {
            return None;
        }
        let half = (self.answered + 1) / 2;
        let mut seen = 0;
        for (i, n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= half {
                return Some(BUCKET_HOURS[i]);
            }
        }
        None
    }

    /// The share of `of` contributions answered, in whole percent.
    pub fn percent_of(&self, of: i64) -> i64 {
        if of <= 0 { 0 } else { self.answered * 100 / of }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_median_bucket_holds_at_least_half_of_the_answers(times in proptest::collection::vec(0i64..10_000_000_000, 1..50)) {
            let mut c = Counts::default();
            for t in &times {
                count(1_700_000_000_000, Some(1_700_000_000_000 + *t), &mut c);
            }
            let bound = Answered::from(&c).median_hours().unwrap();
            let at = BUCKET_HOURS.iter().position(|b| *b == bound).unwrap();
            let at_or_below = times.iter().filter(|t| bucket(**t) <= at).count();
            prop_assert!(at_or_below * 2 >= times.len());
        }
    }

    #[test]
    fn nothing_answered_has_no_median_and_no_share() {
        let mut c = Counts::default();
        count(0, None, &mut c);
        let a = Answered::from(&c);
        assert_eq!((a.median_hours(), a.percent_of(3)), (None, 0));
    }
}
