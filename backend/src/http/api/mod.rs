//! The public JSON API, versioned under `/api/v1`.

mod ideas;
mod openapi;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

use super::AppState;
use super::tenant::org_cors;

pub fn routes(state: AppState) -> Router<AppState> {
    let org_routes = Router::new()
        .route(
            "/api/v1/orgs/{org}/activities/{board}",
            get(ideas::board).options(ideas::preflight),
        )
        .route(
            "/api/v1/orgs/{org}/activities/{board}/ideas",
            post(ideas::submit).options(ideas::preflight),
        )
        .route(
            "/api/v1/orgs/{org}/activities/{board}/ideas/{idea}/supports",
            post(ideas::support).options(ideas::preflight),
        )
        .route(
            "/api/v1/orgs/{org}/receipts/{token}",
            get(ideas::receipt).options(ideas::preflight),
        )
        .route(
            "/api/v1/orgs/{org}/receipts/{token}/withdraw",
            post(ideas::withdraw).options(ideas::preflight),
        )
        .route_layer(middleware::from_fn_with_state(state, org_cors));
    Router::new()
        .merge(org_routes)
        .route("/api/v1/openapi.json", get(openapi::document))
}
