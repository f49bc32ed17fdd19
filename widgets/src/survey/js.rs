//! The survey's JSON in the embed, read from and written to the browser's own parsed values
//! (`json::FromJs`, `json::ToJs`) in the shapes serde gives them on the server (definition.rs,
//! response.rs, contract.rs). serde_json with serde's derived readers for these tagged enums
//! was most of the first survey bundle (BENCHMARKS.md).

use wasm_bindgen::JsValue;

use super::contract::{NewResponse, ResponseStored, SurveyView};
use super::definition::{
    Choice, Condition, Definition, Effect, Page, Question, QuestionKind, Rule, Test, Texts,
};
use super::response::{Answer, Answers};
use crate::i18n::Lang;
use crate::json::{FromJs, ToJs, field, object};

impl FromJs for Texts {
    fn from_js(v: &JsValue) -> Option<Self> {
        let text = |k: &str| field::<Option<String>>(v, k).map(Option::unwrap_or_default);
        Some(Self {
            de: text("de")?,
            en: text("en")?,
            plain_de: field(v, "plain_de")?,
            plain_en: field(v, "plain_en")?,
        })
    }
}

impl FromJs for Choice {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            id: field(v, "id")?,
            label: field(v, "label")?,
        })
    }
}

/// A field that serde fills with its default when it is missing.
fn or_default<T: FromJs + Default>(v: &JsValue, key: &str) -> Option<T> {
    field::<Option<T>>(v, key).map(Option::unwrap_or_default)
}

fn kind(v: &JsValue) -> Option<QuestionKind> {
    let ty: String = field(v, "type")?;
    Some(match ty.as_str() {
        "single_choice" => QuestionKind::SingleChoice {
            options: field(v, "options")?,
            dropdown: or_default(v, "dropdown")?,
        },
        "multiple_choice" => QuestionKind::MultipleChoice {
            options: field(v, "options")?,
            min: field(v, "min")?,
            max: field(v, "max")?,
        },
        "text" => QuestionKind::Text {
            long: or_default(v, "long")?,
            max_chars: field(v, "max_chars")?,
        },
        "number" => QuestionKind::Number {
            min: field(v, "min")?,
            max: field(v, "max")?,
            step: field(v, "step")?,
        },
        "date" => QuestionKind::Date {
            min: field(v, "min")?,
            max: field(v, "max")?,
        },
        "scale" => QuestionKind::Scale {
            points: field(v, "points")?,
        },
        "rating" => QuestionKind::Rating {
            max: field::<Option<u8>>(v, "max")?.unwrap_or(5),
            nps: or_default(v, "nps")?,
        },
        "ranking" => QuestionKind::Ranking {
            options: field(v, "options")?,
        },
        "matrix" => QuestionKind::Matrix {
            rows: field(v, "rows")?,
            scale: field(v, "scale")?,
        },
        "yes_no" => QuestionKind::YesNo,
        _ => return None,
    })
}

impl FromJs for Question {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            id: field(v, "id")?,
            text: field(v, "text")?,
            help: field(v, "help")?,
            required: or_default(v, "required")?,
            other: or_default(v, "other")?,
            kind: kind(v)?,
        })
    }
}

impl FromJs for Page {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            id: field(v, "id")?,
            title: field(v, "title")?,
            questions: field(v, "questions")?,
        })
    }
}

impl FromJs for Rule {
    fn from_js(v: &JsValue) -> Option<Self> {
        let when = field::<JsValue>(v, "when")?;
        let op: String = field(&when, "op")?;
        let test = match op.as_str() {
            "answered" => Test::Answered,
            "is" => Test::Is(field(&when, "value")?),
            "is_not" => Test::IsNot(field(&when, "value")?),
            "includes" => Test::Includes(field(&when, "value")?),
            "at_least" => Test::AtLeast(field(&when, "value")?),
            "at_most" => Test::AtMost(field(&when, "value")?),
            _ => return None,
        };
        let then = field::<JsValue>(v, "then")?;
        let effect: String = field(&then, "do")?;
        let then = match effect.as_str() {
            "show_page" => Effect::ShowPage(field(&then, "target")?),
            "show_question" => Effect::ShowQuestion(field(&then, "target")?),
            "end" => Effect::End,
            _ => return None,
        };
        Some(Self {
            id: field(v, "id")?,
            when: Condition {
                question: field(&when, "question")?,
                test,
            },
            then,
        })
    }
}

impl FromJs for Definition {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            pages: field(v, "pages")?,
            rules: or_default(v, "rules")?,
        })
    }
}

impl FromJs for Lang {
    fn from_js(v: &JsValue) -> Option<Self> {
        Lang::parse(&v.as_string()?)
    }
}

impl FromJs for SurveyView {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            org: field(v, "org")?,
            org_name: field(v, "org_name")?,
            id: field(v, "id")?,
            title: field(v, "title")?,
            intro: field(v, "intro")?,
            open: field(v, "open")?,
            closed_because: field(v, "closed_because")?,
            version: field(v, "version")?,
            definition: field(v, "definition")?,
            languages: field(v, "languages")?,
            results_url: field(v, "results_url")?,
            form_token: field(v, "form_token")?,
        })
    }
}

impl FromJs for ResponseStored {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            receipt_url: field(v, "receipt_url")?,
            results_url: field(v, "results_url")?,
        })
    }
}

impl FromJs for Answer {
    fn from_js(v: &JsValue) -> Option<Self> {
        let ty: String = field(v, "type")?;
        Some(match ty.as_str() {
            "choice" => Answer::Choice(field(v, "value")?),
            "choices" => Answer::Choices(field(v, "value")?),
            "text" => Answer::Text(field(v, "value")?),
            "number" => Answer::Number(field(v, "value")?),
            "date" => Answer::Date(field(v, "value")?),
            "order" => Answer::Order(field(v, "value")?),
            "rows" => Answer::Rows(field(v, "value")?),
            "yes" => Answer::Yes(field(v, "value")?),
            _ => return None,
        })
    }
}

impl FromJs for Answers {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            values: field(v, "values")?,
            other: or_default(v, "other")?,
        })
    }
}

impl ToJs for Answer {
    fn to_js(&self) -> JsValue {
        let (ty, value) = match self {
            Answer::Choice(c) => ("choice", c.to_js()),
            Answer::Choices(cs) => ("choices", cs.to_js()),
            Answer::Text(t) => ("text", t.to_js()),
            Answer::Number(n) => ("number", n.to_js()),
            Answer::Date(d) => ("date", d.to_js()),
            Answer::Order(o) => ("order", o.to_js()),
            Answer::Rows(r) => ("rows", r.to_js()),
            Answer::Yes(y) => ("yes", y.to_js()),
        };
        object(&[("type", JsValue::from_str(ty)), ("value", value)])
    }
}

impl ToJs for Answers {
    fn to_js(&self) -> JsValue {
        object(&[
            ("values", self.values.to_js()),
            ("other", self.other.to_js()),
        ])
    }
}

impl ToJs for NewResponse {
    fn to_js(&self) -> JsValue {
        object(&[
            ("version", self.version.to_js()),
            ("answers", self.answers.to_js()),
            ("website", self.website.to_js()),
            ("form_token", self.form_token.to_js()),
        ])
    }
}

/// `JSON.stringify` of a value built by `to_js`.
#[cfg_attr(not(feature = "survey"), allow(dead_code))]
pub fn stringify(value: &impl ToJs) -> Option<String> {
    js_sys::JSON::stringify(&value.to_js()).ok()?.as_string()
}

/// `JSON.parse` of stored text, read by `from_js`.
#[cfg_attr(not(feature = "survey"), allow(dead_code))]
pub fn parse<T: FromJs>(text: &str) -> Option<T> {
    T::from_js(&js_sys::JSON::parse(text).ok()?)
}
