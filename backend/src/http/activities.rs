//! What every activity kind shares over HTTP: an activity's view for the widget, receipts (JSON
//! and page), the console's page of an activity and its exports. Each of these looks the
//! activity (or receipt) up in the organisation, then hands over to its kind
//! (`crate::activities`); each kind adds routes of its own (writes, its page, console
//! actions), and all of them are listed in one table (`route_table`) that the router and the
//! tenancy tests both read.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use coproduce_widgets::contract::{ActivityAbout, ActivityKind};
use serde::Deserialize;

use super::AppState;
use super::abuse::sha256_hex;
use super::console::session::Staff;
use super::error::ApiError;
use super::input::QueryOf;
use super::kind::encode;
use super::kind::{Access, ActivityType, ExportFormat, ReceiptPage, Route};
use super::lang::ReqLang;
use super::tenant::Tenant;
use crate::storage::ReceiptRow;

/// The shared routes of this module.
fn shared_routes() -> Vec<Route> {
    use super::pages::{open_data, org};
    use Access::{Api, Console, Page};
    vec![
        Route::new(Method::GET, "/o/{org}", Page, get(org::show)),
        Route::new(
            Method::GET,
            "/o/{org}/open-data.json",
            Page,
            get(open_data::json),
        ),
        Route::new(
            Method::GET,
            "/o/{org}/open-data.csv",
            Page,
            get(open_data::csv),
        ),
        Route::new(
            Method::GET,
            "/o/{org}/open-data/{file}",
            Page,
            get(open_data::geojson),
        ),
        Route::new(
            Method::GET,
            "/api/v1/orgs/{org}/activities/{key}",
            Api,
            get(view),
        ),
        Route::new(
            Method::GET,
            "/api/v1/orgs/{org}/activities/{key}/about",
            Api,
            get(about),
        ),
        Route::new(
            Method::GET,
            "/o/{org}/activities/{key}",
            Page,
            get(page_of_any_kind),
        ),
        Route::new(
            Method::GET,
            "/api/v1/orgs/{org}/receipts/{token}",
            Api,
            get(receipt),
        ),
        Route::new(
            Method::POST,
            "/api/v1/orgs/{org}/receipts/{token}/withdraw",
            Api,
            post(withdraw),
        ),
        Route::new(
            Method::GET,
            "/o/{org}/receipt/{token}",
            Page,
            get(receipt_page),
        ),
        Route::new(
            Method::POST,
            "/o/{org}/receipt/{token}/withdraw",
            Page,
            post(withdraw_page),
        ),
        Route::new(
            Method::GET,
            "/console/activities/{key}",
            Console,
            get(console_page),
        ),
        Route::new(
            Method::GET,
            "/console/activities/{key}/export.csv",
            Console,
            get(export_csv),
        ),
        Route::new(
            Method::GET,
            "/console/activities/{key}/export.json",
            Console,
            get(export_json),
        ),
        Route::new(
            Method::POST,
            "/console/activities/{key}/settings",
            Console,
            post(super::console::settings::update_board),
        ),
        Route::new(
            Method::GET,
            "/console/boards/{key}",
            Console,
            get(old_console_address),
        ),
    ]
}

/// (method, path, access) of every route that addresses an organisation's activities and what
/// was given to them, shared and of every kind: what the tenancy tests go through.
pub fn route_table() -> Vec<(Method, &'static str, Access)> {
    shared_routes()
        .into_iter()
        .chain(crate::activities::all().flat_map(|k| k.routes()))
        .map(|r| (r.method, r.path, r.access))
        .collect()
}

/// The router of every route in `route_table`.
pub fn routes(state: AppState) -> Router<AppState> {
    let mut api = Router::new();
    let mut rest = Router::new();
    let all = shared_routes()
        .into_iter()
        .chain(crate::activities::all().flat_map(|k| k.routes()));
    // A path with several methods (a list and its new entry) answers one preflight.
    let mut preflights = std::collections::HashSet::new();
    for r in all {
        match r.access {
            // Browsers ask before a cross-origin JSON call; the CORS layer answers.
            Access::Api if preflights.insert(r.path) => {
                api = api.route(r.path, r.handler.options(preflight))
            }
            Access::Api => api = api.route(r.path, r.handler),
            Access::Page | Access::Console => rest = rest.route(r.path, r.handler),
        }
    }
    super::api::for_org(state, api).merge(rest)
}

/// CORS preflight; answered by the tenant middleware before this runs.
async fn preflight() -> axum::http::StatusCode {
    axum::http::StatusCode::NO_CONTENT
}

fn kind_of(kind: ActivityKind) -> &'static dyn ActivityType {
    crate::activities::of(kind)
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
async fn view(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let activity = state.store.activity(&tenant.id, &key).await?;
    kind_of(activity.kind)
        .view(state, tenant, activity, uri)
        .await
}

/// An activity's standalone page, whatever its kind.
fn page_url(state: &AppState, tenant: &Tenant, kind: ActivityKind, key: &str) -> String {
    format!(
        "{}/o/{}/{}/{}",
        state.public_url,
        tenant.id,
        kind.page_segment(),
        encode(key)
    )
}

/// What an activity is, for whoever knows only its key: the embed loader of a snippet that
/// names no kind.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/activities/{key}/about", tag = "activities",
    params(("org" = String, Path), ("key" = String, Path)),
    responses((status = 200, body = ActivityAbout), (status = 404, body = coproduce_widgets::contract::ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn about(
    State(state): State<AppState>,
    tenant: Tenant,
    Path(path): Path<(String, String)>,
) -> Result<Json<ActivityAbout>, ApiError> {
    let (_, key) = path;
    let activity = state.store.activity(&tenant.id, &key).await?;
    Ok(Json(ActivityAbout {
        kind: activity.kind,
        page_url: page_url(&state, &tenant, activity.kind, &activity.key),
        title: activity.title,
        open: activity.open,
    }))
}

/// `/o/{org}/activities/{key}`: on to the activity's page, wherever its kind keeps it (what
/// an embed links to before it knows the kind).
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
async fn page_of_any_kind(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let activity = state.store.activity(&tenant.id, &key).await?;
    let to = page_url(&state, &tenant, activity.kind, &activity.key);
    Ok(Redirect::to(&with_query(to, &uri)).into_response())
}

/// `to` with the request's query, as it came (a redirect keeps `lang=` and the rest).
fn with_query(mut to: String, uri: &Uri) -> String {
    if let Some(q) = uri.query() {
        to.push('?');
        to.push_str(q);
    }
    to
}

async fn find_receipt(
    state: &AppState,
    tenant: &Tenant,
    token: &str,
) -> Result<ReceiptRow, ApiError> {
    Ok(state.store.receipt(&tenant.id, &sha256_hex(token)).await?)
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
async fn receipt(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let receipt = find_receipt(&state, &tenant, &token).await?;
    kind_of(receipt.kind).receipt(state, tenant, receipt).await
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
async fn withdraw(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let receipt = find_receipt(&state, &tenant, &token).await?;
    let kind = kind_of(receipt.kind);
    kind.withdraw(state.clone(), tenant.clone(), receipt.clone())
        .await?;
    kind.receipt(state, tenant, receipt).await
}

#[derive(Debug, Default, Deserialize)]
struct ReceiptQuery {
    /// Set right after contributing: show the thank-you text.
    new: Option<String>,
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
async fn receipt_page(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, token)): Path<(String, String)>,
    QueryOf(q): QueryOf<ReceiptQuery>,
) -> Result<Response, ApiError> {
    let receipt = find_receipt(&state, &tenant, &token).await?;
    let view = ReceiptPage {
        token,
        new: q.new.is_some(),
    };
    kind_of(receipt.kind)
        .receipt_page(state, tenant, lang, receipt, view)
        .await
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
async fn withdraw_page(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let receipt = find_receipt(&state, &tenant, &token).await?;
    let org = tenant.id.clone();
    kind_of(receipt.kind)
        .withdraw(state, tenant, receipt)
        .await?;
    let to = format!("/o/{org}/receipt/{}?lang={}", encode(&token), lang.code());
    Ok(Redirect::to(&to).into_response())
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
async fn console_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let activity = state.store.activity(&staff.org, &key).await?;
    kind_of(activity.kind)
        .console_page(state, staff, activity, uri)
        .await
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
async fn export(
    state: AppState,
    staff: Staff,
    key: String,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    let activity = state.store.activity(&staff.org, &key).await?;
    kind_of(activity.kind)
        .export(state, staff, activity, format)
        .await
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
async fn export_csv(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    export(state, staff, key, ExportFormat::Csv).await
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
async fn export_json(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    export(state, staff, key, ExportFormat::Json).await
}

/// Console addresses from before activities (`/console/activities/{key}`) lead to the same page.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
async fn old_console_address(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    state.store.activity(&staff.org, &key).await?;
    let to = with_query(format!("/console/activities/{}", encode(&key)), &uri);
    Ok(Redirect::permanent(&to).into_response())
}
