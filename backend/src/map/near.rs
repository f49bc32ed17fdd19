//! Reports by where they are: the clusters of a view (from the grid counts or the reports of
//! its tiles) and the open reports near a point ("is it one of these?").

use axum::Json;
use axum::extract::{Path, Query, State};
use coproduce_widgets::contract::ErrorBody;
use coproduce_widgets::map::contract::{ClusterView, ReportView};
use coproduce_widgets::map::definition::LatLon;
use coproduce_widgets::map::geo::{Area, Point, ZOOM_MAX};
use serde::Deserialize;

use super::api::{ListQuery, invalid};
use super::cluster::{Located, clusters};
use super::counts::{GRID_ZOOM_MAX, grid_cells, grid_prefix, grid_scope};
use super::storage::ReportFilter;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::tenant::Tenant;

/// Reports within this many metres of a new one are offered as "is it one of these?".
const NEARBY_METRES: f64 = 150.0;
/// Nearby reports offered at most.
const NEARBY_MAX: usize = 5;

/// The public reports of the area in view (`bbox`) at `zoom`, clustered: every report in it
/// counted in exactly one cluster. Up to zoom 13 without filters from the grid counts (a
/// cluster then lists no reports), deeper or filtered from the reports themselves.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/activities/{key}/clusters", tag = "maps",
    params(("org" = String, Path), ("key" = String, Path), ("zoom" = u8, Query),
        ("bbox" = String, Query, description = "west,south,east,north"),
        ("category" = Option<String>, Query), ("status" = Option<String>, Query)),
    responses((status = 200, body = Vec<ClusterView>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn cluster_view(
    State(state): State<AppState>,
    tenant: Tenant,
    Path(path): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<ClusterView>>, ApiError> {
    let (_, key) = path;
    state.current_map(&tenant.id, &key).await?;
    let zoom = query
        .zoom
        .filter(|z| *z <= ZOOM_MAX)
        .ok_or_else(|| invalid("zoom"))?;
    let filter = query.filter()?;
    let view = filter.area.unwrap_or(Area::WORLD);
    let unfiltered = filter.category.is_none() && filter.status.is_none();
    if zoom <= GRID_ZOOM_MAX && unfiltered {
        return Ok(Json(
            state.grid_clusters(&tenant.id, &key, zoom, &view).await?,
        ));
    }
    let found: Vec<Located<String>> = state
        .store
        .located_reports(&tenant.id, &key, &filter)
        .await?
        .into_iter()
        .map(|(k, at)| Located::new(k, at))
        .collect();
    let out = clusters(&found, zoom, &view)
        .into_iter()
        .map(|c| ClusterView {
            count: c.count as u64,
            at: LatLon {
                lat: c.center.lat(),
                lon: c.center.lon(),
            },
            reports: c.members.into_iter().cloned().collect(),
        })
        .collect();
    Ok(Json(out))
}

/// Every field optional, so another organisation's map answers 404 before the query's errors.
#[derive(Debug, Default, Deserialize)]
pub struct NearbyQuery {
    #[serde(default)]
    category: String,
    lat: Option<f64>,
    lon: Option<f64>,
}

impl AppState {
    /// The clusters of a wide view from the grid counts: every square that the view touches,
    /// with its count and the mean of its points (no report is read). A square at the view's
    /// edge counts all its reports, those just outside the view too.
    pub async fn grid_clusters(
        &self,
        org: &crate::domain::OrgId,
        key: &str,
        zoom: u8,
        view: &Area,
    ) -> Result<Vec<ClusterView>, ApiError> {
        let counts = self
            .store
            .counts_named(org, &grid_scope(key), &grid_prefix(zoom))
            .await?;
        let (west, south) = Located::new((), view.south_west).cell(zoom);
        let (east, north) = Located::new((), view.north_east).cell(zoom);
        let across = |x: u32| {
            if west <= east {
                (west..=east).contains(&x)
            } else {
                x >= west || x <= east
            }
        };
        Ok(grid_cells(&counts, zoom)
            .into_iter()
            .filter(|c| across(c.cell.0) && (north..=south).contains(&c.cell.1))
            .filter_map(|c| {
                let at = c.center()?;
                Some(ClusterView {
                    count: c.count.max(0) as u64,
                    at: LatLon {
                        lat: at.lat(),
                        lon: at.lon(),
                    },
                    reports: Vec::new(),
                })
            })
            .collect())
    }
}

/// Open public reports of a category near a point: "is it one of these? Say *me too*".
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn nearby(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key)): Path<(String, String)>,
    Query(q): Query<NearbyQuery>,
) -> Result<Json<Vec<ReportView>>, ApiError> {
    state.current_map(&tenant.id, &key).await?;
    let lat = q.lat.ok_or_else(|| invalid("lat"))?;
    let lon = q.lon.ok_or_else(|| invalid("lon"))?;
    let at = Point::from_degrees(lat, lon).map_err(|e| invalid(e.field))?;
    let found = state
        .nearby_reports(&tenant.id, &key, &q.category, at)
        .await?;
    Ok(Json(
        found
            .iter()
            .map(|r| state.report_view(&tenant.id, r))
            .collect(),
    ))
}

impl AppState {
    /// Open public reports of `category` within `NEARBY_METRES` of `at`, nearest first.
    pub async fn nearby_reports(
        &self,
        org: &crate::domain::OrgId,
        key: &str,
        category: &str,
        at: Point,
    ) -> Result<Vec<super::storage::ReportRow>, ApiError> {
        // A degree of latitude is 111 km everywhere; of longitude, that times cos(latitude).
        let dlat = NEARBY_METRES / 111_000.0;
        let dlon = dlat / at.lat().to_radians().cos().max(0.01);
        let corner = |lat: f64, lon: f64| {
            Point::from_degrees(lat.clamp(-90.0, 90.0), lon.clamp(-180.0, 180.0))
        };
        let area = match (
            corner(at.lat() - dlat, at.lon() - dlon),
            corner(at.lat() + dlat, at.lon() + dlon),
        ) {
            (Ok(sw), Ok(ne)) => Area::new(sw, ne).ok(),
            _ => None,
        };
        let filter = ReportFilter {
            category: Some(category.to_string()),
            area,
            ..ReportFilter::default()
        };
        let (found, _) = self
            .store
            .public_reports(org, key, &filter, None, 200)
            .await?;
        let metres = |p: Point| {
            let x = (p.lon() - at.lon()) * at.lat().to_radians().cos() * 111_000.0;
            let y = (p.lat() - at.lat()) * 111_000.0;
            (x * x + y * y).sqrt()
        };
        let mut open: Vec<_> = found
            .into_iter()
            .filter(|r| r.status.is_open())
            .filter_map(|r| Some((metres(r.point()?), r)))
            .filter(|(d, _)| *d <= NEARBY_METRES)
            .collect();
        open.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(open.into_iter().take(NEARBY_MAX).map(|(_, r)| r).collect())
    }
}
