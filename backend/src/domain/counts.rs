//! Named counts: what an activity's records add up to (`public`, `status:planned`,
//! `week:2915:ideas`, later `q3:opt2`). Keys are names, never positions, so a new status or a
//! new question is a new key and nothing stored before moves.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Monday-based week number of a Unix-millisecond time: the `week:{w}:…` keys of every kind.
pub fn week_of(ms: i64) -> i64 {
    (ms.div_euclid(86_400_000) + 3).div_euclid(7)
}

/// Counts by name. A key that counts zero is absent, so two equal totals compare equal however
/// they were reached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Counts(BTreeMap<String, i64>);

impl Counts {
    /// Adds `n` to `key`.
    pub fn add(&mut self, key: impl Into<String>, n: i64) {
        if n == 0 {
            return;
        }
        let key = key.into();
        let sum = self.0.get(&key).copied().unwrap_or(0) + n;
        if sum == 0 {
            self.0.remove(&key);
        } else {
            self.0.insert(key, sum);
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Counts) {
        for (key, n) in &other.0 {
            self.add(key.as_str(), *n);
        }
    }

    /// Takes every count of `other` away.
    pub fn subtract(&mut self, other: &Counts) {
        for (key, n) in &other.0 {
            self.add(key.as_str(), -n);
        }
    }

    pub fn get(&self, key: &str) -> i64 {
        self.0.get(key).copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every (key, count), in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, i64)> {
        self.0.iter().map(|(k, n)| (k.as_str(), *n))
    }

    /// What changing a record from `before` to `after` adds (`None`: the record does not exist
    /// on that side).
    pub fn change<T: Counted + ?Sized>(before: Option<&T>, after: Option<&T>) -> Counts {
        let mut counts = Counts::default();
        if let Some(after) = after {
            after.count(&mut counts);
        }
        if let Some(before) = before {
            let mut gone = Counts::default();
            before.count(&mut gone);
            counts.subtract(&gone);
        }
        counts
    }

    /// What `record` adds, alone.
    pub fn of<T: Counted + ?Sized>(record: &T) -> Counts {
        Counts::change(None, Some(record))
    }
}

impl FromIterator<(String, i64)> for Counts {
    fn from_iter<I: IntoIterator<Item = (String, i64)>>(iter: I) -> Self {
        let mut counts = Counts::default();
        for (key, n) in iter {
            counts.add(key, n);
        }
        counts
    }
}

/// A record that counts towards its activity: each kind says what it adds, and every write
/// adds the difference between the record after and before it.
pub trait Counted {
    fn count(&self, into: &mut Counts);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug)]
    struct Tags(Vec<(String, i64)>);

    impl Counted for Tags {
        fn count(&self, into: &mut Counts) {
            for (k, n) in &self.0 {
                into.add(k.as_str(), *n);
            }
        }
    }

    fn tags() -> impl Strategy<Value = Tags> {
        proptest::collection::vec(("[abc]", -3i64..4), 0..6).prop_map(Tags)
    }

    proptest! {
        #[test]
        fn changes_add_up_to_the_last_state(states in proptest::collection::vec(tags(), 1..8)) {
            let mut running = Counts::default();
            let mut before: Option<&Tags> = None;
            for state in &states {
                running.merge(&Counts::change(before, Some(state)));
                before = Some(state);
            }
            prop_assert_eq!(&running, &Counts::of(states.last().unwrap()));
            running.merge(&Counts::change(before, None));
            prop_assert!(running.is_empty(), "a removed record leaves nothing: {running:?}");
        }
    }

    #[test]
    fn a_key_that_sums_to_zero_is_gone() {
        let mut c = Counts::default();
        c.add("public", 2);
        c.add("public", -2);
        c.add("hidden", 0);
        assert_eq!(c, Counts::default());
        assert_eq!(c.get("public"), 0);
    }
}
