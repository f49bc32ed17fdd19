//! Rules checked when saved and applied to answers.

use proptest::prelude::*;

use super::*;

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
fn a_page_offers_next_while_its_answers_may_still_show_a_later_page() {
    let def = example();
    let none = Answers::default();
    let logic = Logic::new(&def, &none);
    assert!(logic.may_go_on(0), "page 2 follows whatever q1 says");
    // Page 3 is shown only if q2 (on page 2) is yes: not yet answered, so Next.
    assert_eq!(logic.next_page(Some(1)), None);
    assert!(logic.may_go_on(1));
    assert!(!logic.may_go_on(2), "the last page sends");
    let no = answers(&[("q2", Answer::Yes(false))]);
    assert!(
        Logic::new(&def, &no).may_go_on(1),
        "an answer given may still change"
    );
}

#[test]
fn answers_to_questions_the_logic_hid_after_back_are_not_kept() {
    let def = example();
    let changed = answers(&[
        ("q1", Answer::Choice("a".into())),
        ("q2", Answer::Yes(false)),
        ("q3", Answer::Text("written when q2 was yes".into())),
    ]);
    let kept = kept_answers(&def, &changed);
    assert!(kept.get("q3").is_none());
    assert!(kept.get("q2").is_some());
    let ended = answers(&[
        ("q1", Answer::Choice("none".into())),
        ("q2", Answer::Yes(true)),
        ("q3", Answer::Text("x".into())),
    ]);
    assert_eq!(
        kept_answers(&def, &ended).values.len(),
        1,
        "the survey ended after page 1"
    );
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
fn a_long_survey_with_an_end_rule_on_every_page_is_evaluated_without_blowing_up() {
    // 40 pages, each with a yes/no question and a rule ending the survey on "no": every end
    // rule is asked again for every later page. Evaluated naively that is 2^40 steps; this
    // test would not finish.
    let pages: Vec<Page> = (0..40)
        .map(|p| Page {
            id: format!("p{p}"),
            title: None,
            questions: vec![question(&format!("q{p}"), QuestionKind::YesNo, true)],
        })
        .collect();
    let rules = (0..39)
        .map(|p| {
            rule(
                &format!("end{p}"),
                &format!("q{p}"),
                Test::Is("no".into()),
                Effect::End,
            )
        })
        .collect();
    let def = Definition { pages, rules };
    assert_eq!(validate(&def), Ok(()));
    let mut all_yes = Answers::default();
    for p in 0..40 {
        all_yes.values.insert(format!("q{p}"), Answer::Yes(true));
    }
    assert_eq!(Logic::new(&def, &all_yes).path().len(), 40);
    assert_eq!(check_response(&def, &all_yes), vec![]);
    all_yes.values.insert("q20".into(), Answer::Yes(false));
    assert_eq!(Logic::new(&def, &all_yes).path().len(), 21);
}
