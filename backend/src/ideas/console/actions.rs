//! Moderation and answers: each action checks CSRF, then redirects back to the board page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::domain::moderation::HideReason;
use crate::http::AppState;
use crate::http::console::layout::console_markup;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::kind::encode;
use crate::http::pages::shell::html;
use crate::http::text::{Text, text};
use crate::ideas::domain::StatusChange;
use maud::html;

use super::{ActionEcho, BoardPageQuery};
use crate::ideas::storage::IdeaRow;
use crate::storage::StorageError;

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

/// Back to the idea on the board page after it worked; when a value was refused, the board's
/// page again with that idea's form as typed and the message at its field (422). Anything else
/// (not found, CSRF, storage) is a real error response.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
async fn back(
    state: &AppState,
    staff: &Staff,
    board: &str,
    outcome: Result<(), ApiError>,
    mut echo: ActionEcho,
) -> Result<Response, ApiError> {
    match outcome {
        Ok(()) => {
            let to = format!(
                "/console/activities/{}?lang={}&saved=1#idea-{}",
                encode(board),
                staff.lang.code(),
                encode(&echo.idea)
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(ApiError::Invalid { field, code }) => {
            echo.error = (field.to_string(), code.to_string());
            let row = state.store.activity(&staff.org, board).await?;
            super::render(state, staff, &row, &BoardPageQuery::default(), Some(&echo)).await
        }
        Err(e) => Err(e),
    }
}

/// The idea must be on the board named in the address (and so in the staff's organisation).
#[tracing::instrument(skip_all, fields(org = %staff.org))]
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

#[tracing::instrument(skip_all, fields(org = %staff.org))]
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
    let echo = ActionEcho {
        idea,
        form: "status",
        status: form.status,
        text: form.answer,
        ..ActionEcho::default()
    };
    back(&state, &staff, &board, outcome, echo).await
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
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
    let echo = ActionEcho {
        idea,
        form: "hide",
        text: form.reason,
        ..ActionEcho::default()
    };
    back(&state, &staff, &board, outcome, echo).await
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
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
    let echo = ActionEcho {
        idea,
        form: "publish",
        ..ActionEcho::default()
    };
    back(&state, &staff, &board, outcome, echo).await
}

/// Ideas a merge search offers at most.
const MERGE_CHOICES: usize = 20;

/// Merges the idea into the one `into` names: its ID, or else words of its title, which
/// answer a page of the public ideas that match, each with its own merge button.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    Path((board, idea)): Path<(String, String)>,
    Input(form): Input<MergeForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    on_board(&state, &staff, &board, &idea).await?;
    let into = form.into.trim();
    let by_id = match state.store.idea(&staff.org, into).await {
        Ok(row) => row.board == board && row.key != idea,
        Err(StorageError::NotFound) => false,
        Err(e) => return Err(e.into()),
    };
    if by_id {
        state.store.merge_ideas(&staff.org, &idea, into).await?;
        let echo = ActionEcho {
            idea: into.to_string(),
            ..ActionEcho::default()
        };
        return back(&state, &staff, &board, Ok(()), echo).await;
    }
    let words: Vec<String> = into.split_whitespace().map(str::to_owned).collect();
    let mut found = if words.is_empty() {
        Vec::new()
    } else {
        state
            .store
            // One more than shown beyond the duplicate itself: whether more match.
            .find_public_ideas(&staff.org, &board, &words, MERGE_CHOICES + 2)
            .await?
    };
    found.retain(|row| row.key != idea);
    let more = found.len() > MERGE_CHOICES;
    found.truncate(MERGE_CHOICES);
    let row = state.store.idea(&staff.org, &idea).await?;
    Ok(html(
        StatusCode::OK,
        merge_choices(&staff, &board, &row, &found, more),
    ))
}

/// The page that asks which of the matching ideas the duplicate belongs to.
fn merge_choices(
    staff: &Staff,
    board: &str,
    duplicate: &IdeaRow,
    found: &[IdeaRow],
    more: bool,
) -> String {
    let lang = staff.lang;
    let l = lang.code();
    let action = format!(
        "/console/activities/{}/ideas/{}/merge?lang={l}",
        encode(board),
        encode(&duplicate.key)
    );
    let body = html! {
        h1 { (text(lang, Text::MergeChooseHeading)) }
        p { (duplicate.title) }
        @if found.is_empty() {
            p { (text(lang, Text::NoMatches)) }
        } @else {
            ul {
                @for o in found {
                    li {
                        form method="post" action=(action) {
                            input type="hidden" name="csrf" value=(staff.csrf);
                            input type="hidden" name="into" value=(o.key);
                            strong { (o.title) } " (ID " code { (o.key) } ") "
                            button.cp-button.cp-secondary type="submit" { (text(lang, Text::MergeButton)) }
                        }
                    }
                }
            }
            @if more { p { (text(lang, Text::MoreMatch)) } }
        }
        p { a href=(format!("/console/activities/{}?lang={l}#idea-{}", encode(board), encode(&duplicate.key))) { (text(lang, Text::AllIdeasHeading)) } }
    };
    console_markup(
        lang,
        text(lang, Text::MergeChooseHeading),
        Some(staff),
        body,
    )
}
