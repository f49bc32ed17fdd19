//! The new-idea form: labelled fields, hints, an error summary and per-field errors.

use leptos::either::Either;
use leptos::prelude::*;

use super::{Action, FormEcho, Handlers, busy_attr};
use crate::contract::{NewIdea, limits};
use crate::i18n::{Lang, Msg, error_message, field_label, t};

/// The form (a plain function, not a component: it reads no signals).
pub(super) fn idea_form(
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
                let target = id(field);
                let href = format!("#{target}");
                let on_click = move |ev: leptos::ev::MouseEvent| {
                    if handlers.is_some() {
                        crate::dom::focus_in_root(&ev, &target);
                    }
                };
                view! { <li><a href=href on:click=on_click>{text}</a></li> }
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
            h.run(Action::Submit(NewIdea {
                title: get("title"),
                body: get("body"),
                name: get("name"),
                website: get("website"),
                form_token: get("form_token"),
            }));
        }
    };
    view! {
        <h3 class="cp-h">{t(lang, Msg::SubmitHeading)}</h3>
        <form method="post" action=action class="cp-form" novalidate on:submit=on_submit>
            {summary}
            {field(FieldSpec {
                id: id("title"),
                name: "title",
                label: t(lang, Msg::TitleLabel),
                hint: Some(t(lang, Msg::TitleHint)),
                value: form.title.clone(),
                max: limits::IDEA_TITLE_MAX,
                error: form.error_of("title"),
                lang,
                multiline: false,
                required: true,
            })}
            {field(FieldSpec {
                id: id("body"),
                name: "body",
                label: t(lang, Msg::BodyLabel),
                hint: Some(t(lang, Msg::OptionalHint)),
                value: form.body.clone(),
                max: limits::IDEA_BODY_MAX,
                error: form.error_of("body"),
                lang,
                multiline: true,
                required: false,
            })}
            {field(FieldSpec {
                id: id("name"),
                name: "name",
                label: t(lang, Msg::NameLabel),
                hint: Some(t(lang, Msg::OptionalHint)),
                value: form.name.clone(),
                max: limits::DISPLAY_NAME_MAX,
                error: form.error_of("name"),
                lang,
                multiline: false,
                required: false,
            })}
            // Honeypot: hidden from people and assistive technology, filled in by naive bots.
            <div class="cp-hp" aria-hidden="true">
                <label for=id("website")>{t(lang, Msg::HoneypotLabel)}</label>
                <input id=id("website") name="website" type="text" tabindex="-1" autocomplete="off" />
            </div>
            <input type="hidden" name="form_token" value=token />
            <input type="hidden" name="lang" value=lang.code() />
            <button type="submit" class="cp-button" aria-disabled=busy_attr(busy)>{t(lang, Msg::SubmitButton)}</button>
        </form>
    }
}

/// One labelled field with its hint and error.
struct FieldSpec {
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
}

fn field(spec: FieldSpec) -> impl IntoView {
    let FieldSpec {
        id,
        name,
        label,
        hint,
        value,
        max,
        error,
        lang,
        multiline,
        required,
    } = spec;
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
        Either::Left(view! {
            <textarea
                id=id.clone()
                name=name
                rows="4"
                maxlength=maxlength
                aria-describedby=described
                aria-invalid=invalid
                aria-required=required_attr
                inner_html=crate::escape::textarea_html(&value)
            ></textarea>
        })
    } else {
        Either::Right(view! {
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
        })
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
