//! The ideas board: one set of components for the embed (CSR) and the standalone page (SSR).
//!
//! Everything is a real form or link that works without JavaScript. When the embed passes
//! callbacks, the handlers take over the same forms; on the server the handlers are never
//! rendered.

mod form;
mod list;

use leptos::either::Either;
use leptos::prelude::*;

use crate::contract::{BoardView, IdeaStatus, NewIdea, Sort};
use crate::i18n::{Lang, Msg, counted, error_message, t};
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

/// The embed's way to take over the forms: which widget, and the function that hands it an
/// action. A plain function pointer and a number: `Copy` and `Send` like every part of a view,
/// without a reactive callback (each of those costs WASM) or a reference cycle from the
/// mounted view back to the widget that owns it.
#[derive(Clone, Copy)]
pub struct Handlers {
    pub widget: u32,
    pub dispatch: fn(u32, Action),
}

impl Handlers {
    pub fn run(self, action: Action) {
        (self.dispatch)(self.widget, action)
    }
}

/// While a request of the embed is under way its buttons say so (`aria-disabled`) but stay
/// focusable: a `disabled` button loses the focus, and a keyboard or screen reader user who
/// pressed it would be thrown back to the start of the page. The embed ignores presses meanwhile.
fn busy_attr(busy: bool) -> Option<&'static str> {
    busy.then_some("true")
}

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
                <p class="cp-count">{format!("{count} {}", t(lang, counted(Msg::IdeaCount, count)))}</p>
            </header>
            {notice_box(notice, lang)}
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
                Either::Right(view! { <p class="cp-closed">{t(lang, Msg::BoardClosed)}</p> })
            }}
            <h3 class="cp-h">{t(lang, Msg::IdeasHeading)}</h3>
            {filter_bar(query, lang, links.page.clone(), uid.clone(), handlers)}
            {idea_list(board.ideas, lang, links.support_prefix, board.form_token, board.open, handlers, busy)}
            {more_button(board.next, format!("{uid}-filter"), lang)}
            {back_to_start(past_start, query, lang, &links.page)}
            <p class="cp-footer">{t(lang, Msg::PoweredBy)}</p>
        </section>
    }
}

/// The next page of the list: a button of the sort-and-filter form (`form=`), so it works
/// without JavaScript (a GET with `after`) and the embed's handler of that form takes it over
/// (it shows the next page below the ones it has). One element whatever is shown: every view
/// shape costs WASM.
fn more_button(next: Option<String>, form: String, lang: Lang) -> impl IntoView {
    let last = next.is_none();
    view! {
        <button type="submit" form=form name="after" value=next.unwrap_or_default() class="cp-button cp-secondary cp-more" hidden=last>
            {t(lang, Msg::MoreIdeas)}
        </button>
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

fn notice_box(notice: Option<Notice>, lang: Lang) -> impl IntoView {
    // The live region exists before it is filled, so screen readers announce the change.
    let (class, body) = match notice {
        None => ("cp-notice cp-empty", None),
        Some(Notice::Supported) => (
            "cp-notice",
            Some(Either::Left(t(lang, Msg::SupportedNotice))),
        ),
        Some(Notice::Failed(code)) => (
            "cp-notice cp-notice-error",
            Some(Either::Left(error_message(lang, &code))),
        ),
        Some(Notice::Submitted {
            published,
            receipt_url,
        }) => {
            let text = if published {
                t(lang, Msg::SubmittedPublished)
            } else {
                t(lang, Msg::SubmittedPending)
            };
            (
                "cp-notice",
                Some(Either::Right(view! {
                    <p>{text}</p>
                    <p>
                        <a href=receipt_url class="cp-receipt">{t(lang, Msg::ReceiptLinkText)}</a>
                        " – "
                        {t(lang, Msg::ReceiptHint)}
                    </p>
                })),
            )
        }
    };
    // One text, or the receipt: few view types keep the WASM small.
    let body = body.map(|b| match b {
        Either::Left(text) => Either::Left(view! { <p>{text}</p> }),
        Either::Right(receipt) => Either::Right(receipt),
    });
    view! { <div class=class role="status" aria-live="polite">{body}</div> }
}
