//! Posted fields read into answers.

use proptest::prelude::*;

use super::*;

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_posted_page_becomes_answers_the_same_way_for_page_and_embed() {
    use crate::survey::form::read_page;
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
        use crate::survey::form::{field, read_page};
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
