//! The overview image of a map for the page without JavaScript: the map's area drawn from its
//! tiles (through the tile cache, as the widget gets them) with a dot for each cluster of
//! public reports (from the grid counts: no report is read), larger for more reports, as one
//! PNG. Without tiles the dots stand on a plain background.

use std::io::Cursor;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::map::geo::{Area, Point, TILE_PX, ZOOM_MAX};
use image::{ImageFormat, ImageReader, Limits, Rgb, RgbImage};

use super::counts::{GRID_ZOOM_MAX, grid_cells, grid_prefix, grid_scope};
use super::tiles::{TileSource, Tiles};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::tenant::Tenant;

pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 400;
/// Dots drawn at most.
const DOTS_MAX: usize = 20_000;
const DOT: Rgb<u8> = Rgb([190, 18, 60]);
const RING: Rgb<u8> = Rgb([255, 255, 255]);
const BACKGROUND: Rgb<u8> = Rgb([229, 231, 235]);

/// The deepest zoom at which `area` fits the image.
fn zoom_for(area: &Area, max_zoom: u8) -> u8 {
    let mut zoom = 0;
    for z in 0..=max_zoom.min(ZOOM_MAX) {
        let (x0, y1) = area.south_west.world_px(z);
        let (x1, y0) = area.north_east.world_px(z);
        let wide = if x1 >= x0 {
            x1 - x0
        } else {
            TILE_PX * f64::from(1u32 << z) - x0 + x1
        };
        if wide > f64::from(WIDTH) || y1 - y0 > f64::from(HEIGHT) {
            break;
        }
        zoom = z;
    }
    zoom
}

/// The area the image shows: the map's, else the one its reports cover, else the world.
fn framed(area: Option<Area>, points: &[Point]) -> Area {
    if let Some(a) = area {
        return a;
    }
    let lat = points.iter().map(|p| p.lat_e6());
    let lon = points.iter().map(|p| p.lon_e6());
    match (lat.clone().min(), lat.max(), lon.clone().min(), lon.max()) {
        (Some(s), Some(n), Some(w), Some(e)) => {
            let corner = |lat, lon| Point::from_e6(lat, lon).ok();
            // A little room around them, and at least a district's size.
            let pad_lat = ((n - s) / 10).max(2_000);
            let pad_lon = ((e - w) / 10).max(3_000);
            match (
                corner(
                    (s - pad_lat).max(-90_000_000),
                    (w - pad_lon).max(-180_000_000),
                ),
                corner(
                    (n + pad_lat).min(90_000_000),
                    (e + pad_lon).min(180_000_000),
                ),
            ) {
                (Some(sw), Some(ne)) => Area::new(sw, ne).unwrap_or(Area::WORLD),
                _ => Area::WORLD,
            }
        }
        _ => Area::WORLD,
    }
}

fn decode_tile(bytes: &[u8]) -> Option<RgbImage> {
    let format = image::guess_format(bytes).ok()?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return None;
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(1024);
    limits.max_image_height = Some(1024);
    limits.max_alloc = Some(16 * 1024 * 1024);
    reader.limits(limits);
    Some(reader.decode().ok()?.to_rgb8())
}

/// Fetches the tiles under the image (through the cache) and draws it.
async fn draw(
    state: &AppState,
    (org, key): (&crate::domain::OrgId, &str),
    source: &TileSource,
    area: Area,
) -> Result<Vec<u8>, ApiError> {
    let tiles: &Tiles = &state.maps.tiles;
    let zoom = zoom_for(&area, source.max_zoom).min(GRID_ZOOM_MAX);
    let points = cells_at(state, org, key, zoom).await?;
    let (x0, y1) = area.south_west.world_px(zoom);
    let (x1, y0) = area.north_east.world_px(zoom);
    let world = TILE_PX * f64::from(1u32 << zoom);
    let cx = if x1 >= x0 {
        (x0 + x1) / 2.0
    } else {
        ((x0 + x1 + world) / 2.0) % world
    };
    let cy = (y0 + y1) / 2.0;
    let left = cx - f64::from(WIDTH) / 2.0;
    let top = cy - f64::from(HEIGHT) / 2.0;
    let first = |v: f64| (v / TILE_PX).floor() as i64;
    let n = 1i64 << zoom;
    let mut fetched = Vec::new();
    for ty in first(top)..=first(top + f64::from(HEIGHT) - 1.0) {
        if !(0..n).contains(&ty) {
            continue;
        }
        for tx in first(left)..=first(left + f64::from(WIDTH) - 1.0) {
            let wrapped = tx.rem_euclid(n);
            if let Ok(bytes) = tiles.tile(source, zoom, wrapped as u32, ty as u32).await {
                fetched.push((tx, ty, bytes));
            }
        }
    }
    let permit = state
        .maps
        .decoding
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::unexpected)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, BACKGROUND);
        for (tx, ty, bytes) in fetched {
            let Some(tile) = decode_tile(&bytes) else {
                continue;
            };
            let ox = (tx as f64 * TILE_PX - left).round() as i64;
            let oy = (ty as f64 * TILE_PX - top).round() as i64;
            image::imageops::overlay(&mut img, &tile, ox, oy);
        }
        for (p, count) in points.iter().take(DOTS_MAX) {
            let (mut x, y) = p.world_px(zoom);
            if x < left {
                x += world;
            }
            let radius = 5 + (*count as f64).log2().min(10.0) as i64;
            dot(&mut img, (x - left) as i64, (y - top) as i64, radius);
        }
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .map(|_| png)
    })
    .await
    .map_err(ApiError::unexpected)?
    .map_err(ApiError::unexpected)
}

/// A dot with a white ring, so it shows on any tile.
fn dot(img: &mut RgbImage, cx: i64, cy: i64, radius: i64) {
    let (outer, inner) = (radius * radius, (radius - 2) * (radius - 2));
    for dy in -radius..=radius {
        for dx in -radius..=radius {
            let d = dx * dx + dy * dy;
            let (x, y) = (cx + dx, cy + dy);
            if d > outer || x < 0 || y < 0 || x >= i64::from(WIDTH) || y >= i64::from(HEIGHT) {
                continue;
            }
            img.put_pixel(x as u32, y as u32, if d > inner { RING } else { DOT });
        }
    }
}

/// The grid's clusters at `zoom`: the mean point of each and how many reports it holds.
async fn cells_at(
    state: &AppState,
    org: &crate::domain::OrgId,
    key: &str,
    zoom: u8,
) -> Result<Vec<(Point, i64)>, ApiError> {
    let counts = state
        .store
        .counts_named(org, &grid_scope(key), &grid_prefix(zoom))
        .await?;
    Ok(grid_cells(&counts, zoom)
        .into_iter()
        .filter_map(|c| Some((c.center()?, c.count)))
        .collect())
}

/// `GET /o/{org}/map/{key}/overview.png`.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn image(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let now = state.current_map(&tenant.id, &key).await?;
    let area = match now.map.definition.area().ok().flatten() {
        Some(a) => a,
        // Framed around the reports, as the finest grid places them.
        None => {
            let cells = cells_at(&state, &tenant.id, &key, GRID_ZOOM_MAX).await?;
            framed(None, &cells.iter().map(|(p, _)| *p).collect::<Vec<_>>())
        }
    };
    let png = draw(&state, (&tenant.id, &key), &now.map.tiles, area).await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        png,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> Point {
        Point::from_degrees(lat, lon).unwrap()
    }

    #[test]
    fn a_city_is_drawn_at_a_city_zoom_and_the_world_at_zero() {
        let berlin = Area::new(p(52.45, 13.25), p(52.58, 13.55)).unwrap();
        let z = zoom_for(&berlin, ZOOM_MAX);
        assert!((10..=12).contains(&z), "{z}");
        assert_eq!(zoom_for(&Area::WORLD, ZOOM_MAX), 0);
        assert_eq!(
            zoom_for(&berlin, 9),
            9,
            "the tile server's deepest zoom bounds it"
        );
    }

    #[test]
    fn reports_without_an_area_are_framed_with_room_around_them() {
        let a = framed(None, &[p(52.5, 13.4), p(52.52, 13.42)]);
        assert!(a.contains(p(52.5, 13.4)) && a.contains(p(52.52, 13.42)));
        assert!(!a.contains(p(53.0, 13.4)));
        assert_eq!(framed(None, &[]), Area::WORLD);
    }
}
