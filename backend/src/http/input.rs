//! Request bodies: form-encoded (no-JS pages, and the widget's CORS-simple posts) or JSON,
//! within the shared size limit, with clear errors for anything else.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use coproduce_widgets::contract::{codes, limits};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// A body decoded from a form or JSON, by its `Content-Type`.
pub struct Input<T>(pub T);

/// A body like `Input`'s, up to `LARGE_BODY_BYTES_MAX`: a survey response (its route raises
/// the router's body limit to match).
pub struct LargeInput<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Input<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        decode(req, state, limits::BODY_BYTES_MAX).await.map(Self)
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for LargeInput<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        decode(req, state, limits::LARGE_BODY_BYTES_MAX)
            .await
            .map(Self)
    }
}

async fn decode<S: Send + Sync, T: DeserializeOwned>(
    req: Request,
    state: &S,
    max: usize,
) -> Result<T, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let too_large = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > max);
    if too_large {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::PAYLOAD_TOO_LARGE,
        ));
    }
    let bytes = Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, codes::PAYLOAD_TOO_LARGE)
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED)
        }
    })?;
    let malformed = || ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED);
    let value = match content_type.as_str() {
        "application/x-www-form-urlencoded" => {
            serde_urlencoded::from_bytes(&bytes).map_err(|_| malformed())?
        }
        "application/json" => serde_json::from_slice(&bytes).map_err(|_| malformed())?,
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
            ));
        }
    };
    Ok(value)
}

/// A query string decoded into `T`; one that does not fit answers 400 with a stable code
/// instead of axum's plain-text rejection.
pub struct QueryOf<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequestParts<S> for QueryOf<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        query_of(&parts.uri).map(Self)
    }
}

/// The query string of `uri` decoded into `T` (400 `malformed_query` when it does not fit).
pub fn query_of<T: DeserializeOwned>(uri: &axum::http::Uri) -> Result<T, ApiError> {
    serde_urlencoded::from_str(uri.query().unwrap_or(""))
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED_QUERY))
}
