//! Ideas boards over JSON.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::{ErrorBody, codes};
use coproduce_widgets::ideas::ListQuery;
use coproduce_widgets::ideas::contract::{
    BoardView, IdeaStatus, NewIdea, NewSupport, Sort, Submitted, Supported,
};
use serde::{Deserialize, Serialize};

use crate::http::AppState;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::input::{Input, query_of};
use crate::http::tenant::Tenant;
use crate::ideas::contribute::idea_view;
use crate::storage::{ActivityRow, ReceiptRow};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// `newest` (default), `most_supported` or `recently_answered`.
    pub sort: Option<String>,
    /// Only ideas with this status (`new`, `under_review`, `planned`, `in_progress`, `done`, `declined`).
    pub status: Option<String>,
    /// The `next` of the page before: where this page of the list starts.
    pub after: Option<String>,
    /// `de` or `en`; otherwise `Accept-Language` decides.
    // Read from the raw query by `error::localize` and `lang::ReqLang`; declared here so the
    // OpenAPI document lists it.
    #[allow(dead_code)]
    pub lang: Option<String>,
}

impl BoardQuery {
    fn parse(&self) -> Result<ListQuery, ApiError> {
        let sort = match self.sort.as_deref() {
            None | Some("") => Sort::default(),
            Some(s) => Sort::parse(s).ok_or(ApiError::Invalid {
                field: "sort",
                code: codes::INVALID,
            })?,
        };
        let status = match self.status.as_deref() {
            None | Some("") => None,
            Some(s) => Some(IdeaStatus::parse(s).ok_or(ApiError::Invalid {
                field: "status",
                code: codes::INVALID,
            })?),
        };
        Ok(ListQuery { sort, status })
    }
}

/// The board with its public ideas.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/activities/{key}", tag = "ideas",
    params(("org" = String, Path), ("key" = String, Path), BoardQuery),
    responses((status = 200, body = BoardView), (status = 400, description = "`malformed_query`", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 408, description = "`request_timeout`", body = ErrorBody),
        (status = 422, description = "`invalid` sort or status", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn view(
    state: AppState,
    tenant: Tenant,
    activity: ActivityRow,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = query_of::<BoardQuery>(&uri)?;
    let query = q.parse()?;
    let view = state
        .board_view(&tenant, &activity.key, query, q.after.as_deref())
        .await?;
    Ok(Json(view).into_response())
}

fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Submits an idea (JSON or form-encoded).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/activities/{key}/ideas", tag = "ideas",
    params(("org" = String, Path), ("key" = String, Path)),
    request_body(content = NewIdea, content_type = "application/x-www-form-urlencoded"),
    responses((status = 201, body = Submitted), (status = 400, description = "`malformed_body`", body = ErrorBody),
        (status = 403, description = "`forbidden`: the page's origin is not allowed", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 408, description = "`request_timeout`", body = ErrorBody),
        (status = 409, description = "`board_closed`", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "a field's error, `spam_suspected`, `form_expired` or `too_fast`", body = ErrorBody),
        (status = 429, description = "`rate_limited`", body = ErrorBody),
        (status = 503, description = "`rate_limited`: the database is too busy", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn submit(
    State(state): State<AppState>,
    tenant: Tenant,
    Path(path): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    Input(wire): Input<NewIdea>,
) -> Result<(StatusCode, Json<Submitted>), ApiError> {
    let (_, board) = path;
    let receipt = state
        .submit_idea(&tenant.id, &board, addr.ip(), &wire)
        .await?;
    let published = receipt.idea.visibility == crate::domain::moderation::Visibility::Public;
    Ok((
        StatusCode::CREATED,
        Json(Submitted {
            idea: idea_view(&receipt.idea),
            published,
            receipt_url: state.receipt_url(&tenant.id, &receipt.token),
        }),
    ))
}

/// Supports an idea, once per person.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/activities/{key}/ideas/{idea}/supports", tag = "ideas",
    params(("org" = String, Path), ("key" = String, Path), ("idea" = String, Path)),
    request_body(content = NewSupport, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, body = Supported), (status = 400, description = "`malformed_body`", body = ErrorBody),
        (status = 403, description = "`forbidden`: the page's origin is not allowed", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 408, description = "`request_timeout`", body = ErrorBody),
        (status = 409, description = "`duplicate_support`, `supporter_limit` or `board_closed`", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "`spam_suspected` or `form_expired`", body = ErrorBody),
        (status = 429, description = "`rate_limited`", body = ErrorBody),
        (status = 503, description = "`rate_limited`: the database is too busy", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn support(
    State(state): State<AppState>,
    tenant: Tenant,
    Path(path): Path<(String, String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Input(wire): Input<NewSupport>,
) -> Result<Json<Supported>, ApiError> {
    let (_, board, idea) = path;
    let supports = state
        .support_idea(
            &tenant.id,
            &board,
            &idea,
            addr.ip(),
            user_agent(&headers),
            &wire,
        )
        .await?;
    Ok(Json(Supported {
        idea_id: idea,
        supports: supports.max(0) as u64,
    }))
}

/// What the contributor sees through their receipt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReceiptView {
    pub idea: coproduce_widgets::ideas::contract::IdeaView,
    /// `public`, `pending`, `hidden`, `withdrawn` or `merged`.
    pub visibility: String,
    pub board: String,
}

impl From<crate::ideas::storage::IdeaRow> for ReceiptView {
    fn from(row: crate::ideas::storage::IdeaRow) -> Self {
        Self {
            idea: idea_view(&row),
            visibility: row.visibility.as_str().to_string(),
            board: row.board,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/receipts/{token}", tag = "receipts",
    params(("org" = String, Path), ("token" = String, Path)),
    responses((status = 200, body = ReceiptView), (status = 404, body = ErrorBody),
        (status = 408, description = "`request_timeout`", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn receipt(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<Response, ApiError> {
    let idea = state.store.idea(&tenant.id, &receipt.record).await?;
    Ok(Json(ReceiptView::from(idea)).into_response())
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/receipts/{token}/withdraw", tag = "receipts",
    params(("org" = String, Path), ("token" = String, Path)),
    responses((status = 200, body = ReceiptView),
        (status = 403, description = "`forbidden`: the page's origin is not allowed", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 408, description = "`request_timeout`", body = ErrorBody),
        (status = 503, description = "`rate_limited`: the database is too busy", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn withdraw(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<(), ApiError> {
    state
        .store
        .withdraw_idea(&tenant.id, &receipt.record)
        .await?;
    Ok(())
}
