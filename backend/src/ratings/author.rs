//! What the author does through the receipt: edit the story within the organisation's window
//! (it waits for moderation again) and answer the organisation once. Forms of the receipt
//! page; the private token is the only key.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::codes;
use coproduce_widgets::ratings::contract::ratings_codes;
use coproduce_widgets::ratings::definition::NewStoryWire;

use super::storage::{AuthorRefused, StoryRow};
use crate::http::AppState;
use crate::http::abuse::sha256_hex;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::kind::encode;
use crate::http::lang::ReqLang;
use crate::http::tenant::Tenant;
use crate::storage::ReceiptRow;

/// Characters of the author's answer.
pub const REPLY_MAX: usize = 2_000;

/// The story a receipt leads to (404 for another kind's receipt).
async fn story_of(
    state: &AppState,
    tenant: &Tenant,
    token: &str,
) -> Result<(ReceiptRow, StoryRow), ApiError> {
    let receipt = state.store.receipt(&tenant.id, &sha256_hex(token)).await?;
    if receipt.kind != coproduce_widgets::contract::ActivityKind::Ratings {
        return Err(ApiError::not_found());
    }
    let story = state.store.story(&tenant.id, &receipt.record).await?;
    Ok((receipt, story))
}

fn refused(r: AuthorRefused) -> ApiError {
    match r {
        AuthorRefused::WindowClosed => {
            ApiError::new(StatusCode::CONFLICT, ratings_codes::EDIT_WINDOW_CLOSED)
        }
        AuthorRefused::AlreadyReplied => {
            ApiError::new(StatusCode::CONFLICT, ratings_codes::ALREADY_REPLIED)
        }
        AuthorRefused::NotYetAnswered => ApiError::new(StatusCode::CONFLICT, codes::CONFLICT),
    }
}

fn back(tenant: &Tenant, token: &str, lang: coproduce_widgets::i18n::Lang) -> Response {
    Redirect::to(&format!(
        "/o/{}/receipt/{}?lang={}",
        tenant.id,
        encode(token),
        lang.code()
    ))
    .into_response()
}

/// `POST /o/{org}/receipt/{token}/story`: the edited story (the page's form fields).
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn edit(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, token)): Path<(String, String)>,
    Input(fields): Input<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let (receipt, story) = story_of(&state, &tenant, &token).await?;
    let def = state.store.ratings(&tenant.id, &receipt.activity).await?;
    let mut wire: NewStoryWire = NewStoryWire::from_fields(&fields);
    wire.service = story.service.clone();
    let edited = match wire.check(&def) {
        Ok(e) => e,
        Err(errors) => {
            let (field, code) = errors[0].clone();
            let field: &'static str = match field.as_str() {
                "overall" => "overall",
                "story" => "story",
                "when" => "when",
                "part" => "part",
                "name" => "name",
                _ => "ratings",
            };
            return Err(ApiError::Invalid { field, code });
        }
    };
    state
        .store
        .author_edit(&tenant.id, &story.key, &edited, def.edit_days)
        .await?
        .map_err(refused)?;
    Ok(back(&tenant, &token, lang))
}

/// `POST /o/{org}/receipt/{token}/reply`: the author's one answer.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn reply(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, token)): Path<(String, String)>,
    Input(fields): Input<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let (_, story) = story_of(&state, &tenant, &token).await?;
    let text = fields
        .iter()
        .find(|(k, _)| k == "text")
        .map_or("", |(_, v)| v.trim());
    if text.is_empty() {
        return Err(ApiError::Invalid {
            field: "text",
            code: codes::REQUIRED,
        });
    }
    if text.chars().count() > REPLY_MAX {
        return Err(ApiError::Invalid {
            field: "text",
            code: codes::TOO_LONG,
        });
    }
    state
        .store
        .author_reply(&tenant.id, &story.key, text)
        .await?
        .map_err(refused)?;
    Ok(back(&tenant, &token, lang))
}
