//! The ideas board: one set of components for the embed (CSR) and the standalone page (SSR).
//!
//! Everything is a real form or link that works without JavaScript. When the embed passes
//! callbacks, the handlers take over the same forms; on the server the handlers are never
//! rendered.

use leptos::prelude::*;

use crate::contract::{BoardView, IdeaStatus, IdeaView, NewIdea, Sort, limits};
use crate::fmt::date;
use crate::i18n::{Lang, Msg, error_message, field_label, sort_name, status_name, t};

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

/// Callbacks the embed passes to take over the forms.
#[derive(Clone, Copy)]
pub struct Handlers {
    pub submit_idea: Callback<NewIdea>,
    pub support: Callback<String>,
    pub filter: Callback<(Sort, Option<IdeaStatus>)>,
}

/// Which list the reader asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub sort: Sort,
    pub status: Option<IdeaStatus>,
}

#[component]
pub fn IdeasBoard(
    board: BoardView,
    lang: Lang,
    links: BoardLinks,
    /// Makes element ids unique when several widgets share a page.
    uid: String,
    #[prop(optional)] query: ListQuery,
    #[prop(optional)] form: FormEcho,
    #[prop(default = None)] notice: Option<Notice>,
    #[prop(default = None)] handlers: Option<Handlers>,
    /// Shown while a request of the embed is under way.
    #[prop(optional)]
    busy: bool,
) -> impl IntoView {
    let heading_id = format!("{uid}-question");
    let labelledby = heading_id.clone();
    let count = board.idea_count;
    view! {
        <section class="cp-board" aria-labelledby=labelledby lang=lang.code()>
            <header class="cp-header">
                <p class="cp-org">{board.org_name.clone()}</p>
                <h2 id=heading_id class="cp-question">{board.question.clone()}</h2>
                <p class="cp-count">{format!("{count} {}", t(lang, Msg::IdeaCount))}</p>
            </header>
            <NoticeBox notice=notice lang=lang />
            {if board.open {
                view! {
                    <IdeaForm
                        form=form
                        lang=lang
                        action=links.submit.clone()
                        token=board.form_token.clone()
                        uid=uid.clone()
                        handlers=handlers
                        busy=busy
                    />
                }
                    .into_any()
            } else {
                view! { <p class="cp-closed">{t(lang, Msg::BoardClosed)}</p> }.into_any()
            }}
            <h3 class="cp-h">{t(lang, Msg::IdeasHeading)}</h3>
            <FilterBar query=query lang=lang page=links.page.clone() uid=uid.clone() handlers=handlers />
            <IdeaList
                ideas=board.ideas
                lang=lang
                support_prefix=links.support_prefix
                token=board.form_token
                open=board.open
                handlers=handlers
                busy=busy
            />
            <p class="cp-footer">{t(lang, Msg::PoweredBy)}</p>
        </section>
    }
}

#[component]
fn NoticeBox(notice: Option<Notice>, lang: Lang) -> impl IntoView {
    // The live region exists before it is filled, so screen readers announce the change.
    let (class, body) = match notice {
        None => ("cp-notice cp-empty", None),
        Some(Notice::Supported) => (
            "cp-notice",
            Some(view! { <p>{t(lang, Msg::SupportedNotice)}</p> }.into_any()),
        ),
        Some(Notice::Failed(code)) => (
            "cp-notice cp-notice-error",
            Some(view! { <p>{error_message(lang, &code)}</p> }.into_any()),
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
                Some(
                    view! {
                        <p>{text}</p>
                        <p>
                            <a href=receipt_url class="cp-receipt">{t(lang, Msg::ReceiptLinkText)}</a>
                            " – "
                            {t(lang, Msg::ReceiptHint)}
                        </p>
                    }
                    .into_any(),
                ),
            )
        }
    };
    view! { <div class=class role="status" aria-live="polite">{body}</div> }
}

#[component]
fn IdeaForm(
    form: FormEcho,
    lang: Lang,
    action: String,
    token: String,
    uid: String,
    handlers: Option<Handlers>,
    busy: bool,
) -> impl IntoView {
    let id = |f: &str| format!("{uid}-{f}");
    let summary = (!form.errors.is_empty()).then(|| {
        let items = form
            .errors
            .iter()
            .map(|(field, code)| {
                let label = field_label(lang, field);
                let text = if label.is_empty() {
                    error_message(lang, code).to_string()
                } else {
                    format!("{label}: {}", error_message(lang, code))
                };
                let href = format!("#{}", id(field));
                view! { <li><a href=href>{text}</a></li> }
            })
            .collect_view();
        view! {
            <div class="cp-errors" role="alert">
                <p>{t(lang, Msg::ErrorSummary)}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(h) = handlers {
            ev.prevent_default();
            let data = crate::dom::form_fields(&ev);
            let get = |k: &str| {
                data.iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            h.submit_idea.run(NewIdea {
                title: get("title"),
                body: get("body"),
                name: get("name"),
                website: get("website"),
                form_token: get("form_token"),
            });
        }
    };
    view! {
        <h3 class="cp-h">{t(lang, Msg::SubmitHeading)}</h3>
        <form method="post" action=action class="cp-form" novalidate on:submit=on_submit>
            {summary}
            <Field
                id=id("title")
                name="title"
                label=t(lang, Msg::TitleLabel)
                hint=Some(t(lang, Msg::TitleHint))
                value=form.title.clone()
                max=limits::IDEA_TITLE_MAX
                error=form.error_of("title")
                lang=lang
                multiline=false
                required=true
            />
            <Field
                id=id("body")
                name="body"
                label=t(lang, Msg::BodyLabel)
                hint=Some(t(lang, Msg::OptionalHint))
                value=form.body.clone()
                max=limits::IDEA_BODY_MAX
                error=form.error_of("body")
                lang=lang
                multiline=true
                required=false
            />
            <Field
                id=id("name")
                name="name"
                label=t(lang, Msg::NameLabel)
                hint=Some(t(lang, Msg::OptionalHint))
                value=form.name.clone()
                max=limits::DISPLAY_NAME_MAX
                error=form.error_of("name")
                lang=lang
                multiline=false
                required=false
            />
            // Honeypot: hidden from people and assistive technology, filled in by naive bots.
            <div class="cp-hp" aria-hidden="true">
                <label for=id("website")>{t(lang, Msg::HoneypotLabel)}</label>
                <input id=id("website") name="website" type="text" tabindex="-1" autocomplete="off" />
            </div>
            <input type="hidden" name="form_token" value=token />
            <input type="hidden" name="lang" value=lang.code() />
            <button type="submit" class="cp-button" disabled=busy>{t(lang, Msg::SubmitButton)}</button>
        </form>
    }
}

#[component]
fn Field(
    id: String,
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: String,
    max: usize,
    error: Option<String>,
    lang: Lang,
    multiline: bool,
    required: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let described = match error {
        Some(_) => format!("{hint_id} {err_id}"),
        None => hint_id.clone(),
    };
    let invalid = if error.is_some() { "true" } else { "false" };
    let error_view = error.map(|code| {
        view! { <p id=err_id class="cp-field-error">{error_message(lang, &code)}</p> }
    });
    let required_attr = if required { "true" } else { "false" };
    // A little slack over the limit, so a paste is not cut silently; the server says what is too long.
    let maxlength = (max + max / 10).to_string();
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=name
                rows="4"
                maxlength=maxlength
                aria-describedby=described
                aria-invalid=invalid
                aria-required=required_attr
            >
                {value}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=name
                type="text"
                value=value
                maxlength=maxlength
                aria-describedby=described
                aria-invalid=invalid
                aria-required=required_attr
            />
        }
        .into_any()
    };
    view! {
        <div class="cp-field">
            <label for=id>{label}</label>
            <span id=hint_id class="cp-hint">{hint}</span>
            {input}
            {error_view}
        </div>
    }
}

#[component]
fn FilterBar(
    query: ListQuery,
    lang: Lang,
    page: String,
    uid: String,
    handlers: Option<Handlers>,
) -> impl IntoView {
    let sort_id = format!("{uid}-sort");
    let status_id = format!("{uid}-status");
    let sorts = Sort::ALL
        .into_iter()
        .map(|s| {
            view! { <option value=s.as_str() selected=query.sort == s>{sort_name(lang, s)}</option> }
        })
        .collect_view();
    let statuses = IdeaStatus::ALL
        .into_iter()
        .map(|s| {
            view! {
                <option value=s.as_str() selected=query.status == Some(s)>{status_name(lang, s)}</option>
            }
        })
        .collect_view();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(h) = handlers {
            ev.prevent_default();
            let data = crate::dom::form_fields(&ev);
            let get = |k: &str| data.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            let sort = get("sort")
                .and_then(|s| Sort::parse(&s))
                .unwrap_or_default();
            let status = get("status").and_then(|s| IdeaStatus::parse(&s));
            h.filter.run((sort, status));
        }
    };
    view! {
        <form method="get" action=page class="cp-filter" on:submit=on_submit>
            <div class="cp-filter-item">
                <label for=sort_id.clone()>{t(lang, Msg::SortLabel)}</label>
                <select id=sort_id name="sort">{sorts}</select>
            </div>
            <div class="cp-filter-item">
                <label for=status_id.clone()>{t(lang, Msg::FilterLabel)}</label>
                <select id=status_id name="status">
                    <option value="" selected=query.status.is_none()>{t(lang, Msg::AllStatuses)}</option>
                    {statuses}
                </select>
            </div>
            <input type="hidden" name="lang" value=lang.code() />
            <button type="submit" class="cp-button cp-secondary">{t(lang, Msg::ApplyButton)}</button>
        </form>
    }
}

#[component]
fn IdeaList(
    ideas: Vec<IdeaView>,
    lang: Lang,
    support_prefix: String,
    token: String,
    open: bool,
    handlers: Option<Handlers>,
    busy: bool,
) -> impl IntoView {
    if ideas.is_empty() {
        return view! { <p class="cp-empty-list">{t(lang, Msg::NoIdeas)}</p> }.into_any();
    }
    let items = ideas
        .into_iter()
        .map(|idea| {
            let action = format!("{support_prefix}/{}/support", idea.id);
            view! { <IdeaItem idea=idea lang=lang action=action token=token.clone() open=open handlers=handlers busy=busy /> }
        })
        .collect_view();
    view! { <ol class="cp-ideas">{items}</ol> }.into_any()
}

#[component]
fn IdeaItem(
    idea: IdeaView,
    lang: Lang,
    action: String,
    token: String,
    open: bool,
    handlers: Option<Handlers>,
    busy: bool,
) -> impl IntoView {
    let title_id = format!("cp-idea-{}", idea.id);
    let labelledby = title_id.clone();
    let author = idea
        .author
        .clone()
        .unwrap_or_else(|| t(lang, Msg::Anonymous).to_string());
    let status_class = format!("cp-status cp-status-{}", idea.status.as_str());
    let support_label = format!("{}: {}", t(lang, Msg::SupportButton), idea.title);
    let idea_id = idea.id.clone();
    let on_support = move |ev: leptos::ev::SubmitEvent| {
        if let Some(h) = handlers {
            ev.prevent_default();
            h.support.run(idea_id.clone());
        }
    };
    // Only steps with an answer or a change of status are worth a history.
    let history = (idea.history.len() > 1 || idea.history.iter().any(|h| h.answer.is_some())).then(|| {
        let steps = idea
            .history
            .iter()
            .map(|h| {
                let answer = h.answer.clone().map(|a| {
                    view! { <p class="cp-answer"><span class="cp-answer-label">{t(lang, Msg::Answer)}": "</span>{a}</p> }
                });
                view! {
                    <li>
                        <span class="cp-history-date">{date(h.at)}</span>
                        " "
                        <span class="cp-history-status">{status_name(lang, h.status)}</span>
                        {answer}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="cp-history">
                <h5 class="cp-h5">{t(lang, Msg::HistoryHeading)}</h5>
                <ol>{steps}</ol>
            </div>
        }
    });
    let body =
        (!idea.body.is_empty()).then(|| view! { <p class="cp-body">{idea.body.clone()}</p> });
    view! {
        <li class="cp-idea">
            <article aria-labelledby=labelledby>
                <h4 id=title_id class="cp-idea-title">{idea.title.clone()}</h4>
                <p class="cp-meta">
                    <span>{author}</span>
                    " · "
                    <span>{date(idea.created_at)}</span>
                    " · "
                    <span class=status_class>{status_name(lang, idea.status)}</span>
                </p>
                {body}
                <div class="cp-support">
                    <p class="cp-supports">
                        <strong class="cp-support-count">{idea.supports}</strong>
                        " "
                        {t(lang, Msg::Supports)}
                    </p>
                    {open.then(|| view! {
                        <form method="post" action=action class="cp-support-form" on:submit=on_support>
                            <input type="hidden" name="form_token" value=token />
                            <input type="hidden" name="lang" value=lang.code() />
                            <button type="submit" class="cp-button cp-secondary" aria-label=support_label disabled=busy>
                                {t(lang, Msg::SupportButton)}
                            </button>
                        </form>
                    })}
                </div>
                {history}
            </article>
        </li>
    }
}
