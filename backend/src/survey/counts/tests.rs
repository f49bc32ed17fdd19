//! Results from the counts equal results computed by plain code from the responses.

use proptest::prelude::*;

use super::{QuestionResult, count_response, results};
use crate::domain::counts::Counts;
use coproduce_widgets::survey::definition::{
    Choice, Definition, Page, Question, QuestionKind, Texts,
};
use coproduce_widgets::survey::response::{Answer, Answers};

fn t(s: &str) -> Texts {
    Texts {
        de: s.into(),
        en: s.into(),
        ..Texts::default()
    }
}

fn q(id: &str, kind: QuestionKind, other: bool) -> Question {
    Question {
        id: id.into(),
        text: t(id),
        help: None,
        required: false,
        other,
        kind,
    }
}

fn options(ids: &[&str]) -> Vec<Choice> {
    ids.iter()
        .map(|id| Choice {
            id: id.to_string(),
            label: t(id),
        })
        .collect()
}

/// One question of each counted kind; `odd:id` tests the escaping of ids.
fn survey() -> Definition {
    Definition {
        pages: vec![Page {
            id: "p".into(),
            title: None,
            questions: vec![
                q(
                    "odd:id",
                    QuestionKind::SingleChoice {
                        options: options(&["a", "b:x", "c"]),
                        dropdown: false,
                    },
                    true,
                ),
                q("yes", QuestionKind::YesNo, false),
                q("nps", QuestionKind::Rating { max: 10, nps: true }, false),
                q(
                    "scale",
                    QuestionKind::Scale {
                        points: vec![t("1"), t("2"), t("3"), t("4"), t("5")],
                    },
                    false,
                ),
                q(
                    "age",
                    QuestionKind::Number {
                        min: Some(0),
                        max: Some(20),
                        step: None,
                    },
                    false,
                ),
                q(
                    "multi",
                    QuestionKind::MultipleChoice {
                        options: options(&["x", "y", "z"]),
                        min: None,
                        max: None,
                    },
                    false,
                ),
                q(
                    "rank",
                    QuestionKind::Ranking {
                        options: options(&["r1", "r:2", "r3"]),
                    },
                    false,
                ),
                q(
                    "grid",
                    QuestionKind::Matrix {
                        rows: options(&["row1", "row:2"]),
                        scale: vec![t("lo"), t("mid"), t("hi")],
                    },
                    false,
                ),
            ],
        }],
        rules: vec![],
    }
}

fn response() -> impl Strategy<Value = Answers> {
    (
        prop::option::of(prop::sample::select(vec!["a", "b:x", "c", "other"])),
        prop::option::of(any::<bool>()),
        prop::option::of(0i64..=10),
        prop::option::of(1i64..=5),
        prop::option::of(0i64..=20),
        prop::option::of(prop::sample::subsequence(vec!["x", "y", "z"], 0..=3)),
        prop::option::of(Just(vec!["r1", "r:2", "r3"]).prop_shuffle()),
        prop::option::of(prop::collection::btree_map(
            prop::sample::select(vec!["row1", "row:2"]),
            1i64..=3,
            1..=2,
        )),
    )
        .prop_map(|(choice, yes, nps, scale, age, multi, rank, grid)| {
            let mut a = Answers::default();
            let mut put = |id: &str, v: Option<Answer>| {
                if let Some(v) = v {
                    a.values.insert(id.to_string(), v);
                }
            };
            put("odd:id", choice.map(|c| Answer::Choice(c.into())));
            put("yes", yes.map(Answer::Yes));
            put("nps", nps.map(Answer::Number));
            put("scale", scale.map(Answer::Number));
            put("age", age.map(Answer::Number));
            put(
                "multi",
                multi.map(|m| Answer::Choices(m.into_iter().map(String::from).collect())),
            );
            put(
                "rank",
                rank.map(|r| Answer::Order(r.into_iter().map(String::from).collect())),
            );
            put(
                "grid",
                grid.map(|g| {
                    Answer::Rows(g.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                }),
            );
            a
        })
}

/// Plain code: a question's results straight from the responses.
fn plain(def: &Definition, responses: &[Answers]) -> Vec<QuestionResult> {
    def.pages[0]
        .questions
        .iter()
        .map(|q| {
            let given: Vec<&Answer> = responses.iter().filter_map(|r| r.get(&q.id)).collect();
            let answered = given.len() as i64;
            let chosen = |id: &str| {
                given
                    .iter()
                    .filter(|a| match a {
                        Answer::Choice(c) => c == id,
                        Answer::Choices(cs) => cs.iter().any(|c| c == id),
                        Answer::Yes(y) => (id == "yes") == *y,
                        _ => false,
                    })
                    .count() as i64
            };
            let ids: Vec<&str> = match q.id.as_str() {
                "odd:id" => vec!["a", "b:x", "c", "other"],
                "yes" => vec!["yes", "no"],
                "multi" => vec!["x", "y", "z"],
                _ => vec![],
            };
            let mut values: Vec<i64> = given
                .iter()
                .filter_map(|a| match a {
                    Answer::Number(n) => Some(*n),
                    _ => None,
                })
                .collect();
            values.sort();
            let numeric = matches!(q.id.as_str(), "nps" | "scale" | "age");
            let mean = (numeric && answered > 0)
                .then(|| values.iter().sum::<i64>() as f64 / answered as f64);
            let median = (numeric && answered > 0).then(|| values[(values.len() - 1) / 2]);
            let nps = (q.id == "nps" && answered > 0).then(|| {
                let p = values.iter().filter(|v| **v >= 9).count() as f64;
                let d = values.iter().filter(|v| **v <= 6).count() as f64;
                ((p - d) * 100.0 / answered as f64).round() as i64
            });
            // Ranking: how often each option stood at each position; matrix: each row's points.
            let grid: Vec<(String, Vec<i64>)> = match q.id.as_str() {
                "rank" => ["r1", "r:2", "r3"]
                    .iter()
                    .map(|o| {
                        let at = (0..3)
                            .map(|pos| {
                                given
                                    .iter()
                                    .filter(|a| matches!(a, Answer::Order(order) if order[pos] == *o))
                                    .count() as i64
                            })
                            .collect();
                        (o.to_string(), at)
                    })
                    .collect(),
                "grid" => ["row1", "row:2"]
                    .iter()
                    .map(|r| {
                        let at = (1..=3)
                            .map(|p| {
                                given
                                    .iter()
                                    .filter(|a| matches!(a, Answer::Rows(rows) if rows.get(*r) == Some(&p)))
                                    .count() as i64
                            })
                            .collect();
                        (r.to_string(), at)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            QuestionResult {
                id: q.id.clone(),
                answered,
                options: ids.iter().map(|id| (id.to_string(), chosen(id))).collect(),
                mean,
                median,
                nps,
                grid,
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn results_from_the_counts_equal_a_plain_recount_and_withdrawals_take_back(
        responses in prop::collection::vec(response(), 0..60),
        withdrawn in prop::collection::vec(any::<bool>(), 60),
    ) {
        let def = survey();
        let mut counts = Counts::default();
        for (i, r) in responses.iter().enumerate() {
            count_response(&def, r, 1_700_000_000_000 + i as i64 * 86_400_000, 1, &mut counts);
        }
        prop_assert_eq!(counts.get("responses"), responses.len() as i64);
        prop_assert_eq!(results(&def, &counts), plain(&def, &responses));
        // Withdrawing responses leaves the counts of the others.
        let mut kept = Vec::new();
        for (i, r) in responses.iter().enumerate() {
            if withdrawn[i] {
                count_response(&def, r, 1_700_000_000_000 + i as i64 * 86_400_000, -1, &mut counts);
            } else {
                kept.push(r.clone());
            }
        }
        prop_assert_eq!(results(&def, &counts), plain(&def, &kept));
        if kept.is_empty() {
            prop_assert!(counts.is_empty(), "{:?}", counts);
        }
    }
}
