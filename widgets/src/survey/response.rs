//! A participant's answers as the widget, the page and the server pass them around.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The option id of a choice question's "other" answer; its text is in [`Answers::other`].
pub const OTHER: &str = "other";
/// The longest text of an "other" answer, in characters.
pub const OTHER_MAX_CHARS: usize = 200;

/// One question's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// Single choice: an option id (or `other`).
    Choice(String),
    /// Multiple choice: option ids.
    Choices(Vec<String>),
    Text(String),
    /// Number, scale point (from 1), rating.
    Number(i64),
    /// `YYYY-MM-DD`.
    Date(String),
    /// Ranking: every option id, first = most preferred.
    Order(Vec<String>),
    /// Matrix: row id → scale point (from 1).
    Rows(BTreeMap<String, i64>),
    Yes(bool),
}

/// Every answer of one response, by question id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub values: BTreeMap<String, Answer>,
    /// Texts of "other" answers, by question id.
    #[serde(default)]
    pub other: BTreeMap<String, String>,
}

impl Answers {
    pub fn get(&self, question: &str) -> Option<&Answer> {
        self.values.get(question)
    }
}
