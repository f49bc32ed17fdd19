//! The new-idea form: labelled fields, hints, an error summary and per-field errors.

use leptos::prelude::*;

use super::{Action, FormEcho, Handlers};
use crate::contract::limits::DISPLAY_NAME_MAX;
use crate::i18n::{Lang, Msg, t};
use crate::ideas::contract::{NewIdea, limits};
use crate::ideas::texts::{IdeaMsg, field_label};
use crate::ui::{FieldSpec, busy_attr, error_summary, field, form_guard};

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
    let summary = error_summary(&form.errors, lang, &uid, field_label, handlers.is_some());
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
        <h3 class="cp-h">{t(lang, IdeaMsg::SubmitHeading)}</h3>
        <form method="post" action=action class="cp-form" novalidate on:submit=on_submit>
            {summary}
            {field(FieldSpec {
                id: id("title"),
                name: "title",
                label: t(lang, IdeaMsg::TitleLabel),
                hint: Some(t(lang, IdeaMsg::TitleHint)),
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
                label: t(lang, IdeaMsg::BodyLabel),
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
                label: t(lang, IdeaMsg::NameLabel),
                hint: Some(t(lang, Msg::OptionalHint)),
                value: form.name.clone(),
                max: DISPLAY_NAME_MAX,
                error: form.error_of("name"),
                lang,
                multiline: false,
                required: false,
            })}
            {form_guard(lang, &uid, token)}
            <button type="submit" class="cp-button" aria-disabled=busy_attr(busy)>{t(lang, IdeaMsg::SubmitButton)}</button>
        </form>
    }
}
