//! The operator's requests to a running server (`crate::operator`): a backup while serving,
//! and `org` / `board` commands while the server holds the embedded database. Only from this
//! machine (loopback), only with the token `serve` wrote for the command line.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::ApiError;
use crate::operator::Said;

/// Equal tokens, compared by their hashes: no timing tells how much of a guess was right.
fn same(a: &str, b: &str) -> bool {
    Sha256::digest(a.as_bytes()) == Sha256::digest(b.as_bytes())
}

/// Whether the request is the operator's: from this machine, with the token.
fn allowed(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> Result<(), ApiError> {
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = state.operator_token.as_deref() else {
        return Err(ApiError::not_found());
    };
    if peer.ip().is_loopback() && sent.is_some_and(|s| same(s, token)) {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

/// `GET /operator/backup`: the database as SurrealQL, streamed while the server serves.
pub async fn backup(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    allowed(&state, peer, &headers)?;
    let chunks = state.store.export().await?;
    let body = Body::from_stream(chunks.map(|c| c.map_err(std::io::Error::other)));
    let mut res = (StatusCode::OK, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/sql; charset=utf-8"),
    );
    tracing::info!("backup sent to the operator");
    Ok(res)
}

/// `POST /operator/command`: an `org` or `board` command of the command line (its arguments
/// as a JSON array), run by the server that holds the database; what it says (`Said`).
pub async fn command(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: String,
) -> Result<axum::Json<Said>, ApiError> {
    allowed(&state, peer, &headers)?;
    let refused = |text: String| axum::Json(Said { ok: false, text });
    let Ok(sent) = serde_json::from_str::<Vec<String>>(&body) else {
        return Ok(refused(
            "the command's arguments as a JSON array of strings".into(),
        ));
    };
    let args = std::iter::once("coproduce".to_string()).chain(sent.iter().cloned());
    let admin = match <crate::admin::Admin as clap::Parser>::try_parse_from(args) {
        Ok(admin) => admin,
        Err(e) => return Ok(refused(e.to_string())),
    };
    match crate::admin::manage(&state.store, admin.command).await {
        Ok(text) => {
            let what = sent.iter().take(2).cloned().collect::<Vec<_>>().join(" ");
            tracing::info!(command = %what, "operator command");
            Ok(axum::Json(Said { ok: true, text }))
        }
        Err(e) => Ok(refused(format!("{e:#}"))),
    }
}
