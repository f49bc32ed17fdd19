//! The public JSON API, versioned under `/api/v1`: what every activity kind shares (the
//! OpenAPI document, the CORS layer for an organisation's routes). Each kind adds its own
//! routes (`ideas::api`).

mod openapi;

use axum::Router;
use axum::middleware;
use axum::routing::get;

use super::AppState;
use super::tenant::org_cors;

/// `routes` of an organisation (`/api/v1/orgs/{org}/…`), behind the organisation's CORS rules.
pub fn for_org(state: AppState, routes: Router<AppState>) -> Router<AppState> {
    routes.route_layer(middleware::from_fn_with_state(state, org_cors))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(openapi::document))
}
