//! Exports of a map's reports: CSV (safe against spreadsheet formulas) and JSON of every report
//! staff see, and GeoJSON (RFC 7946) of the public ones for publishing, its points optionally
//! coarsened to about 100 m. Sent while they are read, a chunk at a time.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use coproduce_widgets::fmt::date;
use serde::{Deserialize, Serialize};

use super::storage::{ReportFilter, ReportRow};
use crate::domain::OrgId;
use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::download::{streamed, streamed_as};
use crate::http::error::ApiError;
use crate::http::kind::ExportFormat;
use crate::ideas::export::defuse;
use crate::storage::{ActivityRow, Cursor};

/// Reports read per piece.
const EXPORT_CHUNK: usize = 500;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Serialize)]
struct ExportedReport {
    id: String,
    category: String,
    description: String,
    lat: Option<f64>,
    lon: Option<f64>,
    address: Option<String>,
    place: Option<String>,
    status: String,
    visibility: String,
    me_too: i64,
    photos: usize,
    created: String,
    first_answer: Option<String>,
    latest_note: Option<String>,
    merged_into: Option<String>,
}

/// Degrees rounded to `decimals` places (3: about 100 m).
fn round(v: f64, decimals: Option<i32>) -> f64 {
    match decimals {
        Some(d) => {
            let f = 10f64.powi(d);
            (v * f).round() / f
        }
        None => v,
    }
}

fn exported(r: &ReportRow, decimals: Option<i32>) -> ExportedReport {
    let p = r.point();
    ExportedReport {
        id: r.key.clone(),
        category: r.category.clone(),
        description: r.description.clone(),
        lat: p.map(|p| round(p.lat(), decimals)),
        lon: p.map(|p| round(p.lon(), decimals)),
        address: r.address.clone(),
        place: r.place.clone(),
        status: r.status.as_str().to_string(),
        visibility: r.visibility.as_str().to_string(),
        me_too: r.me_too,
        photos: r.photos.iter().filter(|p| p.hidden.is_none()).count(),
        created: date(r.created_at),
        first_answer: r.first_answer_at.map(date),
        latest_note: r.history.iter().rev().find_map(|h| h.note.clone()),
        merged_into: r.merged_into.clone(),
    }
}

const CSV_HEADER: [&str; 15] = [
    "id",
    "category",
    "description",
    "lat",
    "lon",
    "address",
    "place",
    "status",
    "visibility",
    "me_too",
    "photos",
    "created",
    "first_answer",
    "latest_note",
    "merged_into",
];

fn csv_row(e: &ExportedReport) -> [String; 15] {
    let opt = |o: &Option<String>| defuse(o.as_deref().unwrap_or(""));
    let num = |o: Option<f64>| o.map(|v| v.to_string()).unwrap_or_default();
    [
        defuse(&e.id),
        defuse(&e.category),
        defuse(&e.description),
        num(e.lat),
        num(e.lon),
        opt(&e.address),
        opt(&e.place),
        e.status.clone(),
        e.visibility.clone(),
        e.me_too.to_string(),
        e.photos.to_string(),
        e.created.clone(),
        opt(&e.first_answer),
        opt(&e.latest_note),
        opt(&e.merged_into),
    ]
}

/// The files a map is exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Csv,
    Json,
    /// Public reports with a point, as a FeatureCollection.
    GeoJson {
        decimals: Option<i32>,
    },
}

impl Shape {
    fn head(self, out: &mut Vec<u8>) -> Result<(), String> {
        match self {
            Shape::Csv => {
                out.extend_from_slice(UTF8_BOM);
                let mut w = csv::Writer::from_writer(out);
                w.write_record(CSV_HEADER).map_err(|e| e.to_string())?;
                w.flush().map_err(|e| e.to_string())
            }
            Shape::Json => {
                out.push(b'[');
                Ok(())
            }
            Shape::GeoJson { .. } => {
                out.extend_from_slice(br#"{"type":"FeatureCollection","features":["#);
                Ok(())
            }
        }
    }

    /// Writes `reports`; `first`: nothing was written before (no comma).
    fn body(
        self,
        out: &mut Vec<u8>,
        reports: &[ReportRow],
        first: &mut bool,
    ) -> Result<(), String> {
        match self {
            Shape::Csv => {
                let mut w = csv::Writer::from_writer(out);
                for r in reports {
                    w.write_record(csv_row(&exported(r, None)))
                        .map_err(|e| e.to_string())?;
                }
                w.flush().map_err(|e| e.to_string())
            }
            Shape::Json => {
                for r in reports {
                    if !*first {
                        out.push(b',');
                    }
                    *first = false;
                    serde_json::to_writer(&mut *out, &exported(r, None))
                        .map_err(|e| e.to_string())?;
                }
                Ok(())
            }
            Shape::GeoJson { decimals } => {
                for r in reports {
                    let Some(p) = r.point() else { continue };
                    if !*first {
                        out.push(b',');
                    }
                    *first = false;
                    let mut props = exported(r, decimals);
                    // The point is the geometry; a coarsened file keeps no finer trace of it.
                    (props.lat, props.lon) = (None, None);
                    if decimals.is_some() {
                        props.address = None;
                    }
                    let feature = serde_json::json!({
                        "type": "Feature",
                        "id": r.key,
                        // RFC 7946: longitude first.
                        "geometry": { "type": "Point", "coordinates": [round(p.lon(), decimals), round(p.lat(), decimals)] },
                        "properties": props,
                    });
                    serde_json::to_writer(&mut *out, &feature).map_err(|e| e.to_string())?;
                }
                Ok(())
            }
        }
    }

    fn tail(self, out: &mut Vec<u8>) {
        match self {
            Shape::Csv => {}
            Shape::Json => out.push(b']'),
            Shape::GeoJson { .. } => out.extend_from_slice(b"]}"),
        }
    }
}

struct Export {
    state: AppState,
    org: OrgId,
    map: String,
    shape: Shape,
    cursor: Option<Cursor>,
    started: bool,
    first: bool,
    done: bool,
    /// Written into a GeoJSON file's head (open data).
    licence: Option<serde_json::Value>,
}

async fn next_piece(mut ex: Export) -> Option<(Result<Vec<u8>, String>, Export)> {
    if ex.done {
        return None;
    }
    let filter = ReportFilter {
        staff: !matches!(ex.shape, Shape::GeoJson { .. }),
        ..ReportFilter::default()
    };
    let read = ex
        .state
        .store
        .public_reports(&ex.org, &ex.map, &filter, ex.cursor, EXPORT_CHUNK)
        .await;
    let piece = read.map_err(|e| e.to_string()).and_then(|(reports, next)| {
        let mut out = Vec::new();
        if !ex.started {
            match &ex.licence {
                Some(licence) => {
                    out.extend_from_slice(br#"{"type":"FeatureCollection","licence":"#);
                    out.extend_from_slice(licence.to_string().as_bytes());
                    out.extend_from_slice(br#","features":["#);
                }
                None => ex.shape.head(&mut out)?,
            }
            ex.started = true;
        }
        ex.shape.body(&mut out, &reports, &mut ex.first)?;
        if next.is_none() {
            ex.shape.tail(&mut out);
            ex.done = true;
        }
        ex.cursor = next;
        Ok(out)
    });
    Some((piece, ex))
}

fn start(state: AppState, org: OrgId, map: String, shape: Shape) -> Export {
    Export {
        state,
        org,
        map,
        shape,
        cursor: None,
        started: false,
        first: true,
        done: false,
        licence: None,
    }
}

pub async fn export(
    state: AppState,
    staff: Staff,
    activity: ActivityRow,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    let stem = format!("map-{}", activity.key);
    let shape = match format {
        ExportFormat::Csv => Shape::Csv,
        ExportFormat::Json => Shape::Json,
    };
    Ok(streamed(
        &stem,
        format,
        start(state, staff.org, activity.key, shape),
        next_piece,
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct GeoJsonQuery {
    /// Points rounded to about 100 m, and no addresses.
    coarse: Option<String>,
}

/// `GET /console/activities/{key}/map/export.geojson`: the public reports with a point.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn geojson(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    Query(q): Query<GeoJsonQuery>,
) -> Result<Response, ApiError> {
    super::console::actions::map_activity(&state, &staff, &key).await?;
    let decimals = q.coarse.is_some().then_some(3);
    let stem = format!("map-{key}");
    let shape = Shape::GeoJson { decimals };
    Ok(streamed_as(
        &stem,
        ("application/geo+json", "geojson"),
        start(state, staff.org, key, shape),
        next_piece,
    ))
}

/// A page of the map's public reports as open data (`http::pages::open_data`), newest first.
pub async fn open_records(
    state: AppState,
    tenant: crate::http::tenant::Tenant,
    activity: ActivityRow,
    after: Option<String>,
) -> Result<crate::domain::open_data::OpenPage, ApiError> {
    use crate::domain::open_data::OpenRecord;
    let def = state.store.map(&tenant.id, &activity.key).await?.definition;
    let after = after.as_deref().and_then(Cursor::parse);
    let (reports, next) = state
        .store
        .public_reports(
            &tenant.id,
            &activity.key,
            &ReportFilter::default(),
            after,
            EXPORT_CHUNK,
        )
        .await?;
    let lang = activity.language(coproduce_widgets::i18n::Lang::En);
    let records = reports
        .iter()
        .map(|r| {
            let p = r.point();
            OpenRecord {
                id: r.key.clone(),
                created: date(r.created_at),
                title: def.category(&r.category).map_or_else(
                    || r.category.clone(),
                    |c| c.label.get(lang, false).to_string(),
                ),
                text: r.description.clone(),
                status: r.status.as_str().to_string(),
                answers: r.history.iter().filter_map(|h| h.note.clone()).collect(),
                count: r.me_too,
                lat: p.map(|p| p.lat()),
                lon: p.map(|p| p.lon()),
                address: r.address.clone().or_else(|| r.place.clone()),
                ..OpenRecord::default()
            }
        })
        .collect();
    Ok((records, next.map(Cursor::to_param)))
}

/// `/o/{org}/open-data/{map}.geojson`: the public reports with a point, with the licence
/// (a foreign member of the FeatureCollection, RFC 7946 section 6.1).
pub fn open_geojson(
    state: AppState,
    org: OrgId,
    map: String,
    licence: serde_json::Value,
) -> Response {
    let mut ex = start(state, org, map, Shape::GeoJson { decimals: None });
    ex.licence = Some(licence);
    streamed_as(
        &format!("map-{}", ex.map),
        ("application/geo+json", "geojson"),
        ex,
        next_piece,
    )
}

#[cfg(test)]
mod tests {
    use super::round;

    #[test]
    fn coarsened_degrees_keep_three_places() {
        assert_eq!(round(52.520_008, Some(3)), 52.52);
        assert_eq!(round(13.404_954, Some(3)), 13.405);
        assert_eq!(round(13.404_954, None), 13.404_954);
    }
}
