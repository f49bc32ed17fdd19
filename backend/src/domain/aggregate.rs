//! Board aggregates kept in step with every write.
//!
//! Each idea *contributes* to its board's counters according to its facts (visibility, status,
//! supports, first answer). A write computes the idea's facts before and after and adds the
//! difference, so the counters always equal a recount over all ideas, whatever the sequence of
//! writes, hides, merges and status changes (tested below and against the database).

use coproduce_widgets::contract::IdeaStatus;

use super::idea::Visibility;

/// Upper bounds, in hours, of the buckets of "time to first answer". The median shown on the
/// dashboard is the bucket that holds it: exact counts, no scan of all ideas.
pub const ANSWER_BUCKET_HOURS: [i64; 11] = [1, 4, 12, 24, 48, 72, 168, 336, 720, 2160, i64::MAX];

/// What one idea says about its board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdeaFacts {
    pub visibility: Visibility,
    pub status: IdeaStatus,
    pub supports: i64,
    /// Milliseconds from submission to the first public answer, if answered.
    pub first_answer_after_ms: Option<i64>,
}

/// A board's counters (or a change to them). Status, support and answer counts cover the
/// public ideas, which are what citizens see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    pub public: i64,
    pub pending: i64,
    pub hidden: i64,
    pub supports: i64,
    pub by_status: [i64; 6],
    pub answered: i64,
    pub answer_buckets: [i64; ANSWER_BUCKET_HOURS.len()],
}

pub fn answer_bucket(ms: i64) -> usize {
    let hours = ms.max(0) / 3_600_000;
    ANSWER_BUCKET_HOURS
        .iter()
        .position(|&limit| hours < limit)
        .unwrap_or(ANSWER_BUCKET_HOURS.len() - 1)
}

impl Counters {
    /// What one idea adds to its board.
    pub fn of(facts: &IdeaFacts) -> Self {
        let mut c = Self::default();
        match facts.visibility {
            Visibility::Public => {
                c.public = 1;
                c.supports = facts.supports;
                c.by_status[facts.status.index()] = 1;
                if let Some(ms) = facts.first_answer_after_ms {
                    c.answered = 1;
                    c.answer_buckets[answer_bucket(ms)] = 1;
                }
            }
            Visibility::Pending => c.pending = 1,
            Visibility::Hidden => c.hidden = 1,
            Visibility::Withdrawn | Visibility::Merged => {}
        }
        c
    }

    /// The change a write makes: `after - before` (`None` = the idea does not exist).
    pub fn delta(before: Option<&IdeaFacts>, after: Option<&IdeaFacts>) -> Self {
        let b = before.map(Self::of).unwrap_or_default();
        let a = after.map(Self::of).unwrap_or_default();
        a.minus(&b)
    }

    pub fn plus(&self, o: &Self) -> Self {
        self.zip(o, |a, b| a + b)
    }

    pub fn minus(&self, o: &Self) -> Self {
        self.zip(o, |a, b| a - b)
    }

    fn zip(&self, o: &Self, f: impl Fn(i64, i64) -> i64) -> Self {
        Self {
            public: f(self.public, o.public),
            pending: f(self.pending, o.pending),
            hidden: f(self.hidden, o.hidden),
            supports: f(self.supports, o.supports),
            by_status: std::array::from_fn(|i| f(self.by_status[i], o.by_status[i])),
            answered: f(self.answered, o.answered),
            answer_buckets: std::array::from_fn(|i| f(self.answer_buckets[i], o.answer_buckets[i])),
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Self::default()
    }

    /// The counters as (column name, value) pairs; names are fixed here, never from input.
    pub fn columns(&self) -> Vec<(String, i64)> {
        let mut cols = vec![
            ("public".to_string(), self.public),
            ("pending".to_string(), self.pending),
            ("hidden".to_string(), self.hidden),
            ("supports".to_string(), self.supports),
            ("answered".to_string(), self.answered),
        ];
        for s in IdeaStatus::ALL {
            cols.push((format!("st_{}", s.as_str()), self.by_status[s.index()]));
        }
        for (i, v) in self.answer_buckets.iter().enumerate() {
            cols.push((format!("ans_{i}"), *v));
        }
        cols
    }

    /// Rebuilds counters from `columns()` pairs (missing columns count 0).
    pub fn from_columns(get: impl Fn(&str) -> i64) -> Self {
        Self {
            public: get("public"),
            pending: get("pending"),
            hidden: get("hidden"),
            supports: get("supports"),
            answered: get("answered"),
            by_status: std::array::from_fn(|i| get(&format!("st_{}", IdeaStatus::ALL[i].as_str()))),
            answer_buckets: std::array::from_fn(|i| get(&format!("ans_{i}"))),
        }
    }

    /// The counters in the order of `columns()`: the compact form a delta record stores.
    pub fn values(&self) -> Vec<i64> {
        self.columns().into_iter().map(|(_, v)| v).collect()
    }

    /// Reads `values()` back; missing trailing values count 0.
    pub fn from_values(values: &[i64]) -> Self {
        let names: Vec<String> = Self::default()
            .columns()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        Self::from_columns(|col| {
            names
                .iter()
                .position(|n| n == col)
                .and_then(|i| values.get(i).copied())
                .unwrap_or(0)
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn values_round_trip() {
        let mut c = Counters {
            public: 3,
            pending: -1,
            supports: 7,
            answered: 2,
            ..Counters::default()
        };
        c.by_status[2] = 4;
        c.answer_buckets[10] = 5;
        assert_eq!(Counters::from_values(&c.values()), c);
        assert_eq!(Counters::from_values(&[]), Counters::default());
    }

    #[derive(Debug, Clone)]
    enum Op {
        Submit { pre: bool },
        Support(usize),
        Hide(usize),
        Restore(usize),
        Approve(usize),
        Withdraw(usize),
        SetStatus(usize, usize, i64),
        Merge(usize, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            any::<bool>().prop_map(|pre| Op::Submit { pre }),
            (0usize..20).prop_map(Op::Support),
            (0usize..20).prop_map(Op::Hide),
            (0usize..20).prop_map(Op::Restore),
            (0usize..20).prop_map(Op::Approve),
            (0usize..20).prop_map(Op::Withdraw),
            (0usize..20, 0usize..6, 0i64..4_000_000_000)
                .prop_map(|(i, s, t)| Op::SetStatus(i, s, t)),
            (0usize..20, 0usize..20).prop_map(|(a, b)| Op::Merge(a, b)),
        ]
    }

    /// Applies an op to the model the way the storage layer does, returning each changed idea's
    /// facts before and after.
    fn apply(ideas: &mut Vec<IdeaFacts>, op: &Op) -> Vec<(Option<IdeaFacts>, Option<IdeaFacts>)> {
        let public = |f: &IdeaFacts| f.visibility == Visibility::Public;
        let mut changes = Vec::new();
        let mut change = |ideas: &mut Vec<IdeaFacts>, i: usize, f: &dyn Fn(&mut IdeaFacts)| {
            let before = ideas[i];
            f(&mut ideas[i]);
            changes.push((Some(before), Some(ideas[i])));
        };
        match *op {
            Op::Submit { pre } => {
                let facts = IdeaFacts {
                    visibility: if pre {
                        Visibility::Pending
                    } else {
                        Visibility::Public
                    },
                    status: IdeaStatus::New,
                    supports: 0,
                    first_answer_after_ms: None,
                };
                ideas.push(facts);
                changes.push((None, Some(facts)));
            }
            Op::Support(i) if i < ideas.len() && public(&ideas[i]) => {
                change(ideas, i, &|f| f.supports += 1)
            }
            Op::Hide(i)
                if i < ideas.len()
                    && matches!(
                        ideas[i].visibility,
                        Visibility::Public | Visibility::Pending
                    ) =>
            {
                change(ideas, i, &|f| f.visibility = Visibility::Hidden)
            }
            Op::Restore(i) | Op::Approve(i)
                if i < ideas.len()
                    && matches!(
                        ideas[i].visibility,
                        Visibility::Hidden | Visibility::Pending
                    ) =>
            {
                change(ideas, i, &|f| f.visibility = Visibility::Public)
            }
            Op::Withdraw(i) if i < ideas.len() && ideas[i].visibility != Visibility::Merged => {
                change(ideas, i, &|f| f.visibility = Visibility::Withdrawn)
            }
            Op::SetStatus(i, s, t) if i < ideas.len() => change(ideas, i, &|f| {
                f.status = IdeaStatus::ALL[s];
                f.first_answer_after_ms.get_or_insert(t);
            }),
            Op::Merge(a, b)
                if a != b
                    && a < ideas.len()
                    && b < ideas.len()
                    && public(&ideas[a])
                    && public(&ideas[b]) =>
            {
                let moved = ideas[a].supports;
                change(ideas, a, &|f| f.visibility = Visibility::Merged);
                change(ideas, b, &|f| f.supports += moved);
            }
            _ => {}
        }
        changes
    }

    proptest! {
        #[test]
        fn counters_always_equal_a_recount(ops in proptest::collection::vec(op(), 0..120)) {
            let mut ideas = Vec::new();
            let mut running = Counters::default();
            for op in &ops {
                for (before, after) in apply(&mut ideas, op) {
                    running = running.plus(&Counters::delta(before.as_ref(), after.as_ref()));
                }
                let recount = ideas.iter().fold(Counters::default(), |acc, f| acc.plus(&Counters::of(f)));
                prop_assert_eq!(running, recount);
            }
        }

        #[test]
        fn the_median_bucket_holds_at_least_half_of_the_answers(times in proptest::collection::vec(0i64..10_000_000_000, 1..50)) {
            let mut c = Counters::default();
            for t in &times {
                c = c.plus(&Counters::of(&IdeaFacts { visibility: Visibility::Public, status: IdeaStatus::Planned, supports: 0, first_answer_after_ms: Some(*t) }));
            }
            let bound = c.median_answer_hours().unwrap();
            let at_or_below = times.iter().filter(|t| answer_bucket(**t) <= ANSWER_BUCKET_HOURS.iter().position(|b| *b == bound).unwrap()).count();
            prop_assert!(at_or_below * 2 >= times.len());
        }
    }

    #[test]
    fn columns_round_trip() {
        let c = Counters {
            public: 3,
            supports: 7,
            by_status: [1, 0, 2, 0, 0, 0],
            answered: 2,
            answer_buckets: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            ..Default::default()
        };
        let cols = c.columns();
        let back = Counters::from_columns(|k| {
            cols.iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| *v)
                .unwrap_or(0)
        });
        assert_eq!(back, c);
    }
}
