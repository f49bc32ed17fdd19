//! The form to rate a service and tell the story, written once for the embed and the page
//! without JavaScript: the service, the overall rating and each aspect's (star radios), the
//! story, when and which part, a name; each field's error under it.

use leptos::prelude::*;

use super::contract::Named;
use super::definition::NewStoryWire;
use super::definition::limits::{NAME_MAX, PART_MAX, STARS_MAX, STORY_MAX};
use super::texts::{RatingsMsg, ratings_error};
use super::view::RatingsAction;
use crate::i18n::{Lang, t};
use crate::ui::{Handlers, busy_attr, form_guard};

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
