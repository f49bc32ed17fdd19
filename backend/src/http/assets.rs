//! The embed's files, health check and landing page. The embed files are public and static:
//! any origin may load them (`Access-Control-Allow-Origin: *`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::{WIDGET_CSS, kind_css};
use std::sync::LazyLock;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use super::AppState;

/// The loader's source, sent when the widget build's minified copy is missing.
const LOADER_SOURCE: &str = include_str!("../../../widgets/loader/embed.js");

/// The loader as sent: the copy the widget build minified (`finish-bundle.mjs`: 1.3 → 0.8 KB
/// gzipped, on every page view of a host site, since the rest loads only near a widget), else
/// the source. Read once at start; `scripts/run` builds the widgets before it starts the server.
fn loader_from(widget_dir: &std::path::Path) -> Bytes {
    match std::fs::read_to_string(widget_dir.join("embed.js")) {
        Ok(built) if !built.trim().is_empty() => Bytes::from(built),
        _ => Bytes::from_static(LOADER_SOURCE.as_bytes()),
    }
}

fn public_asset(content_type: &'static str, body: impl IntoResponse) -> Response {
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

/// The widget stylesheet with every kind's rules, as sent: inlined into pages and the
/// console, and linked by an embed whose kind is not named.
pub(super) fn widget_css() -> &'static str {
    static CSS: LazyLock<String> = LazyLock::new(|| {
        let kinds = ActivityKind::ALL.map(kind_css).concat();
        coproduce_widgets::css::minify(&format!("{WIDGET_CSS}{kinds}"))
    });
    &CSS
}

/// The stylesheet an embed of `kind` links: the shared rules and its kind's.
fn kind_stylesheet(kind: ActivityKind) -> &'static str {
    static CSS: LazyLock<Vec<(ActivityKind, String)>> = LazyLock::new(|| {
        ActivityKind::ALL
            .map(|k| {
                let css = format!("{WIDGET_CSS}{}", kind_css(k));
                (k, coproduce_widgets::css::minify(&css))
            })
            .to_vec()
    });
    CSS.iter()
        .find(|(k, _)| *k == kind)
        .map_or_else(widget_css, |(_, css)| css.as_str())
}

#[derive(serde::Deserialize)]
struct StylesheetQuery {
    kind: Option<String>,
}

/// `/widget.css?kind=survey`: the shared rules and the kind's; without a kind (or with one
/// this release does not know), every kind's.
async fn widget_stylesheet(Query(q): Query<StylesheetQuery>) -> Response {
    let css = match q.kind.as_deref().and_then(ActivityKind::parse) {
        Some(kind) => kind_stylesheet(kind),
        None => widget_css(),
    };
    public_asset("text/css; charset=utf-8", css)
}

/// `/health/ready` (and `/health`): the database answers and is migrated to this release.
/// A load balancer sends requests only to a ready backend.
async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if !state.store.reachable() {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n");
    }
    match state.store.ready().await {
        Ok(true) => (StatusCode::OK, "ready\n"),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending\n"),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    }
}

/// `/health/live`: the process answers (it asks nothing of the database): a supervisor
/// restarts a backend that does not.
async fn live() -> (StatusCode, &'static str) {
    (StatusCode::OK, "live\n")
}

/// The landing page's one `<style>`: the Content-Security-Policy allows it by its hash.
pub(super) fn landing_style() -> &'static str {
    LANDING_CSS
}

const LANDING_CSS: &str =
    "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}";

async fn landing() -> Html<&'static str> {
    static PAGE: LazyLock<String> = LazyLock::new(|| {
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>coproduce</title>\
<style>{LANDING_CSS}</style></head><body><main><h1>coproduce</h1>\
<p>Citizen participation, hosted by the organisation. Staff: <a href=\"/console\">console</a>. Developers: <a href=\"/api/v1/openapi.json\">API (OpenAPI)</a>.</p></main></body></html>"
        )
    });
    Html(PAGE.as_str())
}

pub fn routes(widget_dir: &std::path::Path) -> Router<AppState> {
    // Cheap to clone: shares the bytes read once.
    let loader = loader_from(widget_dir);
    Router::new()
        .route("/", get(landing))
        .route("/health", get(ready))
        .route("/health/ready", get(ready))
        .route("/health/live", get(live))
        .route(
            "/embed.js",
            get(move || async move { public_asset("text/javascript; charset=utf-8", loader) }),
        )
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

#[cfg(test)]
mod tests {
    use super::{LOADER_SOURCE, loader_from};

    #[test]
    fn the_loader_is_the_built_copy_when_there_is_one() {
        let dir =
            std::env::temp_dir().join(format!("coproduce-loader-{}", crate::domain::random_key(8)));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(
            loader_from(&dir),
            LOADER_SOURCE.as_bytes(),
            "no build: the source"
        );
        std::fs::write(dir.join("embed.js"), "").unwrap();
        assert_eq!(
            loader_from(&dir),
            LOADER_SOURCE.as_bytes(),
            "an empty build: the source"
        );
        std::fs::write(dir.join("embed.js"), "(function(){})();").unwrap();
        assert_eq!(loader_from(&dir), "(function(){})();".as_bytes());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
