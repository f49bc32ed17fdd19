//! What staff do with one report: a status with a public note, hide or show it, remove
//! personal data from its text or a photo, another category, merge it into the report it
//! repeats. Each needs a staff session and its CSRF token; each comes back to the queue.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::codes;
use coproduce_widgets::contract::limits::HIDE_REASON_MAX;
use coproduce_widgets::map::contract::{NOTE_MAX, ReportStatus};
use coproduce_widgets::map::definition::limits::DESCRIPTION_MAX;
use serde::Deserialize;

use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::kind::encode;
use crate::map::storage::StatusChange;
use crate::storage::{ActivityRow, StorageError};

/// The map activity of this organisation, or 404 (another kind answers 404 as well).
pub(crate) async fn map_activity(
    state: &AppState,
    staff: &Staff,
    key: &str,
) -> Result<ActivityRow, ApiError> {
    let row = state.store.activity(&staff.org, key).await?;
    if row.kind != coproduce_widgets::contract::ActivityKind::Map {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

pub(crate) fn back(staff: &Staff, key: &str) -> Response {
    Redirect::to(&format!(
        "/console/activities/{}?lang={}&saved=1#queue",
        encode(key),
        staff.lang.code()
    ))
    .into_response()
}

/// A report of this map, for staff.
async fn report_of(
    state: &AppState,
    staff: &Staff,
    key: &str,
    report: &str,
) -> Result<(), ApiError> {
    map_activity(state, staff, key).await?;
    let r = state.store.report(&staff.org, report).await?;
    if r.map != key {
        return Err(ApiError::not_found());
    }
    Ok(())
}

fn invalid(field: &'static str, code: &'static str) -> ApiError {
    ApiError::Invalid { field, code }
}

/// A reason staff give: required, one line's worth.
fn reason(raw: &str) -> Result<&str, ApiError> {
    let r = raw.trim();
    if r.is_empty() {
        return Err(invalid("reason", codes::REASON_REQUIRED));
    }
    if r.chars().count() > HIDE_REASON_MAX {
        return Err(invalid("reason", codes::TOO_LONG));
    }
    Ok(r)
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn status(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, report)): Path<(String, String)>,
    Input(form): Input<StatusForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    report_of(&state, &staff, &key, &report).await?;
    let status = ReportStatus::parse(&form.status).ok_or(invalid("status", codes::INVALID))?;
    let note = Some(form.note.trim()).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > NOTE_MAX) {
        return Err(invalid("note", codes::TOO_LONG));
    }
    if status.needs_reason() && note.is_none() {
        return Err(invalid("note", codes::REASON_REQUIRED));
    }
    state
        .store
        .update_report_status(&staff.org, &report, StatusChange { status, note })
        .await?;
    tracing::info!(org = %staff.org, map = key, report, status = status.as_str(), "report status updated");
    Ok(back(&staff, &key))
}

#[derive(Debug, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn hide(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, report)): Path<(String, String)>,
    Input(form): Input<ReasonForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    report_of(&state, &staff, &key, &report).await?;
    let why = reason(&form.reason)?;
    state
        .store
        .hide_report(&staff.org, &report, Some(why))
        .await
        .map_err(conflict)?;
    Ok(back(&staff, &key))
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn unhide(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, report)): Path<(String, String)>,
    Input(form): Input<ReasonForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    report_of(&state, &staff, &key, &report).await?;
    state
        .store
        .hide_report(&staff.org, &report, None)
        .await
        .map_err(conflict)?;
    Ok(back(&staff, &key))
}

/// A change that does not apply to the report as it is (already hidden, merged, …).
fn conflict(e: StorageError) -> ApiError {
    match e {
        StorageError::Closed => ApiError::new(StatusCode::CONFLICT, codes::CONFLICT),
        other => other.into(),
    }
}

#[derive(Debug, Deserialize)]
pub struct RedactForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    reason: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn redact(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, report)): Path<(String, String)>,
    Input(form): Input<RedactForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    report_of(&state, &staff, &key, &report).await?;
    let why = reason(&form.reason)?;
    let text = form.text.trim();
    if text.chars().count() > DESCRIPTION_MAX {
        return Err(invalid("text", codes::TOO_LONG));
    }
    state
        .store
        .redact_report(&staff.org, &report, text, why)
        .await?;
    Ok(back(&staff, &key))
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn hide_photo(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, report, photo)): Path<(String, String, String)>,
    Input(form): Input<ReasonForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    report_of(&state, &staff, &key, &report).await?;
    let why = reason(&form.reason)?;
    state
        .store
        .hide_photo(&staff.org, &report, &photo, why)
        .await?;
    Ok(back(&staff, &key))
}

#[derive(Debug, Deserialize)]
pub struct CategoryForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    category: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn category(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, report)): Path<(String, String)>,
    Input(form): Input<CategoryForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    report_of(&state, &staff, &key, &report).await?;
    let map = state.store.map(&staff.org, &key).await?;
    if map.definition.category(&form.category).is_none() {
        return Err(invalid("category", "unknown_category"));
    }
    state
        .store
        .recategorise_report(&staff.org, &report, &form.category)
        .await?;
    Ok(back(&staff, &key))
}

#[derive(Debug, Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    into: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, report)): Path<(String, String)>,
    Input(form): Input<MergeForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    report_of(&state, &staff, &key, &report).await?;
    let into = form.into.trim();
    let target = state
        .store
        .report(&staff.org, into)
        .await
        .map_err(|_| invalid("into", codes::NOT_FOUND))?;
    if target.map != key {
        return Err(invalid("into", codes::NOT_FOUND));
    }
    state
        .store
        .merge_report(&staff.org, &report, into)
        .await
        .map_err(conflict)?;
    tracing::info!(org = %staff.org, map = key, report, into, "report merged");
    Ok(back(&staff, &key))
}
