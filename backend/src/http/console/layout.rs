//! The console's page frame: navigation, language switch, logout.

use std::sync::LazyLock;

use coproduce_widgets::i18n::Lang;

use maud::{Markup, PreEscaped, html};

use super::session::Staff;
use crate::domain::staff::Role;
use crate::http::text::{Text, role_name, text};

/// Form controls get the widget's sizes (at least 44 px tall, 16 px text): the browser's
/// defaults (13 px selects about 20 px tall) are hard to read and to hit on a touch screen.
const CONSOLE_CSS: &str = "body{margin:0;background:#f9fafb;color:#111827;font:16px/1.5 system-ui,sans-serif;\
--_accent:#1e3a8a;--_accent-text:#fff;--_radius:6px}\
header.cn{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;background:#1e3a8a;color:#fff;padding:0.5rem 1rem}\
header.cn a{color:#fff}header.cn nav{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}\
header.cn form{margin:0}header.cn button{font:inherit;background:#fff;color:#1e3a8a;border:0;border-radius:6px;padding:0.25rem 0.75rem;cursor:pointer}\
main{max-width:70rem;margin:0 auto;padding:1rem}table{border-collapse:collapse;width:100%;background:#fff}\
th,td{border:1px solid #d1d5db;padding:0.375rem 0.5rem;text-align:left;vertical-align:top}\
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:0.75rem}\
.card{background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:0.75rem}.card .n{font-size:1.75rem;font-weight:700}\
.idea-admin{background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:0.75rem;margin:0.75rem 0}\
.idea-admin form{display:flex;flex-wrap:wrap;gap:0.5rem;align-items:end;margin:0.5rem 0}\
.idea-admin label{display:grid;gap:0.125rem;font-weight:600}pre{white-space:pre-wrap;background:#fff;border:1px solid #d1d5db;padding:0.5rem}\
.skip{position:absolute;left:-10000px}.skip:focus{left:0.5rem;top:0.5rem;background:#fff;color:#000;padding:0.5rem}\
main input:not([type=hidden],[type=checkbox]),main select,main textarea{box-sizing:border-box;font:inherit;color:inherit;background:#fff;\
padding:0.375rem 0.5rem;border:2px solid #6b7280;border-radius:6px;min-height:2.75rem;max-width:100%}\
main textarea{min-height:5rem;resize:vertical}main input[type=checkbox]{width:1.5rem;height:1.5rem;accent-color:#1e3a8a}\
main .cp-form{max-width:40rem}main .wide{width:100%}main :focus-visible{outline:3px solid #1e3a8a;outline-offset:2px}header.cn :focus-visible{outline:3px solid #fff;outline-offset:2px}";

/// The console's one `<style>`: the Content-Security-Policy allows it by its hash.
pub fn console_style() -> &'static str {
    static CSS: LazyLock<String> =
        LazyLock::new(|| format!("{}{CONSOLE_CSS}", crate::http::assets::widget_css()));
    &CSS
}

/// A whole console page around a body built by components (`view`), which escape by themselves.
pub fn console_markup(lang: Lang, title: &str, staff: Option<&Staff>, body: Markup) -> String {
    let other = if lang == Lang::De { Lang::En } else { Lang::De };
    let l = lang.code();
    html! {
        (PreEscaped("<!doctype html>"))
        html lang=(l) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { (title) " – " (text(lang, Text::ConsoleTitle)) }
                // The one inline style, allowed by its hash in the Content-Security-Policy.
                style { (PreEscaped(console_style())) }
            }
            body {
                a.skip href="#main" { (text(lang, Text::SkipToContent)) }
                header.cn {
                    strong { (text(lang, Text::ConsoleTitle)) }
                    @if let Some(s) = staff {
                        nav aria-label=(text(lang, Text::ConsoleTitle)) {
                            a href=(format!("/console?lang={l}")) { (text(lang, Text::DashboardHeading)) }
                            @if s.role == Role::Admin {
                                a href=(format!("/console/settings?lang={l}")) { (text(lang, Text::OriginsHeading)) }
                            }
                            a href=(format!("/console/account?lang={l}")) { (text(lang, Text::AccountHeading)) }
                            span { (s.email) " (" (role_name(lang, s.role)) ")" }
                            form method="post" action="/console/logout" {
                                input type="hidden" name="csrf" value=(s.csrf);
                                button type="submit" { (text(lang, Text::LogoutButton)) }
                            }
                        }
                    }
                    a href=(format!("?lang={}", other.code())) lang=(other.code()) { (other.name()) }
                }
                main id="main" { (body) }
            }
        }
    }
    .into_string()
}
