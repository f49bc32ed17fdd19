//! Reads the API's JSON answers (already parsed by the browser) field by field through
//! `Reflect`, instead of serde: serde-wasm-bindgen and the float formatting its number errors
//! pull in cost more WASM than these few readers.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use crate::contract::{
    BoardView, ErrorBody, IdeaStatus, IdeaView, Moderation, StatusEntry, Submitted, Supported,
};

/// Something the widget reads from a JSON answer; `None` when the shape is wrong.
pub trait FromJs: Sized {
    fn from_js(v: &JsValue) -> Option<Self>;
}

fn field(v: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(v, &JsValue::from_str(key)).ok()
}

fn string(v: &JsValue, key: &str) -> Option<String> {
    field(v, key)?.as_string()
}

fn opt_string(v: &JsValue, key: &str) -> Option<Option<String>> {
    match field(v, key) {
        Some(x) if x.is_null() || x.is_undefined() => Some(None),
        Some(x) => x.as_string().map(Some),
        None => Some(None),
    }
}

/// Whole numbers only: the API never sends fractions, and a fraction means a wrong shape.
fn int(v: &JsValue, key: &str) -> Option<i64> {
    let n = field(v, key)?.as_f64()?;
    (n.fract() == 0.0 && n.abs() < 9.0e15).then_some(n as i64)
}

fn list<T: FromJs>(v: &JsValue, key: &str) -> Option<Vec<T>> {
    let value = field(v, key)?;
    if !Array::is_array(&value) {
        return None;
    }
    Array::from(&value)
        .iter()
        .map(|item| T::from_js(&item))
        .collect()
}

impl FromJs for StatusEntry {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            status: IdeaStatus::parse(&string(v, "status")?)?,
            answer: opt_string(v, "answer")?,
            at: int(v, "at")?,
        })
    }
}

impl FromJs for IdeaView {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            id: string(v, "id")?,
            title: string(v, "title")?,
            body: string(v, "body")?,
            author: opt_string(v, "author")?,
            status: IdeaStatus::parse(&string(v, "status")?)?,
            supports: int(v, "supports")?.max(0) as u64,
            created_at: int(v, "created_at")?,
            history: list(v, "history")?,
        })
    }
}

impl FromJs for BoardView {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            org: string(v, "org")?,
            org_name: string(v, "org_name")?,
            id: string(v, "id")?,
            title: string(v, "title")?,
            question: string(v, "question")?,
            open: field(v, "open")?.as_bool()?,
            moderation: Moderation::parse(&string(v, "moderation")?)?,
            idea_count: int(v, "idea_count")?.max(0) as u64,
            ideas: list(v, "ideas")?,
            next: opt_string(v, "next")?,
            form_token: string(v, "form_token")?,
        })
    }
}

impl FromJs for Submitted {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            idea: IdeaView::from_js(&field(v, "idea")?)?,
            published: field(v, "published")?.as_bool()?,
            receipt_url: string(v, "receipt_url")?,
        })
    }
}

impl FromJs for Supported {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            idea_id: string(v, "idea_id")?,
            supports: int(v, "supports")?.max(0) as u64,
        })
    }
}

impl FromJs for ErrorBody {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            code: string(v, "code")?,
            message: string(v, "message").unwrap_or_default(),
            field: opt_string(v, "field")?,
        })
    }
}
