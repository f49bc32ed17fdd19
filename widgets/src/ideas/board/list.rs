//! The ideas list and its sort/filter form.

use leptos::either::Either;
use leptos::prelude::*;

use super::{Action, Handlers, ListQuery};
use crate::fmt::date;
use crate::i18n::{Lang, Msg, t};
use crate::ideas::contract::{IdeaStatus, IdeaView, Sort};
use crate::ideas::texts::{IdeaMsg, counted, sort_name, status_name};
use crate::ui::busy_attr;

pub(super) fn filter_bar(
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
            match get("after") {
                // The "more ideas" button of this form.
                Some(after) => h.run(Action::More(after)),
                None => h.run(Action::Filter(sort, status)),
            }
        }
    };
    view! {
        <form id=format!("{uid}-filter") method="get" action=page class="cp-filter" on:submit=on_submit>
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

pub(super) fn idea_list(
    ideas: Vec<IdeaView>,
    lang: Lang,
    support_prefix: String,
    token: String,
    open: bool,
    handlers: Option<Handlers>,
    busy: bool,
) -> impl IntoView {
    if ideas.is_empty() {
        return Either::Left(view! { <p class="cp-empty-list">{t(lang, IdeaMsg::NoIdeas)}</p> });
    }
    let items = ideas
        .into_iter()
        .map(|idea| {
            let action = format!("{support_prefix}/{}/support", idea.id);
            idea_item(idea, lang, action, token.clone(), open, handlers, busy)
        })
        .collect_view();
    Either::Right(view! { <ol class="cp-ideas">{items}</ol> })
}

fn idea_item(
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
    let support_label = format!("{}: {}", t(lang, IdeaMsg::SupportButton), idea.title);
    let idea_id = idea.id.clone();
    let on_support = move |ev: leptos::ev::SubmitEvent| {
        if let Some(h) = handlers {
            ev.prevent_default();
            h.run(Action::Support(idea_id.clone()));
        }
    };
    // Only steps with an answer or a change of status are worth a history.
    let history = (idea.history.len() > 1 || idea.history.iter().any(|h| h.answer.is_some())).then(|| {
        let steps = idea
            .history
            .iter()
            .map(|h| {
                let answer = h.answer.clone().map(|a| {
                    view! { <p class="cp-answer"><span class="cp-answer-label">{t(lang, IdeaMsg::Answer)}": "</span>{a}</p> }
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
                <h5 class="cp-h5">{t(lang, IdeaMsg::HistoryHeading)}</h5>
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
                        {t(lang, counted(IdeaMsg::Supports, idea.supports))}
                    </p>
                    {open.then(|| view! {
                        <form method="post" action=action class="cp-support-form" on:submit=on_support>
                            <input type="hidden" name="form_token" value=token />
                            <input type="hidden" name="lang" value=lang.code() />
                            <button type="submit" class="cp-button cp-secondary" aria-label=support_label aria-disabled=busy_attr(busy)>
                                {t(lang, IdeaMsg::SupportButton)}
                            </button>
                        </form>
                    })}
                </div>
                {history}
            </article>
        </li>
    }
}
