//! Answers checked against the logic and every bound; a definition's own bounds.

use super::*;

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
    use crate::survey::answers::check_question;
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

#[test]
fn a_definition_beyond_its_bounds_is_refused_naming_where() {
    use crate::survey::definition::limits;
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
