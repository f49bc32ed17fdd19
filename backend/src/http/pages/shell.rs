//! The HTML around a server-rendered page: language, title, inline styles, language switch.

use crate::http::text::{Text, text};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use coproduce_widgets::i18n::{Lang, Msg, t};
use std::sync::LazyLock;

const PAGE_CSS: &str = "body{margin:0;background:#f3f4f6}main{max-width:52rem;margin:0 auto;padding:0.5rem}\
.cp-skip{position:absolute;left:-10000px}.cp-skip:focus{left:0.5rem;top:0.5rem;background:#fff;padding:0.5rem;z-index:1}\
.cp-langs{display:flex;gap:1rem;justify-content:flex-end;padding:0.5rem 1rem;font:14px system-ui,sans-serif}\
.cp-langs a{color:#1d4ed8}";

pub use coproduce_widgets::escape::escape_html as esc;

/// The page's one `<style>`: the Content-Security-Policy allows it by its hash.
pub fn page_style() -> &'static str {
    static CSS: LazyLock<String> =
        LazyLock::new(|| format!("{}{PAGE_CSS}", crate::http::assets::widget_css()));
    &CSS
}

/// A whole page. `content` is trusted HTML (rendered by Leptos, which escapes text);
/// `lang_links` are (language, address) pairs for the language switch.
pub fn page(lang: Lang, title: &str, content: &str, lang_links: &[(Lang, String)]) -> String {
    let switch: String = lang_links
        .iter()
        .map(|(l, href)| {
            if *l == lang {
                format!("<span aria-current=\"true\">{}</span>", l.name())
            } else {
                format!(
                    "<a href=\"{}\" lang=\"{}\" hreflang=\"{}\">{}</a>",
                    esc(href),
                    l.code(),
                    l.code(),
                    l.name()
                )
            }
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{title}</title><style>{style}</style></head><body>\
<a class=\"cp-skip\" href=\"#main\">{skip}</a>\
<nav class=\"cp-langs\" aria-label=\"{langs_label}\">{switch}</nav>\
<main id=\"main\"><div class=\"cp-root\">{content}</div></main></body></html>",
        lang = lang.code(),
        style = page_style(),
        title = esc(title),
        skip = text(lang, Text::SkipToContent),
        langs_label = t(lang, Msg::LanguageLabel),
    )
}

pub fn html(status: StatusCode, body: String) -> Response {
    let mut res = (status, Html(body)).into_response();
    // Pages carry per-visit form tokens; never share them through a cache.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
