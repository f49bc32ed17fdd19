//! The survey core: logic checked and applied, answers checked; examples and properties.

use proptest::prelude::*;

use super::answers::{answer_codes, check_page, check_response};
use super::definition::{
    Choice, Condition, Definition, Effect, Page, Question, QuestionKind, Rule, Test, Texts,
};
use super::logic::{Logic, LogicError, validate};
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

#[test]
fn rules_show_a_page_and_end_the_survey_for_everybody_alike() {
    let def = example();
    assert_eq!(validate(&def), Ok(()));
    let none = answers(&[("q1", Answer::Choice("none".into()))]);
    assert_eq!(Logic::new(&def, &none).path(), vec![0], "ends after page 1");
    let no = answers(&[
        ("q1", Answer::Choice("a".into())),
        ("q2", Answer::Yes(false)),
    ]);
    assert_eq!(Logic::new(&def, &no).path(), vec![0, 1]);
    let yes = answers(&[
        ("q1", Answer::Choice("a".into())),
        ("q2", Answer::Yes(true)),
    ]);
    let logic = Logic::new(&def, &yes);
    assert_eq!(logic.path(), vec![0, 1, 2]);
    assert_eq!(logic.next_page(Some(1)), Some(2));
    assert_eq!(logic.previous_page(2), Some(1), "Back");
}

#[test]
fn saving_refuses_bad_logic_and_names_the_rule() {
    let mut def = example();
    def.rules[0].when.question = "deleted".into();
    assert_eq!(
        validate(&def),
        Err(LogicError::UnknownQuestion {
            rule: "show-p3".into()
        })
    );
    let mut def = example();
    def.rules[0].then = Effect::ShowPage("p9".into());
    assert_eq!(validate(&def).unwrap_err().code(), "logic_unknown_target");
    let mut def = example();
    def.rules[1].when.test = Test::Is("c".into());
    assert_eq!(
        validate(&def),
        Err(LogicError::BadTest {
            rule: "end-none".into()
        })
    );
    // A condition on a question that comes after what it shows.
    let mut def = example();
    def.rules.push(rule(
        "late",
        "q2",
        Test::Answered,
        Effect::ShowQuestion("q1".into()),
    ));
    assert_eq!(
        validate(&def),
        Err(LogicError::NotBefore {
            rule: "late".into()
        })
    );
    // q2 decides p3 (q3), q3 decides q2: a cycle.
    let mut def = example();
    def.rules.push(rule(
        "back",
        "q3",
        Test::Answered,
        Effect::ShowQuestion("q2".into()),
    ));
    let err = validate(&def).unwrap_err();
    assert_eq!(err.code(), "logic_cycle");
    assert!(["show-p3", "back"].contains(&err.subject()), "{err:?}");
    let mut def = example();
    def.pages[2].questions[0].id = "q1".into();
    assert_eq!(validate(&def), Err(LogicError::DuplicateId("q1".into())));
}

#[test]
fn a_response_is_checked_against_the_logic_and_every_bound() {
    let def = example();
    let ok = answers(&[
        ("q1", Answer::Choice("a".into())),
        ("q2", Answer::Yes(true)),
        ("q3", Answer::Text("Longer opening hours".into())),
    ]);
    assert_eq!(check_response(&def, &ok), vec![]);
    // q3 is hidden when q2 = no: an answer to it is refused, not stored quietly.
    let hidden = answers(&[
        ("q1", Answer::Choice("a".into())),
        ("q2", Answer::Yes(false)),
        ("q3", Answer::Text("x".into())),
    ]);
    assert_eq!(
        check_response(&def, &hidden),
        vec![("q3".to_string(), answer_codes::NOT_SHOWN)]
    );
    let wrong = answers(&[
        ("q1", Answer::Choice("zzz".into())),
        ("q9", Answer::Yes(true)),
    ]);
    let errors = check_response(&def, &wrong);
    assert!(errors.contains(&("q9".to_string(), answer_codes::UNKNOWN_QUESTION)));
    assert!(errors.contains(&("q1".to_string(), codes::INVALID)));
    let long = answers(&[
        ("q1", Answer::Choice("b".into())),
        ("q2", Answer::Yes(true)),
        ("q3", Answer::Text("x".repeat(21))),
    ]);
    assert_eq!(
        check_response(&def, &long),
        vec![("q3".to_string(), codes::TOO_LONG)]
    );
    assert_eq!(
        check_page(&def, &Answers::default(), 0),
        vec![("q1".to_string(), codes::REQUIRED)]
    );
}

#[test]
fn bounds_of_each_question_kind_hold() {
    use super::answers::check_question;
    let check = |kind: QuestionKind, a: Answer| {
        let q = question("q", kind, true);
        check_question(&q, &answers(&[("q", a)]))
    };
    let number = || QuestionKind::Number {
        min: Some(0),
        max: Some(100),
        step: Some(5),
    };
    assert_eq!(check(number(), Answer::Number(45)), None);
    assert_eq!(
        check(number(), Answer::Number(101)),
        Some(answer_codes::OUT_OF_RANGE)
    );
    assert_eq!(check(number(), Answer::Number(7)), Some(codes::INVALID));
    let multi = || QuestionKind::MultipleChoice {
        options: vec![
            Choice {
                id: "a".into(),
                label: texts("a"),
            },
            Choice {
                id: "b".into(),
                label: texts("b"),
            },
        ],
        min: Some(1),
        max: Some(1),
    };
    assert_eq!(
        check(multi(), Answer::Choices(vec!["a".into(), "b".into()])),
        Some(answer_codes::TOO_MANY_CHOICES)
    );
    assert_eq!(
        check(multi(), Answer::Choices(vec!["a".into(), "a".into()])),
        Some(codes::INVALID)
    );
    let nps = QuestionKind::Rating { max: 5, nps: true };
    assert_eq!(check(nps.clone(), Answer::Number(0)), None);
    assert_eq!(
        check(nps, Answer::Number(11)),
        Some(answer_codes::OUT_OF_RANGE)
    );
    let date = || QuestionKind::Date {
        min: Some("2026-01-01".into()),
        max: None,
    };
    assert_eq!(check(date(), Answer::Date("2026-02-28".into())), None);
    assert_eq!(
        check(date(), Answer::Date("2026-02-29".into())),
        Some(codes::INVALID)
    );
    assert_eq!(
        check(date(), Answer::Date("2025-12-31".into())),
        Some(answer_codes::OUT_OF_RANGE)
    );
    assert_eq!(
        check(QuestionKind::YesNo, Answer::Number(1)),
        Some(codes::INVALID),
        "a wrong type"
    );
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

proptest! {
    #[test]
    fn rules_that_look_back_are_accepted_and_any_that_looks_ahead_is_refused(
        good in survey(false), bad in survey(true)
    ) {
        prop_assert_eq!(validate(&good), Ok(()));
        let err = validate(&bad).unwrap_err();
        prop_assert!(matches!(err, LogicError::NotBefore { .. } | LogicError::Cycle { .. }), "{:?}", err);
    }

    #[test]
    fn paging_forward_back_and_the_path_agree(def in survey(false), seed in prop::collection::vec(any::<u8>(), 20)) {
        let answers = some_answers(&def, &seed);
        let logic = Logic::new(&def, &answers);
        let path = logic.path();
        // Next from the start visits exactly the path; Back from its end retraces it.
        let mut walked = Vec::new();
        let mut at = logic.next_page(None);
        while let Some(p) = at {
            walked.push(p);
            at = logic.next_page(Some(p));
        }
        prop_assert_eq!(&walked, &path);
        if let Some(&last) = path.last() {
            let mut back = vec![last];
            let mut at = last;
            while let Some(p) = logic.previous_page(at) {
                back.push(p);
                at = p;
            }
            back.reverse();
            prop_assert_eq!(&back, &path);
        }
        // A whole response is valid exactly when each page on the path is, and it answers
        // nothing the participant did not see.
        let per_page: usize = path.iter().map(|&p| check_page(&def, &answers, p).len()).sum();
        let hidden = answers.values.keys().filter(|q| !logic.question_shown(q)).count();
        prop_assert_eq!(check_response(&def, &answers).len(), per_page + hidden);
    }
}

#[test]
fn a_question_may_depend_on_an_earlier_one_of_its_own_page() {
    let mut def = example();
    def.pages[1].questions.push(question(
        "q2b",
        QuestionKind::Text {
            long: false,
            max_chars: 50,
        },
        true,
    ));
    def.rules.push(rule(
        "why-yes",
        "q2",
        Test::Is("yes".into()),
        Effect::ShowQuestion("q2b".into()),
    ));
    assert_eq!(validate(&def), Ok(()));
    let yes = answers(&[
        ("q1", Answer::Choice("a".into())),
        ("q2", Answer::Yes(true)),
    ]);
    // Sent without the question that the answer just showed: the page comes back asking it.
    assert_eq!(
        check_page(&def, &yes, 1),
        vec![("q2b".to_string(), codes::REQUIRED)]
    );
    let no = answers(&[
        ("q1", Answer::Choice("a".into())),
        ("q2", Answer::Yes(false)),
    ]);
    assert_eq!(check_page(&def, &no, 1), vec![]);
    // The other way round (a question showing one above it) is refused.
    def.rules.push(rule(
        "up",
        "q2b",
        Test::Answered,
        Effect::ShowQuestion("q2".into()),
    ));
    assert!(validate(&def).is_err());
}

#[test]
fn a_definition_beyond_its_bounds_is_refused_naming_where() {
    use super::definition::limits;
    assert_eq!(example().check_bounds(), Ok(()));
    let mut def = example();
    def.pages[2].questions[0].kind = QuestionKind::Text {
        long: true,
        max_chars: limits::ANSWER_CHARS_MAX + 1,
    };
    let err = def.check_bounds().unwrap_err();
    assert_eq!((err.what, err.at.as_str()), ("answer_length", "q3"));
    let mut def = example();
    def.pages[0].questions[0].text.plain_de = Some("x".repeat(limits::TEXT_MAX + 1));
    assert_eq!(def.check_bounds().unwrap_err().what, "text");
    let mut def = example();
    def.pages[0].questions[0].kind =
        choice(&(0..=limits::OPTIONS_MAX).map(|_| "o").collect::<Vec<_>>());
    assert_eq!(def.check_bounds().unwrap_err().what, "options");
    let mut def = example();
    // A control character in an id (ids end up in form field names and exports).
    def.rules[0].id = "r\u{7}1".into();
    assert_eq!(def.check_bounds().unwrap_err().what, "id");
    let mut def = example();
    let page = def.pages[0].clone();
    def.pages = (0..=limits::PAGES_MAX)
        .map(|i| Page {
            id: format!("p{i}"),
            ..page.clone()
        })
        .collect();
    assert_eq!(def.check_bounds().unwrap_err().what, "pages");
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_posted_page_becomes_answers_the_same_way_for_page_and_embed() {
    use super::form::read_page;
    let mut def = example();
    def.pages[0].questions[0].other = true;
    def.pages[1].questions.push(question(
        "rank",
        QuestionKind::Ranking {
            options: ["x", "y", "z"]
                .iter()
                .map(|id| Choice {
                    id: id.to_string(),
                    label: texts(id),
                })
                .collect(),
        },
        false,
    ));
    let mut got = Answers::default();
    let errors = read_page(
        &def,
        0,
        &fields(&[("q.q1", "other"), ("q.q1.other", " Meals on wheels ")]),
        &mut got,
    );
    assert_eq!(errors, vec![]);
    assert_eq!(got.get("q1"), Some(&Answer::Choice("other".into())));
    assert_eq!(
        got.other.get("q1").map(String::as_str),
        Some("Meals on wheels")
    );
    let errors = read_page(
        &def,
        1,
        &fields(&[
            ("q.q2", "yes"),
            ("q.rank.x", "2"),
            ("q.rank.y", "3"),
            ("q.rank.z", "1"),
        ]),
        &mut got,
    );
    assert_eq!(errors, vec![]);
    assert_eq!(
        got.get("rank"),
        Some(&Answer::Order(vec!["z".into(), "x".into(), "y".into()]))
    );
    // Back, then the page sent again: its answers are replaced, the other page's kept.
    let errors = read_page(
        &def,
        1,
        &fields(&[("q.q2", "maybe"), ("q.rank.x", "1"), ("q.rank.y", "1")]),
        &mut got,
    );
    assert_eq!(
        errors,
        vec![
            ("q2".to_string(), codes::INVALID),
            ("rank".to_string(), codes::INVALID)
        ]
    );
    assert_eq!(got.get("q2"), None);
    assert_eq!(got.get("q1"), Some(&Answer::Choice("other".into())));
}

proptest! {
    #[test]
    fn answers_written_as_fields_read_back_the_same(def in survey(false), seed in prop::collection::vec(any::<u8>(), 20)) {
        use super::form::{field, read_page};
        let answers = some_answers(&def, &seed);
        for page in 0..def.pages.len() {
            // Plain code: how a browser posts the answers of this page.
            let mut posted = Vec::new();
            for q in &def.pages[page].questions {
                match answers.get(&q.id) {
                    Some(Answer::Yes(y)) => posted.push((field(&q.id), if *y { "yes" } else { "no" }.to_string())),
                    Some(Answer::Number(n)) => posted.push((field(&q.id), n.to_string())),
                    Some(other) => prop_assert!(false, "{:?}", other),
                    None => posted.push((field(&q.id), String::new())),
                }
            }
            let mut read = Answers::default();
            prop_assert!(read_page(&def, page, &posted, &mut read).is_empty());
            for q in &def.pages[page].questions {
                prop_assert_eq!(read.get(&q.id), answers.get(&q.id));
            }
        }
    }
}
