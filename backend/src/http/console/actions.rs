//! Moderation and answers: each action checks CSRF, then redirects back to the board page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::Staff;
use crate::domain::idea::{HideReason, StatusChange};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::input::Input;

#[derive(Debug, Default, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    answer: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct HideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    into: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// Back to the idea on the board page, saying how it went. Validation errors are shown there;
/// anything else (not found, CSRF, storage) is a real error response.
fn back(
    staff: &Staff,
    board: &str,
    idea: &str,
    outcome: Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let base = format!("/console/boards/{board}?lang={}", staff.lang.code());
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("{base}&saved=1#idea-{idea}")).into_response()),
        Err(e) if e.status() == StatusCode::UNPROCESSABLE_ENTITY => {
            Ok(Redirect::to(&format!("{base}&error={}#idea-{idea}", e.code())).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The idea must be on the board named in the address (and so in the staff's organisation).
async fn on_board(
    state: &AppState,
    staff: &Staff,
    board: &str,
    idea: &str,
) -> Result<(), ApiError> {
    let row = state.store.idea(&staff.org, idea).await?;
    if row.board == board {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

pub async fn status(
    State(state): State<AppState>,
    staff: Staff,
    Path((board, idea)): Path<(String, String)>,
    Input(form): Input<StatusForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    on_board(&state, &staff, &board, &idea).await?;
    let outcome = async {
        let change = StatusChange::parse(&form.status, &form.answer)?;
        state.store.set_status(&staff.org, &idea, &change).await?;
        Ok(())
    }
    .await;
    back(&staff, &board, &idea, outcome)
}

pub async fn hide(
    State(state): State<AppState>,
    staff: Staff,
    Path((board, idea)): Path<(String, String)>,
    Input(form): Input<HideForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    on_board(&state, &staff, &board, &idea).await?;
    let outcome = async {
        let reason = HideReason::parse(&form.reason)?;
        state.store.hide_idea(&staff.org, &idea, &reason).await?;
        Ok(())
    }
    .await;
    back(&staff, &board, &idea, outcome)
}

pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path((board, idea)): Path<(String, String)>,
    Input(form): Input<CsrfOnly>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    on_board(&state, &staff, &board, &idea).await?;
    let outcome = state
        .store
        .publish_idea(&staff.org, &idea)
        .await
        .map(|_| ())
        .map_err(ApiError::from);
    back(&staff, &board, &idea, outcome)
}

pub async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    Path((board, idea)): Path<(String, String)>,
    Input(form): Input<MergeForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    on_board(&state, &staff, &board, &idea).await?;
    on_board(&state, &staff, &board, &form.into).await?;
    state
        .store
        .merge_ideas(&staff.org, &idea, &form.into)
        .await?;
    back(&staff, &board, &form.into, Ok(()))
}
