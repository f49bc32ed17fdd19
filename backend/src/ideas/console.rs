//! A board's page: figures, chart, top ideas, every idea a page at a time with its
//! moderation and answer forms, exports, embed snippet, settings.

pub mod actions;
pub mod figures;

use axum::http::{StatusCode, Uri};
use axum::response::Response;
use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, Msg, t};
use coproduce_widgets::ideas::contract::{IdeaStatus, Sort};
use coproduce_widgets::ideas::texts::{IdeaMsg, counted, status_name};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use crate::domain::moderation::Visibility;
use crate::domain::staff::Role;
use crate::http::AppState;
use crate::http::console::layout::console_markup;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::query_of;
use crate::http::kind::encode;
use crate::http::pages::shell::html as html_response;
use crate::http::text::{Text, server_error_message, text};
use crate::ideas::counts::{IdeaTotals, weeks};
use crate::ideas::storage::{Cursor, IdeaRow, ListFilter};
use crate::storage::ActivityRow;
use figures::{cards, chart};

#[derive(Debug, Default, Deserialize)]
pub struct BoardPageQuery {
    pub saved: Option<String>,
    pub error: Option<String>,
    /// Where the previous page of the board's ideas ended (`storage::Cursor`); none: the
    /// newest. Each page reads a range of an index, however deep into the board.
    pub after: Option<String>,
}

/// Ideas per page of the console's list: a page's size never depends on the board's.
pub const IDEAS_PER_CONSOLE_PAGE: usize = 50;

/// One idea's form that failed, shown again with what was typed and the message at its field.
#[derive(Debug, Clone, Default)]
pub struct ActionEcho {
    pub idea: String,
    /// `status`, `hide` or `merge`.
    pub form: &'static str,
    /// The status chosen (status form).
    pub status: String,
    /// The answer, reason or merge target typed.
    pub text: String,
    /// (field, code).
    pub error: (String, String),
}

/// A labelled control of an idea's form, marked and described when it has the echo's error.
fn control(
    lang: Lang,
    id: &str,
    label: &str,
    echo: Option<&ActionEcho>,
    field: &str,
    input: Markup,
) -> Markup {
    let error = echo
        .filter(|e| e.error.0 == field)
        .map(|e| e.error.1.clone());
    html! {
        label for=(id) { (label) }
        (input)
        @if let Some(code) = error {
            span.cp-field-error id=(format!("{id}-error")) { (server_error_message(lang, &code)) }
        }
    }
}

fn idea_admin(
    lang: Lang,
    staff: &Staff,
    board: &str,
    idea: &IdeaRow,
    echo: Option<&ActionEcho>,
) -> Markup {
    let k = &idea.key;
    let base = format!("/console/activities/{}/ideas/{}", encode(board), encode(k));
    let l = lang.code();
    let visibility = idea.visibility;
    let echo_of = |form: &str| echo.filter(|e| e.idea == *k && e.form == form);
    let invalid = |form: &str, field: &str| {
        echo_of(form)
            .filter(|e| e.error.0 == field)
            .map(|_| ("true", format!("{form}-{k}-{field}-error")))
    };
    let typed = |form: &str| echo_of(form).map(|e| e.text.clone()).unwrap_or_default();
    let chosen = echo_of("status")
        .and_then(|e| IdeaStatus::parse(&e.status))
        .unwrap_or(idea.status);
    let csrf = html! { input type="hidden" name="csrf" value=(staff.csrf); };
    let answer_err = invalid("status", "answer");
    let reason_err = invalid("hide", "reason");
    let into_err = invalid("merge", "into");
    html! {
        article.idea-admin id=(format!("idea-{k}")) aria-labelledby=(format!("t-{k}")) {
            h3 id=(format!("t-{k}")) { (idea.title) }
            p {
                (idea.author.as_deref().unwrap_or(t(lang, Msg::Anonymous))) " · " (date(idea.created_at)) " · "
                strong {
                    @match visibility {
                        Visibility::Public => (status_name(lang, idea.status)),
                        Visibility::Pending => (t(lang, IdeaMsg::PendingModeration)),
                        Visibility::Hidden => {
                            (t(lang, IdeaMsg::Hidden)) " (" (idea.hidden_reason.as_deref().unwrap_or("")) ")"
                        },
                        Visibility::Withdrawn | Visibility::Merged => (t(lang, IdeaMsg::Withdrawn)),
                    }
                }
                " · " (idea.supports) " " (t(lang, counted(IdeaMsg::Supports, idea.supports.unsigned_abs())))
                " · ID " code { (k) }
            }
            p { (idea.body) }
            @if !matches!(visibility, Visibility::Withdrawn | Visibility::Merged) {
                form method="post" action=(format!("{base}/status?lang={l}")) {
                    (csrf)
                    (control(lang, &format!("status-{k}-status"), text(lang, Text::StatusLabel), echo_of("status"), "status", html! {
                        select id=(format!("status-{k}-status")) name="status" {
                            @for s in IdeaStatus::ALL {
                                option value=(s.as_str()) selected[s == chosen] { (status_name(lang, s)) }
                            }
                        }
                    }))
                    (control(lang, &format!("status-{k}-answer"), t(lang, IdeaMsg::Answer), echo_of("status"), "answer", html! {
                        textarea id=(format!("status-{k}-answer")) name="answer" rows="2" cols="40"
                            aria-invalid=[answer_err.as_ref().map(|e| e.0)] aria-describedby=[answer_err.as_ref().map(|e| e.1.as_str())] { (typed("status")) }
                    }))
                    button.cp-button type="submit" { (text(lang, Text::SetStatusButton)) }
                }
                @if matches!(visibility, Visibility::Public | Visibility::Pending) {
                    form method="post" action=(format!("{base}/hide?lang={l}")) {
                        (csrf)
                        (control(lang, &format!("hide-{k}-reason"), text(lang, Text::ReasonLabel), echo_of("hide"), "reason", html! {
                            input id=(format!("hide-{k}-reason")) type="text" name="reason" required value=(typed("hide"))
                                aria-invalid=[reason_err.as_ref().map(|e| e.0)] aria-describedby=[reason_err.as_ref().map(|e| e.1.as_str())];
                        }))
                        button.cp-button.cp-secondary type="submit" { (text(lang, Text::HideButton)) }
                    }
                }
                @if matches!(visibility, Visibility::Hidden | Visibility::Pending) {
                    form method="post" action=(format!("{base}/publish?lang={l}")) {
                        (csrf)
                        button.cp-button type="submit" {
                            (text(lang, if visibility == Visibility::Pending { Text::ApproveButton } else { Text::RestoreButton }))
                        }
                    }
                }
                // The idea to keep is typed (its ID or words of its title), not picked from a
                // list of every idea: the page stays the same size however large the board grows.
                @if visibility == Visibility::Public {
                    form method="post" action=(format!("{base}/merge?lang={l}")) {
                        (csrf)
                        (control(lang, &format!("merge-{k}-into"), text(lang, Text::MergeIntoLabel), echo_of("merge"), "into", html! {
                            input id=(format!("merge-{k}-into")) type="text" name="into" required value=(typed("merge"))
                                aria-invalid=[into_err.as_ref().map(|e| e.0)]
                                aria-describedby=(into_err.as_ref().map_or(format!("mh-{k}"), |e| format!("mh-{k} {}", e.1)));
                        }))
                        span.cp-hint id=(format!("mh-{k}")) { (text(lang, Text::MergeHint)) }
                        button.cp-button.cp-secondary type="submit" { (text(lang, Text::MergeButton)) }
                    }
                }
            }
        }
    }
}

/// Links to the newest ideas (from a later page) and to the page after this one.
fn pager(lang: Lang, board: &str, later_page: bool, next: Option<Cursor>) -> Markup {
    let href = |after: Option<&Cursor>| {
        let after = after.map_or(String::new(), |c| format!("&after={}", c.to_param()));
        format!(
            "/console/activities/{}?lang={}{after}#all-ideas",
            encode(board),
            lang.code()
        )
    };
    html! {
        @if later_page || next.is_some() {
            nav.pager aria-label=(text(lang, Text::AllIdeasHeading)) {
                p {
                    @if later_page { a href=(href(None)) rel="first" { (text(lang, Text::FirstPage)) } }
                    @if later_page && next.is_some() { " · " }
                    @if let Some(next) = &next { a href=(href(Some(next))) rel="next" { (text(lang, Text::NextPage)) } }
                }
            }
        }
    }
}

pub async fn show(
    state: AppState,
    staff: Staff,
    row: ActivityRow,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q: BoardPageQuery = query_of(&uri)?;
    render(&state, &staff, &row, &q, None).await
}

/// The board's page; with `echo`, the form of one idea that failed (422).
pub async fn render(
    state: &AppState,
    staff: &Staff,
    row: &ActivityRow,
    q: &BoardPageQuery,
    echo: Option<&ActionEcho>,
) -> Result<Response, ApiError> {
    let lang = staff.lang;
    let board = row.key.clone();
    let counts = state.store.counts(&staff.org, &board).await?;
    let c = IdeaTotals::from(&counts);
    let weeks = weeks(&counts);
    let top = state
        .store
        .public_ideas(
            &staff.org,
            &board,
            ListFilter {
                sort: Sort::MostSupported,
                status: None,
                limit: 5,
            },
            None,
        )
        .await?
        .0;
    let after = q.after.as_deref().and_then(Cursor::parse);
    let (mut ideas, _) = state
        .store
        .ideas_after(
            &staff.org,
            &board,
            after.as_ref(),
            IDEAS_PER_CONSOLE_PAGE + 1,
        )
        .await?;
    let more = ideas.len() > IDEAS_PER_CONSOLE_PAGE;
    ideas.truncate(IDEAS_PER_CONSOLE_PAGE);
    let next = more
        .then(|| Cursor::after(after.as_ref(), &ideas))
        .flatten();
    // The idea whose form failed is shown on this page even if it is on another.
    if let Some(e) = echo
        && !ideas.iter().any(|i| i.key == e.idea)
    {
        ideas.insert(0, state.store.idea(&staff.org, &e.idea).await?);
    }
    let snippet = crate::http::console::view::snippet(state, staff.org.as_str(), row);
    let b = encode(&board);
    let body = html! {
        h1 { (row.title) }
        p { (row.intro) }
        @if q.saved.is_some() {
            div.cp-notice role="status" { p { (text(lang, Text::Saved)) } }
        }
        @if let Some(code) = &q.error {
            div.cp-errors role="alert" { p { (server_error_message(lang, code)) } }
        }
        div.cards { (cards(lang, &c)) }
        h2 { (text(lang, Text::ByStatus)) }
        table { tbody {
            @for s in IdeaStatus::ALL {
                tr { th scope="row" { (status_name(lang, s)) } td { (c.by_status[s.index()]) } }
            }
        } }
        h2 { (text(lang, Text::TopIdeas)) }
        ol {
            @for i in &top {
                li { (i.title) " – " (i.supports) " " (t(lang, counted(IdeaMsg::Supports, i.supports.unsigned_abs()))) }
            }
        }
        h2 { (text(lang, Text::ParticipationOverTime)) }
        (chart(lang, &weeks))
        h2 id="all-ideas" { (text(lang, Text::AllIdeasHeading)) }
        p {
            a href=(format!("/console/activities/{b}/export.csv")) { (text(lang, Text::ExportCsv)) }
            " · "
            a href=(format!("/console/activities/{b}/export.json")) { (text(lang, Text::ExportJson)) }
        }
        @for idea in &ideas { (idea_admin(lang, staff, &board, idea, echo)) }
        (pager(lang, &board, after.is_some(), next))
        h2 { (text(lang, Text::EmbedSnippet)) }
        label for="snippet" { "HTML" }
        textarea id="snippet" readonly rows="3" class="wide" { (snippet) }
        h3 { (text(lang, Text::Preview)) }
        // The snippet as the organisation's website will run it: markup built above from
        // escaped values.
        div.preview { (PreEscaped(&snippet)) }
        @if staff.role == Role::Admin {
            (crate::http::console::settings::board_settings_form(lang, staff, row))
        }
    };
    let status = if echo.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html_response(
        status,
        console_markup(lang, &row.title, Some(staff), body),
    ))
}
