//! The staff console: server-rendered pages with plain forms; a session cookie (HttpOnly,
//! SameSite=Strict, Secure behind TLS) and a CSRF token on every state change.

pub mod auth;
mod dashboard;
pub mod layout;

pub use layout::console_style;
pub(crate) mod settings;

use axum::Router;
use axum::routing::{get, post};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console", get(dashboard::dashboard))
        .route("/console/login", get(auth::login_page).post(auth::login))
        .route("/console/logout", post(auth::logout))
        .route("/console/activities", post(settings::create_board))
        .route("/console/settings", get(settings::show))
        .route("/console/settings/origins", post(settings::origins))
        .route("/console/staff", post(settings::add_staff))
}
