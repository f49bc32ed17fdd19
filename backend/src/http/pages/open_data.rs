//! The organisation's crowdsourced knowledge as open data: everything public from all its
//! activities (`/o/{org}/open-data.json`, `.csv`; each map's reports as GeoJSON at
//! `/o/{org}/open-data/{map}.geojson`), under the licence it chose in the console, stated in
//! every file. Each kind says what of it is public (`ActivityType::open_records`); the files
//! are streamed a page of records at a time, so their size is bounded by nothing but the data.

use axum::extract::{Path, State};
use axum::response::Response;
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::fmt::date;

use crate::domain::open_data::{Licence, OpenRecord};
use crate::http::AppState;
use crate::http::download::streamed_as;
use crate::http::error::ApiError;
use crate::http::kind::encode;
use crate::http::tenant::Tenant;
use crate::ideas::export::defuse;
use crate::storage::ActivityRow;

const CSV_HEADER: [&str; 16] = [
    "kind", "activity", "id", "created", "title", "text", "status", "answers", "count", "rating",
    "lat", "lon", "address", "change", "source", "licence",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

/// Where the file being streamed stands.
struct Stream {
    state: AppState,
    tenant: Tenant,
    format: Format,
    activities: Vec<ActivityRow>,
    /// The activity being written, and the cursor in it.
    at: usize,
    cursor: Option<String>,
    started: bool,
    first_record: bool,
    done: bool,
}

impl Stream {
    fn source(&self, a: &ActivityRow) -> String {
        format!(
            "{}/o/{}/{}/{}",
            self.state.public_url,
            self.tenant.id,
            a.kind.page_segment(),
            encode(&a.key)
        )
    }

    fn head(&self, out: &mut Vec<u8>) -> Result<(), String> {
        let licence = Licence::chosen(self.tenant.row.licence.as_deref());
        match self.format {
            Format::Csv => {
                out.extend_from_slice(b"\xEF\xBB\xBF");
                let mut w = csv::Writer::from_writer(out);
                w.write_record(CSV_HEADER).map_err(|e| e.to_string())?;
                w.flush().map_err(|e| e.to_string())
            }
            Format::Json => {
                let head = serde_json::json!({
                    "organisation": {
                        "id": self.tenant.id.as_str(),
                        "name": self.tenant.row.name,
                        "page": format!("{}/o/{}", self.state.public_url, self.tenant.id),
                    },
                    "licence": licence.json(),
                    "generated": date(crate::domain::now_ms()),
                });
                let text = serde_json::to_string(&head).map_err(|e| e.to_string())?;
                // The object stays open: its activities follow.
                out.extend_from_slice(text.strip_suffix('}').unwrap_or(&text).as_bytes());
                out.extend_from_slice(br#","activities":["#);
                Ok(())
            }
        }
    }

    fn activity_head(&self, out: &mut Vec<u8>, a: &ActivityRow) -> Result<(), String> {
        if self.format == Format::Json {
            if self.at > 0 {
                out.push(b',');
            }
            let head = serde_json::json!({
                "kind": a.kind.as_str(),
                "key": a.key,
                "title": a.title,
                "intro": a.intro,
                "open": a.open,
                "page": self.source(a),
            });
            let text = serde_json::to_string(&head).map_err(|e| e.to_string())?;
            out.extend_from_slice(text.strip_suffix('}').unwrap_or(&text).as_bytes());
            out.extend_from_slice(br#","records":["#);
        }
        Ok(())
    }

    fn records(
        &mut self,
        out: &mut Vec<u8>,
        a: &ActivityRow,
        records: &[OpenRecord],
    ) -> Result<(), String> {
        match self.format {
            Format::Json => {
                for r in records {
                    if !self.first_record {
                        out.push(b',');
                    }
                    self.first_record = false;
                    serde_json::to_writer(&mut *out, r).map_err(|e| e.to_string())?;
                }
                Ok(())
            }
            Format::Csv => {
                let (source, licence) = (
                    self.source(a),
                    Licence::chosen(self.tenant.row.licence.as_deref()).id(),
                );
                let mut w = csv::Writer::from_writer(out);
                let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
                for r in records {
                    w.write_record([
                        a.kind.as_str().to_string(),
                        defuse(&a.key),
                        defuse(&r.id),
                        r.created.clone(),
                        defuse(&r.title),
                        defuse(&r.text),
                        r.status.clone(),
                        defuse(&r.answers.join("\n\n")),
                        r.count.to_string(),
                        r.rating.map(|v| v.to_string()).unwrap_or_default(),
                        num(r.lat),
                        num(r.lon),
                        defuse(r.address.as_deref().unwrap_or("")),
                        defuse(r.change.as_deref().unwrap_or("")),
                        source.clone(),
                        licence.to_string(),
                    ])
                    .map_err(|e| e.to_string())?;
                }
                w.flush().map_err(|e| e.to_string())
            }
        }
    }
}

async fn next_piece(mut s: Stream) -> Option<(Result<Vec<u8>, String>, Stream)> {
    if s.done {
        return None;
    }
    let mut out = Vec::new();
    if !s.started {
        s.started = true;
        if let Err(e) = s.head(&mut out) {
            return Some((Err(e), s));
        }
    }
    let Some(a) = s.activities.get(s.at).cloned() else {
        if s.format == Format::Json {
            out.extend_from_slice(b"]}");
        }
        s.done = true;
        return Some((Ok(out), s));
    };
    if s.cursor.is_none()
        && s.first_record
        && let Err(e) = s.activity_head(&mut out, &a)
    {
        return Some((Err(e), s));
    }
    let kind = crate::activities::of(a.kind);
    let page = kind
        .open_records(
            s.state.clone(),
            s.tenant.clone(),
            a.clone(),
            s.cursor.take(),
        )
        .await;
    let written = page.map_err(|e| e.to_string()).and_then(|(records, next)| {
        s.records(&mut out, &a, &records)?;
        Ok(next)
    });
    match written {
        Ok(Some(next)) => s.cursor = Some(next),
        Ok(None) => {
            if s.format == Format::Json {
                out.extend_from_slice(b"]}");
            }
            s.at += 1;
            s.first_record = true;
        }
        Err(e) => return Some((Err(e), s)),
    }
    Some((Ok(out), s))
}

/// The activities whose contributions the open data holds: those the organisation's page lists.
async fn public_activities(
    state: &AppState,
    tenant: &Tenant,
) -> Result<Vec<ActivityRow>, ApiError> {
    Ok(super::org::listed(state, tenant)
        .await?
        .iter()
        .map(|l| l.activity.clone())
        .collect())
}

async fn file(state: AppState, tenant: Tenant, format: Format) -> Result<Response, ApiError> {
    let activities = public_activities(&state, &tenant).await?;
    let stem = format!("{}-open-data", tenant.id);
    let kind = match format {
        Format::Json => ("application/json", "json"),
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    let start = Stream {
        state,
        tenant,
        format,
        activities,
        at: 0,
        cursor: None,
        started: false,
        first_record: true,
        done: false,
    };
    Ok(streamed_as(&stem, kind, start, next_piece))
}

/// `GET /o/{org}/open-data.json`.
pub async fn json(State(state): State<AppState>, tenant: Tenant) -> Result<Response, ApiError> {
    file(state, tenant, Format::Json).await
}

/// `GET /o/{org}/open-data.csv`.
pub async fn csv(State(state): State<AppState>, tenant: Tenant) -> Result<Response, ApiError> {
    file(state, tenant, Format::Csv).await
}

/// `GET /o/{org}/open-data/{map}.geojson`: a map's public reports with a point.
pub async fn geojson(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let key = file
        .strip_suffix(".geojson")
        .ok_or_else(ApiError::not_found)?;
    let activity = state.board(&tenant.id, key).await?;
    if activity.kind != ActivityKind::Map {
        return Err(ApiError::not_found());
    }
    let licence = Licence::chosen(tenant.row.licence.as_deref()).json();
    Ok(crate::map::export::open_geojson(
        state,
        tenant.id,
        activity.key,
        licence,
    ))
}
