//! Maps over JSON: the map as citizens see it first, a new report (JSON, or multipart with
//! photos), the list and the clusters, one report, "me too", nearby open reports, tiles and
//! address lookups through the backend, a report's receipt.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::limits::FORM_MIN_AGE_SECS;
use coproduce_widgets::contract::{ErrorBody, codes};
use coproduce_widgets::map::contract::{
    MapView, REPORTS_PER_PAGE, ReportStatus, ReportStored, ReportView,
};
use coproduce_widgets::map::definition::NewReportWire;
use coproduce_widgets::map::geo::{Area, Point};
use serde::{Deserialize, Serialize};

use super::report::{Gate, Refused, Submission};
use super::storage::ReportFilter;
use super::upload;
use crate::domain::moderation::Visibility;
use crate::http::AppState;
use crate::http::abuse::now_secs;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::lang::ReqLang;
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, Cursor, ReceiptRow};

/// What a list of reports may be narrowed to, as a query string.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub status: String,
    /// `west,south,east,north` in degrees.
    #[serde(default)]
    pub bbox: String,
    /// Where the page goes on (`next` of the page before).
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub zoom: Option<u8>,
}

pub(super) fn invalid(field: &'static str) -> ApiError {
    ApiError::Invalid {
        field,
        code: codes::INVALID,
    }
}

impl ListQuery {
    pub fn filter(&self) -> Result<ReportFilter, ApiError> {
        let category = Some(self.category.trim().to_string()).filter(|c| !c.is_empty());
        let status = match self.status.trim() {
            "" => None,
            s => Some(ReportStatus::parse(s).ok_or_else(|| invalid("status"))?),
        };
        let area = match self.bbox.trim() {
            "" => None,
            raw => Some(parse_bbox(raw).ok_or_else(|| invalid("bbox"))?),
        };
        Ok(ReportFilter {
            category,
            status,
            area,
            ..ReportFilter::default()
        })
    }

    pub fn cursor(&self) -> Result<Option<Cursor>, ApiError> {
        if self.after.is_empty() {
            return Ok(None);
        }
        let (at, skip) = self.after.split_once('.').ok_or_else(|| invalid("after"))?;
        match (at.parse(), skip.parse()) {
            (Ok(at), Ok(skip)) => Ok(Some(Cursor { at, skip })),
            _ => Err(invalid("after")),
        }
    }
}

/// A cursor as the `after` of a link.
pub fn cursor_param(c: Cursor) -> String {
    format!("{}.{}", c.at, c.skip)
}

/// `west,south,east,north` in degrees.
fn parse_bbox(raw: &str) -> Option<Area> {
    let v: Vec<f64> = raw
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok())
        .collect::<Option<_>>()?;
    let [w, s, e, n] = v[..] else { return None };
    Area::new(
        Point::from_degrees(s, w).ok()?,
        Point::from_degrees(n, e).ok()?,
    )
    .ok()
}

/// A page of reports: newest first, and where the next begins.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportPage {
    pub reports: Vec<ReportView>,
    pub next: Option<String>,
}

/// The map as citizens see it first: `GET /api/v1/orgs/{org}/activities/{key}` for a map.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn view(
    state: AppState,
    tenant: Tenant,
    activity: ActivityRow,
    uri: Uri,
) -> Result<Response, ApiError> {
    let query: ListQuery = Query::try_from_uri(&uri)
        .map(|q| q.0)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED_QUERY))?;
    Ok(Json(state.map_view(&tenant, &activity.key, &query).await?).into_response())
}

impl AppState {
    /// The map with a page of its reports and a fresh form token.
    pub async fn map_view(
        &self,
        tenant: &Tenant,
        key: &str,
        query: &ListQuery,
    ) -> Result<MapView, ApiError> {
        let now = self.current_map(&tenant.id, key).await?;
        let (reports, next) = self
            .store
            .public_reports(
                &tenant.id,
                key,
                &query.filter()?,
                query.cursor()?,
                REPORTS_PER_PAGE,
            )
            .await?;
        let counts = self.store.counts(&tenant.id, key).await?;
        Ok(MapView {
            org: tenant.id.to_string(),
            org_name: tenant.row.name.clone(),
            id: key.to_string(),
            title: now.activity.title.clone(),
            intro: now.activity.intro.clone(),
            open: now.activity.open,
            tiles: self.tiles_view(&tenant.id, key, &now.map),
            geocoder: now.map.geocoder.is_some(),
            definition: now.map.definition,
            report_count: counts.get("public").max(0) as u64,
            reports: reports
                .iter()
                .map(|r| self.report_view(&tenant.id, r))
                .collect(),
            next: next.map(cursor_param),
            form_token: self.keys.form_token(tenant.id.as_str(), key, now_secs()),
        })
    }
}

fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Sends a report: JSON without photos, or `multipart/form-data` with a `report` part of JSON
/// (or the form's fields) and up to five `photo` parts.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/activities/{key}/reports", tag = "maps",
    params(("org" = String, Path), ("key" = String, Path)),
    request_body(content = Object, content_type = "application/json", description = "`NewReportWire`; or multipart/form-data with `report` (that JSON) and `photo` files"),
    responses((status = 201, body = ReportStored),
        (status = 400, description = "`malformed_body`", body = ErrorBody),
        (status = 403, description = "`forbidden` (the page's origin is not allowed)", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "`board_closed`", body = ErrorBody),
        (status = 413, description = "`payload_too_large` or `photo_too_large`", body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 422, description = "`invalid_report` (per field: `category`, `description`, `location`, `lat`, `lon`, `address`, `place`, `photos`, `photo1`…, or an extra question), `spam_suspected`, `form_expired` or `too_fast`", body = coproduce_widgets::survey::contract::AnswersRefused),
        (status = 429, description = "`rate_limited`", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn submit(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path(path): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    req: Request,
) -> Result<Response, ApiError> {
    let (_, key) = path;
    // Another organisation's map answers 404 before its body is read.
    let now = state.current_map(&tenant.id, &key).await?;
    let sent = if content_type(req.headers()).starts_with("multipart/form-data") {
        let body = Multipart::from_request(req, &state)
            .await
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED))?;
        let upload = upload::read(body).await?;
        let (wire, errors) = upload.report(&now.map.definition)?;
        Submission {
            wire,
            errors,
            uploads: upload.photos,
        }
    } else {
        let Input(wire) = Input::<NewReportWire>::from_request(req, &state).await?;
        Submission {
            wire,
            errors: Vec::new(),
            uploads: Vec::new(),
        }
    };
    match state
        .submit_report(
            &tenant.id,
            &key,
            addr.ip(),
            sent,
            Gate::Form {
                min_age_secs: FORM_MIN_AGE_SECS,
            },
        )
        .await
    {
        Ok(stored) => {
            let body = ReportStored {
                id: stored.report.key.clone(),
                receipt_url: state.receipt_url(&tenant.id, &stored.token),
            };
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Err(Refused::Fields(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(Refused::body(&errors, lang)),
        )
            .into_response()),
        Err(Refused::Api(e)) => Err(e),
    }
}

/// A page of public reports, newest first, narrowed by category, status and area.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/activities/{key}/reports", tag = "maps",
    params(("org" = String, Path), ("key" = String, Path), ("category" = Option<String>, Query),
        ("status" = Option<String>, Query), ("bbox" = Option<String>, Query, description = "west,south,east,north"),
        ("after" = Option<String>, Query)),
    responses((status = 200, body = ReportPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn list(
    State(state): State<AppState>,
    tenant: Tenant,
    Path(path): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Json<ReportPage>, ApiError> {
    let (_, key) = path;
    state.current_map(&tenant.id, &key).await?;
    let (reports, next) = state
        .store
        .public_reports(
            &tenant.id,
            &key,
            &query.filter()?,
            query.cursor()?,
            REPORTS_PER_PAGE,
        )
        .await?;
    Ok(Json(ReportPage {
        reports: reports
            .iter()
            .map(|r| state.report_view(&tenant.id, r))
            .collect(),
        next: next.map(cursor_param),
    }))
}

/// One public report with its history.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn one(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, report)): Path<(String, String, String)>,
) -> Result<Json<ReportView>, ApiError> {
    let r = state.store.report(&tenant.id, &report).await?;
    if r.map != key || r.visibility != Visibility::Public {
        return Err(ApiError::not_found());
    }
    Ok(Json(state.report_view(&tenant.id, &r)))
}

/// A "me too" as the widget sends it (the form's guard fields).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct NewMeToo {
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub form_token: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeTooCount {
    pub me_too: i64,
}

/// Says "me too" to a public report: once per person.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/activities/{key}/reports/{report}/me-too", tag = "maps",
    params(("org" = String, Path), ("key" = String, Path), ("report" = String, Path)),
    request_body(content = NewMeToo, content_type = "application/json"),
    responses((status = 200, body = MeTooCount), (status = 404, body = ErrorBody),
        (status = 409, description = "`duplicate_me_too` or `board_closed`", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn me_too(
    State(state): State<AppState>,
    tenant: Tenant,
    Path(path): Path<(String, String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Input(wire): Input<NewMeToo>,
) -> Result<Json<MeTooCount>, ApiError> {
    let (_, key, report) = path;
    let me_too = state
        .report_me_too(
            &tenant.id,
            &key,
            &report,
            (addr.ip(), user_agent(&headers)),
            (&wire.website, &wire.form_token),
        )
        .await?;
    Ok(Json(MeTooCount { me_too }))
}

/// A photo of a public report, as kept (a JPEG of our own making).
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn photo(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, report, photo)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let id = photo.strip_suffix(".jpg").ok_or_else(ApiError::not_found)?;
    let r = state.store.report(&tenant.id, &report).await?;
    if r.map != key {
        return Err(ApiError::not_found());
    }
    let jpeg = state
        .store
        .report_photo(&tenant.id, &report, id, true)
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        jpeg,
    )
        .into_response())
}

/// A photo of any report of the map (hidden or waiting for moderation too), for staff.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn staff_photo(
    State(state): State<AppState>,
    staff: crate::http::console::session::Staff,
    Path((key, report, photo)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    super::console::actions::map_activity(&state, &staff, &key).await?;
    let id = photo.strip_suffix(".jpg").ok_or_else(ApiError::not_found)?;
    let r = state.store.report(&staff.org, &report).await?;
    if r.map != key {
        return Err(ApiError::not_found());
    }
    let jpeg = state
        .store
        .report_photo(&staff.org, &report, id, false)
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            ),
        ],
        jpeg,
    )
        .into_response())
}

/// What a reporter sees through their receipt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportReceipt {
    pub report: ReportView,
    pub withdrawn: bool,
    /// Shown on the map (not waiting for moderation, hidden or merged).
    pub public: bool,
}

pub async fn receipt(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<Response, ApiError> {
    let r = state.store.report(&tenant.id, &receipt.record).await?;
    Ok(Json(ReportReceipt {
        report: state.report_view(&tenant.id, &r),
        withdrawn: r.visibility == Visibility::Withdrawn,
        public: r.visibility == Visibility::Public,
    })
    .into_response())
}

pub async fn withdraw(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<(), ApiError> {
    state
        .store
        .withdraw_report(&tenant.id, &receipt.record)
        .await?;
    Ok(())
}
