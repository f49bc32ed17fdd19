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

use axum::Router;
use axum::routing::{get, post};

use crate::http::AppState;

/// Every route of the ideas activity: its API, standalone page and console.
pub fn routes(state: AppState) -> Router<AppState> {
    let api = Router::new()
        .route(
            "/api/v1/orgs/{org}/activities/{board}",
            get(api::board).options(api::preflight),
        )
        .route(
            "/api/v1/orgs/{org}/activities/{board}/ideas",
            post(api::submit).options(api::preflight),
        )
        .route(
            "/api/v1/orgs/{org}/activities/{board}/ideas/{idea}/supports",
            post(api::support).options(api::preflight),
        )
        .route(
            "/api/v1/orgs/{org}/receipts/{token}",
            get(api::receipt).options(api::preflight),
        )
        .route(
            "/api/v1/orgs/{org}/receipts/{token}/withdraw",
            post(api::withdraw).options(api::preflight),
        );
    let pages = Router::new()
        .route("/o/{org}/ideas/{board}", get(page::show))
        .route("/o/{org}/ideas/{board}/ideas", post(page::submit))
        .route(
            "/o/{org}/ideas/{board}/ideas/{idea}/support",
            post(page::support),
        );
    let console = Router::new()
        .route("/console/boards/{board}", get(console::show))
        .route("/console/boards/{board}/export.csv", get(export::csv))
        .route("/console/boards/{board}/export.json", get(export::json))
        .route(
            "/console/boards/{board}/ideas/{idea}/status",
            post(console::actions::status),
        )
        .route(
            "/console/boards/{board}/ideas/{idea}/hide",
            post(console::actions::hide),
        )
        .route(
            "/console/boards/{board}/ideas/{idea}/publish",
            post(console::actions::publish),
        )
        .route(
            "/console/boards/{board}/ideas/{idea}/merge",
            post(console::actions::merge),
        );
    crate::http::api::for_org(state, api)
        .merge(pages)
        .merge(console)
}
