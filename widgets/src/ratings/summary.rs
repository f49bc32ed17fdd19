//! The figures of a service's ratings, as every surface shows them: the number of ratings,
//! a Bayesian average, the distribution, per-dimension averages, a trend by month, and how
//! the organisation answers. Built by the server from its counts; the same type is shown by
//! the widget, the page and the badge.

use std::collections::BTreeMap;

use super::definition::limits::STARS_MAX;

/// Ratings a service is taken to start with, all of [`PRIOR_MEAN`]: with few real ratings
/// its average stays near the middle of the scale, so three five-star ratings do not outrank
/// a hundred ratings of 4.5.
pub const PRIOR_WEIGHT: f64 = 5.0;
/// The middle of the scale.
pub const PRIOR_MEAN: f64 = 3.0;

/// How many ratings, and the sum of their stars.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub n: u64,
    pub sum: u64,
}

impl Tally {
    pub fn add(&mut self, stars: u8) {
        self.n += 1;
        self.sum += u64::from(stars);
    }

    /// The plain mean; none without ratings.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }

    /// The mean after [`PRIOR_WEIGHT`] ratings of [`PRIOR_MEAN`]; none without ratings.
    pub fn bayesian(&self) -> Option<f64> {
        (self.n > 0)
            .then(|| (PRIOR_WEIGHT * PRIOR_MEAN + self.sum as f64) / (PRIOR_WEIGHT + self.n as f64))
    }
}

/// A service's (or a group's) figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub overall: Tally,
    /// Ratings of 1, 2, … 5 stars.
    pub distribution: [u64; STARS_MAX as usize],
    pub dimensions: BTreeMap<String, Tally>,
    /// By month of the story (`YYYY-MM`).
    pub months: BTreeMap<String, Tally>,
    /// Published stories the organisation answered.
    pub answered: u64,
    pub change_planned: u64,
    pub change_made: u64,
}

impl Summary {
    /// The share of published stories answered, in whole percent.
    pub fn answered_percent(&self) -> u64 {
        (self.answered * 100)
            .checked_div(self.overall.n)
            .unwrap_or(0)
    }

    /// Adds another summary (a group is the sum of its services).
    pub fn merge(&mut self, other: &Summary) {
        let add = |a: &mut Tally, b: &Tally| {
            a.n += b.n;
            a.sum += b.sum;
        };
        add(&mut self.overall, &other.overall);
        for (a, b) in self.distribution.iter_mut().zip(other.distribution) {
            *a += b;
        }
        for (k, t) in &other.dimensions {
            add(self.dimensions.entry(k.clone()).or_default(), t);
        }
        for (k, t) in &other.months {
            add(self.months.entry(k.clone()).or_default(), t);
        }
        self.answered += other.answered;
        self.change_planned += other.change_planned;
        self.change_made += other.change_made;
    }
}

/// A figure with one decimal, as people write it in `lang` ("4,3" in German). In whole
/// tenths, not with `{:.1}`: float formatting was about 10 KB of the gzipped widget.
pub fn one_decimal(v: f64, lang: crate::i18n::Lang) -> String {
    let tenths = (v * 10.0).round_ties_even() as i64;
    let sep = match lang {
        crate::i18n::Lang::De => ',',
        crate::i18n::Lang::En => '.',
    };
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}{sep}{}", t / 10, t % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn few_ratings_stay_near_the_middle_and_many_speak_for_themselves() {
        let mut three_fives = Tally::default();
        for _ in 0..3 {
            three_fives.add(5);
        }
        let mut many = Tally::default();
        for i in 0..100 {
            many.add(if i % 2 == 0 { 5 } else { 4 });
        }
        assert_eq!(three_fives.mean(), Some(5.0));
        assert_eq!(three_fives.bayesian(), Some(3.75));
        assert!(many.bayesian().unwrap() > three_fives.bayesian().unwrap());
        assert_eq!(Tally::default().bayesian(), None);
        assert_eq!(one_decimal(4.25, crate::i18n::Lang::De), "4,2");
        assert_eq!(one_decimal(3.75, crate::i18n::Lang::En), "3.8");
        assert_eq!(one_decimal(5.0, crate::i18n::Lang::En), "5.0");
        assert_eq!(one_decimal(-0.04, crate::i18n::Lang::En), "0.0");
    }

    proptest! {
        /// The Bayesian average lies between the prior and the plain mean, and moves toward
        /// the plain mean as ratings come.
        #[test]
        fn the_bayesian_average_lies_between_the_prior_and_the_mean(stars in proptest::collection::vec(1u8..=5, 1..200)) {
            let mut t = Tally::default();
            for s in &stars {
                t.add(*s);
            }
            let (mean, b) = (t.mean().unwrap(), t.bayesian().unwrap());
            prop_assert!(b >= mean.min(PRIOR_MEAN) - 1e-9 && b <= mean.max(PRIOR_MEAN) + 1e-9);
            let mut more = t;
            for s in &stars {
                more.add(*s);
            }
            prop_assert!((more.bayesian().unwrap() - mean).abs() <= (b - mean).abs() + 1e-9);
        }
    }
}
