//! Answers of the servers the map asks (tile server, geocoder), read within a size bound as
//! they arrive: a server that sends no length, or lies about it, cannot make the backend hold
//! more than the bound.

use axum::body::Bytes;

/// The body of `res`, or `None` when it is larger than `max` bytes or breaks off.
pub async fn body_within(mut res: reqwest::Response, max: usize) -> Option<Bytes> {
    if res.content_length().is_some_and(|n| n > max as u64) {
        return None;
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.ok()? {
        if body.len() + chunk.len() > max {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(Bytes::from(body))
}
