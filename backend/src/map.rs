//! The map activity: citizens report places (with photos) on a public map, say "me too", and
//! follow the organisation's public updates; staff triage in the console; city systems speak
//! Open311 to it. Its core (set-up, locations, limits, texts, the wire contract) is in the
//! widgets crate (`coproduce_widgets::map`), shared with the embed; here are its storage,
//! counts, API, page, receipt, console, exports, clusters, photos, tiles and address lookups.

pub mod api;
pub mod cluster;
pub mod console;
pub mod counts;
pub mod export;
mod fetched;
pub mod geocode;
pub mod near;
pub mod open311;
mod overview;
pub mod page;
pub mod photo;
mod receipt;
pub mod report;
pub mod services;
mod shown;
pub mod storage;
pub mod texts;
pub mod tiles;
pub mod upload;
pub mod upstream;

use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::routing::{get, post};
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::i18n::Lang;

use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::kind::{Access, ActivityType, Answer, ExportFormat, ReceiptPage, Route};
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, ReceiptRow};
use console::actions;
use counts::MapTotals;
use texts::{MapText, text};

/// The map kind, as the registry (`crate::activities`) knows it.
pub struct Map;

impl ActivityType for Map {
    fn kind(&self) -> ActivityKind {
        ActivityKind::Map
    }

    fn routes(&self) -> Vec<Route> {
        use Access::{Api, Console, Page};
        // A report with photos from a phone, as they come (the page cannot shrink them).
        let photos = || DefaultBodyLimit::max(upload::BODY_BYTES_MAX);
        let large =
            || DefaultBodyLimit::max(coproduce_widgets::contract::limits::LARGE_BODY_BYTES_MAX);
        let api = |method, path, handler| Route::new(method, path, Api, handler);
        let page = |method, path, handler| Route::new(method, path, Page, handler);
        let console = |path, handler| Route::new(Method::POST, path, Console, handler);
        vec![
            api(
                Method::POST,
                "/api/v1/orgs/{org}/activities/{key}/reports",
                post(api::submit).layer(photos()),
            ),
            api(
                Method::GET,
                "/api/v1/orgs/{org}/activities/{key}/reports",
                get(api::list),
            ),
            api(
                Method::GET,
                "/api/v1/orgs/{org}/activities/{key}/reports/{report}",
                get(api::one),
            ),
            api(
                Method::POST,
                "/api/v1/orgs/{org}/activities/{key}/reports/{report}/me-too",
                post(api::me_too),
            ),
            api(
                Method::GET,
                "/api/v1/orgs/{org}/activities/{key}/clusters",
                get(near::cluster_view),
            ),
            api(
                Method::GET,
                "/api/v1/orgs/{org}/activities/{key}/nearby",
                get(near::nearby),
            ),
            api(
                Method::GET,
                "/api/v1/orgs/{org}/activities/{key}/geocode",
                get(upstream::geocode),
            ),
            api(
                Method::GET,
                "/api/v1/orgs/{org}/activities/{key}/tiles/{z}/{x}/{y}",
                get(upstream::tile),
            ),
            page(Method::GET, "/o/{org}/map/{key}", get(page::show)),
            page(
                Method::POST,
                "/o/{org}/map/{key}",
                post(page::post).layer(photos()),
            ),
            page(
                Method::GET,
                "/o/{org}/map/{key}/overview.png",
                get(overview::image),
            ),
            page(
                Method::POST,
                "/o/{org}/map/{key}/reports/{report}/me-too",
                post(page::me_too),
            ),
            page(
                Method::GET,
                "/o/{org}/map/{key}/reports/{report}/photos/{photo}",
                get(api::photo),
            ),
            console(
                "/console/activities/{key}/map/setup",
                post(console::setup_save).layer(large()),
            ),
            console(
                "/console/activities/{key}/map/reports/{report}/status",
                post(actions::status),
            ),
            console(
                "/console/activities/{key}/map/reports/{report}/hide",
                post(actions::hide),
            ),
            console(
                "/console/activities/{key}/map/reports/{report}/show",
                post(actions::unhide),
            ),
            console(
                "/console/activities/{key}/map/reports/{report}/redact",
                post(actions::redact),
            ),
            console(
                "/console/activities/{key}/map/reports/{report}/photos/{photo}/hide",
                post(actions::hide_photo),
            ),
            console(
                "/console/activities/{key}/map/reports/{report}/category",
                post(actions::category),
            ),
            console(
                "/console/activities/{key}/map/reports/{report}/merge",
                post(actions::merge),
            ),
            Route::new(
                Method::GET,
                "/console/activities/{key}/map/export.geojson",
                Console,
                get(export::geojson),
            ),
            Route::new(
                Method::GET,
                "/console/activities/{key}/map/reports/{report}/photos/{photo}",
                Console,
                get(api::staff_photo),
            ),
            console(
                "/console/activities/{key}/map/keys",
                post(console::keys::issue),
            ),
            console(
                "/console/activities/{key}/map/keys/revoke",
                post(console::keys::revoke),
            ),
            // Open311 GeoReport v2: a city system's calls (no browser, no form token).
            page(
                Method::GET,
                "/open311/{org}/{key}/v2/{file}",
                get(open311::get_file),
            ),
            page(
                Method::POST,
                "/open311/{org}/{key}/v2/{file}",
                post(open311::create),
            ),
            page(
                Method::GET,
                "/open311/{org}/{key}/v2/services/{file}",
                get(open311::service_definition),
            ),
            page(
                Method::GET,
                "/open311/{org}/{key}/v2/requests/{file}",
                get(open311::one_request),
            ),
            page(
                Method::GET,
                "/open311/{org}/{key}/v2/tokens/{file}",
                get(open311::token),
            ),
        ]
    }

    fn view(&self, state: AppState, tenant: Tenant, activity: ActivityRow, uri: Uri) -> Answer {
        Box::pin(api::view(state, tenant, activity, uri))
    }

    fn receipt(&self, state: AppState, tenant: Tenant, receipt: ReceiptRow) -> Answer {
        Box::pin(api::receipt(state, tenant, receipt))
    }

    fn withdraw(&self, state: AppState, tenant: Tenant, receipt: ReceiptRow) -> Answer<()> {
        Box::pin(api::withdraw(state, tenant, receipt))
    }

    fn receipt_page(
        &self,
        state: AppState,
        tenant: Tenant,
        lang: Lang,
        receipt: ReceiptRow,
        view: ReceiptPage,
    ) -> Answer {
        Box::pin(receipt::show(state, tenant, lang, receipt, view))
    }

    fn console_page(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
        uri: Uri,
    ) -> Answer {
        Box::pin(console::show(state, staff, activity, uri))
    }

    fn export(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
        format: ExportFormat,
    ) -> Answer {
        Box::pin(export::export(state, staff, activity, format))
    }

    fn open_records(
        &self,
        state: AppState,
        tenant: Tenant,
        activity: ActivityRow,
        after: Option<String>,
    ) -> Answer<crate::domain::open_data::OpenPage> {
        Box::pin(export::open_records(state, tenant, activity, after))
    }

    fn summary(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
    ) -> Answer<maud::Markup> {
        Box::pin(async move {
            let counts = state.store.counts(&staff.org, &activity.key).await?;
            let t = MapTotals::from(&counts);
            let lang = staff.lang;
            Ok(maud::html! {
                div.card { span.big { (t.public) } " " (text(lang, MapText::Reports)) }
                div.card { span.big { (t.answered.percent_of(t.public)) " %" } " " (crate::http::text::text(lang, crate::http::text::Text::AnsweredShare)) }
            })
        })
    }
}
