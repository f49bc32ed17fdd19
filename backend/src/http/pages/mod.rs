//! Standalone pages: the widgets rendered on the server, plain forms, no JavaScript. What every
//! kind shares lives here (the page shell, the receipt page); each kind adds its own page
//! (`ideas::page`).

mod receipt;
pub mod shell;

use axum::Router;
use axum::routing::{get, post};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/o/{org}/receipt/{token}", get(receipt::show))
        .route("/o/{org}/receipt/{token}/withdraw", post(receipt::withdraw))
}
