//! What a survey is: pages of questions, and rules that show pages and questions or end the
//! survey. One definition, read by the server, the standalone page and the embed alike.

use serde::{Deserialize, Serialize};

use crate::contract::char_len;
use crate::i18n::Lang;

/// Bounds of a definition, shared by the console (before saving), the import and the server:
/// a survey a person can answer, and a definition no request can make unbounded.
pub mod limits {
    pub const PAGES_MAX: usize = 50;
    pub const QUESTIONS_MAX: usize = 200;
    pub const OPTIONS_MAX: usize = 100;
    pub const RULES_MAX: usize = 200;
    /// Characters of an id (page, question, option, rule).
    pub const ID_MAX: usize = 40;
    /// Characters of one text (a question, a label, help), in each language.
    pub const TEXT_MAX: usize = 1_000;
    /// The longest text answer a question may allow.
    pub const ANSWER_CHARS_MAX: u32 = 10_000;
}

/// A text in every language the product speaks, with an optional plain-language variant
/// (Leichte Sprache, plain English) that readers can switch to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Texts {
    pub de: String,
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain_de: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain_en: Option<String>,
}

impl Texts {
    /// The text in `lang`, its plain variant when asked for and there is one; a language left
    /// empty falls back to the other.
    pub fn get(&self, lang: Lang, plain: bool) -> &str {
        let (own, own_plain, other) = match lang {
            Lang::De => (&self.de, &self.plain_de, &self.en),
            Lang::En => (&self.en, &self.plain_en, &self.de),
        };
        match own_plain {
            Some(p) if plain && !p.is_empty() => p,
            _ if own.is_empty() => other,
            _ => own,
        }
    }
}

/// One answer a choice question offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// Stable within the question: answers name it.
    pub id: String,
    pub label: Texts,
}

/// What kind of answer a question takes, with its own bounds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// One of `options`, as radio buttons or a dropdown.
    SingleChoice {
        options: Vec<Choice>,
        #[serde(default)]
        dropdown: bool,
    },
    /// Several of `options`, at least `min` and at most `max` when given.
    MultipleChoice {
        options: Vec<Choice>,
        #[serde(default)]
        min: Option<u32>,
        #[serde(default)]
        max: Option<u32>,
    },
    /// Free text up to `max_chars` characters; `long` is a text area.
    Text {
        #[serde(default)]
        long: bool,
        max_chars: u32,
    },
    /// A whole number within `min..=max`, a multiple of `step` from `min` (or from 0).
    Number {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
        #[serde(default)]
        step: Option<i64>,
    },
    /// A calendar date `YYYY-MM-DD` within the bounds, when given.
    Date {
        #[serde(default)]
        min: Option<String>,
        #[serde(default)]
        max: Option<String>,
    },
    /// One of labelled points (a Likert scale): the answer is the point's number, from 1.
    Scale {
        points: Vec<Texts>,
    },
    /// Stars from 1 to `max`, or (`nps`) a 0–10 likelihood to recommend.
    Rating {
        #[serde(default = "five")]
        max: u8,
        #[serde(default)]
        nps: bool,
    },
    /// Every option, in the order the participant puts them.
    Ranking {
        options: Vec<Choice>,
    },
    /// For each row, one point of the shared scale.
    Matrix {
        rows: Vec<Choice>,
        scale: Vec<Texts>,
    },
    YesNo,
}

fn five() -> u8 {
    5
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within the survey: answers, rules and results name it.
    pub id: String,
    pub text: Texts,
    #[serde(default)]
    pub help: Option<Texts>,
    #[serde(default)]
    pub required: bool,
    /// Choice questions: an "other" answer with text of its own.
    #[serde(default)]
    pub other: bool,
    #[serde(flatten)]
    pub kind: QuestionKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub id: String,
    #[serde(default)]
    pub title: Option<Texts>,
    pub questions: Vec<Question>,
}

/// What a rule compares an answer with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", content = "value", rename_all = "snake_case")]
pub enum Test {
    /// The question was answered (anything).
    Answered,
    /// Single choice, scale, rating, yes/no: the answer is this option id or value.
    Is(String),
    /// The answer is none of these (single choice: not one of the ids).
    IsNot(Vec<String>),
    /// Multiple choice: this option is among the answers.
    Includes(String),
    /// Number, scale, rating: at least this.
    AtLeast(i64),
    /// Number, scale, rating: at most this.
    AtMost(i64),
}

/// If the answer to `question` passes `test`…
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub question: String,
    #[serde(flatten)]
    pub test: Test,
}

/// … then this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", content = "target", rename_all = "snake_case")]
pub enum Effect {
    /// Show this page (a page that a rule shows is hidden unless one of its rules holds).
    ShowPage(String),
    /// Show this question (likewise).
    ShowQuestion(String),
    /// End the survey after the page that holds the condition's question.
    End,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Named in errors: "rule r3 …".
    pub id: String,
    pub when: Condition,
    pub then: Effect,
}

/// A survey's questions and logic: what a version freezes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub pages: Vec<Page>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// What exceeds a bound of `limits`, with the id it was found at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// `pages`, `questions`, `options`, `rules`, `id`, `text`, `answer_length`.
    pub what: &'static str,
    pub at: String,
}

impl Texts {
    fn within(&self, max: usize) -> bool {
        [
            Some(&self.de),
            Some(&self.en),
            self.plain_de.as_ref(),
            self.plain_en.as_ref(),
        ]
        .into_iter()
        .flatten()
        .all(|t| char_len(t) <= max)
    }
}

impl Definition {
    /// Checks every bound of `limits`: the first one exceeded.
    pub fn check_bounds(&self) -> Result<(), TooLarge> {
        use limits::*;
        let too = |what: &'static str, at: &str| {
            Err(TooLarge {
                what,
                at: at.to_string(),
            })
        };
        if self.pages.len() > PAGES_MAX {
            return too("pages", "");
        }
        if self.pages.iter().map(|p| p.questions.len()).sum::<usize>() > QUESTIONS_MAX {
            return too("questions", "");
        }
        if self.rules.len() > RULES_MAX {
            return too("rules", "");
        }
        for id in self.ids() {
            if id.is_empty() || char_len(id) > ID_MAX || id.chars().any(char::is_control) {
                return too("id", id);
            }
        }
        for page in &self.pages {
            if page.title.as_ref().is_some_and(|t| !t.within(TEXT_MAX)) {
                return too("text", &page.id);
            }
            for q in &page.questions {
                let (options, labels): (&[Choice], &[Texts]) = match &q.kind {
                    QuestionKind::SingleChoice { options, .. }
                    | QuestionKind::MultipleChoice { options, .. }
                    | QuestionKind::Ranking { options } => (options, &[]),
                    QuestionKind::Matrix { rows, scale } => (rows, scale),
                    QuestionKind::Scale { points } => (&[], points),
                    _ => (&[], &[]),
                };
                if options.len() > OPTIONS_MAX || labels.len() > OPTIONS_MAX {
                    return too("options", &q.id);
                }
                if options
                    .iter()
                    .any(|o| o.id.is_empty() || char_len(&o.id) > ID_MAX)
                {
                    return too("id", &q.id);
                }
                let texts_ok = q.text.within(TEXT_MAX)
                    && q.help.as_ref().is_none_or(|h| h.within(TEXT_MAX))
                    && options.iter().all(|o| o.label.within(TEXT_MAX))
                    && labels.iter().all(|l| l.within(TEXT_MAX));
                if !texts_ok {
                    return too("text", &q.id);
                }
                if let QuestionKind::Text { max_chars, .. } = q.kind
                    && !(1..=ANSWER_CHARS_MAX).contains(&max_chars)
                {
                    return too("answer_length", &q.id);
                }
            }
        }
        Ok(())
    }

    /// Whether any text has a plain-language variant in `lang` (then readers may switch).
    pub fn has_plain(&self, lang: Lang) -> bool {
        let plain = |t: &Texts| match lang {
            Lang::De => t.plain_de.is_some(),
            Lang::En => t.plain_en.is_some(),
        };
        self.pages.iter().any(|p| {
            p.title.as_ref().is_some_and(plain)
                || p.questions.iter().any(|q| {
                    plain(&q.text)
                        || q.help.as_ref().is_some_and(plain)
                        || match &q.kind {
                            QuestionKind::SingleChoice { options, .. }
                            | QuestionKind::MultipleChoice { options, .. }
                            | QuestionKind::Ranking { options } => {
                                options.iter().any(|o| plain(&o.label))
                            }
                            QuestionKind::Scale { points } => points.iter().any(plain),
                            QuestionKind::Matrix { rows, scale } => {
                                rows.iter().any(|o| plain(&o.label)) || scale.iter().any(plain)
                            }
                            _ => false,
                        }
                })
        })
    }

    /// Every id of its pages, questions and rules.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        let questions = self
            .pages
            .iter()
            .flat_map(|p| p.questions.iter().map(|q| &q.id));
        self.pages
            .iter()
            .map(|p| &p.id)
            .chain(questions)
            .chain(self.rules.iter().map(|r| &r.id))
    }

    /// Where question `id` is: (page index, question index).
    pub fn locate(&self, id: &str) -> Option<(usize, usize)> {
        self.pages.iter().enumerate().find_map(|(p, page)| {
            page.questions
                .iter()
                .position(|q| q.id == id)
                .map(|i| (p, i))
        })
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.locate(id).map(|(p, i)| &self.pages[p].questions[i])
    }

    pub fn page_index(&self, id: &str) -> Option<usize> {
        self.pages.iter().position(|p| p.id == id)
    }
}
