//! Importing SurveyJS definitions (its JSON "survey model"), so organisations can move their
//! existing surveys over: the question types and logic that map onto ours become a
//! [`Definition`]; whatever does not map is listed in the report, never dropped silently.
//! The result is checked like any definition saved in the console (`logic::validate`).

use serde_json::{Map, Value};

use coproduce_widgets::survey::definition::{
    Choice, Condition, Definition, Effect, Page, Question, QuestionKind, Rule, Test, Texts,
};

/// What an import made, and what it left out (each a sentence naming where).
#[derive(Debug, Default, PartialEq)]
pub struct Imported {
    pub definition: Definition,
    pub skipped: Vec<String>,
}

/// A SurveyJS text: a plain string, or `{ "default": …, "de": …, "en": … }`.
fn texts(v: Option<&Value>) -> Option<Texts> {
    match v? {
        Value::String(s) => Some(Texts {
            de: s.clone(),
            en: s.clone(),
            ..Texts::default()
        }),
        Value::Object(m) => {
            let get = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
            let default = get("default");
            Some(Texts {
                de: get("de").or_else(|| default.clone()).unwrap_or_default(),
                en: get("en").or(default).unwrap_or_default(),
                ..Texts::default()
            })
        }
        _ => None,
    }
}

/// A choice: `"value"`, a number, or `{ "value": …, "text": … }`.
fn choice(v: &Value) -> Option<Choice> {
    let (id, label) = match v {
        Value::String(s) => (s.clone(), texts(Some(v))),
        Value::Number(n) => (n.to_string(), texts(Some(&Value::String(n.to_string())))),
        Value::Object(m) => {
            let id = match m.get("value")? {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            let label = texts(m.get("text")).or_else(|| texts(Some(&Value::String(id.clone()))));
            (id, label)
        }
        _ => return None,
    };
    Some(Choice { id, label: label? })
}

fn choices(m: &Map<String, Value>, key: &str) -> Option<Vec<Choice>> {
    m.get(key)?.as_array()?.iter().map(choice).collect()
}

fn int(m: &Map<String, Value>, key: &str) -> Option<i64> {
    m.get(key).and_then(|v| {
        v.as_i64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    })
}

/// Our kind for a SurveyJS element, or why not.
fn kind_of(m: &Map<String, Value>) -> Result<QuestionKind, String> {
    let ty = m.get("type").and_then(Value::as_str).unwrap_or("");
    let need = |key: &str| choices(m, key).ok_or_else(|| format!("its {key} could not be read"));
    Ok(match ty {
        "radiogroup" => QuestionKind::SingleChoice {
            options: need("choices")?,
            dropdown: false,
        },
        "dropdown" => QuestionKind::SingleChoice {
            options: need("choices")?,
            dropdown: true,
        },
        "checkbox" => QuestionKind::MultipleChoice {
            options: need("choices")?,
            min: int(m, "minSelectedChoices").and_then(|n| u32::try_from(n).ok()),
            max: int(m, "maxSelectedChoices").and_then(|n| u32::try_from(n).ok()),
        },
        "comment" => QuestionKind::Text {
            long: true,
            max_chars: text_max(m),
        },
        "text" => match m.get("inputType").and_then(Value::as_str).unwrap_or("text") {
            "text" => QuestionKind::Text {
                long: false,
                max_chars: text_max(m),
            },
            "number" => QuestionKind::Number {
                min: int(m, "min"),
                max: int(m, "max"),
                step: int(m, "step"),
            },
            "date" => QuestionKind::Date {
                min: m.get("min").and_then(Value::as_str).map(str::to_string),
                max: m.get("max").and_then(Value::as_str).map(str::to_string),
            },
            other => return Err(format!("text input of type \"{other}\" has no match")),
        },
        "rating" => {
            let (lo, hi) = (
                int(m, "rateMin").unwrap_or(1),
                int(m, "rateMax").unwrap_or(5),
            );
            match (lo, hi) {
                (0, 10) => QuestionKind::Rating { max: 10, nps: true },
                (1, hi) if (2..=10).contains(&hi) => QuestionKind::Rating {
                    max: hi as u8,
                    nps: false,
                },
                _ => return Err(format!("a rating from {lo} to {hi} has no match")),
            }
        }
        "ranking" => QuestionKind::Ranking {
            options: need("choices")?,
        },
        "matrix" => QuestionKind::Matrix {
            rows: need("rows")?,
            scale: need("columns")?.into_iter().map(|c| c.label).collect(),
        },
        "boolean" => QuestionKind::YesNo,
        other => return Err(format!("type \"{other}\" has no match")),
    })
}

fn text_max(m: &Map<String, Value>) -> u32 {
    int(m, "maxLength")
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(2_000)
}

/// One condition of SurveyJS's expression language that maps onto a rule's test:
/// `{q} = 'v'`, `{q} != 'v'`, `{q} notempty`, `{q} contains 'v'`, `{q} >= n`, `{q} <= n`,
/// `{q} = true`.
fn condition(expr: &str) -> Option<Condition> {
    let expr = expr.trim();
    let rest = expr.strip_prefix('{')?;
    let (question, rest) = rest.split_once('}')?;
    let rest = rest.trim();
    let literal = |s: &str| -> Option<String> {
        let s = s.trim();
        let unquoted = s
            .strip_prefix('\'')
            .and_then(|x| x.strip_suffix('\''))
            .or_else(|| s.strip_prefix('"').and_then(|x| x.strip_suffix('"')));
        match unquoted {
            Some(v) => Some(v.to_string()),
            None if s == "true" => Some("yes".into()),
            None if s == "false" => Some("no".into()),
            None => s.parse::<i64>().ok().map(|n| n.to_string()),
        }
    };
    let test = if rest.eq_ignore_ascii_case("notempty") {
        Test::Answered
    } else if let Some(v) = rest.strip_prefix("contains") {
        Test::Includes(literal(v)?)
    } else if let Some(v) = rest.strip_prefix(">=") {
        Test::AtLeast(v.trim().parse().ok()?)
    } else if let Some(v) = rest.strip_prefix("<=") {
        Test::AtMost(v.trim().parse().ok()?)
    } else if let Some(v) = rest.strip_prefix("!=").or_else(|| rest.strip_prefix("<>")) {
        Test::IsNot(vec![literal(v)?])
    } else if let Some(v) = rest.strip_prefix("==").or_else(|| rest.strip_prefix('=')) {
        Test::Is(literal(v)?)
    } else {
        return None;
    };
    Some(Condition {
        question: question.trim().to_string(),
        test,
    })
}

/// Imports a SurveyJS survey model. The definition may still fail `logic::validate` (a
/// `visibleIf` on a later question); the console shows that error as for any other.
pub fn import(model: &Value) -> Imported {
    let mut out = Imported::default();
    let empty = Vec::new();
    let pages = model
        .get("pages")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let mut rule_no = 0;
    let mut add_rule = |rules: &mut Vec<Rule>, when: Condition, then: Effect| {
        rule_no += 1;
        rules.push(Rule {
            id: format!("r{rule_no}"),
            when,
            then,
        });
    };
    let mut rules = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let id = page
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| format!("page{}", p + 1), str::to_string);
        let mut questions = Vec::new();
        let elements = page
            .get("elements")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        for el in elements {
            let Some(m) = el.as_object() else { continue };
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let kind = match kind_of(m) {
                Ok(kind) => kind,
                Err(why) => {
                    out.skipped
                        .push(format!("question \"{name}\" on page \"{id}\": {why}"));
                    continue;
                }
            };
            if let Some(expr) = m.get("visibleIf").and_then(Value::as_str) {
                match condition(expr) {
                    Some(c) => add_rule(&mut rules, c, Effect::ShowQuestion(name.clone())),
                    None => out.skipped.push(format!(
                        "the condition of question \"{name}\" (visibleIf \"{expr}\")"
                    )),
                }
            }
            questions.push(Question {
                text: texts(m.get("title")).unwrap_or_else(|| Texts {
                    de: name.clone(),
                    en: name.clone(),
                    ..Texts::default()
                }),
                help: texts(m.get("description")),
                required: m
                    .get("isRequired")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                // `showOtherItem` is the current name; older definitions say `hasOther`.
                other: m
                    .get("showOtherItem")
                    .or_else(|| m.get("hasOther"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                id: name,
                kind,
            });
        }
        if let Some(expr) = page.get("visibleIf").and_then(Value::as_str) {
            match condition(expr) {
                Some(c) => add_rule(&mut rules, c, Effect::ShowPage(id.clone())),
                None => out.skipped.push(format!(
                    "the condition of page \"{id}\" (visibleIf \"{expr}\")"
                )),
            }
        }
        out.definition.pages.push(Page {
            id,
            title: texts(page.get("title")),
            questions,
        });
    }
    for trigger in model
        .get("triggers")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
    {
        let ty = trigger.get("type").and_then(Value::as_str).unwrap_or("?");
        let expr = trigger
            .get("expression")
            .and_then(Value::as_str)
            .unwrap_or("");
        match (ty, condition(expr)) {
            ("complete", Some(c)) => add_rule(&mut rules, c, Effect::End),
            _ => out
                .skipped
                .push(format!("a trigger of type \"{ty}\" (\"{expr}\")")),
        }
    }
    for key in ["calculatedValues", "completedHtmlOnCondition"] {
        if model.get(key).is_some() {
            out.skipped.push(format!("\"{key}\""));
        }
    }
    out.definition.rules = rules;
    out
}

#[cfg(test)]
mod tests;
