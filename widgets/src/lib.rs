//! coproduce's widgets: Leptos components written once and compiled twice — client-side for the
//! embed bundle (`csr`), server-side for standalone pages (`ssr`) — plus the wire contract.

pub mod board;
pub mod contract;
/// Server side only: the stylesheet is minified where it is sent.
#[cfg(not(target_arch = "wasm32"))]
pub mod css;
mod dom;
pub mod escape;
pub mod fmt;
pub mod i18n;

#[cfg(feature = "csr")]
mod embed;
#[cfg(feature = "csr")]
mod fetch;
#[cfg(feature = "csr")]
mod js_read;

/// The widget stylesheet: linked inside the embed's shadow root, inlined into standalone pages.
pub const WIDGET_CSS: &str = include_str!("../style/widget.css");
