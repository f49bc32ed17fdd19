//! The staff console: server-rendered pages with plain forms; a session cookie (HttpOnly,
//! SameSite=Strict, Secure behind TLS) and a CSRF token on every state change.

mod actions;
mod auth;
mod board;
mod dashboard;
mod export;
mod figures;
mod layout;

pub use layout::console_style;
mod settings;

use axum::Router;
use axum::routing::{get, post};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console", get(dashboard::dashboard))
        .route("/console/login", get(auth::login_page).post(auth::login))
        .route("/console/logout", post(auth::logout))
        .route("/console/boards", post(settings::create_board))
        .route("/console/boards/{board}", get(board::show))
        .route(
            "/console/boards/{board}/settings",
            post(settings::update_board),
        )
        .route("/console/boards/{board}/export.csv", get(export::csv))
        .route("/console/boards/{board}/export.json", get(export::json))
        .route(
            "/console/boards/{board}/ideas/{idea}/status",
            post(actions::status),
        )
        .route(
            "/console/boards/{board}/ideas/{idea}/hide",
            post(actions::hide),
        )
        .route(
            "/console/boards/{board}/ideas/{idea}/publish",
            post(actions::publish),
        )
        .route(
            "/console/boards/{board}/ideas/{idea}/merge",
            post(actions::merge),
        )
        .route("/console/settings", get(settings::show))
        .route("/console/settings/origins", post(settings::origins))
        .route("/console/staff", post(settings::add_staff))
}
