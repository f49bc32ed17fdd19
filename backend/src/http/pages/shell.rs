//! The HTML around a server-rendered page: language, title, inline styles, language switch.

use crate::http::text::{Text, text};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use coproduce_widgets::i18n::{Lang, Msg, t};
use maud::PreEscaped;
use std::sync::LazyLock;

const PAGE_CSS: &str = "body{margin:0;background:#f3f4f6}main{max-width:52rem;margin:0 auto;padding:0.5rem}\
.cp-skip{position:absolute;left:-10000px}.cp-skip:focus{left:0.5rem;top:0.5rem;background:#fff;padding:0.5rem;z-index:1}\
.cp-langs{display:flex;gap:1rem;justify-content:flex-end;padding:0.5rem 1rem;font:14px system-ui,sans-serif}\
.cp-langs a{color:#1d4ed8}.cp-page-title{font:700 1.25rem/1.3 system-ui,sans-serif;margin:0.5rem 1rem}";

/// The page's one `<style>`: the Content-Security-Policy allows it by its hash.
pub fn page_style() -> &'static str {
    static CSS: LazyLock<String> =
        LazyLock::new(|| format!("{}{PAGE_CSS}", crate::http::assets::widget_css()));
    &CSS
}

/// A whole page. `content` is markup a component rendered (Leptos or maud, both escape what
/// they are given); `lang_links` are (language, address) pairs for the language switch.
pub fn page(lang: Lang, title: &str, content: &str, lang_links: &[(Lang, String)]) -> String {
    maud::html! {
        (PreEscaped("<!doctype html>"))
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { (title) }
                // The one inline style, allowed by its hash in the Content-Security-Policy.
                style { (PreEscaped(page_style())) }
            }
            body {
                a.cp-skip href="#main" { (text(lang, Text::SkipToContent)) }
                nav.cp-langs aria-label=(t(lang, Msg::LanguageLabel)) {
                    @for (l, href) in lang_links {
                        @if *l == lang {
                            span aria-current="true" { (l.name()) }
                        } @else {
                            a href=(href) lang=(l.code()) hreflang=(l.code()) { (l.name()) }
                        }
                    }
                }
                main id="main" { div.cp-root { (PreEscaped(content)) } }
            }
        }
    }
    .into_string()
}

pub fn html(status: StatusCode, body: String) -> Response {
    let mut res = (status, Html(body)).into_response();
    // Pages carry per-visit form tokens; never share them through a cache.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
