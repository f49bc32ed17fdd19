//! Every staff member's own account: changing one's password (the current one first). The
//! other sessions of the account end; this one stays.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::contract::codes;
use maud::html;
use serde::Deserialize;

use super::layout::console_markup;
use super::session::{Staff, hash_password, verify_off_runtime};
use super::view::{Errors, Field, Kind, form};
use crate::domain::staff::NewPassword;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::pages::shell::html as html_response;
use crate::http::text::{Text, text};

fn page(staff: &Staff, errors: &Errors, changed: bool, status: StatusCode) -> Response {
    let lang = staff.lang;
    let fields = [
        Field::new(
            "current",
            text(lang, Text::CurrentPasswordLabel),
            Kind::CurrentPassword,
        ),
        Field::new(
            "password",
            text(lang, Text::NewPasswordLabel),
            Kind::NewPassword,
        ),
        Field::new(
            "repeat",
            text(lang, Text::RepeatPasswordLabel),
            Kind::NewPassword,
        ),
    ];
    let action = format!("/console/account/password?lang={}", lang.code());
    let body = html! {
        h1 { (text(lang, Text::AccountHeading)) }
        p { (staff.email) }
        @if changed {
            div.cp-notice role="status" { p { (text(lang, Text::PasswordChanged)) } }
        }
        h2 { (text(lang, Text::ChangePasswordButton)) }
        (form(lang, staff, "password", &action, &fields, errors, text(lang, Text::ChangePasswordButton)))
    };
    html_response(
        status,
        console_markup(lang, text(lang, Text::AccountHeading), Some(staff), body),
    )
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn show(staff: Staff) -> Response {
    page(&staff, &Errors::default(), false, StatusCode::OK)
}

/// No `Debug`: it holds passwords.
#[derive(Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn change_password(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<PasswordForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    let refuse = |field: &str, code: &str| {
        page(
            &staff,
            &Errors::one(field, code),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let password = match NewPassword::parse(&form.password) {
        Ok(p) => p,
        Err(e) => return Ok(refuse("password", e.code)),
    };
    if form.password != form.repeat {
        return Ok(refuse("repeat", codes::PASSWORDS_DIFFER));
    }
    let account = state.store.staff_member(&staff.org, &staff.key).await?;
    if !verify_off_runtime(&state, form.current, account.password_hash).await? {
        return Ok(refuse("current", codes::WRONG_PASSWORD));
    }
    let hash = hash_password(&state, password).await?;
    state
        .store
        .set_password(&staff.org, &staff.key, &hash, Some(staff.token_hash()))
        .await?;
    Ok(page(&staff, &Errors::default(), true, StatusCode::OK))
}
