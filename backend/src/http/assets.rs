//! The embed's files, health check and landing page. The embed files are public and static:
//! any origin may load them (`Access-Control-Allow-Origin: *`).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use coproduce_widgets::WIDGET_CSS;
use std::sync::LazyLock;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use super::AppState;

const LOADER: &str = include_str!("../../../widgets/loader/embed.js");

fn public_asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

async fn loader() -> Response {
    public_asset("text/javascript; charset=utf-8", LOADER)
}

/// The widget stylesheet as sent: linked by the embed, inlined into pages and the console.
pub(super) fn widget_css() -> &'static str {
    static CSS: LazyLock<String> = LazyLock::new(|| coproduce_widgets::css::minify(WIDGET_CSS));
    &CSS
}

async fn widget_stylesheet() -> Response {
    public_asset("text/css; charset=utf-8", widget_css())
}

/// Ready when the database answers.
async fn health(State(state): State<AppState>) -> StatusCode {
    match state.store.list_orgs().await {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

async fn landing() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>coproduce</title></head>\
<body style=\"font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem\"><main><h1>coproduce</h1>\
<p>Citizen participation, hosted by the organisation. Staff: <a href=\"/console\">console</a>. Developers: <a href=\"/api/v1/openapi.json\">API (OpenAPI)</a>.</p></main></body></html>",
    )
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(landing))
        .route("/health", get(health))
        .route("/embed.js", get(loader))
        .route("/widget.css", get(widget_stylesheet))
}

/// The WASM bundle built by Trunk, served from the configured directory.
pub fn bundle(dir: &std::path::Path) -> Router<AppState> {
    Router::new().nest_service(
        "/widget",
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ))
            .service(ServeDir::new(dir)),
    )
}
