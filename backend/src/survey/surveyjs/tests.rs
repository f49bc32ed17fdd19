//! SurveyJS import: what maps comes over whole, what does not is reported.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::import;
use coproduce_widgets::survey::definition::{
    Choice, Condition, Definition, Effect, Page, Question, QuestionKind, Rule, Test, Texts,
};
use coproduce_widgets::survey::logic::validate;

fn same(s: &str) -> Texts {
    Texts {
        de: s.to_string(),
        en: s.to_string(),
        ..Texts::default()
    }
}

#[test]
fn a_survey_with_logic_and_translations_comes_over_and_what_does_not_map_is_listed() {
    let model = json!({
        "pages": [
            { "name": "start", "elements": [
                { "type": "radiogroup", "name": "service", "isRequired": true,
                  "title": { "default": "Which service?", "de": "Welcher Dienst?" },
                  "choices": ["day_care", { "value": "debt", "text": "Debt counselling" }, "none"],
                  "hasOther": true },
                { "type": "signaturepad", "name": "sign" },
                { "type": "boolean", "name": "again", "title": "Again?" },
                { "type": "dropdown", "name": "where", "choices": ["north", "south"], "showOtherItem": true }
            ]},
            { "name": "more", "visibleIf": "{again} = true", "elements": [
                { "type": "rating", "name": "nps", "rateMin": 0, "rateMax": 10 },
                { "type": "comment", "name": "why", "maxLength": 500, "visibleIf": "{nps} <= 6" },
                { "type": "text", "name": "extra", "visibleIf": "{nps} > 6 and {again} = true" }
            ]}
        ],
        "triggers": [
            { "type": "complete", "expression": "{service} = 'none'" },
            { "type": "setvalue", "expression": "{again} = false" }
        ]
    });
    let out = import(&model);
    let def = &out.definition;
    assert_eq!(def.pages.len(), 2);
    let service = def.question("service").unwrap();
    assert_eq!(service.text.de, "Welcher Dienst?");
    assert_eq!(service.text.en, "Which service?");
    assert!(service.required && service.other);
    assert!(
        def.question("where").unwrap().other,
        "showOtherItem as well as hasOther"
    );
    match &service.kind {
        QuestionKind::SingleChoice { options, dropdown } => {
            assert!(!dropdown);
            assert_eq!(options[1].id, "debt");
            assert_eq!(options[1].label.en, "Debt counselling");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        def.question("nps").unwrap().kind,
        QuestionKind::Rating { max: 10, nps: true }
    );
    assert!(def.rules.iter().any(
        |r| r.then == Effect::ShowPage("more".into()) && r.when.test == Test::Is("yes".into())
    ));
    assert!(def.rules.iter().any(|r| r.then == Effect::End));
    assert_eq!(validate(def), Ok(()), "{def:#?}");
    let skipped = out.skipped.join("\n");
    for what in ["\"sign\"", "visibleIf \"{nps} > 6 and", "setvalue"] {
        assert!(skipped.contains(what), "{what} is reported:\n{skipped}");
    }
    assert_eq!(out.skipped.len(), 3, "{skipped}");
}

fn options(ids: &[&str]) -> Vec<Choice> {
    ids.iter()
        .map(|o| Choice {
            id: o.to_string(),
            label: same(o),
        })
        .collect()
}

/// A random supported SurveyJS model and the definition it must become.
fn model() -> impl Strategy<Value = (Value, Definition)> {
    prop::collection::vec(prop::collection::vec((0u8..6, any::<u8>()), 1..4), 1..5).prop_map(
        |pages| {
            let mut json_pages = Vec::new();
            let mut def = Definition::default();
            let mut booleans: Vec<String> = Vec::new();
            for (p, elements) in pages.iter().enumerate() {
                let page_id = format!("page{}", p + 1);
                let mut json_elements = Vec::new();
                let mut questions = Vec::new();
                // Conditions only on yes/no questions of earlier pages.
                let earlier = booleans.clone();
                for (i, (ty, seed)) in elements.iter().enumerate() {
                    let name = format!("q{p}_{i}");
                    let opts = ["a", "b", "c"];
                    let (mut el, kind) = match ty {
                        0 => (
                            json!({ "type": "radiogroup", "choices": opts }),
                            QuestionKind::SingleChoice {
                                options: options(&opts),
                                dropdown: false,
                            },
                        ),
                        1 => (
                            json!({ "type": "checkbox", "choices": opts, "maxSelectedChoices": 2 }),
                            QuestionKind::MultipleChoice {
                                options: options(&opts),
                                min: None,
                                max: Some(2),
                            },
                        ),
                        2 => {
                            booleans.push(name.clone());
                            (json!({ "type": "boolean" }), QuestionKind::YesNo)
                        }
                        3 => (
                            json!({ "type": "comment", "maxLength": 300 }),
                            QuestionKind::Text {
                                long: true,
                                max_chars: 300,
                            },
                        ),
                        4 => (
                            json!({ "type": "rating", "rateMin": 0, "rateMax": 10 }),
                            QuestionKind::Rating { max: 10, nps: true },
                        ),
                        _ => (
                            json!({ "type": "text", "inputType": "number", "min": 0, "max": 99 }),
                            QuestionKind::Number {
                                min: Some(0),
                                max: Some(99),
                                step: None,
                            },
                        ),
                    };
                    el["name"] = json!(name);
                    el["title"] = json!(format!("Question {name}"));
                    el["isRequired"] = json!(seed % 2 == 0);
                    if !earlier.is_empty() && seed % 3 == 0 {
                        let on = &earlier[*seed as usize % earlier.len()];
                        el["visibleIf"] = json!(format!("{{{on}}} = true"));
                        def.rules.push(Rule {
                            id: format!("r{}", def.rules.len() + 1),
                            when: Condition {
                                question: on.clone(),
                                test: Test::Is("yes".into()),
                            },
                            then: Effect::ShowQuestion(name.clone()),
                        });
                    }
                    json_elements.push(el);
                    questions.push(Question {
                        id: name.clone(),
                        text: same(&format!("Question {name}")),
                        help: None,
                        required: seed % 2 == 0,
                        other: false,
                        kind,
                    });
                }
                json_pages.push(json!({ "name": page_id, "elements": json_elements }));
                def.pages.push(Page {
                    id: page_id,
                    title: None,
                    questions,
                });
            }
            (json!({ "pages": json_pages }), def)
        },
    )
}

proptest! {
    #[test]
    fn supported_surveyjs_models_come_over_whole_and_valid((model, expected) in model()) {
        let out = import(&model);
        prop_assert!(out.skipped.is_empty(), "{:?}", out.skipped);
        prop_assert_eq!(&out.definition, &expected);
        prop_assert_eq!(validate(&out.definition), Ok(()));
        // And our own JSON form round-trips (export, import).
        let ours = serde_json::to_string(&out.definition).unwrap();
        let back: Definition = serde_json::from_str(&ours).unwrap();
        prop_assert_eq!(back, expected);
    }
}
