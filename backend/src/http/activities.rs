//! What every activity kind shares over HTTP: an activity's view for the widget, receipts (JSON
//! and page), the console's page of an activity and its exports. Each of these looks the
//! activity (or receipt) up in the organisation, then hands over to its kind
//! (`crate::activities`); each kind adds routes of its own (writes, its page, console
//! actions), and all of them are listed in one table (`route_table`) that the router and the
//! tenancy tests both read.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::i18n::Lang;
use futures_util::future::BoxFuture;
use serde::Deserialize;

use super::AppState;
use super::abuse::sha256_hex;
use super::console::auth::Staff;
use super::error::ApiError;
use super::input::QueryOf;
use super::lang::ReqLang;
use super::tenant::Tenant;
use crate::storage::{ActivityRow, ReceiptRow};

/// What a kind's part of a shared route answers.
pub type Answer<T = Response> = BoxFuture<'static, Result<T, ApiError>>;

/// The export formats every kind offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// What a kind gives the shared routes. Adding a kind: implement this in its folder and add
/// one line to `crate::activities::of`.
pub trait ActivityType: Send + Sync {
    fn kind(&self) -> ActivityKind;
    /// Routes of its own: writes, its standalone page, console actions.
    fn routes(&self) -> Vec<Route>;
    /// `GET /api/v1/orgs/{org}/activities/{key}`: what its widget shows first.
    fn view(&self, state: AppState, tenant: Tenant, activity: ActivityRow, uri: Uri) -> Answer;
    /// A contributor's receipt as JSON.
    fn receipt(&self, state: AppState, tenant: Tenant, receipt: ReceiptRow) -> Answer;
    /// The contributor takes back what the receipt leads to.
    fn withdraw(&self, state: AppState, tenant: Tenant, receipt: ReceiptRow) -> Answer<()>;
    /// The receipt's standalone page.
    fn receipt_page(
        &self,
        state: AppState,
        tenant: Tenant,
        lang: Lang,
        receipt: ReceiptRow,
        view: ReceiptPage,
    ) -> Answer;
    /// The console's page of one activity.
    fn console_page(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
        uri: Uri,
    ) -> Answer;
    fn export(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
        format: ExportFormat,
    ) -> Answer;
}

/// How a receipt page is shown.
#[derive(Debug, Clone)]
pub struct ReceiptPage {
    /// The private token, for the page's own links.
    pub token: String,
    /// Right after contributing: say thank you and show the link to keep.
    pub new: bool,
}

/// Who may call a route, which decides its layers and how the tenancy tests call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `/api/v1/orgs/{org}/…`: behind the organisation's CORS rules.
    Api,
    /// A standalone page or its form.
    Page,
    /// The console, with a staff session.
    Console,
}

/// One method on one path.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub handler: MethodRouter<AppState>,
}

impl Route {
    pub fn new(
        method: Method,
        path: &'static str,
        access: Access,
        handler: MethodRouter<AppState>,
    ) -> Self {
        Self {
            method,
            path,
            access,
            handler,
        }
    }
}

/// The shared routes of this module.
fn shared_routes() -> Vec<Route> {
    use Access::{Api, Console, Page};
    vec![
        Route::new(
            Method::GET,
            "/api/v1/orgs/{org}/activities/{key}",
            Api,
            get(view),
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
    for r in all {
        match r.access {
            // Browsers ask before a cross-origin JSON call; the CORS layer answers.
            Access::Api => api = api.route(r.path, r.handler.options(preflight)),
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
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let to = format!("/console/activities/{}{query}", encode(&key));
    Ok(Redirect::permanent(&to).into_response())
}

/// A path segment as it may appear in a `Location`: whatever came in, nothing that could end
/// the header or change the path.
pub fn encode(segment: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS};
    /// What may not stand in a path segment as it is (RFC 3986), `%` and `\\` too.
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'/')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'\\')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_segment_keeps_plain_keys_and_encodes_what_could_end_a_header_or_the_path() {
        assert_eq!(super::encode("youth-centre_2"), "youth-centre_2");
        assert_eq!(super::encode("a\r\nX: y/z?#"), "a%0D%0AX:%20y%2Fz%3F%23");
    }
}
