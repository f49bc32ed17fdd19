//! Moderation and answers: each action checks CSRF, then redirects back to the board page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::domain::moderation::HideReason;
use crate::http::AppState;
use crate::http::console::auth::Staff;
use crate::http::console::layout::console_page;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::pages::shell::{esc, html};
use crate::http::text::{Text, text};
use crate::ideas::domain::StatusChange;
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

/// Back to the idea on the board page, saying how it went. Validation errors are shown there;
/// anything else (not found, CSRF, storage) is a real error response.
fn back(
    staff: &Staff,
    board: &str,
    idea: &str,
    outcome: Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let base = format!("/console/activities/{board}?lang={}", staff.lang.code());
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

/// Ideas a merge search offers at most.
const MERGE_CHOICES: usize = 20;

/// Merges the idea into the one `into` names: its ID, or else words of its title, which
/// answer a page of the public ideas that match, each with its own merge button.
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
        return back(&staff, &board, into, Ok(()));
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
    let action = format!(
        "/console/activities/{}/ideas/{}/merge?lang={}",
        esc(board),
        esc(&duplicate.key),
        lang.code()
    );
    let items: String = found
        .iter()
        .map(|o| {
            format!(
                "<li><form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
<input type=\"hidden\" name=\"into\" value=\"{k}\"><strong>{title}</strong> (ID <code>{k}</code>) \
<button class=\"cp-button cp-secondary\" type=\"submit\">{merge}</button></form></li>",
                csrf = esc(&staff.csrf),
                k = esc(&o.key),
                title = esc(&o.title),
                merge = text(lang, Text::MergeButton),
            )
        })
        .collect();
    let list = if found.is_empty() {
        format!("<p>{}</p>", text(lang, Text::NoMatches))
    } else if more {
        format!("<ul>{items}</ul><p>{}</p>", text(lang, Text::MoreMatch))
    } else {
        format!("<ul>{items}</ul>")
    };
    let body = format!(
        "<h1>{h}</h1><p>{dup}</p>{list}<p><a href=\"/console/activities/{b}?lang={l}#idea-{k}\">{back}</a></p>",
        h = text(lang, Text::MergeChooseHeading),
        dup = esc(&duplicate.title),
        b = esc(board),
        l = lang.code(),
        k = esc(&duplicate.key),
        back = text(lang, Text::AllIdeasHeading),
    );
    console_page(
        lang,
        text(lang, Text::MergeChooseHeading),
        Some(staff),
        &body,
    )
}
