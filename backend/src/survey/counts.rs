//! What a survey response adds to its survey's counts (the ledger's named keys), and the
//! results read back from those counts alone: live results never scan the responses.
//!
//! Keys: `responses`, `week:{w}:responses`; per question `q:{id}:n` (answered) and, by kind,
//! `q:{id}:o:{option}` (single and multiple choice, yes/no as `yes`/`no`, `other`),
//! `q:{id}:sum` and `q:{id}:v:{value}` (numbers, scales, ratings: a count per value gives the
//! median; a number question counts values only when its range holds at most
//! [`VALUES_MAX`] of them), `q:{id}:r:{option}:{position}` (ranking) and
//! `q:{id}:m:{row}:{point}` (matrix). Ids are escaped so that a `:` in one cannot run into
//! the next part.
//!
//! Each response is counted twice: in its survey's scope (live results) and in the scope of
//! its day ([`day_scope`]), so the results of a date range add up the days' counts instead of
//! reading the responses again.

use crate::domain::responsiveness::{self, Contribution};
use coproduce_widgets::survey::definition::{Definition, QuestionKind};
use coproduce_widgets::survey::response::{Answer, Answers};

use crate::domain::counts::{Counts, week_of};

const DAY_MS: i64 = 86_400_000;

/// The ledger scope of survey `survey`'s responses of the day (UTC) that holds `at` (Unix
/// ms): `{survey}/day/{day number}`, fixed width so that the days of a range are one range
/// of scopes. Activity keys are slugs, so no activity's own scope has a `/`.
pub fn day_scope(survey: &str, at: i64) -> String {
    format!(
        "{survey}/day/{:07}",
        at.div_euclid(DAY_MS).clamp(0, 9_999_999)
    )
}

/// The first and last day scopes of `[from, to)` (Unix ms), whole days: a range that starts
/// or ends within a day takes all of it.
pub fn day_scopes(survey: &str, (from, to): (i64, i64)) -> (String, String) {
    (
        day_scope(survey, from),
        day_scope(survey, to.saturating_sub(1)),
    )
}

/// The most distinct values of a number question counted one by one (for its median).
pub const VALUES_MAX: i64 = 1_000;

/// An id as one part of a key.
fn part(id: &str) -> String {
    id.replace('%', "%25").replace(':', "%3A")
}

fn key(q: &str, rest: &str) -> String {
    format!("q:{}:{rest}", part(q))
}

/// Whether a question's values are counted one by one.
fn counts_values(kind: &QuestionKind) -> bool {
    match kind {
        QuestionKind::Scale { .. } | QuestionKind::Rating { .. } => true,
        QuestionKind::Number {
            min: Some(lo),
            max: Some(hi),
            ..
        } => hi.saturating_sub(*lo) < VALUES_MAX,
        _ => false,
    }
}

/// Adds one response (answered at `at`, Unix ms) to `into`; `n` = -1 takes it back out.
pub fn count_response(def: &Definition, answers: &Answers, at: i64, n: i64, into: &mut Counts) {
    into.add("responses", n);
    into.add(format!("week:{}:responses", week_of(at)), n);
    for q in def.pages.iter().flat_map(|p| &p.questions) {
        let Some(answer) = answers.get(&q.id) else {
            continue;
        };
        into.add(key(&q.id, "n"), n);
        match answer {
            Answer::Choice(c) => into.add(key(&q.id, &format!("o:{}", part(c))), n),
            Answer::Choices(cs) => {
                for c in cs {
                    into.add(key(&q.id, &format!("o:{}", part(c))), n);
                }
            }
            Answer::Yes(y) => into.add(key(&q.id, if *y { "o:yes" } else { "o:no" }), n),
            Answer::Number(v) => {
                into.add(key(&q.id, "sum"), v.saturating_mul(n));
                if counts_values(&q.kind) {
                    into.add(key(&q.id, &format!("v:{v}")), n);
                }
            }
            Answer::Order(order) => {
                for (pos, o) in order.iter().enumerate() {
                    into.add(key(&q.id, &format!("r:{}:{}", part(o), pos + 1)), n);
                }
            }
            Answer::Rows(rows) => {
                for (row, point) in rows {
                    into.add(key(&q.id, &format!("m:{}:{point}", part(row))), n);
                }
            }
            Answer::Text(_) | Answer::Date(_) => {}
        }
    }
}

/// The prefix of a version's own keys: `v{n}:`.
fn version_prefix(version: i64) -> String {
    format!("v{version}:")
}

/// Adds one response to version `version` of a survey (`n` = -1 takes it back out): the
/// survey's totals (`responses`, `week:…`) and the version's own keys (`v{n}:…`), so each
/// version's results read its own definition's keys.
pub fn count_versioned(
    def: &Definition,
    version: i64,
    answers: &Answers,
    at: i64,
    n: i64,
    into: &mut Counts,
) {
    let mut own = Counts::default();
    count_response(def, answers, at, n, &mut own);
    let prefix = version_prefix(version);
    for (k, v) in own.iter() {
        if !k.starts_with("q:") {
            into.add(k, v);
        }
        into.add(format!("{prefix}{k}"), v);
    }
    let received = Contribution {
        created_at: at,
        answerable: false,
        first_answer_at: None,
        change_made: false,
    };
    responsiveness::count(&received, n, into);
}

/// The counts of version `version` alone, as `count_response` keys them.
pub fn of_version(c: &Counts, version: i64) -> Counts {
    let prefix = version_prefix(version);
    let mut out = Counts::default();
    for (k, v) in c.iter() {
        if let Some(rest) = k.strip_prefix(&prefix) {
            out.add(rest, v);
        }
    }
    out
}

/// The counts to show version `target`'s results from: each of its questions counted over
/// every version that asked the same question the same way (same id, same kind of answer
/// with the same options); a question that changed counts only where it was asked as it is
/// now. Returns the counts and, per question, the versions they come from.
pub fn across_versions(
    versions: &[(i64, &Definition)],
    c: &Counts,
    target: i64,
) -> (Counts, Vec<(String, Vec<i64>)>) {
    let mut out = Counts::default();
    let mut sources = Vec::new();
    let Some((_, def)) = versions.iter().find(|(n, _)| *n == target) else {
        return (out, sources);
    };
    let own: Vec<(i64, Counts)> = versions
        .iter()
        .map(|(n, _)| (*n, of_version(c, *n)))
        .collect();
    out.add("responses", of_version(c, target).get("responses"));
    for q in def.pages.iter().flat_map(|p| &p.questions) {
        let prefix = key(&q.id, "");
        let mut from = Vec::new();
        for ((n, other), (_, counts)) in versions.iter().zip(&own) {
            let same = other
                .question(&q.id)
                .is_some_and(|o| o.kind == q.kind && o.other == q.other);
            if !same {
                continue;
            }
            from.push(*n);
            for (k, v) in counts.iter() {
                if k.starts_with(&prefix) {
                    out.add(k, v);
                }
            }
        }
        sources.push((q.id.clone(), from));
    }
    (out, sources)
}

/// One question's results.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResult {
    pub id: String,
    pub answered: i64,
    /// (option, count) in the question's order, "other" last when offered (choice, yes/no).
    pub options: Vec<(String, i64)>,
    /// Numbers, scales, ratings.
    pub mean: Option<f64>,
    /// The lower median, where values are counted one by one.
    pub median: Option<i64>,
    /// A 0–10 rating: % promoters (9–10) − % detractors (0–6), rounded.
    pub nps: Option<i64>,
    /// Ranking: per option, how often it was put at each position (from 1). Matrix: per row,
    /// how often each point of the scale (from 1) was chosen.
    pub grid: Vec<(String, Vec<i64>)>,
}

/// The value range counted one by one, for the median.
fn value_range(kind: &QuestionKind) -> Option<(i64, i64)> {
    match kind {
        QuestionKind::Scale { points } => Some((1, points.len() as i64)),
        QuestionKind::Rating { nps: true, .. } => Some((0, 10)),
        QuestionKind::Rating { max, .. } => Some((1, i64::from(*max))),
        QuestionKind::Number {
            min: Some(lo),
            max: Some(hi),
            ..
        } if counts_values(kind) => Some((*lo, *hi)),
        _ => None,
    }
}

/// Every question's results, read from the survey's counts alone.
pub fn results(def: &Definition, c: &Counts) -> Vec<QuestionResult> {
    def.pages
        .iter()
        .flat_map(|p| &p.questions)
        .map(|q| {
            let answered = c.get(&key(&q.id, "n"));
            let option = |id: &str| {
                (
                    id.to_string(),
                    c.get(&key(&q.id, &format!("o:{}", part(id)))),
                )
            };
            let mut options: Vec<(String, i64)> = match &q.kind {
                QuestionKind::SingleChoice { options, .. }
                | QuestionKind::MultipleChoice { options, .. } => {
                    options.iter().map(|o| option(&o.id)).collect()
                }
                QuestionKind::YesNo => vec![option("yes"), option("no")],
                _ => Vec::new(),
            };
            if q.other && !options.is_empty() {
                options.push(option(coproduce_widgets::survey::response::OTHER));
            }
            let numeric = matches!(
                q.kind,
                QuestionKind::Number { .. }
                    | QuestionKind::Scale { .. }
                    | QuestionKind::Rating { .. }
            );
            let mean = (numeric && answered > 0)
                .then(|| c.get(&key(&q.id, "sum")) as f64 / answered as f64);
            let value = |v: i64| c.get(&key(&q.id, &format!("v:{v}")));
            let median = value_range(&q.kind)
                .filter(|_| answered > 0)
                .and_then(|(lo, hi)| {
                    let half = (answered + 1) / 2;
                    let mut seen = 0;
                    (lo..=hi).find(|v| {
                        seen += value(*v);
                        seen >= half
                    })
                });
            let nps = matches!(q.kind, QuestionKind::Rating { nps: true, .. })
                .then_some(())
                .filter(|_| answered > 0)
                .map(|_| {
                    let promoters: i64 = (9..=10).map(value).sum();
                    let detractors: i64 = (0..=6).map(value).sum();
                    let diff = (promoters - detractors) * 100;
                    // Rounded half away from zero.
                    (diff + diff.signum() * answered / 2) / answered
                });
            let grid = match &q.kind {
                QuestionKind::Ranking { options } => options
                    .iter()
                    .map(|o| {
                        let at = (1..=options.len())
                            .map(|p| c.get(&key(&q.id, &format!("r:{}:{p}", part(&o.id)))))
                            .collect();
                        (o.id.clone(), at)
                    })
                    .collect(),
                QuestionKind::Matrix { rows, scale } => rows
                    .iter()
                    .map(|r| {
                        let at = (1..=scale.len())
                            .map(|p| c.get(&key(&q.id, &format!("m:{}:{p}", part(&r.id)))))
                            .collect();
                        (r.id.clone(), at)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            QuestionResult {
                id: q.id.clone(),
                answered,
                options,
                mean,
                median,
                nps,
                grid,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
