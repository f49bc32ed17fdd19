//! Bounds every request gets, whatever route it takes: a time limit, paths without control
//! characters, and error bodies (with a stable code) for addresses and methods that do not
//! exist.

use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::codes;

use super::error::ApiError;

/// Middleware: a request that takes longer than `limit` (a slow body included) gets 408.
/// What a write had committed stays committed: storage calls finish or roll back whole.
pub async fn within(limit: Duration, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("request timed out");
            ApiError::new(StatusCode::REQUEST_TIMEOUT, codes::REQUEST_TIMEOUT).into_response()
        }
    }
}

/// Whether a path, decoded, holds a control character (a line break, DEL …): no key,
/// token or id of ours does, and one would otherwise reach headers and logs.
fn has_control_chars(path: &str) -> bool {
    percent_encoding::percent_decode_str(path).any(|b| b < 0x20 || b == 0x7f)
}

/// Middleware: answers 404 for a path with control characters, before any route sees it.
pub async fn plain_paths(req: Request, next: Next) -> Response {
    if has_control_chars(req.uri().path()) {
        return ApiError::not_found().into_response();
    }
    next.run(req).await
}

pub async fn not_found() -> ApiError {
    ApiError::not_found()
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, codes::METHOD_NOT_ALLOWED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_control_characters_are_found_and_plain_keys_pass() {
        for bad in ["/o/a/ideas/b%0A", "/o/a%0d/x", "/x%7F", "/x%7f/y", "/%00"] {
            assert!(has_control_chars(bad), "{bad}");
        }
        for good in [
            "/o/a/ideas/b",
            "/o/a/ideas/b%20c",
            "/x%",
            "/x%7",
            "/x%zz",
            "/%C3%A4",
        ] {
            assert!(!has_control_chars(good), "{good}");
        }
    }
}
