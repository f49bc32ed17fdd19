//! What a story adds to its ratings activity's counts, and each service's summary read back
//! from them (never from the stories): only published stories count, each under its
//! service (`s:{service}:…`): the overall stars (count, sum, one key a star), each
//! dimension's, the month the story was told in, whether and how fast the organisation
//! answered, and the changes it planned or made. The activity's own answered counts
//! (unprefixed) feed the organisation's page.

use std::collections::BTreeMap;

use coproduce_widgets::ratings::definition::limits::STARS_MAX;
use coproduce_widgets::ratings::summary::{Summary, Tally};

use crate::domain::answered::{self, Answered};
use crate::domain::counts::{Counted, Counts};
use crate::domain::responsiveness::{self, Contribution};

/// What the organisation said it does about a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Planned,
    Made,
}

/// What one story says about its activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryFacts {
    /// Published: moderated and not withdrawn.
    pub published: bool,
    pub service: String,
    pub overall: u8,
    pub ratings: BTreeMap<String, u8>,
    /// `YYYY-MM` of when it was told.
    pub month: String,
    pub created_at: i64,
    pub first_answer_at: Option<i64>,
    pub change: Option<Change>,
}

fn prefix(service: &str) -> String {
    format!("s:{service}:")
}

impl Counted for StoryFacts {
    fn count(&self, into: &mut Counts) {
        if !self.published {
            return;
        }
        let p = prefix(&self.service);
        into.add(format!("{p}n"), 1);
        into.add(format!("{p}sum"), i64::from(self.overall));
        into.add(format!("{p}r{}", self.overall), 1);
        for (dim, stars) in &self.ratings {
            into.add(format!("{p}d:{dim}:n"), 1);
            into.add(format!("{p}d:{dim}:sum"), i64::from(*stars));
        }
        into.add(format!("{p}m:{}:n", self.month), 1);
        into.add(format!("{p}m:{}:sum", self.month), i64::from(self.overall));
        answered::count_as(&p, self.created_at, self.first_answer_at, into);
        match self.change {
            Some(Change::Planned) => into.add(format!("{p}planned"), 1),
            Some(Change::Made) => into.add(format!("{p}made"), 1),
            None => {}
        }
        // The activity's, for the organisation's page.
        into.add("published", 1);
        answered::count(self.created_at, self.first_answer_at, into);
        if self.change == Some(Change::Made) {
            into.add("made", 1);
        }
        let c = Contribution {
            created_at: self.created_at,
            answerable: true,
            first_answer_at: self.first_answer_at,
            change_made: self.change == Some(Change::Made),
        };
        responsiveness::count(&c, 1, into);
    }
}

fn tally(c: &Counts, n: &str, sum: &str) -> Tally {
    Tally {
        n: c.get(n).max(0) as u64,
        sum: c.get(sum).max(0) as u64,
    }
}

/// A service's summary from the activity's counts.
pub fn summary(c: &Counts, service: &str) -> Summary {
    let p = prefix(service);
    let mut s = Summary {
        overall: tally(c, &format!("{p}n"), &format!("{p}sum")),
        distribution: std::array::from_fn(|i| c.get(&format!("{p}r{}", i + 1)).max(0) as u64),
        answered: Answered::of(c, &p).answered.max(0) as u64,
        change_planned: c.get(&format!("{p}planned")).max(0) as u64,
        change_made: c.get(&format!("{p}made")).max(0) as u64,
        ..Summary::default()
    };
    for (name, _) in c.iter() {
        let Some(rest) = name.strip_prefix(&p) else {
            continue;
        };
        if let Some(dim) = rest.strip_prefix("d:").and_then(|r| r.strip_suffix(":n")) {
            s.dimensions
                .insert(dim.to_string(), tally(c, name, &format!("{p}d:{dim}:sum")));
        } else if let Some(month) = rest.strip_prefix("m:").and_then(|r| r.strip_suffix(":n")) {
            s.months.insert(
                month.to_string(),
                tally(c, name, &format!("{p}m:{month}:sum")),
            );
        }
    }
    debug_assert!(s.distribution.len() == STARS_MAX as usize);
    s
}

/// The median time to first answer of a service's stories (`domain::answered`).
pub fn answered_of(c: &Counts, service: &str) -> Answered {
    Answered::of(c, &prefix(service))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a story may go through: sent (pending), published, rejected, edited (its
    /// ratings), answered, a change planned or made, withdrawn.
    #[derive(Debug, Clone)]
    enum Step {
        Send {
            service: usize,
            overall: u8,
            respect: Option<u8>,
            month: u8,
        },
        Publish(usize),
        Reject(usize),
        Edit {
            story: usize,
            overall: u8,
            respect: Option<u8>,
        },
        Answer {
            story: usize,
            after_h: i64,
        },
        Change {
            story: usize,
            made: bool,
        },
        Withdraw(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0usize..3, 1u8..=5, proptest::option::of(1u8..=5), 1u8..=3).prop_map(
                |(service, overall, respect, month)| Step::Send {
                    service,
                    overall,
                    respect,
                    month
                }
            ),
            (0usize..8).prop_map(Step::Publish),
            (0usize..8).prop_map(Step::Reject),
            (0usize..8, 1u8..=5, proptest::option::of(1u8..=5)).prop_map(
                |(story, overall, respect)| Step::Edit {
                    story,
                    overall,
                    respect
                }
            ),
            (0usize..8, 0i64..5000).prop_map(|(story, after_h)| Step::Answer { story, after_h }),
            (0usize..8, any::<bool>()).prop_map(|(story, made)| Step::Change { story, made }),
            (0usize..8).prop_map(Step::Withdraw),
        ]
    }

    const SERVICES: [&str; 3] = ["daycare", "debt", "library"];
    const T0: i64 = 1_780_000_000_000;

    /// A service's summary worked out apart, plainly, from the stories as they end up.
    fn recomputed(stories: &[StoryFacts], service: &str) -> Summary {
        let mut s = Summary::default();
        for st in stories
            .iter()
            .filter(|s| s.published && s.service == service)
        {
            s.overall.add(st.overall);
            s.distribution[usize::from(st.overall) - 1] += 1;
            for (d, v) in &st.ratings {
                s.dimensions.entry(d.clone()).or_default().add(*v);
            }
            s.months
                .entry(st.month.clone())
                .or_default()
                .add(st.overall);
            s.answered += u64::from(st.first_answer_at.is_some());
            s.change_planned += u64::from(st.change == Some(Change::Planned));
            s.change_made += u64::from(st.change == Some(Change::Made));
        }
        s
    }

    proptest! {
        /// After any sequence of submissions, edits, withdrawals and moderation decisions,
        /// every service's summary read from the counts (each step appending its difference)
        /// equals a plain recomputation from the published stories; unpublished ones never count.
        #[test]
        fn summaries_from_the_counts_equal_a_recomputation(steps in proptest::collection::vec(step(), 1..40)) {
            let mut stories: Vec<StoryFacts> = Vec::new();
            let mut counts = Counts::default();
            for step in steps {
                let change = |stories: &mut Vec<StoryFacts>, counts: &mut Counts, i: usize, f: &dyn Fn(&mut StoryFacts)| {
                    let Some(before) = stories.get(i).cloned() else { return };
                    let mut after = before.clone();
                    f(&mut after);
                    counts.merge(&Counts::change(Some(&before), Some(&after)));
                    stories[i] = after;
                };
                match step {
                    Step::Send { service, overall, respect, month } => {
                        let story = StoryFacts {
                            published: false,
                            service: SERVICES[service].into(),
                            overall,
                            ratings: respect.map(|r| [("respect".to_string(), r)].into()).unwrap_or_default(),
                            month: format!("2026-0{month}"),
                            created_at: T0,
                            first_answer_at: None,
                            change: None,
                        };
                        counts.merge(&Counts::of(&story));
                        stories.push(story);
                    }
                    Step::Publish(i) => change(&mut stories, &mut counts, i, &|s| s.published = true),
                    Step::Reject(i) | Step::Withdraw(i) => change(&mut stories, &mut counts, i, &|s| s.published = false),
                    Step::Edit { story, overall, respect } => change(&mut stories, &mut counts, story, &|s| {
                        s.overall = overall;
                        s.ratings = respect.map(|r| [("respect".to_string(), r)].into()).unwrap_or_default();
                    }),
                    Step::Answer { story, after_h } => change(&mut stories, &mut counts, story, &|s| {
                        s.first_answer_at.get_or_insert(T0 + after_h * 3_600_000);
                    }),
                    Step::Change { story, made } => change(&mut stories, &mut counts, story, &|s| {
                        s.change = Some(if made { Change::Made } else { Change::Planned });
                    }),
                }
            }
            for service in SERVICES {
                prop_assert_eq!(summary(&counts, service), recomputed(&stories, service));
            }
            let published = stories.iter().filter(|s| s.published).count() as i64;
            prop_assert_eq!(counts.get("published"), published);
            prop_assert_eq!(Answered::from(&counts).answered, stories.iter().filter(|s| s.published && s.first_answer_at.is_some()).count() as i64);
        }
    }
}
