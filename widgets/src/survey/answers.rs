//! A participant's answers and their check against the version of the survey they answered:
//! the same check in the embed (before sending), on the standalone page (each page) and on
//! the server (the whole response, before anything is stored).

use super::definition::{Definition, Question, QuestionKind};
use super::logic::Logic;
use super::response::{Answer, Answers, OTHER, OTHER_MAX_CHARS};
use crate::contract::{char_len, codes};

/// Error codes of answers, besides the common `required`, `invalid` and `too_long`.
pub mod answer_codes {
    pub const OUT_OF_RANGE: &str = "out_of_range";
    pub const TOO_FEW_CHOICES: &str = "too_few_choices";
    pub const TOO_MANY_CHOICES: &str = "too_many_choices";
    /// An answer to a question the logic does not show this participant.
    pub const NOT_SHOWN: &str = "not_shown";
    pub const UNKNOWN_QUESTION: &str = "unknown_question";
}
use answer_codes::*;

/// (question id, error code) of every answer that is wrong.
pub type AnswerErrors = Vec<(String, &'static str)>;

/// Checks the answers to the questions of page `page` that the participant sees.
pub fn check_page(def: &Definition, answers: &Answers, page: usize) -> AnswerErrors {
    let logic = Logic::new(def, answers);
    let Some(p) = def.pages.get(page) else {
        return Vec::new();
    };
    p.questions
        .iter()
        .filter(|q| logic.question_shown(&q.id))
        .filter_map(|q| check_question(q, answers).map(|code| (q.id.clone(), code)))
        .collect()
}

/// Checks a whole response: every shown question as its page would, no answer to a question
/// that does not exist or is not shown, no "other" text without its choice.
pub fn check_response(def: &Definition, answers: &Answers) -> AnswerErrors {
    let logic = Logic::new(def, answers);
    let mut errors: AnswerErrors = Vec::new();
    for id in answers.values.keys() {
        if def.question(id).is_none() {
            errors.push((id.clone(), UNKNOWN_QUESTION));
        } else if !logic.question_shown(id) {
            errors.push((id.clone(), NOT_SHOWN));
        }
    }
    for id in answers.other.keys() {
        let chose_other = match answers.get(id) {
            Some(Answer::Choice(c)) => c == OTHER,
            Some(Answer::Choices(cs)) => cs.iter().any(|c| c == OTHER),
            _ => false,
        };
        if !chose_other && !errors.iter().any(|(q, _)| q == id) {
            errors.push((id.clone(), codes::INVALID));
        }
    }
    for page in logic.path() {
        for q in &def.pages[page].questions {
            if logic.question_shown(&q.id)
                && let Some(code) = check_question(q, answers)
                && !errors.iter().any(|(e, _)| e == &q.id)
            {
                errors.push((q.id.clone(), code));
            }
        }
    }
    errors
}

fn is_option(q: &Question, options: &[super::definition::Choice], id: &str) -> bool {
    options.iter().any(|o| o.id == id) || (q.other && id == OTHER)
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|d| d.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d) && s.bytes().all(|c| c.is_ascii_digit() || c == b'-')
}

/// The error of one (shown) question's answer, if any.
pub fn check_question(q: &Question, answers: &Answers) -> Option<&'static str> {
    let Some(answer) = answers.get(&q.id) else {
        return q.required.then_some(codes::REQUIRED);
    };
    if let Some(text) = answers.other.get(&q.id)
        && char_len(text) > OTHER_MAX_CHARS
    {
        return Some(codes::TOO_LONG);
    }
    let in_range = |x: i64, lo: i64, hi: i64| (lo..=hi).contains(&x);
    match (&q.kind, answer) {
        (QuestionKind::SingleChoice { options, .. }, Answer::Choice(c)) => {
            (!is_option(q, options, c)).then_some(codes::INVALID)
        }
        (QuestionKind::MultipleChoice { options, min, max }, Answer::Choices(cs)) => {
            let mut sorted = cs.clone();
            sorted.sort();
            sorted.dedup();
            if sorted.len() != cs.len() || cs.iter().any(|c| !is_option(q, options, c)) {
                Some(codes::INVALID)
            } else if cs.is_empty() && q.required {
                Some(codes::REQUIRED)
            } else if min.is_some_and(|m| cs.len() < m as usize) {
                Some(TOO_FEW_CHOICES)
            } else if max.is_some_and(|m| cs.len() > m as usize) {
                Some(TOO_MANY_CHOICES)
            } else {
                None
            }
        }
        (QuestionKind::Text { max_chars, .. }, Answer::Text(t)) => {
            let n = char_len(t);
            if n == 0 && q.required {
                Some(codes::REQUIRED)
            } else {
                (n > *max_chars as usize).then_some(codes::TOO_LONG)
            }
        }
        (QuestionKind::Number { min, max, step }, Answer::Number(x)) => {
            if min.is_some_and(|m| *x < m) || max.is_some_and(|m| *x > m) {
                Some(OUT_OF_RANGE)
            } else {
                let base = min.unwrap_or(0);
                let off = step.filter(|s| *s > 0).map(|s| (x - base).rem_euclid(s));
                off.is_some_and(|o| o != 0).then_some(codes::INVALID)
            }
        }
        (QuestionKind::Date { min, max }, Answer::Date(d)) => {
            if !valid_date(d) {
                Some(codes::INVALID)
            } else if min.as_deref().is_some_and(|m| d.as_str() < m)
                || max.as_deref().is_some_and(|m| d.as_str() > m)
            {
                Some(OUT_OF_RANGE)
            } else {
                None
            }
        }
        (QuestionKind::Scale { points }, Answer::Number(x)) => {
            (!in_range(*x, 1, points.len() as i64)).then_some(OUT_OF_RANGE)
        }
        (QuestionKind::Rating { max, nps }, Answer::Number(x)) => {
            let (lo, hi) = if *nps { (0, 10) } else { (1, i64::from(*max)) };
            (!in_range(*x, lo, hi)).then_some(OUT_OF_RANGE)
        }
        (QuestionKind::Ranking { options }, Answer::Order(order)) => {
            let mut given = order.clone();
            given.sort();
            let mut all: Vec<String> = options.iter().map(|o| o.id.clone()).collect();
            all.sort();
            (given != all).then_some(codes::INVALID)
        }
        (QuestionKind::Matrix { rows, scale }, Answer::Rows(given)) => {
            if given.keys().any(|r| !rows.iter().any(|row| &row.id == r))
                || given.values().any(|v| !in_range(*v, 1, scale.len() as i64))
            {
                Some(codes::INVALID)
            } else if q.required && given.len() < rows.len() {
                Some(codes::REQUIRED)
            } else {
                None
            }
        }
        (QuestionKind::YesNo, Answer::Yes(_)) => None,
        _ => Some(codes::INVALID),
    }
}
