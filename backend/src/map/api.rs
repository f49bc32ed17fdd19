//! Maps over JSON: the map as citizens see it first, a new report (JSON, or multipart with
//! photos), the list and the clusters, one report, "me too", nearby open reports, tiles and
//! address lookups through the backend, a report's receipt.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::limits::FORM_MIN_AGE_SECS;
use coproduce_widgets::contract::{ErrorBody, codes};
use coproduce_widgets::map::contract::{
    ClusterView, MapView, REPORTS_PER_PAGE, ReportStatus, ReportStored, ReportView, map_codes,
};
use coproduce_widgets::map::definition::{LatLon, NewReportWire};
use coproduce_widgets::map::geo::{Area, Point, ZOOM_MAX};
use serde::{Deserialize, Serialize};

use super::cluster::{Located, clusters};
use super::counts::{GRID_ZOOM_MAX, grid_cells, grid_prefix, grid_scope};
use super::report::{Gate, Refused, Submission};
use super::storage::ReportFilter;
use super::upload;
use crate::domain::moderation::Visibility;
use crate::http::AppState;
use crate::http::abuse::now_secs;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::lang::ReqLang;
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, Cursor, ReceiptRow};

/// Reports within this many metres of a new one are offered as "is it one of these?".
const NEARBY_METRES: f64 = 150.0;
/// Nearby reports offered at most.
const NEARBY_MAX: usize = 5;

/// What a list of reports may be narrowed to, as a query string.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub status: String,
    /// `west,south,east,north` in degrees.
    #[serde(default)]
    pub bbox: String,
    /// Where the page goes on (`next` of the page before).
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub zoom: Option<u8>,
}

fn invalid(field: &'static str) -> ApiError {
    ApiError::Invalid {
        field,
        code: codes::INVALID,
    }
}

impl ListQuery {
    pub fn filter(&self) -> Result<ReportFilter, ApiError> {
        let category = Some(self.category.trim().to_string()).filter(|c| !c.is_empty());
        let status = match self.status.trim() {
            "" => None,
            s => Some(ReportStatus::parse(s).ok_or_else(|| invalid("status"))?),
        };
        let area = match self.bbox.trim() {
            "" => None,
            raw => Some(parse_bbox(raw).ok_or_else(|| invalid("bbox"))?),
        };
        Ok(ReportFilter {
            category,
            status,
            area,
            ..ReportFilter::default()
        })
    }

    pub fn cursor(&self) -> Result<Option<Cursor>, ApiError> {
        if self.after.is_empty() {
            return Ok(None);
        }
        let (at, skip) = self.after.split_once('.').ok_or_else(|| invalid("after"))?;
        match (at.parse(), skip.parse()) {
            (Ok(at), Ok(skip)) => Ok(Some(Cursor { at, skip })),
            _ => Err(invalid("after")),
        }
    }
}

/// A cursor as the `after` of a link.
pub fn cursor_param(c: Cursor) -> String {
    format!("{}.{}", c.at, c.skip)
}

/// `west,south,east,north` in degrees.
fn parse_bbox(raw: &str) -> Option<Area> {
    let v: Vec<f64> = raw
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok())
        .collect::<Option<_>>()?;
    let [w, s, e, n] = v[..] else { return None };
    Area::new(
        Point::from_degrees(s, w).ok()?,
        Point::from_degrees(n, e).ok()?,
    )
    .ok()
}

/// A page of reports: newest first, and where the next begins.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportPage {
    pub reports: Vec<ReportView>,
    pub next: Option<String>,
}

/// The map as citizens see it first: `GET /api/v1/orgs/{org}/activities/{key}` for a map.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn view(
    state: AppState,
    tenant: Tenant,
    activity: ActivityRow,
    uri: Uri,
) -> Result<Response, ApiError> {
    let query: ListQuery = Query::try_from_uri(&uri)
        .map(|q| q.0)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED_QUERY))?;
    Ok(Json(state.map_view(&tenant, &activity.key, &query).await?).into_response())
}

impl AppState {
    /// The map with a page of its reports and a fresh form token.
    pub async fn map_view(
        &self,
        tenant: &Tenant,
        key: &str,
        query: &ListQuery,
    ) -> Result<MapView, ApiError> {
        let now = self.current_map(&tenant.id, key).await?;
        let (reports, next) = self
            .store
            .public_reports(
                &tenant.id,
                key,
                &query.filter()?,
                query.cursor()?,
                REPORTS_PER_PAGE,
            )
            .await?;
        let counts = self.store.counts(&tenant.id, key).await?;
        Ok(MapView {
            org: tenant.id.to_string(),
            org_name: tenant.row.name.clone(),
            id: key.to_string(),
            title: now.activity.title.clone(),
            intro: now.activity.intro.clone(),
            open: now.activity.open,
            tiles: self.tiles_view(&tenant.id, key, &now.map),
            geocoder: now.map.geocoder.is_some(),
            definition: now.map.definition,
            report_count: counts.get("public").max(0) as u64,
            reports: reports
                .iter()
                .map(|r| self.report_view(&tenant.id, r))
                .collect(),
            next: next.map(cursor_param),
            form_token: self.keys.form_token(tenant.id.as_str(), key, now_secs()),
        })
    }
}

fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Sends a report: JSON without photos, or `multipart/form-data` with a `report` part of JSON
/// (or the form's fields) and up to five `photo` parts.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/activities/{key}/reports", tag = "maps",
    params(("org" = String, Path), ("key" = String, Path)),
    request_body(content = Object, content_type = "application/json", description = "`NewReportWire`; or multipart/form-data with `report` (that JSON) and `photo` files"),
    responses((status = 201, body = ReportStored),
        (status = 400, description = "`malformed_body`", body = ErrorBody),
        (status = 403, description = "`forbidden` (the page's origin is not allowed)", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "`board_closed`", body = ErrorBody),
        (status = 413, description = "`payload_too_large` or `photo_too_large`", body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 422, description = "`invalid_report` (per field: `category`, `description`, `location`, `lat`, `lon`, `address`, `place`, `photos`, `photo1`…, or an extra question), `spam_suspected`, `form_expired` or `too_fast`", body = coproduce_widgets::survey::contract::AnswersRefused),
        (status = 429, description = "`rate_limited`", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn submit(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path(path): Path<(String, String)>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    req: Request,
) -> Result<Response, ApiError> {
    let (_, key) = path;
    // Another organisation's map answers 404 before its body is read.
    let now = state.current_map(&tenant.id, &key).await?;
    let sent = if content_type(req.headers()).starts_with("multipart/form-data") {
        let body = Multipart::from_request(req, &state)
            .await
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED))?;
        let upload = upload::read(body).await?;
        let (wire, errors) = upload.report(&now.map.definition)?;
        Submission {
            wire,
            errors,
            uploads: upload.photos,
        }
    } else {
        let Input(wire) = Input::<NewReportWire>::from_request(req, &state).await?;
        Submission {
            wire,
            errors: Vec::new(),
            uploads: Vec::new(),
        }
    };
    match state
        .submit_report(
            &tenant.id,
            &key,
            addr.ip(),
            sent,
            Gate::Form {
                min_age_secs: FORM_MIN_AGE_SECS,
            },
        )
        .await
    {
        Ok(stored) => {
            let body = ReportStored {
                id: stored.report.key.clone(),
                receipt_url: state.receipt_url(&tenant.id, &stored.token),
            };
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Err(Refused::Fields(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(Refused::body(&errors, lang)),
        )
            .into_response()),
        Err(Refused::Api(e)) => Err(e),
    }
}

/// A page of public reports, newest first, narrowed by category, status and area.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/activities/{key}/reports", tag = "maps",
    params(("org" = String, Path), ("key" = String, Path), ("category" = Option<String>, Query),
        ("status" = Option<String>, Query), ("bbox" = Option<String>, Query, description = "west,south,east,north"),
        ("after" = Option<String>, Query)),
    responses((status = 200, body = ReportPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn list(
    State(state): State<AppState>,
    tenant: Tenant,
    Path(path): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Json<ReportPage>, ApiError> {
    let (_, key) = path;
    state.current_map(&tenant.id, &key).await?;
    let (reports, next) = state
        .store
        .public_reports(
            &tenant.id,
            &key,
            &query.filter()?,
            query.cursor()?,
            REPORTS_PER_PAGE,
        )
        .await?;
    Ok(Json(ReportPage {
        reports: reports
            .iter()
            .map(|r| state.report_view(&tenant.id, r))
            .collect(),
        next: next.map(cursor_param),
    }))
}

/// One public report with its history.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn one(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, report)): Path<(String, String, String)>,
) -> Result<Json<ReportView>, ApiError> {
    let r = state.store.report(&tenant.id, &report).await?;
    if r.map != key || r.visibility != Visibility::Public {
        return Err(ApiError::not_found());
    }
    Ok(Json(state.report_view(&tenant.id, &r)))
}

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

/// A "me too" as the widget sends it (the form's guard fields).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct NewMeToo {
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub form_token: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeTooCount {
    pub me_too: i64,
}

/// Says "me too" to a public report: once per person.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/activities/{key}/reports/{report}/me-too", tag = "maps",
    params(("org" = String, Path), ("key" = String, Path), ("report" = String, Path)),
    request_body(content = NewMeToo, content_type = "application/json"),
    responses((status = 200, body = MeTooCount), (status = 404, body = ErrorBody),
        (status = 409, description = "`duplicate_me_too` or `board_closed`", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn me_too(
    State(state): State<AppState>,
    tenant: Tenant,
    Path(path): Path<(String, String, String)>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Input(wire): Input<NewMeToo>,
) -> Result<Json<MeTooCount>, ApiError> {
    let (_, key, report) = path;
    let me_too = state
        .report_me_too(
            &tenant.id,
            &key,
            &report,
            (addr.ip(), user_agent(&headers)),
            (&wire.website, &wire.form_token),
        )
        .await?;
    Ok(Json(MeTooCount { me_too }))
}

/// A map tile, fetched by the backend from the map's tile server (and kept): the citizen's
/// browser asks no one else.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn tile(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, z, x, y)): Path<(String, String, u8, u32, String)>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
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
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
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

/// A photo of a public report, as kept (a JPEG of our own making).
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn photo(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, report, photo)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let id = photo.strip_suffix(".jpg").ok_or_else(ApiError::not_found)?;
    let r = state.store.report(&tenant.id, &report).await?;
    if r.map != key {
        return Err(ApiError::not_found());
    }
    let jpeg = state
        .store
        .report_photo(&tenant.id, &report, id, true)
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        jpeg,
    )
        .into_response())
}

/// A photo of any report of the map (hidden or waiting for moderation too), for staff.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn staff_photo(
    State(state): State<AppState>,
    staff: crate::http::console::session::Staff,
    Path((key, report, photo)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    super::console::actions::map_activity(&state, &staff, &key).await?;
    let id = photo.strip_suffix(".jpg").ok_or_else(ApiError::not_found)?;
    let r = state.store.report(&staff.org, &report).await?;
    if r.map != key {
        return Err(ApiError::not_found());
    }
    let jpeg = state
        .store
        .report_photo(&staff.org, &report, id, false)
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            ),
        ],
        jpeg,
    )
        .into_response())
}

/// What a reporter sees through their receipt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportReceipt {
    pub report: ReportView,
    pub withdrawn: bool,
    /// Shown on the map (not waiting for moderation, hidden or merged).
    pub public: bool,
}

pub async fn receipt(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<Response, ApiError> {
    let r = state.store.report(&tenant.id, &receipt.record).await?;
    Ok(Json(ReportReceipt {
        report: state.report_view(&tenant.id, &r),
        withdrawn: r.visibility == Visibility::Withdrawn,
        public: r.visibility == Visibility::Public,
    })
    .into_response())
}

pub async fn withdraw(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<(), ApiError> {
    state
        .store
        .withdraw_report(&tenant.id, &receipt.record)
        .await?;
    Ok(())
}
