//! A survey page's form fields and the answers they hold: one naming of fields for the no-JS
//! page (the server reads the posted form) and the embed (it reads the same form), so both
//! turn the same fields into the same answers.
//!
//! Fields: `q.{id}` holds a question's value (repeated for multiple choice); `q.{id}.other`
//! the text of its "other" answer; `q.{id}.{option}` a ranking's position of an option (from
//! 1) or a matrix row's point (from 1).

use std::collections::BTreeMap;

use super::definition::{Definition, QuestionKind};
use super::response::{Answer, Answers, OTHER};
use crate::contract::codes;

/// The field of question `id`.
pub fn field(id: &str) -> String {
    format!("q.{id}")
}

/// The field of part `part` of question `id` (an "other" text, a ranked option, a row).
pub fn part_field(id: &str, part: &str) -> String {
    format!("q.{id}.{part}")
}

/// Reads the answers to the questions of page `page` from a form's fields into `into`,
/// replacing what it held for them (Back and a resent page change earlier answers); a value
/// that cannot be read is an error of its question (`invalid`) and leaves no answer.
pub fn read_page(
    def: &Definition,
    page: usize,
    fields: &[(String, String)],
    into: &mut Answers,
) -> Vec<(String, &'static str)> {
    let mut errors = Vec::new();
    let Some(page) = def.pages.get(page) else {
        return errors;
    };
    let values = |name: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let one = |name: &str| values(name).into_iter().next();
    for q in &page.questions {
        into.values.remove(&q.id);
        into.other.remove(&q.id);
        let name = field(&q.id);
        let number = |s: &str| s.parse::<i64>().ok();
        let read: Result<Option<Answer>, ()> = match &q.kind {
            QuestionKind::SingleChoice { .. } => Ok(one(&name).map(|v| Answer::Choice(v.into()))),
            QuestionKind::MultipleChoice { .. } => {
                let chosen: Vec<String> = values(&name).into_iter().map(String::from).collect();
                Ok((!chosen.is_empty()).then_some(Answer::Choices(chosen)))
            }
            QuestionKind::Text { .. } => Ok(one(&name).map(|v| Answer::Text(v.into()))),
            QuestionKind::Date { .. } => Ok(one(&name).map(|v| Answer::Date(v.into()))),
            QuestionKind::Number { .. }
            | QuestionKind::Scale { .. }
            | QuestionKind::Rating { .. } => match one(&name) {
                None => Ok(None),
                Some(v) => number(v).map(|n| Some(Answer::Number(n))).ok_or(()),
            },
            QuestionKind::YesNo => match one(&name) {
                None => Ok(None),
                Some("yes") => Ok(Some(Answer::Yes(true))),
                Some("no") => Ok(Some(Answer::Yes(false))),
                Some(_) => Err(()),
            },
            QuestionKind::Ranking { options } => {
                // Positions as given; an order only when every option has a distinct one.
                let mut placed: Vec<(i64, String)> = Vec::new();
                let mut bad = false;
                for o in options {
                    match one(&part_field(&q.id, &o.id)) {
                        None => {}
                        Some(v) => match number(v) {
                            Some(n) => placed.push((n, o.id.clone())),
                            None => bad = true,
                        },
                    }
                }
                placed.sort();
                let distinct = placed.windows(2).all(|w| w[0].0 != w[1].0);
                match (bad, placed.is_empty()) {
                    (true, _) => Err(()),
                    (false, true) => Ok(None),
                    (false, false) if distinct && placed.len() == options.len() => Ok(Some(
                        Answer::Order(placed.into_iter().map(|(_, id)| id).collect()),
                    )),
                    _ => Err(()),
                }
            }
            QuestionKind::Matrix { rows, .. } => {
                let mut given = BTreeMap::new();
                let mut bad = false;
                for r in rows {
                    if let Some(v) = one(&part_field(&q.id, &r.id)) {
                        match number(v) {
                            Some(n) => {
                                given.insert(r.id.clone(), n);
                            }
                            None => bad = true,
                        }
                    }
                }
                if bad {
                    Err(())
                } else {
                    Ok((!given.is_empty()).then_some(Answer::Rows(given)))
                }
            }
        };
        match read {
            Ok(Some(answer)) => {
                let chose_other = match &answer {
                    Answer::Choice(c) => c == OTHER,
                    Answer::Choices(cs) => cs.iter().any(|c| c == OTHER),
                    _ => false,
                };
                if chose_other && let Some(text) = one(&part_field(&q.id, OTHER)) {
                    into.other.insert(q.id.clone(), text.to_string());
                }
                into.values.insert(q.id.clone(), answer);
            }
            Ok(None) => {}
            Err(()) => errors.push((q.id.clone(), codes::INVALID)),
        }
    }
    errors
}
