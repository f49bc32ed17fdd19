//! coproduce's widgets: Leptos components written once and compiled twice — client-side for the
//! embed bundles (`csr`, one bundle per kind of activity), server-side for standalone pages
//! (`ssr`) — and the wire contract.
//!
//! Shared by every kind: the contract's common part (`contract`), texts (`i18n`), components
//! (`ui`) and, in the embed, the runtime (`runtime`), requests (`fetch`) and JSON reading
//! (`json`). Each kind is a folder of its own (`ideas`): its contract, texts, views and embed.

pub mod contract;
/// Server side only: the stylesheet is minified where it is sent.
#[cfg(not(target_arch = "wasm32"))]
pub mod css;
mod dom;
pub mod escape;
pub mod fmt;
pub mod i18n;
pub mod ideas;
pub mod map;
pub mod ratings;
pub mod survey;
pub mod ui;

#[cfg(feature = "csr")]
mod fetch;
#[cfg(feature = "csr")]
mod json;
#[cfg(feature = "csr")]
mod runtime;

/// The widget stylesheet every kind shares: linked inside the embed's shadow root (with the
/// kind's own rules, `kind_css`), inlined into standalone pages (with every kind's).
pub const WIDGET_CSS: &str = include_str!("../style/widget.css");

/// A kind's own rules, on top of `WIDGET_CSS`: an embed loads only its kind's.
pub fn kind_css(kind: contract::ActivityKind) -> &'static str {
    match kind {
        contract::ActivityKind::Ideas => include_str!("../style/ideas.css"),
        contract::ActivityKind::Survey => include_str!("../style/survey.css"),
        contract::ActivityKind::Map => include_str!("../style/map.css"),
        contract::ActivityKind::Ratings => include_str!("../style/ratings.css"),
    }
}

/// The kind a bundle is built for (its feature; one a bundle).
#[cfg(all(feature = "csr", feature = "ideas"))]
type Embedded = ideas::embed::Ideas;
#[cfg(all(feature = "csr", feature = "survey"))]
type Embedded = survey::embed::Survey;
#[cfg(all(feature = "csr", feature = "map"))]
type Embedded = map::embed::Map;
#[cfg(all(feature = "csr", feature = "ratings"))]
type Embedded = ratings::embed::Ratings;

/// What the loader calls to mount the widget of activity `key` of organisation `org` (served
/// by the backend at `backend`) into `target`. A bundle is built for one kind (its feature):
/// every bundle exports the same `mount`. `uid` keeps element ids unique when one page holds
/// several widgets. `first_view` is the loader's request for the activity's view (started
/// while the bundle downloads), a `Promise<Response>`; `undefined` makes the widget ask itself.
#[cfg(all(
    feature = "csr",
    any(
        feature = "ideas",
        feature = "survey",
        feature = "map",
        feature = "ratings"
    )
))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(
    target: web_sys::HtmlElement,
    backend: String,
    org: String,
    key: String,
    lang: String,
    uid: String,
    first_view: wasm_bindgen::JsValue,
) -> runtime::Mounted {
    let page = runtime::Page {
        backend: &backend,
        org: &org,
        key: &key,
        lang: &lang,
    };
    runtime::mount::<Embedded>(target, page, uid, first_view)
}
