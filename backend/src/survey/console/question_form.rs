//! The console's "add a question" form, read into a question of the draft: a type, texts in
//! German and English, answers one per line, required and "other".

use coproduce_widgets::survey::definition::{
    Choice, Definition, Question, QuestionKind, Texts, limits,
};
use serde::Deserialize;

/// A fresh id: `{prefix}{n}` for the first n that no page, question or rule has.
pub(super) fn fresh_id(def: &Definition, prefix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !def.ids().any(|x| x == id))
        .unwrap_or_else(|| prefix.to_string())
}

#[derive(Debug, Default, Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    pub(super) csrf: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    pub(super) page: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    text_de: String,
    #[serde(default)]
    text_en: String,
    #[serde(default)]
    options: String,
    required: Option<String>,
    other: Option<String>,
}

fn same(s: &str) -> Texts {
    Texts {
        de: s.to_string(),
        en: s.to_string(),
        ..Texts::default()
    }
}

/// The question the add form describes, or the code of what is missing.
pub(super) fn new_question(
    form: &QuestionForm,
    def: &Definition,
) -> Result<Question, &'static str> {
    let lines: Vec<&str> = form
        .options
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let choices = || -> Vec<Choice> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| Choice {
                id: format!("o{}", i + 1),
                label: same(l),
            })
            .collect()
    };
    let needs_lines = matches!(
        form.kind.as_str(),
        "single_choice" | "dropdown" | "multiple_choice" | "scale" | "ranking" | "matrix"
    );
    if needs_lines && lines.len() < 2 {
        return Err("question_options");
    }
    let kind = match form.kind.as_str() {
        "single_choice" | "dropdown" => QuestionKind::SingleChoice {
            options: choices(),
            dropdown: form.kind == "dropdown",
        },
        "multiple_choice" => QuestionKind::MultipleChoice {
            options: choices(),
            min: None,
            max: None,
        },
        "text" | "long_text" => QuestionKind::Text {
            long: form.kind == "long_text",
            max_chars: if form.kind == "text" { 200 } else { 2_000 },
        },
        "number" => QuestionKind::Number {
            min: None,
            max: None,
            step: None,
        },
        "date" => QuestionKind::Date {
            min: None,
            max: None,
        },
        "scale" => QuestionKind::Scale {
            points: lines.iter().map(|l| same(l)).collect(),
        },
        "rating" => QuestionKind::Rating { max: 5, nps: false },
        "nps" => QuestionKind::Rating { max: 10, nps: true },
        "ranking" => QuestionKind::Ranking { options: choices() },
        "matrix" => QuestionKind::Matrix {
            rows: choices(),
            scale: [
                ("Trifft gar nicht zu", "Strongly disagree"),
                ("Trifft eher nicht zu", "Disagree"),
                ("Teils, teils", "Neither"),
                ("Trifft eher zu", "Agree"),
                ("Trifft voll zu", "Strongly agree"),
            ]
            .iter()
            .map(|(de, en)| Texts {
                de: (*de).into(),
                en: (*en).into(),
                ..Texts::default()
            })
            .collect(),
        },
        "yes_no" => QuestionKind::YesNo,
        _ => return Err("invalid"),
    };
    let (de, en) = (form.text_de.trim(), form.text_en.trim());
    if de.is_empty() && en.is_empty() {
        return Err("question_text");
    }
    let id = match form.id.trim() {
        "" => fresh_id(def, "q"),
        id if def.ids().any(|x| x == id) || id.chars().count() > limits::ID_MAX => {
            return Err("question_id");
        }
        id => id.to_string(),
    };
    let choice = matches!(
        kind,
        QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. }
    );
    Ok(Question {
        id,
        text: Texts {
            de: de.into(),
            en: en.into(),
            ..Texts::default()
        },
        help: None,
        required: form.required.is_some(),
        other: choice && form.other.is_some(),
        kind,
    })
}
