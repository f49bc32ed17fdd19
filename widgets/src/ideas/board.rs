//! The ideas board: one set of components for the embed (CSR) and the standalone page (SSR).
//!
//! Everything is a real form or link that works without JavaScript. When the embed passes
//! callbacks, the handlers take over the same forms; on the server the handlers are never
//! rendered.

mod form;
mod list;

use leptos::either::Either;
use leptos::prelude::*;

use super::contract::{BoardView, IdeaStatus, NewIdea, Sort};
use super::texts::{IdeaMsg, counted};
use crate::i18n::{Lang, Msg, t};
use crate::ui::{self, more_button, notice_box};
use form::idea_form;
use list::{filter_bar, idea_list};

/// What the contributor typed, echoed back with per-field error codes after a failed submit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormEcho {
    pub title: String,
    pub body: String,
    pub name: String,
    /// (field, error code); a field of "" is an error of the whole form.
    pub errors: Vec<(String, String)>,
}

impl FormEcho {
    fn error_of(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| c.clone())
    }
}

/// A message after an action, announced to screen readers.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Submitted {
        published: bool,
        receipt_url: String,
    },
    Supported,
    /// An error code not tied to a form field.
    Failed(String),
}

/// Addresses the forms and links point at. On the standalone page these are its own routes;
/// the embed uses the same routes as the fallback when a script fails.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardLinks {
    /// Page that shows the board (GET form for sort and filter).
    pub page: String,
    /// Where a new idea is posted.
    pub submit: String,
    /// Prefix for supporting an idea: `{support_prefix}/{idea_id}/support`.
    pub support_prefix: String,
}

/// What a reader did in a form the embed takes over.
pub enum Action {
    Submit(NewIdea),
    /// Support the idea with this id.
    Support(String),
    Filter(Sort, Option<IdeaStatus>),
    /// Show the next page of the list below this one (its `next`).
    More(String),
}

/// How the embed takes over the board's forms.
pub type Handlers = ui::Handlers<Action>;

/// Which list the reader asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub sort: Sort,
    pub status: Option<IdeaStatus>,
}

/// What the board shows: the server fills it for the standalone page, the embed from its state.
pub struct BoardProps {
    pub board: BoardView,
    pub lang: Lang,
    pub links: BoardLinks,
    /// Makes element ids unique when several widgets share a page.
    pub uid: String,
    pub query: ListQuery,
    /// A later page of the list (standalone page): links back to its start.
    pub past_start: bool,
    pub form: FormEcho,
    pub notice: Option<Notice>,
    /// The embed's take-over of the forms; `None` on the standalone page (plain forms).
    pub handlers: Option<Handlers>,
    /// Shown while a request of the embed is under way.
    pub busy: bool,
}

/// The ideas board, rendered on the server (standalone page) and in the browser (embed). A
/// plain function, not a component: it reads no signals, and a component's untracked scope
/// and props builder cost WASM.
pub fn ideas_board(props: BoardProps) -> impl IntoView {
    let BoardProps {
        board,
        lang,
        links,
        uid,
        query,
        past_start,
        form,
        notice,
        handlers,
        busy,
    } = props;
    let heading_id = format!("{uid}-question");
    let labelledby = heading_id.clone();
    let count = board.idea_count;
    view! {
        <section class="cp-board" aria-labelledby=labelledby lang=lang.code()>
            <header class="cp-header">
                <p class="cp-org">{board.org_name.clone()}</p>
                <h2 id=heading_id class="cp-question">{board.question.clone()}</h2>
                <p class="cp-count">{format!("{count} {}", t(lang, counted(IdeaMsg::IdeaCount, count)))}</p>
            </header>
            {notice_box(notice.map(|n| n.shown(lang)), lang)}
            {if board.open {
                Either::Left(idea_form(
                    form,
                    lang,
                    links.submit.clone(),
                    board.form_token.clone(),
                    uid.clone(),
                    handlers,
                    busy,
                ))
            } else {
                Either::Right(view! { <p class="cp-closed">{t(lang, IdeaMsg::BoardClosed)}</p> })
            }}
            <h3 class="cp-h">{t(lang, IdeaMsg::IdeasHeading)}</h3>
            {filter_bar(query, lang, links.page.clone(), uid.clone(), handlers)}
            {idea_list(board.ideas, lang, links.support_prefix, board.form_token, board.open, handlers, busy)}
            {more_button(board.next, format!("{uid}-filter"), t(lang, IdeaMsg::MoreIdeas))}
            {back_to_start(past_start, query, lang, &links.page)}
            <p class="cp-footer">{t(lang, Msg::PoweredBy)}</p>
        </section>
    }
}

/// On a later page of the standalone page, a link back to the start of the list (the embed
/// never leaves its start, so its bundle has none of this).
#[cfg(feature = "ssr")]
fn back_to_start(
    past_start: bool,
    query: ListQuery,
    lang: Lang,
    page: &str,
) -> impl IntoView + use<> {
    past_start.then(|| {
        let mut start = format!("{page}?lang={}", lang.code());
        if query.sort != Sort::default() {
            start.push_str("&sort=");
            start.push_str(query.sort.as_str());
        }
        if let Some(s) = query.status {
            start.push_str("&status=");
            start.push_str(s.as_str());
        }
        view! { <p class="cp-pager"><a href=start class="cp-page-link">{t(lang, Msg::FirstPage)}</a></p> }
    })
}

#[cfg(not(feature = "ssr"))]
fn back_to_start(_: bool, _: ListQuery, _: Lang, _: &str) {}

impl Notice {
    /// The notice as every kind shows one.
    fn shown(self, lang: Lang) -> ui::Notice {
        match self {
            Notice::Supported => ui::Notice::Done(t(lang, IdeaMsg::SupportedNotice)),
            Notice::Failed(code) => ui::Notice::Failed(code),
            Notice::Submitted {
                published,
                receipt_url,
            } => ui::Notice::Receipt {
                said: t(
                    lang,
                    if published {
                        IdeaMsg::SubmittedPublished
                    } else {
                        IdeaMsg::SubmittedPending
                    },
                ),
                link_text: t(lang, IdeaMsg::ReceiptLinkText),
                hint: t(lang, IdeaMsg::ReceiptHint),
                url: receipt_url,
            },
        }
    }
}
