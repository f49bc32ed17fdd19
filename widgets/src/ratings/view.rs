//! Ratings as readers see them, written once for the embed (client side) and the page without
//! JavaScript (server side): a service's figures with the average explained, a group's line,
//! a story with the organisation's answers. The form to rate a service: `story_form`.

use leptos::prelude::*;

use super::contract::{GroupView, Named, ServiceView, StoryView};
use super::summary::one_decimal;
use super::texts::RatingsMsg;
use crate::fmt::date;
use crate::i18n::{Lang, t};
use crate::ui::{Handlers, busy_attr};

/// What a reader does in the embed's ratings forms (each form also works without it).
pub enum RatingsAction {
    /// The rating form's fields.
    Send(Vec<(String, String)>),
    /// "Helpful" on a story (its id).
    Helpful(String),
    /// Most helpful first (`true`) or newest first.
    Sort(bool),
}

/// A service's figures: the average with its number of ratings and how the organisation
/// answers, the distribution, the aspects and the months as tables.
pub fn service_figures(lang: Lang, s: &ServiceView) -> impl IntoView + use<> {
    let id = format!("cp-service-{}", s.id);
    let labelled = id.clone();
    let figures = s.average.map(|avg| {
        let changes = (s.change_planned + s.change_made > 0).then(|| {
            view! {
                <p class="cp-change">
                    {format!(
                        "{} {} · {} {}",
                        s.change_made,
                        t(lang, RatingsMsg::ChangesMade),
                        s.change_planned,
                        t(lang, RatingsMsg::ChangesPlanned)
                    )}
                </p>
            }
        });
        let most = s.distribution.iter().copied().max().unwrap_or(0);
        let distribution = s
            .distribution
            .iter()
            .enumerate()
            .rev()
            .map(|(i, n)| {
                view! {
                    <tr>
                        <th scope="row">{format!("{} {}", i + 1, t(lang, RatingsMsg::Stars))}</th>
                        <td>{*n}</td>
                        <td>{bar(*n, most)}</td>
                    </tr>
                }
            })
            .collect_view();
        let aspects = s.dimensions.iter().any(|d| d.mean.is_some()).then(|| {
            let rows = s
                .dimensions
                .iter()
                .map(|d| {
                    let mean = d.mean.map_or_else(|| "–".to_string(), |m| one_decimal(m, lang));
                    view! { <tr><th scope="row">{d.label.clone()}</th><td>{mean}</td></tr> }
                })
                .collect_view();
            view! {
                <table class="cp-table">
                    <caption>{t(lang, RatingsMsg::ByDimension)}</caption>
                    <tbody>{rows}</tbody>
                </table>
            }
        });
        let months = s
            .months
            .iter()
            .rev()
            .take(12)
            .map(|m| {
                let mean = m.mean.map(|v| one_decimal(v, lang)).unwrap_or_default();
                view! { <tr><td>{m.month.clone()}</td><td>{m.ratings}</td><td>{mean}</td></tr> }
            })
            .collect_view();
        view! {
            <p class="cp-average">
                <strong>{format!("{} {}", one_decimal(avg, lang), t(lang, RatingsMsg::Average))}</strong>
                {format!(
                    " · {} {} · {} % {} · {} {}",
                    s.ratings,
                    t(lang, RatingsMsg::Ratings),
                    s.answered_percent,
                    t(lang, RatingsMsg::Answered),
                    t(lang, RatingsMsg::FirstAnswer),
                    s.first_answer
                )}
            </p>
            {changes}
            <table class="cp-table">
                <caption>{t(lang, RatingsMsg::Overall)}</caption>
                <tbody>{distribution}</tbody>
            </table>
            {aspects}
            <table class="cp-table">
                <caption>{t(lang, RatingsMsg::ByMonth)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(lang, RatingsMsg::Month)}</th>
                        <th scope="col">{t(lang, RatingsMsg::Ratings)}</th>
                        <th scope="col">{t(lang, RatingsMsg::Mean)}</th>
                    </tr>
                </thead>
                <tbody>{months}</tbody>
            </table>
        }
    });
    let none = s
        .average
        .is_none()
        .then(|| view! { <p>{t(lang, RatingsMsg::NoRatings)}</p> });
    view! {
        <section class="cp-service" aria-labelledby=labelled>
            <h3 class="cp-h" id=id>{s.label.clone()}</h3>
            {none}
            {figures}
        </section>
    }
}

/// A bar of `n` of `most`: the table's figure drawn, hidden from screen readers (the figure
/// is in the cell before). An SVG attribute, not a style: the pages allow no inline styles.
fn bar(n: u64, most: u64) -> impl IntoView + use<> {
    let width = (n * 100).checked_div(most).unwrap_or(0).to_string();
    view! {
        <svg class="cp-bar" width="100" height="12" aria-hidden="true" focusable="false">
            <rect width=width height="12"></rect>
        </svg>
    }
}

/// A group's figures, added up from its services.
pub fn group_line(lang: Lang, g: &GroupView) -> impl IntoView + use<> {
    let figures = match g.average {
        None => t(lang, RatingsMsg::NoRatings).to_string(),
        Some(avg) => format!(
            "{} {} · {} {} · {} % {}",
            one_decimal(avg, lang),
            t(lang, RatingsMsg::Average),
            g.ratings,
            t(lang, RatingsMsg::Ratings),
            g.answered_percent,
            t(lang, RatingsMsg::Answered)
        ),
    };
    view! { <p class="cp-group"><strong>{g.label.clone()}</strong>{format!(": {figures}")}</p> }
}

/// The "helpful" button under a published story: a form that posts to `action` without
/// JavaScript; the embed takes it over (`handlers`).
pub struct HelpfulForm {
    pub action: String,
    pub form_token: String,
    pub handlers: Option<Handlers<RatingsAction>>,
    pub busy: bool,
}

/// What ends a story: the "helpful" button, or markup the server built and escaped (staff's
/// actions in the console, the author's on the receipt).
pub enum StoryEnd {
    Helpful(HelpfulForm),
    Markup(String),
}

/// One story with its ratings, the organisation's answers, the author's reply and what
/// changed; `end` at its end.
pub fn story_card(
    lang: Lang,
    service_label: String,
    dimensions: &[Named],
    s: &StoryView,
    end: Option<StoryEnd>,
) -> impl IntoView + use<> {
    let heading = format!("cp-story-{}", s.id);
    let labelled = heading.clone();
    let mut meta = s
        .name
        .clone()
        .unwrap_or_else(|| t(lang, RatingsMsg::Anonymous).to_string());
    meta.push_str(" · ");
    meta.push_str(&date(s.created_at));
    for extra in [&s.when, &s.part].into_iter().flatten() {
        meta.push_str(" · ");
        meta.push_str(extra);
    }
    let aspects = (!s.ratings.is_empty()).then(|| {
        let items = dimensions
            .iter()
            .filter_map(|d| {
                let v = s.ratings.get(&d.id)?;
                Some(view! { <li>{format!("{}: {v} / 5", d.label)}</li> })
            })
            .collect_view();
        view! { <ul class="cp-dimensions">{items}</ul> }
    });
    let body = (!s.story.is_empty()).then(|| view! { <p class="cp-body">{s.story.clone()}</p> });
    let redacted = s.redacted.clone().map(|why| {
        view! { <p class="cp-note">{format!("{} {why}", t(lang, RatingsMsg::Redacted))}</p> }
    });
    let found = (s.helpful > 0).then(|| {
        view! { <p class="cp-count">{format!("{} {}", s.helpful, t(lang, RatingsMsg::FoundHelpful))}</p> }
    });
    let answers = s
        .answers
        .iter()
        .map(|a| {
            let mut from = format!("{} {}", t(lang, RatingsMsg::AnswerFrom), a.role);
            if let Some(n) = &a.name {
                from.push_str(&format!(" ({n})"));
            }
            from.push_str(" · ");
            from.push_str(&date(a.at));
            view! {
                <div class="cp-answer">
                    <p class="cp-answer-label">{from}</p>
                    <p class="cp-body">{a.text.clone()}</p>
                </div>
            }
        })
        .collect_view();
    let reply = s.reply.clone().map(|r| {
        let from = format!("{} · {}", t(lang, RatingsMsg::ReplyFrom), date(r.at));
        view! {
            <div class="cp-answer">
                <p class="cp-answer-label">{from}</p>
                <p class="cp-body">{r.text}</p>
            </div>
        }
    });
    let change = s.change.clone().map(|c| {
        let mark = if s.change_made { "✓ " } else { "" };
        view! { <p class="cp-change"><strong>{format!("{mark}{c}")}</strong></p> }
    });
    let (helpful, markup) = match end {
        Some(StoryEnd::Helpful(h)) => (Some(h), None),
        Some(StoryEnd::Markup(m)) => (None, Some(m)),
        None => (None, None),
    };
    let markup = markup.map(|m| view! { <div class="cp-actions" inner_html=m></div> });
    let helpful = helpful.map(|h| {
        let story = s.id.clone();
        let on_submit = move |ev: leptos::ev::SubmitEvent| {
            if let Some(handlers) = h.handlers {
                ev.prevent_default();
                handlers.run(RatingsAction::Helpful(story.clone()));
            }
        };
        view! {
            <form method="post" action=h.action on:submit=on_submit>
                <input type="hidden" name="form_token" value=h.form_token />
                <button class="cp-button cp-secondary" type="submit" aria-disabled=busy_attr(h.busy)>
                    {t(lang, RatingsMsg::HelpfulButton)}
                </button>
            </form>
        }
    });
    view! {
        <article class="cp-report" aria-labelledby=labelled>
            <h3 class="cp-h" id=heading>
                {format!("{service_label}: {} / 5 {}", s.overall, t(lang, RatingsMsg::Stars))}
            </h3>
            <p class="cp-meta">{meta}</p>
            {aspects}
            {body}
            {redacted}
            {found}
            {answers}
            {reply}
            {change}
            {helpful}
            {markup}
        </article>
    }
}
