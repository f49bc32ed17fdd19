//! The HTTP error: a stable code, a status, maybe a field. The message is added in the
//! request's language by `localize`, so handlers can simply use `?`. 5xx details are logged,
//! never sent.

use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::{ErrorBody, codes};

use super::lang::negotiate;
use super::text::server_error_message;
use crate::domain::Invalid;
use crate::domain::InvalidFields;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid {field}: {code}")]
    Invalid {
        field: &'static str,
        code: &'static str,
    },
    #[error("{code}")]
    Status {
        status: StatusCode,
        code: &'static str,
    },
    /// Anything else: a 500, with the error kept (and its sources) for the log.
    #[error("unexpected error")]
    Unexpected(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str) -> Self {
        Self::Status { status, code }
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND)
    }
    pub fn unexpected(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Unexpected(e.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { code, .. } | Self::Status { code, .. } => code,
            Self::Unexpected(_) => codes::INTERNAL,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Status { status, .. } => *status,
            Self::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        Self::Invalid {
            field: e.field,
            code: e.code,
        }
    }
}

impl From<InvalidFields> for ApiError {
    fn from(e: InvalidFields) -> Self {
        match e.0.into_iter().next() {
            Some(first) => first.into(),
            None => Self::new(StatusCode::UNPROCESSABLE_ENTITY, codes::INVALID),
        }
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound => Self::not_found(),
            StorageError::Closed => Self::new(StatusCode::CONFLICT, codes::BOARD_CLOSED),
            StorageError::AlreadyExists => Self::new(StatusCode::CONFLICT, codes::CONFLICT),
            StorageError::LastAdmin => Self::new(StatusCode::CONFLICT, codes::LAST_ADMIN),
            StorageError::Conflict | StorageError::Contention(_) | StorageError::Stopped => {
                tracing::warn!(error = %e, "write gave up under contention");
                Self::new(StatusCode::SERVICE_UNAVAILABLE, codes::RATE_LIMITED)
            }
            other => Self::Unexpected(Box::new(other)),
        }
    }
}

/// An error and every source under it, `outer: inner: …`, for the log.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        text.push_str(": ");
        text.push_str(&e.to_string());
        next = e.source();
    }
    text
}

/// What `localize` turns into a body.
#[derive(Clone, Debug)]
struct ErrorInfo {
    code: &'static str,
    field: Option<&'static str>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Unexpected(error) = &self {
            tracing::error!(error = %chain(error.as_ref()), "request failed");
        }
        let field = match &self {
            Self::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        let mut res = self.status().into_response();
        res.extensions_mut().insert(ErrorInfo {
            code: self.code(),
            field,
        });
        res
    }
}

/// The code of a rejection that axum's own extractors answered (a path that does not decode,
/// a body limit) with a plain-text body: the same error body as ours, by its status.
fn rejection_info(res: &Response) -> Option<ErrorInfo> {
    let status = res.status();
    // Plain text from an extractor, or nothing at all (a file the bundle does not have).
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !status.is_client_error() || !plain {
        return None;
    }
    let code = match status {
        StatusCode::NOT_FOUND => codes::NOT_FOUND,
        StatusCode::METHOD_NOT_ALLOWED => codes::METHOD_NOT_ALLOWED,
        StatusCode::PAYLOAD_TOO_LARGE => codes::PAYLOAD_TOO_LARGE,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => codes::UNSUPPORTED_MEDIA_TYPE,
        StatusCode::UNPROCESSABLE_ENTITY => codes::INVALID,
        _ => codes::BAD_REQUEST,
    };
    Some(ErrorInfo { code, field: None })
}

/// Middleware: gives every `ApiError`, and every rejection of axum's extractors, a JSON body
/// with a stable code and the message in the request's language.
pub async fn localize(req: Request, next: Next) -> Response {
    let lang = negotiate(req.headers(), req.uri().query());
    let res = next.run(req).await;
    let Some(info) = res
        .extensions()
        .get::<ErrorInfo>()
        .cloned()
        .or_else(|| rejection_info(&res))
    else {
        return res;
    };
    let status = res.status();
    let body = ErrorBody {
        code: info.code.to_string(),
        message: server_error_message(lang, info.code).to_string(),
        field: info.field.map(str::to_string),
    };
    let mut out = (status, Json(body)).into_response();
    for kept in [header::ACCESS_CONTROL_ALLOW_ORIGIN, header::RETRY_AFTER] {
        if let Some(value) = res.headers().get(&kept) {
            out.headers_mut().insert(kept, value.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unexpected_error_keeps_its_sources_for_the_log_and_tells_the_client_nothing() {
        let inner = std::io::Error::other("disk on fire");
        let err = ApiError::from(StorageError::Decode(String::from("bad row")));
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(err.code(), codes::INTERNAL);
        let logged = match &err {
            ApiError::Unexpected(e) => chain(e.as_ref()),
            other => panic!("not unexpected: {other:?}"),
        };
        assert_eq!(
            logged, "unexpected data from the database: bad row",
            "the storage error itself, not a copy of its text"
        );
        assert!(std::error::Error::source(&err).is_some());
        let wrapped = ApiError::unexpected(inner);
        assert_eq!(wrapped.to_string(), "unexpected error");
        let logged = match &wrapped {
            ApiError::Unexpected(e) => chain(e.as_ref()),
            _ => unreachable!(),
        };
        assert_eq!(logged, "disk on fire");
    }
}
