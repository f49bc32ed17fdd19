//! The console's building blocks as components. maud escapes every value it is given (text and
//! attributes, `<textarea>` content included); markup is only what these templates write, and
//! nothing here wraps input in `PreEscaped`. A form that failed shows again with what was
//! typed, each message next to its field and all of them in a summary at the top.

use coproduce_widgets::i18n::Lang;
use maud::{Markup, html};

use super::session::Staff;
use crate::http::text::server_error_message;

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Email,
    /// A new password: never echoed back.
    NewPassword,
    /// The password in use: never echoed back.
    CurrentPassword,
    TextArea,
}

/// One labelled form field.
pub struct Field<'a> {
    pub name: &'static str,
    pub label: &'a str,
    pub kind: Kind,
    pub value: &'a str,
    pub hint: Option<&'a str>,
    pub required: bool,
}

impl<'a> Field<'a> {
    pub fn new(name: &'static str, label: &'a str, kind: Kind) -> Self {
        Self {
            name,
            label,
            kind,
            value: "",
            hint: None,
            required: true,
        }
    }

    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }
}

/// Field errors of a form: (field name, error code), "" for the form as a whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Errors(pub Vec<(String, String)>);

impl Errors {
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| c.as_str())
    }

    pub fn one(field: &str, code: &str) -> Self {
        Self(vec![(field.to_string(), code.to_string())])
    }
}

/// The id of a field of the form `form`.
fn field_id(form: &str, name: &str) -> String {
    format!("{form}-{name}")
}

/// A form that posts to `action` with the session's CSRF token, its fields, a summary of its
/// errors at the top (each a link to its field) and one button.
pub fn form(
    lang: Lang,
    staff: &Staff,
    id: &str,
    action: &str,
    fields: &[Field<'_>],
    errors: &Errors,
    button: &str,
) -> Markup {
    form_with(lang, staff, id, action, fields, html! {}, errors, button)
}

/// `form` with more controls (a select, a checkbox) after its text fields.
#[allow(clippy::too_many_arguments)]
pub fn form_with(
    lang: Lang,
    staff: &Staff,
    id: &str,
    action: &str,
    fields: &[Field<'_>],
    more: Markup,
    errors: &Errors,
    button: &str,
) -> Markup {
    html! {
        form id=(id) method="post" action=(action) class="cp-form" novalidate {
            (summary(lang, id, fields, errors))
            input type="hidden" name="csrf" value=(staff.csrf);
            @for f in fields {
                (field(lang, id, f, errors.of(f.name)))
            }
            (more)
            button.cp-button type="submit" { (button) }
        }
    }
}

/// A form of one button (and hidden values): an action on something shown next to it.
pub fn button_form(staff: &Staff, action: &str, hidden: &[(&str, &str)], button: &str) -> Markup {
    html! {
        form method="post" action=(action) class="cp-inline" {
            input type="hidden" name="csrf" value=(staff.csrf);
            @for (name, value) in hidden {
                input type="hidden" name=(name) value=(value);
            }
            button.cp-button.cp-secondary type="submit" { (button) }
        }
    }
}

fn summary(lang: Lang, form: &str, fields: &[Field<'_>], errors: &Errors) -> Markup {
    html! {
        @if !errors.0.is_empty() {
            div.cp-errors role="alert" {
                ul {
                    @for (name, code) in &errors.0 {
                        @let label = fields.iter().find(|f| f.name == name).map(|f| f.label);
                        li {
                            @match label {
                                Some(label) => a href=(format!("#{}", field_id(form, name))) {
                                    (label) ": " (server_error_message(lang, code))
                                },
                                None => (server_error_message(lang, code)),
                            }
                        }
                    }
                }
            }
        }
    }
}

fn field(lang: Lang, form: &str, f: &Field<'_>, error: Option<&str>) -> Markup {
    let id = field_id(form, f.name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described: Vec<&str> = [
        f.hint.map(|_| hint_id.as_str()),
        error.map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = error.map(|_| "true");
    let (kind, autocomplete, echo) = match f.kind {
        Kind::Text | Kind::TextArea => ("text", None, true),
        Kind::Email => ("email", Some("email"), true),
        Kind::NewPassword => ("password", Some("new-password"), false),
        Kind::CurrentPassword => ("password", Some("current-password"), false),
    };
    let value = if echo { f.value } else { "" };
    html! {
        div.cp-field {
            label for=(id) { (f.label) }
            @if let Some(hint) = f.hint { span.cp-hint id=(hint_id) { (hint) } }
            @if f.kind == Kind::TextArea {
                textarea id=(id) name=(f.name) rows="3" required[f.required]
                    aria-describedby=[described.as_deref()] aria-invalid=[invalid] { (value) }
            } @else {
                input id=(id) name=(f.name) type=(kind) value=(value) required[f.required]
                    autocomplete=[autocomplete] aria-describedby=[described.as_deref()]
                    aria-invalid=[invalid];
            }
            @if let Some(code) = error {
                p.cp-field-error id=(error_id) { (server_error_message(lang, code)) }
            }
        }
    }
}

/// The embed snippet of an activity: the loader names the organisation, the activity and its
/// kind, with a link to the standalone page for browsers without JavaScript.
pub fn snippet(
    state: &crate::http::AppState,
    org: &str,
    activity: &crate::storage::ActivityRow,
) -> String {
    let page = format!(
        "{}/o/{org}/{}/{}",
        state.public_url,
        activity.kind.page_segment(),
        crate::http::kind::encode(&activity.key)
    );
    html! {
        script async src=(format!("{}/embed.js", state.public_url)) data-org=(org) data-activity=(activity.key) data-kind=(activity.kind.as_str()) {}
        "\n"
        noscript { a href=(page) { (activity.intro) } }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_escapes_what_was_typed_and_never_echoes_a_password() {
        let errors = Errors::one("title", "too_short");
        let hostile = "</textarea><script>alert(1)</script>\"><img src=x onerror=alert(1)>";
        let html = maud::html! {
            (field(Lang::En, "f", &Field::new("title", "Title", Kind::TextArea).value(hostile), errors.of("title")))
            (field(Lang::En, "f", &Field::new("password", "Password", Kind::NewPassword).value("secret"), None))
        }
        .into_string();
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;/textarea&gt;"), "{html}");
        assert!(!html.contains("secret"), "{html}");
        assert!(html.contains("aria-invalid=\"true\""), "{html}");
    }
}
