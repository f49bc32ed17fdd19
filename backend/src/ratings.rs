//! The ratings activity (issue 16, in progress): citizens rate the organisation's services and
//! tell their story; every story is moderated; staff answer in public and say what changed.
//! Its core (set-up, story checks, the summary's figures, texts) is in the widgets crate
//! (`coproduce_widgets::ratings`); here are its storage, counts, API, page, receipt, console
//! and exports.

pub mod api;
mod author;
pub mod badge;
pub mod console;
pub mod counts;
pub mod export;
pub mod page;
mod receipt;
mod shown;
pub mod storage;

use axum::http::{Method, Uri};
use axum::routing::{get, post};
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::i18n::Lang;

use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::kind::{Access, ActivityType, Answer, ExportFormat, ReceiptPage, Route};
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, ReceiptRow};

/// The ratings kind, as the registry (`crate::activities`) knows it.
pub struct Ratings;

impl ActivityType for Ratings {
    fn kind(&self) -> ActivityKind {
        ActivityKind::Ratings
    }

    fn routes(&self) -> Vec<Route> {
        use Access::{Api, Console, Page};
        let console = |path, handler| Route::new(Method::POST, path, Console, handler);
        vec![
            Route::new(
                Method::POST,
                "/api/v1/orgs/{org}/activities/{key}/stories",
                Api,
                post(api::submit),
            ),
            Route::new(Method::GET, "/o/{org}/ratings/{key}", Page, get(page::show)),
            Route::new(
                Method::GET,
                "/o/{org}/ratings/{key}/badge.js",
                Page,
                get(badge::script),
            ),
            Route::new(
                Method::POST,
                "/o/{org}/ratings/{key}",
                Page,
                post(page::post),
            ),
            Route::new(
                Method::POST,
                "/o/{org}/receipt/{token}/story",
                Page,
                post(author::edit),
            ),
            Route::new(
                Method::POST,
                "/o/{org}/receipt/{token}/reply",
                Page,
                post(author::reply),
            ),
            Route::new(
                Method::POST,
                "/api/v1/orgs/{org}/activities/{key}/stories/{story}/helpful",
                Api,
                post(api::helpful),
            ),
            Route::new(
                Method::POST,
                "/o/{org}/ratings/{key}/stories/{story}/helpful",
                Page,
                post(page::helpful),
            ),
            console(
                "/console/activities/{key}/ratings/stories/{story}/redact",
                post(console::redact),
            ),
            console(
                "/console/activities/{key}/ratings/setup",
                post(console::setup),
            ),
            console(
                "/console/activities/{key}/ratings/stories/{story}/ask-edit",
                post(console::ask_edit),
            ),
            console(
                "/console/activities/{key}/ratings/stories/{story}/publish",
                post(console::publish),
            ),
            console(
                "/console/activities/{key}/ratings/stories/{story}/reject",
                post(console::reject),
            ),
            console(
                "/console/activities/{key}/ratings/stories/{story}/answer",
                post(console::answer),
            ),
            console(
                "/console/activities/{key}/ratings/stories/{story}/change",
                post(console::change),
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
            let published = counts.get("published");
            let answered = crate::domain::answered::Answered::from(&counts).percent_of(published);
            let lang = staff.lang;
            let (stories, said) = if lang == Lang::En {
                ("stories", "answered")
            } else {
                ("Geschichten", "beantwortet")
            };
            Ok(maud::html! {
                div.card { span.big { (published) } " " (stories) }
                div.card { span.big { (answered) " %" } " " (said) }
            })
        })
    }
}
