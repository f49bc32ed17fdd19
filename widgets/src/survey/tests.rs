//! The survey core: logic checked and applied, answers checked, forms read; examples and
//! properties. Shared helpers here, the tests in the modules below.

use proptest::prelude::*;

use super::answers::{answer_codes, check_page, check_response};
use super::definition::{
    Choice, Condition, Definition, Effect, Page, Question, QuestionKind, Rule, Test, Texts,
};
use super::logic::{Logic, LogicError, kept_answers, validate};
use super::response::{Answer, Answers};
use crate::contract::codes;

fn texts(s: &str) -> Texts {
    Texts {
        de: s.to_string(),
        en: s.to_string(),
        ..Texts::default()
    }
}

fn question(id: &str, kind: QuestionKind, required: bool) -> Question {
    Question {
        id: id.to_string(),
        text: texts(id),
        help: None,
        required,
        other: false,
        kind,
    }
}

fn choice(ids: &[&str]) -> QuestionKind {
    QuestionKind::SingleChoice {
        options: ids
            .iter()
            .map(|id| Choice {
                id: id.to_string(),
                label: texts(id),
            })
            .collect(),
        dropdown: false,
    }
}

fn rule(id: &str, question: &str, test: Test, then: Effect) -> Rule {
    Rule {
        id: id.to_string(),
        when: Condition {
            question: question.to_string(),
            test,
        },
        then,
    }
}

/// Page 1: q1 (which service: a, b, none); page 2: q2 (yes/no); page 3: q3 (text), shown if
/// q2 = yes; the survey ends after page 1 when q1 = none.
fn example() -> Definition {
    Definition {
        pages: vec![
            Page {
                id: "p1".into(),
                title: None,
                questions: vec![question("q1", choice(&["a", "b", "none"]), true)],
            },
            Page {
                id: "p2".into(),
                title: None,
                questions: vec![question("q2", QuestionKind::YesNo, true)],
            },
            Page {
                id: "p3".into(),
                title: None,
                questions: vec![question(
                    "q3",
                    QuestionKind::Text {
                        long: true,
                        max_chars: 20,
                    },
                    false,
                )],
            },
        ],
        rules: vec![
            rule(
                "show-p3",
                "q2",
                Test::Is("yes".into()),
                Effect::ShowPage("p3".into()),
            ),
            rule("end-none", "q1", Test::Is("none".into()), Effect::End),
        ],
    }
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    Answers {
        values: pairs
            .iter()
            .map(|(q, a)| (q.to_string(), a.clone()))
            .collect(),
        other: Default::default(),
    }
}

/// A random survey: pages of yes/no and number questions, rules whose conditions look back
/// (valid) — or, with `backward`, one rule that looks forward or at itself (invalid).
fn survey(backward: bool) -> impl Strategy<Value = Definition> {
    (
        prop::collection::vec(1usize..4, 2..6),
        prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<bool>()), 0..8),
        any::<(u8, u8)>(),
    )
        .prop_map(move |(sizes, raw_rules, bad)| {
            let pages: Vec<Page> = sizes
                .iter()
                .enumerate()
                .map(|(p, n)| Page {
                    id: format!("p{p}"),
                    title: None,
                    questions: (0..*n)
                        .map(|i| {
                            let kind = if i % 2 == 0 {
                                QuestionKind::YesNo
                            } else {
                                QuestionKind::Number {
                                    min: Some(0),
                                    max: Some(10),
                                    step: None,
                                }
                            };
                            question(&format!("q{p}_{i}"), kind, false)
                        })
                        .collect(),
                })
                .collect();
            let qid = |p: usize, pick: u8| {
                let n = pages[p].questions.len();
                pages[p].questions[pick as usize % n].id.clone()
            };
            let test_for = |id: &str, flag: bool| {
                if id.ends_with("_1") || id.ends_with("_3") {
                    Test::AtLeast(5)
                } else if flag {
                    Test::Is("yes".into())
                } else {
                    Test::Answered
                }
            };
            let mut rules = Vec::new();
            for (k, (from, to, pick, flag)) in raw_rules.into_iter().enumerate() {
                let from = from as usize % (pages.len() - 1);
                let to = from + 1 + to as usize % (pages.len() - from - 1);
                let cond = qid(from, pick);
                let then = match k % 3 {
                    0 => Effect::ShowPage(pages[to].id.clone()),
                    1 => Effect::ShowQuestion(qid(to, pick.wrapping_add(1))),
                    _ => Effect::End,
                };
                let test = test_for(&cond, flag);
                rules.push(rule(&format!("r{k}"), &cond, test, then));
            }
            if backward {
                // Condition on page `to`, shows something on page `from` <= `to`.
                let to = bad.0 as usize % pages.len();
                let from = bad.1 as usize % (to + 1);
                let cond = qid(to, bad.0);
                let test = test_for(&cond, true);
                rules.push(rule(
                    "bad",
                    &cond,
                    test,
                    Effect::ShowPage(pages[from].id.clone()),
                ));
            }
            Definition { pages, rules }
        })
}

/// Random answers to a survey's questions (some left out).
fn some_answers(def: &Definition, seed: &[u8]) -> Answers {
    let mut out = Answers::default();
    for (i, q) in def.pages.iter().flat_map(|p| &p.questions).enumerate() {
        let b = seed.get(i).copied().unwrap_or(0);
        if b % 3 == 0 {
            continue;
        }
        let a = match q.kind {
            QuestionKind::YesNo => Answer::Yes(b % 2 == 0),
            _ => Answer::Number(i64::from(b % 11)),
        };
        out.values.insert(q.id.clone(), a);
    }
    out
}

mod answers;
mod form;
mod logic;
