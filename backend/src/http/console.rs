//! The staff console: server-rendered pages with plain forms; a session cookie (HttpOnly,
//! SameSite=Strict, Secure behind TLS) and a CSRF token on every state change.

mod account;
pub mod auth;
pub(crate) mod dashboard;
pub mod layout;
mod organisation;
pub mod session;
pub mod view;

pub use layout::console_style;
mod licence;
pub(crate) mod settings;

use axum::Router;
use axum::routing::{get, post};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console", get(dashboard::dashboard))
        .route("/console/login", get(auth::login_page).post(auth::login))
        .route("/console/logout", post(auth::logout))
        .route("/console/activities", post(dashboard::create_board))
        .route("/console/settings", get(organisation::show))
        .route("/console/settings/origins", post(organisation::origins))
        .route("/console/settings/licence", post(licence::licence))
        .route("/console/staff", post(organisation::add_staff))
        .route("/console/staff/{key}/role", post(organisation::change_role))
        .route("/console/staff/{key}/remove", post(organisation::remove))
        .route(
            "/console/staff/{key}/password",
            post(organisation::reset_password),
        )
        .route("/console/account", get(account::show))
        .route("/console/account/password", post(account::change_password))
}
