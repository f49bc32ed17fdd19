//! Standalone pages: the widgets rendered on the server, plain forms, no JavaScript.

mod board;
mod receipt;
pub mod shell;

use axum::Router;
use axum::routing::{get, post};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/o/{org}/ideas/{board}", get(board::show))
        .route("/o/{org}/ideas/{board}/ideas", post(board::submit))
        .route(
            "/o/{org}/ideas/{board}/ideas/{idea}/support",
            post(board::support),
        )
        .route("/o/{org}/receipt/{token}", get(receipt::show))
        .route("/o/{org}/receipt/{token}/withdraw", post(receipt::withdraw))
}
