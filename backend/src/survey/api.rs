//! Surveys over JSON: the survey as citizens answer it, a response, a receipt.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::ErrorBody;
use coproduce_widgets::contract::limits::FORM_MIN_AGE_SECS;
use coproduce_widgets::survey::contract::{AnswersRefused, NewResponse, ResponseStored};
use coproduce_widgets::survey::response::Answers;
use serde::Serialize;

use super::answer::Refused;
use crate::http::AppState;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::input::LargeInput;
use crate::http::lang::ReqLang;
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, ReceiptRow};

/// The survey as citizens answer it now (404 before it is first published): what
/// `GET /api/v1/orgs/{org}/activities/{key}` answers for a survey (`SurveyView`).
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn view(
    state: AppState,
    tenant: Tenant,
    activity: ActivityRow,
) -> Result<Response, ApiError> {
    let now = state.current_survey(&tenant.id, &activity.key).await?;
    Ok(Json(state.survey_view(&tenant, &now)).into_response())
}

/// Sends a response: every answer is checked against the version it names, and nothing is
/// stored unless all of them are right.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/activities/{key}/responses", tag = "surveys",
    params(("org" = String, Path), ("key" = String, Path)),
    request_body(content = NewResponse, content_type = "application/json"),
    responses((status = 201, body = ResponseStored), (status = 400, description = "`malformed_body`", body = ErrorBody),
        (status = 403, description = "`forbidden` (the page's origin is not allowed) or `not_yet_open`", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`board_closed`, `survey_full` or `already_answered`", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "`invalid_answers` (per question), `version_changed`, `spam_suspected`, `form_expired` or `too_fast`", body = AnswersRefused),
        (status = 429, description = "`rate_limited`", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn respond(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path(path): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    LargeInput(wire): LargeInput<NewResponse>,
) -> Result<Response, ApiError> {
    let (_, key) = path;
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match state
        .submit_survey_response(
            &tenant.id,
            &key,
            (addr.ip(), user_agent),
            &wire,
            FORM_MIN_AGE_SECS,
        )
        .await
    {
        Ok(stored) => {
            let body = ResponseStored {
                receipt_url: state.receipt_url(&tenant.id, &stored.token),
                results_url: stored
                    .results_public
                    .then(|| state.survey_results_url(&tenant.id, &key)),
            };
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Err(Refused::Answers(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(Refused::body(&errors, lang)),
        )
            .into_response()),
        Err(Refused::Api(e)) => Err(e),
    }
}

/// What a participant sees through their receipt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ResponseReceipt {
    pub survey: String,
    pub version: i64,
    /// Empty once withdrawn.
    #[schema(value_type = Object)]
    pub answers: Answers,
    pub withdrawn: bool,
    pub created_at: i64,
}

pub async fn receipt(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<Response, ApiError> {
    let r = state
        .store
        .response(&tenant.id, &receipt.activity, &receipt.record)
        .await?;
    Ok(Json(ResponseReceipt {
        survey: r.survey,
        version: r.version,
        answers: r.answers,
        withdrawn: r.withdrawn,
        created_at: r.created_at,
    })
    .into_response())
}

pub async fn withdraw(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<(), ApiError> {
    let r = state
        .store
        .response(&tenant.id, &receipt.activity, &receipt.record)
        .await?;
    let version = state
        .store
        .survey_version(&tenant.id, &receipt.activity, r.version)
        .await?;
    state
        .store
        .withdraw_response(&tenant.id, &receipt.activity, &r.key, &version.definition)
        .await?;
    Ok(())
}
