//! The ideas activity: a board on a question where citizens submit and support ideas and the
//! organisation answers them. Its domain, counts, storage, API, page, console and export.

pub mod api;
pub mod console;
pub mod contribute;
pub mod counts;
pub mod domain;
pub mod export;
pub mod page;
pub mod storage;

mod receipt;

use axum::http::{Method, Uri};
use axum::routing::post;
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::i18n::Lang;

use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::kind::{Access, ActivityType, Answer, ExportFormat, ReceiptPage, Route};
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, ReceiptRow};

/// The ideas kind, as the registry (`crate::activities`) knows it.
pub struct Ideas;

impl ActivityType for Ideas {
    fn kind(&self) -> ActivityKind {
        ActivityKind::Ideas
    }

    fn routes(&self) -> Vec<Route> {
        use Access::{Api, Console, Page};
        vec![
            Route::new(
                Method::POST,
                "/api/v1/orgs/{org}/activities/{key}/ideas",
                Api,
                post(api::submit),
            ),
            Route::new(
                Method::POST,
                "/api/v1/orgs/{org}/activities/{key}/ideas/{idea}/supports",
                Api,
                post(api::support),
            ),
            Route::new(
                Method::GET,
                "/o/{org}/ideas/{key}",
                Page,
                axum::routing::get(page::show),
            ),
            Route::new(
                Method::POST,
                "/o/{org}/ideas/{key}/ideas",
                Page,
                post(page::submit),
            ),
            Route::new(
                Method::POST,
                "/o/{org}/ideas/{key}/ideas/{idea}/support",
                Page,
                post(page::support),
            ),
            Route::new(
                Method::POST,
                "/console/activities/{key}/ideas/{idea}/status",
                Console,
                post(console::actions::status),
            ),
            Route::new(
                Method::POST,
                "/console/activities/{key}/ideas/{idea}/hide",
                Console,
                post(console::actions::hide),
            ),
            Route::new(
                Method::POST,
                "/console/activities/{key}/ideas/{idea}/publish",
                Console,
                post(console::actions::publish),
            ),
            Route::new(
                Method::POST,
                "/console/activities/{key}/ideas/{idea}/merge",
                Console,
                post(console::actions::merge),
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
            Ok(console::figures::cards(
                staff.lang,
                &counts::IdeaTotals::from(&counts),
            ))
        })
    }
}
