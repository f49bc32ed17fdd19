//! Ratings as readers see them, written once for the embed (client side) and the page without
//! JavaScript (server side): a service's figures with the average explained, a group's line,
//! a story with the organisation's answers, and the form to rate a service.

use leptos::prelude::*;

use super::contract::{GroupView, Named, ServiceView, StoryView};
use super::definition::NewStoryWire;
use super::definition::limits::{NAME_MAX, PART_MAX, STARS_MAX, STORY_MAX};
use super::summary::one_decimal;
use super::texts::{RatingsMsg, ratings_error};
use crate::fmt::date;
use crate::i18n::{Lang, t};
use crate::ui::{Handlers, busy_attr, form_guard};

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

/// The rating form: where it posts, what the reader typed and what was wrong with it.
pub struct FormProps<'a> {
    pub lang: Lang,
    /// Prefix of element ids (unique on the page).
    pub uid: &'a str,
    pub action: String,
    pub services: &'a [Named],
    pub dimensions: &'a [Named],
    pub typed: &'a NewStoryWire,
    /// (field or aspect id, code).
    pub errors: &'a [(String, String)],
    /// An error of the whole form (closed, too fast, no connection).
    pub failed: Option<String>,
    pub form_token: String,
    pub handlers: Option<Handlers<RatingsAction>>,
    pub busy: bool,
}

/// A group of star radios (`name`), 1 to 5, and "not rated" first when it is optional.
fn stars(
    p: &FormProps<'_>,
    (name, legend): (String, String),
    chosen: Option<i64>,
    (optional, error): (bool, Option<String>),
) -> impl IntoView + use<> {
    let lang = p.lang;
    let base = format!("{}-{}", p.uid, name.replace('.', "-"));
    let first = i64::from(!optional);
    let radios = (first..=i64::from(STARS_MAX))
        .map(|v| {
            // The first radio carries the group's id: the error summary links to it.
            let id = if v == first {
                base.clone()
            } else {
                format!("{base}-{v}")
            };
            let (value, label) = if v == 0 {
                (String::new(), t(lang, RatingsMsg::NotRated).to_string())
            } else {
                (v.to_string(), format!("{v} {}", t(lang, RatingsMsg::Stars)))
            };
            let checked = if v == 0 {
                chosen.is_none()
            } else {
                chosen == Some(v)
            };
            view! {
                <span class="cp-choice">
                    <input type="radio" id=id.clone() name=name.clone() value=value checked=checked />
                    <label for=id>{label}</label>
                </span>
            }
        })
        .collect_view();
    let error = error.map(|c| view! { <p class="cp-field-error">{ratings_error(lang, &c)}</p> });
    view! {
        <fieldset class="cp-q cp-q-row">
            <legend>{legend}</legend>
            {radios}
            {error}
        </fieldset>
    }
}

/// A labelled text input (or area) of the form, its error under it.
fn text_field(
    p: &FormProps<'_>,
    (name, label, hint): (&'static str, &'static str, Option<&'static str>),
    value: &str,
    max: usize,
) -> impl IntoView + use<> {
    let id = format!("{}-{name}", p.uid);
    let hint_id = format!("{id}-hint");
    let error = p
        .errors
        .iter()
        .find(|(f, _)| f == name)
        .map(|(_, c)| c.clone());
    let invalid = if error.is_some() { "true" } else { "false" };
    let error = error.map(|c| view! { <p class="cp-field-error">{ratings_error(p.lang, &c)}</p> });
    let maxlength = (max + max / 10).to_string();
    let input = if name == "story" {
        leptos::either::Either::Left(view! {
            <textarea id=id.clone() name=name rows="5" maxlength=maxlength aria-invalid=invalid
                aria-describedby=hint_id.clone()
                inner_html=crate::escape::textarea_html(value)></textarea>
        })
    } else {
        let ty = if name == "when" { "month" } else { "text" };
        leptos::either::Either::Right(view! {
            <input id=id.clone() name=name type=ty value=value.to_string() maxlength=maxlength
                aria-invalid=invalid aria-describedby=hint_id.clone() />
        })
    };
    view! {
        <div class="cp-field">
            <label for=id>{label}</label>
            <span id=hint_id class="cp-hint">{hint}</span>
            {input}
            {error}
        </div>
    }
}

/// The form to rate a service and tell the story; it posts to the page without JavaScript,
/// and the embed takes it over.
pub fn story_form(p: FormProps<'_>) -> impl IntoView + use<> {
    let lang = p.lang;
    let error_of = |f: &str| {
        p.errors
            .iter()
            .find(|(x, _)| x == f)
            .map(|(_, c)| c.clone())
    };
    let summary = (!p.errors.is_empty() || p.failed.is_some()).then(|| {
        let code = p.failed.clone().unwrap_or_else(|| "invalid_story".into());
        view! { <div class="cp-errors" role="alert"><p>{ratings_error(lang, &code)}</p></div> }
    });
    let service_id = format!("{}-service", p.uid);
    let options = p
        .services
        .iter()
        .map(|s| {
            let selected = p.typed.service == s.id;
            view! { <option value=s.id.clone() selected=selected>{s.label.clone()}</option> }
        })
        .collect_view();
    let service_error = error_of("service")
        .map(|c| view! { <p class="cp-field-error">{ratings_error(lang, &c)}</p> });
    let overall = stars(
        &p,
        ("overall".into(), t(lang, RatingsMsg::Overall).into()),
        p.typed.overall,
        (false, error_of("overall")),
    );
    let aspects = p
        .dimensions
        .iter()
        .map(|d| {
            stars(
                &p,
                (format!("d.{}", d.id), d.label.clone()),
                p.typed.ratings.get(&d.id).copied(),
                (true, error_of(&d.id)),
            )
        })
        .collect_view();
    let story = text_field(
        &p,
        ("story", t(lang, RatingsMsg::Story), None),
        &p.typed.story,
        STORY_MAX,
    );
    let when = text_field(
        &p,
        ("when", t(lang, RatingsMsg::When), None),
        &p.typed.when,
        7,
    );
    let part = text_field(
        &p,
        ("part", t(lang, RatingsMsg::Part), None),
        &p.typed.part,
        PART_MAX,
    );
    let name = text_field(
        &p,
        (
            "name",
            t(lang, RatingsMsg::Name),
            Some(t(lang, RatingsMsg::NameHint)),
        ),
        &p.typed.name,
        NAME_MAX,
    );
    let handlers = p.handlers;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(handlers) = handlers {
            ev.prevent_default();
            handlers.run(RatingsAction::Send(crate::dom::all_form_fields(&ev)));
        }
    };
    let guard = form_guard(lang, p.uid, p.form_token.clone());
    view! {
        <form class="cp-form" method="post" action=p.action.clone() novalidate on:submit=on_submit>
            {summary}
            <div class="cp-field">
                <label for=service_id.clone()>{t(lang, RatingsMsg::Service)}</label>
                <select id=service_id name="service">
                    <option value="">"–"</option>
                    {options}
                </select>
                {service_error}
            </div>
            {overall}
            {aspects}
            {story}
            {when}
            {part}
            {name}
            {guard}
            <div class="cp-actions">
                <button class="cp-button" type="submit" aria-disabled=busy_attr(p.busy)>
                    {t(lang, RatingsMsg::Send)}
                </button>
            </div>
        </form>
    }
}
