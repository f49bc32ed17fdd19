//! Admin-only: the websites allowed to embed, and the staff (add, change a role, set a new
//! password, remove). A form that fails shows the page again with what was typed and the
//! message next to the field, never an error body.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::codes;
use coproduce_widgets::i18n::Lang;
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::console_markup;
use super::session::{Staff, hash_password};
use super::view::{Errors, Field, Kind, button_form, form, form_with};
use crate::domain::open_data::Licence;
use crate::domain::org::Origin;
use crate::domain::staff::{Email, NewPassword, Role};
use crate::domain::{Invalid, random_key};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::pages::shell::html as html_response;
use crate::http::text::{Text, role_name, text};
use crate::storage::{StaffRow, StorageError};

/// What the page shows besides what is stored: a form echoed with its errors, or a notice.
#[derive(Default)]
struct Shown {
    origins: Option<(String, Errors)>,
    add: Option<(StaffForm, Errors)>,
    /// A message at the top (a text, or a new password shown once).
    notice: Option<Notice>,
    status: Option<StatusCode>,
}

enum Notice {
    Text(Text),
    Error(String),
    NewPassword { email: String, password: String },
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
async fn page(state: &AppState, staff: &Staff, shown: Shown) -> Result<Response, ApiError> {
    let lang = staff.lang;
    let org = state.store.org(&staff.org).await?;
    let people = state.store.staff(&staff.org).await?;
    let (origins_text, origins_errors) = shown
        .origins
        .unwrap_or_else(|| (org.origins.join("\n"), Errors::default()));
    let (add, add_errors) = shown.add.unwrap_or_default();
    let l = lang.code();
    let body = html! {
        @match &shown.notice {
            Some(Notice::Text(t)) => div.cp-notice role="status" { p { (text(lang, *t)) } },
            Some(Notice::Error(code)) => div.cp-errors role="alert" {
                p { (crate::http::text::server_error_message(lang, code)) }
            },
            Some(Notice::NewPassword { email, password }) => div.cp-notice role="status" {
                p { (text(lang, Text::NewPasswordOnce)) }
                p { strong { (email) ": " } code { (password) } }
            },
            None => {},
        }
        h1 { (text(lang, Text::OriginsHeading)) }
        (form(lang, staff, "origins", &format!("/console/settings/origins?lang={l}"),
            &[Field::new("origins", text(lang, Text::OriginsHeading), Kind::TextArea)
                .value(&origins_text).hint(text(lang, Text::OriginsHint)).optional()],
            &origins_errors, text(lang, Text::SaveButton)))
        (super::licence::form(lang, staff, Licence::chosen(org.licence.as_deref())))
        h2 { (text(lang, Text::StaffHeading)) }
        table {
            thead { tr {
                th scope="col" { (text(lang, Text::EmailLabel)) }
                th scope="col" { (text(lang, Text::RoleLabel)) }
                th scope="col" { (text(lang, Text::ActionsLabel)) }
            } }
            tbody {
                @for p in &people { (staff_row(lang, staff, p)) }
            }
        }
        h3 { (text(lang, Text::AddStaffButton)) }
        (add_form(lang, staff, &add, &add_errors))
    };
    let status = shown.status.unwrap_or(StatusCode::OK);
    Ok(html_response(
        status,
        console_markup(lang, text(lang, Text::OriginsHeading), Some(staff), body),
    ))
}

fn staff_row(lang: Lang, staff: &Staff, p: &StaffRow) -> Markup {
    let base = format!("/console/staff/{}", p.key);
    let l = lang.code();
    let other = match p.role {
        Role::Admin => Role::Moderator,
        Role::Moderator => Role::Admin,
    };
    let change = format!(
        "{}: {}",
        text(lang, Text::ChangeRoleButton),
        role_name(lang, other)
    );
    html! {
        tr {
            td { (p.email) @if p.key == staff.key { " (" (text(lang, Text::YouLabel)) ")" } }
            td { (role_name(lang, p.role)) }
            td {
                (button_form(staff, &format!("{base}/role?lang={l}"), &[("role", other.as_str())], &change))
                @if p.key != staff.key {
                    (button_form(staff, &format!("{base}/password?lang={l}"), &[], text(lang, Text::ResetPasswordButton)))
                }
                (button_form(staff, &format!("{base}/remove?lang={l}"), &[], text(lang, Text::RemoveButton)))
            }
        }
    }
}

fn add_form(lang: Lang, staff: &Staff, typed: &StaffForm, errors: &Errors) -> Markup {
    let fields = [
        Field::new("email", text(lang, Text::EmailLabel), Kind::Email).value(&typed.email),
        Field::new(
            "password",
            text(lang, Text::NewPasswordLabel),
            Kind::NewPassword,
        ),
    ];
    let role = html! {
        div.cp-field {
            label for="add-role" { (text(lang, Text::RoleLabel)) }
            select id="add-role" name="role" {
                @for r in [Role::Moderator, Role::Admin] {
                    option value=(r.as_str()) selected[typed.role == r.as_str()] { (role_name(lang, r)) }
                }
            }
        }
    };
    let action = format!("/console/staff?lang={}", lang.code());
    form_with(
        lang,
        staff,
        "add",
        &action,
        &fields,
        role,
        errors,
        text(lang, Text::AddStaffButton),
    )
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn show(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    staff.require_admin()?;
    page(&state, &staff, Shown::default()).await
}

#[derive(Default, Deserialize)]
pub struct OriginsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    origins: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn origins(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<OriginsForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let parsed = form
        .origins
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(Origin::parse)
        .collect::<Result<Vec<_>, _>>();
    let origins = match parsed {
        Ok(o) => o,
        Err(e) => {
            let shown = Shown {
                origins: Some((form.origins, Errors::one("origins", e.code))),
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                ..Shown::default()
            };
            return page(&state, &staff, shown).await;
        }
    };
    state.store.set_origins(&staff.org, &origins).await?;
    state.orgs.forget(staff.org.as_str());
    Ok(Redirect::to(&format!("/console/settings?lang={}", staff.lang.code())).into_response())
}

/// The add-staff form as typed. No `Debug`: it holds a password.
#[derive(Default, Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn add_staff(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<StaffForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let parsed = (
        Email::parse(&form.email),
        NewPassword::parse(&form.password),
        Role::parse(&form.role).ok_or(Invalid::new("role", codes::INVALID)),
    );
    let refuse = |form: StaffForm, errors: Vec<Invalid>| Shown {
        add: Some((
            form,
            Errors(
                errors
                    .into_iter()
                    .map(|e| (e.field.to_string(), e.code.to_string()))
                    .collect(),
            ),
        )),
        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
        ..Shown::default()
    };
    let (email, password, role) = match parsed {
        (Ok(e), Ok(p), Ok(r)) => (e, p, r),
        (e, p, r) => {
            let errors = [e.err(), p.err(), r.err()].into_iter().flatten().collect();
            return page(&state, &staff, refuse(form, errors)).await;
        }
    };
    let hash = hash_password(&state, password).await?;
    match state
        .store
        .create_staff(&staff.org, &email, role, &hash)
        .await
    {
        Err(StorageError::AlreadyExists) => {
            let errors = vec![Invalid::new("email", codes::CONFLICT)];
            page(&state, &staff, refuse(form, errors)).await
        }
        Err(e) => Err(e.into()),
        Ok(()) => Ok(
            Redirect::to(&format!("/console/settings?lang={}", staff.lang.code())).into_response(),
        ),
    }
}

#[derive(Default, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
}

/// A change to one staff member's account: the page again with how it went.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
async fn after_change(
    state: &AppState,
    staff: &Staff,
    done: Result<Notice, StorageError>,
) -> Result<Response, ApiError> {
    let shown = match done {
        Ok(notice) => Shown {
            notice: Some(notice),
            ..Shown::default()
        },
        Err(StorageError::LastAdmin) => Shown {
            notice: Some(Notice::Error(codes::LAST_ADMIN.to_string())),
            status: Some(StatusCode::CONFLICT),
            ..Shown::default()
        },
        Err(e) => return Err(e.into()),
    };
    page(state, staff, shown).await
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn change_role(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    Input(form): Input<RoleForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let role = Role::parse(&form.role).ok_or(Invalid::new("role", codes::INVALID))?;
    let done = state.store.change_staff(&staff.org, &key, Some(role)).await;
    after_change(
        &state,
        &staff,
        done.map(|_| Notice::Text(Text::RoleChanged)),
    )
    .await
}

#[derive(Default, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    Input(form): Input<CsrfOnly>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let done = state.store.change_staff(&staff.org, &key, None).await;
    if done.is_ok() && key == staff.key {
        // Removed oneself: this session is gone too.
        return Ok(Redirect::to("/console/login").into_response());
    }
    after_change(
        &state,
        &staff,
        done.map(|_| Notice::Text(Text::StaffRemoved)),
    )
    .await
}

/// An admin sets a new password for someone else (who forgot theirs): made here, shown once,
/// and every session of theirs ends.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn reset_password(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    Input(form): Input<CsrfOnly>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let member = state.store.staff_member(&staff.org, &key).await?;
    let password = random_key(16);
    let hash = hash_password(&state, NewPassword::parse(&password)?).await?;
    let done = state
        .store
        .set_password(&staff.org, &key, &hash, None)
        .await
        .map(|_| Notice::NewPassword {
            email: member.email,
            password,
        });
    after_change(&state, &staff, done).await
}
