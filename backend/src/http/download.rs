//! Exports as downloads sent while they are read: every kind gives its pieces, this makes the
//! response (type, file name, a body that ends visibly when a piece fails).

use std::future::Future;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::kind::{ExportFormat, encode};

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Json => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// The file `{stem}.{extension}`: its body is the pieces `next` gives, starting from `start`,
/// until it gives `None`. A failed piece is logged and ends the body with an error, so the
/// download fails in the browser instead of looking whole while it is short.
pub fn streamed<S, F, Fut>(stem: &str, format: ExportFormat, start: S, next: F) -> Response
where
    S: Send + 'static,
    F: FnMut(S) -> Fut + Send + 'static,
    Fut: Future<Output = Option<(Result<Vec<u8>, String>, S)>> + Send + 'static,
{
    streamed_as(
        stem,
        (format.content_type(), format.extension()),
        start,
        next,
    )
}

/// As `streamed`, for a file of another type: (content type, extension).
pub fn streamed_as<S, F, Fut>(
    stem: &str,
    (content_type, extension): (&str, &str),
    start: S,
    mut next: F,
) -> Response
where
    S: Send + 'static,
    F: FnMut(S) -> Fut + Send + 'static,
    Fut: Future<Output = Option<(Result<Vec<u8>, String>, S)>> + Send + 'static,
{
    let pieces = futures_util::stream::unfold(Some(start), move |at| {
        let piece = at.map(&mut next);
        async move {
            let (piece, at) = piece?.await?;
            Some(match piece {
                Ok(bytes) => (Ok(Bytes::from(bytes)), Some(at)),
                Err(detail) => {
                    tracing::error!(%detail, "export failed midway");
                    (Err(std::io::Error::other("export failed")), None)
                }
            })
        }
    })
    // Fused: a body wrapper (gzip) may ask again after the end, which a bare `unfold`
    // answers with a panic.
    .fuse();
    let file = format!(
        "attachment; filename=\"{}.{}\"",
        encode(stem).replace('"', ""),
        extension
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        Body::from_stream(pieces),
    )
        .into_response()
}
