//! Reads the API's JSON answers (already parsed by the browser) through `Reflect`, instead of
//! serde: serde-wasm-bindgen and the float formatting its number errors pull in cost more WASM
//! than these readers. Each wire type gets its reader from its own declaration (`wire!`), so a
//! field added to the contract is read without anyone writing a reader for it.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Something the widget reads from a JSON value; `None` when the shape is wrong. A missing
/// field reads as `undefined`: wrong for every type but `Option`.
pub trait FromJs: Sized {
    fn from_js(v: &JsValue) -> Option<Self>;
}

/// Field `key` of object `v`. Inlined into each reader, with the lookup itself not generic:
/// a copy of this per type read cost about 1 KB of WASM.
#[inline(always)]
pub fn field<T: FromJs>(v: &JsValue, key: &str) -> Option<T> {
    T::from_js(&get(v, key))
}

#[inline(never)]
fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl FromJs for String {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_string()
    }
}

impl FromJs for bool {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_bool()
    }
}

/// Whole numbers only: the API never sends fractions, and a fraction means a wrong shape.
impl FromJs for i64 {
    fn from_js(v: &JsValue) -> Option<Self> {
        let n = v.as_f64()?;
        (n.fract() == 0.0 && n.abs() < 9.0e15).then_some(n as i64)
    }
}

impl FromJs for u64 {
    fn from_js(v: &JsValue) -> Option<Self> {
        i64::from_js(v).map(|n| n.max(0) as u64)
    }
}

impl<T: FromJs> FromJs for Option<T> {
    fn from_js(v: &JsValue) -> Option<Self> {
        if v.is_null() || v.is_undefined() {
            Some(None)
        } else {
            T::from_js(v).map(Some)
        }
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    // A plain loop: collecting `Option`s through iterator adapters cost about 0.7 KB of WASM
    // per element type.
    fn from_js(v: &JsValue) -> Option<Self> {
        if !Array::is_array(v) {
            return None;
        }
        let items = Array::from(v);
        let mut out = Vec::with_capacity(items.length() as usize);
        for i in 0..items.length() {
            out.push(T::from_js(&items.get(i))?);
        }
        Some(out)
    }
}

impl FromJs for u32 {
    fn from_js(v: &JsValue) -> Option<Self> {
        i64::from_js(v).and_then(|n| u32::try_from(n).ok())
    }
}

impl FromJs for u8 {
    fn from_js(v: &JsValue) -> Option<Self> {
        i64::from_js(v).and_then(|n| u8::try_from(n).ok())
    }
}

/// Any value but `undefined` and `null`, read later (a list's items read one by one).
impl FromJs for JsValue {
    fn from_js(v: &JsValue) -> Option<Self> {
        (!v.is_undefined() && !v.is_null()).then(|| v.clone())
    }
}

/// Finite numbers only.
impl FromJs for f64 {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_f64().filter(|n| n.is_finite())
    }
}

/// An object's entries, by key (a JSON object of values of one type).
impl<T: FromJs> FromJs for std::collections::BTreeMap<String, T> {
    fn from_js(v: &JsValue) -> Option<Self> {
        if !v.is_object() || Array::is_array(v) {
            return None;
        }
        let entries = js_sys::Object::entries(v.unchecked_ref());
        let mut out = std::collections::BTreeMap::new();
        for i in 0..entries.length() {
            let pair = Array::from(&entries.get(i));
            out.insert(pair.get(0).as_string()?, T::from_js(&pair.get(1))?);
        }
        Some(out)
    }
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
/// A value of the API's JSON: `to_js` builds what `JSON.stringify` sends.
pub trait ToJs {
    fn to_js(&self) -> JsValue;
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
impl ToJs for i64 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self as f64)
    }
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
impl ToJs for f64 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self)
    }
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self) -> JsValue {
        let out = Array::new();
        for item in self {
            out.push(&item.to_js());
        }
        out.into()
    }
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
impl<T: ToJs> ToJs for std::collections::BTreeMap<String, T> {
    fn to_js(&self) -> JsValue {
        let out = js_sys::Object::new();
        for (k, v) in self {
            set(&out, k, &v.to_js());
        }
        out.into()
    }
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
/// Sets field `key` of `object`; not generic, like `get`.
#[inline(never)]
pub fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

#[cfg(any(feature = "survey", feature = "map", feature = "ratings"))]
/// An object of (key, value) pairs.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let out = js_sys::Object::new();
    for (k, v) in fields {
        set(&out, k, v);
    }
    out.into()
}
