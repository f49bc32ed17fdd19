//! Components every kind's widget and page share: a labelled field with its hint and error,
//! the error summary, the live notice, the honeypot and form token, the "more" button. Plain
//! functions, not components: they read no signals, and a component's untracked scope and
//! props builder cost WASM.

use leptos::either::Either;
use leptos::prelude::*;

use crate::i18n::{Lang, Msg, error_message, t};

/// The embed's way to take over a kind's forms: which widget, and the function that hands it
/// an action. A plain function pointer and a number: `Copy` and `Send` like every part of a
/// view, without a reactive callback (each of those costs WASM) or a reference cycle from the
/// mounted view back to the widget that owns it.
pub struct Handlers<A> {
    pub widget: u32,
    pub dispatch: fn(u32, A),
}

impl<A> Clone for Handlers<A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A> Copy for Handlers<A> {}

impl<A> Handlers<A> {
    pub fn run(self, action: A) {
        (self.dispatch)(self.widget, action)
    }
}

/// While a request of the embed is under way its buttons say so (`aria-disabled`) but stay
/// focusable: a `disabled` button loses the focus, and a keyboard or screen reader user who
/// pressed it would be thrown back to the start of the page. The embed ignores presses meanwhile.
pub fn busy_attr(busy: bool) -> Option<&'static str> {
    busy.then_some("true")
}

/// A message after an action, announced to screen readers.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Something done, said in a sentence.
    Done(&'static str),
    /// Something stored, with the private link (a receipt) to follow or withdraw it.
    Receipt {
        said: &'static str,
        link_text: &'static str,
        /// What the link is for, and that it is private.
        hint: &'static str,
        url: String,
    },
    /// An error code not tied to a form field.
    Failed(String),
}

/// The live region for notices: it exists before it is filled, so screen readers announce
/// the change.
pub fn notice_box(notice: Option<Notice>, lang: Lang) -> impl IntoView {
    let (class, body) = match notice {
        None => ("cp-notice cp-empty", None),
        Some(Notice::Done(text)) => ("cp-notice", Some(Either::Left(text))),
        Some(Notice::Failed(code)) => (
            "cp-notice cp-notice-error",
            Some(Either::Left(error_message(lang, &code))),
        ),
        Some(Notice::Receipt {
            said,
            link_text,
            hint,
            url,
        }) => (
            "cp-notice",
            Some(Either::Right(view! {
                <p>{said}</p>
                <p>
                    <a href=url class="cp-receipt">{link_text}</a>
                    " – "
                    {hint}
                </p>
            })),
        ),
    };
    // One text, or the receipt: few view types keep the WASM small.
    let body = body.map(|b| match b {
        Either::Left(text) => Either::Left(view! { <p>{text}</p> }),
        Either::Right(receipt) => Either::Right(receipt),
    });
    view! { <div class=class role="status" aria-live="polite">{body}</div> }
}

/// The errors of a form at its top, each a link to its field (`{uid}-{field}`); `label` names
/// a field ("" for an error of the whole form).
pub fn error_summary(
    errors: &[(String, String)],
    lang: Lang,
    uid: &str,
    label: fn(Lang, &str) -> &'static str,
    in_embed: bool,
) -> impl IntoView + use<> {
    (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|(field, code)| {
                let name = label(lang, field);
                let text = if name.is_empty() {
                    error_message(lang, code).to_string()
                } else {
                    format!("{name}: {}", error_message(lang, code))
                };
                let target = format!("{uid}-{field}");
                let href = format!("#{target}");
                // Inside a shadow root a fragment link finds nothing: the embed focuses.
                let on_click = move |ev: leptos::ev::MouseEvent| {
                    if in_embed {
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
    })
}

/// One labelled text field with its hint and error.
pub struct FieldSpec {
    pub id: String,
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub value: String,
    pub max: usize,
    /// An error code.
    pub error: Option<String>,
    pub lang: Lang,
    pub multiline: bool,
    pub required: bool,
}

pub fn field(spec: FieldSpec) -> impl IntoView {
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

/// What every contribution form carries besides its fields: a honeypot (hidden from people
/// and assistive technology, filled in by naive bots), the signed form token (how old the
/// form is) and the reader's language.
pub fn form_guard(lang: Lang, uid: &str, token: String) -> impl IntoView + use<> {
    let id = format!("{uid}-website");
    view! {
        <div class="cp-hp" aria-hidden="true">
            <label for=id.clone()>{t(lang, Msg::HoneypotLabel)}</label>
            <input id=id name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        <input type="hidden" name="form_token" value=token />
        <input type="hidden" name="lang" value=lang.code() />
    }
}

/// The next page of a list: a button of the list's sort-and-filter form (`form=`), so it works
/// without JavaScript (a GET with `after`) and the embed's handler of that form takes it over
/// (it shows the next page below the ones it has). One element whatever is shown: every view
/// shape costs WASM.
pub fn more_button(next: Option<String>, form: String, label: &'static str) -> impl IntoView {
    let last = next.is_none();
    view! {
        <button type="submit" form=form name="after" value=next.unwrap_or_default() class="cp-button cp-secondary cp-more" hidden=last>
            {label}
        </button>
    }
}
