//! While the database server does not answer (`Store::reachable`), a request that needs it is
//! answered at once (and one waiting for it when it went away, then) — 503 `database_unavailable`, try again in a few seconds — rather than
//! left waiting until its timeout. What needs no database (liveness, the embed's files, the
//! landing page) is served as ever.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::codes;

use super::AppState;
use super::error::ApiError;

/// Seconds a client is asked to wait: the probe looks again every second.
const RETRY_AFTER_SECS: &str = "3";

pub async fn while_unreachable(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    // An embedded database cannot go away: nothing to watch on every request.
    if !state.store.is_remote() || needs_no_database(req.uri().path()) {
        return next.run(req).await;
    }
    if state.store.reachable() {
        // A request already waiting on the server when it goes away is answered then, too:
        // not acknowledged, whether or not its write reached the server before.
        tokio::select! {
            res = next.run(req) => return res,
            () = state.store.lost() => {}
        }
    }
    unavailable()
}

fn unavailable() -> Response {
    let mut res =
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, codes::DATABASE_UNAVAILABLE).into_response();
    res.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(RETRY_AFTER_SECS),
    );
    res
}

fn needs_no_database(path: &str) -> bool {
    matches!(path, "/" | "/health/live" | "/embed.js" | "/widget.css")
        || path.starts_with("/widget/")
}

#[cfg(test)]
mod tests {
    use super::needs_no_database;

    #[test]
    fn only_what_is_served_without_the_database_passes() {
        for path in ["/health/live", "/embed.js", "/widget/ideas/app.wasm", "/"] {
            assert!(needs_no_database(path), "{path}");
        }
        for path in [
            "/health/ready",
            "/api/v1/orgs/a",
            "/o/a",
            "/console",
            "/widgetx",
        ] {
            assert!(!needs_no_database(path), "{path}");
        }
    }
}
