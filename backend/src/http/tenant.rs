//! The organisation of a request, and the CORS answers that follow its allowed origins.

use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::codes;

use super::AppState;
use super::error::ApiError;
use crate::domain::{OrgId, OrgSlug};
use crate::storage::OrgRow;

/// The organisation named in the path, known to exist. The only way handlers get an `OrgId`
/// (besides a console session).
#[derive(Clone, Debug)]
pub struct Tenant {
    pub id: OrgId,
    pub row: OrgRow,
}

/// Organisations looked up recently: every API request names one, and they rarely change.
pub type OrgCache = super::cache::TtlCache<Tenant>;

async fn load(state: &AppState, raw: &str) -> Result<Tenant, ApiError> {
    if let Some(t) = state.orgs.get(raw) {
        return Ok(t);
    }
    let slug = OrgSlug::parse(raw).map_err(|_| ApiError::not_found())?;
    match state.store.find_org(&slug).await? {
        // Switched off by the operator: as if it did not exist.
        Some((_, row)) if row.is_disabled() => Err(ApiError::not_found()),
        Some((id, row)) => {
            let tenant = Tenant { id, row };
            state
                .orgs
                .put(tenant.id.as_str().to_string(), tenant.clone());
            Ok(tenant)
        }
        None => Err(ApiError::not_found()),
    }
}

impl FromRequestParts<AppState> for Tenant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(t) = parts.extensions.get::<Tenant>() {
            return Ok(t.clone());
        }
        let Path(params): Path<Vec<(String, String)>> = Path::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found())?;
        let org = params
            .iter()
            .find(|(k, _)| k == "org")
            .map(|(_, v)| v.as_str())
            .ok_or_else(ApiError::not_found)?;
        let tenant = load(state, org).await?;
        parts.extensions.insert(tenant.clone());
        Ok(tenant)
    }
}

impl Tenant {
    /// Whether a browser page at `origin` may use this organisation's API.
    pub fn allows_origin(&self, origin: &str, public_url: &str) -> bool {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        origin == public_url.to_ascii_lowercase() || self.row.origins.contains(&origin)
    }
}

/// Middleware for `/api/v1/orgs/{org}/…`: loads the organisation once, answers preflights,
/// refuses writes from origins the organisation has not allowed, and sets CORS headers.
pub async fn org_cors(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let org = req
        .uri()
        .path()
        .strip_prefix("/api/v1/orgs/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("")
        .to_string();
    let tenant = match load(&state, &org).await {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let allowed = origin
        .as_deref()
        .map(|o| tenant.allows_origin(o, &state.public_url))
        .unwrap_or(true);
    if req.method() == Method::OPTIONS {
        if !allowed || origin.is_none() {
            return ApiError::new(StatusCode::FORBIDDEN, codes::FORBIDDEN).into_response();
        }
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, accept"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        add_cors(&mut res, origin.as_deref());
        return res;
    }
    if !allowed && req.method() != Method::GET {
        return ApiError::new(StatusCode::FORBIDDEN, codes::FORBIDDEN).into_response();
    }
    req.extensions_mut().insert(tenant);
    let mut res = next.run(req).await;
    if allowed {
        add_cors(&mut res, origin.as_deref());
    }
    res
}

fn add_cors(res: &mut Response, origin: Option<&str>) {
    let h = res.headers_mut();
    h.insert(
        header::VARY,
        HeaderValue::from_static("origin, accept-language"),
    );
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
}
