//! Tiles and address lookups through the backend: a citizen's browser asks only us, we ask the
//! map's tile server and geocoder (cached, `map::tiles`, `map::geocode`), a bounded number of
//! times per client and minute.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::codes;
use serde::{Deserialize, Serialize};

use crate::http::AppState;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::lang::ReqLang;
use crate::http::tenant::Tenant;
use coproduce_widgets::map::contract::map_codes;

use super::api::invalid;

/// A map tile, fetched by the backend from the map's tile server (and kept): the citizen's
/// browser asks no one else.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn tile(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, z, x, y)): Path<(String, String, u8, u32, String)>,
    ClientAddr(addr): ClientAddr,
) -> Result<Response, ApiError> {
    let per_minute = state.settings.map.tiles_per_client_per_minute;
    state.within_rate("t", addr, per_minute)?;
    let y: u32 = y
        .trim_end_matches(".png")
        .parse()
        .map_err(|_| ApiError::not_found())?;
    let now = state.current_map(&tenant.id, &key).await?;
    let bytes = state
        .maps
        .tiles
        .tile(&now.map.tiles, z, x, y)
        .await
        .map_err(|e| match e {
            super::tiles::TileError::NoSuchTile => ApiError::not_found(),
            super::tiles::TileError::Unavailable => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.code())
            }
        })?;
    let kind = image_type(&bytes);
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The type of a tile by its first bytes (tile servers send PNG, JPEG or WebP).
fn image_type(b: &[u8]) -> &'static str {
    if b.starts_with(&[0xFF, 0xD8]) {
        "image/jpeg"
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        "image/webp"
    } else {
        "image/png"
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct GeocodeQuery {
    #[serde(default)]
    q: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FoundPlace {
    pub lat: f64,
    pub lon: f64,
    pub label: String,
}

/// Places a typed address names, looked up by the backend at the map's geocoder.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn geocode(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    Query(q): Query<GeocodeQuery>,
    ClientAddr(addr): ClientAddr,
) -> Result<Json<Vec<FoundPlace>>, ApiError> {
    let per_minute = state.settings.map.lookups_per_client_per_minute;
    state.within_rate("g", addr, per_minute)?;
    let found = state.look_up(&tenant.id, &key, &q.q, lang).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|f| FoundPlace {
                lat: f.at.lat(),
                lon: f.at.lon(),
                label: f.label,
            })
            .collect(),
    ))
}

impl AppState {
    /// Counts one of a client's tiles (`what` = "t") or lookups ("g"); 429 beyond the bound.
    fn within_rate(&self, what: &str, addr: SocketAddr, per_minute: u32) -> Result<(), ApiError> {
        let key = format!("{what}:{}", self.keys.client(addr.ip()));
        if self.maps.asked.allow(&key, per_minute) {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED,
            ))
        }
    }

    /// Looks `query` up at the map's geocoder, within its area.
    pub async fn look_up(
        &self,
        org: &crate::domain::OrgId,
        key: &str,
        query: &str,
        lang: coproduce_widgets::i18n::Lang,
    ) -> Result<Vec<super::geocode::Found>, ApiError> {
        let now = self.current_map(org, key).await?;
        let Some(base) = now.map.geocoder.as_deref() else {
            return Err(ApiError::new(StatusCode::NOT_FOUND, map_codes::NO_GEOCODER));
        };
        let geocoder = self.maps.geocoder(base).map_err(ApiError::unexpected)?;
        let area = now.map.definition.area().ok().flatten();
        geocoder
            .search(query, lang, area)
            .await
            .map_err(|e| match e {
                super::geocode::GeocodeError::InvalidQuery => invalid("q"),
                super::geocode::GeocodeError::Unavailable => {
                    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.code())
                }
            })
    }
}
