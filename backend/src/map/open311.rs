//! Open311 GeoReport v2 for each map, at `/open311/{org}/{map}/v2/`: discovery, services (the
//! map's categories) and their definitions (the extra questions as attributes), requests
//! (read with the specification's filters; created with an API key staff issue), tokens,
//! and the widely used `servicerequestupdates` extension for the public updates. Every
//! answer in JSON or XML by the file's extension, errors in the specification's format. A city
//! system that speaks Open311 needs to know nothing else about coproduce.

mod create;
mod doc;
mod shape;

pub use create::create;
use shape::{attribute, request, service};

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::i18n::Lang;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::report::Current;
use super::storage::{ReportFilter, ReportRow};
use crate::domain::moderation::Visibility;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::tenant::Tenant;
pub use doc::Node;

/// Requests one answer holds at most (the specification's usual bound).
const REQUESTS_MAX: usize = 1_000;
/// Without dates, requests of the last 90 days (as the specification suggests).
const DEFAULT_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// `name.json` or `name.xml`: the name and the format.
fn file(raw: &str) -> Option<(&str, Format)> {
    if let Some(stem) = raw.strip_suffix(".json") {
        Some((stem, Format::Json))
    } else {
        raw.strip_suffix(".xml").map(|stem| (stem, Format::Xml))
    }
}

fn answer(format: Format, status: StatusCode, root: &str, node: &Node) -> Response {
    let (kind, body) = match format {
        Format::Json => (
            "application/json; charset=utf-8",
            node.to_json().to_string(),
        ),
        Format::Xml => ("text/xml; charset=utf-8", node.to_xml(root)),
    };
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(kind))],
        body,
    )
        .into_response()
}

/// The specification's error answer: a list of (code, description).
fn error(format: Format, status: StatusCode, description: &str) -> Response {
    let node = Node::List(
        "error",
        vec![Node::Object(vec![
            ("code", Node::Int(i64::from(status.as_u16()))),
            ("description", Node::text(description)),
        ])],
    );
    answer(format, status, "errors", &node)
}

fn from_api(format: Format, e: &ApiError) -> Response {
    let status = e.status();
    let description = if status.is_server_error() {
        "The server could not answer. Please try again later.".to_string()
    } else {
        crate::http::text::server_error_message(Lang::En, e.code()).to_string()
    };
    error(format, status, &description)
}

fn iso(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn parse_iso(raw: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(raw.trim(), &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// The query's parameters (repeated ones kept in order).
fn params(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

/// The map a file of it is asked of, the file's name without its extension and its format;
/// or the error answer (a file of neither format, another organisation's or no map).
async fn map_file<'a>(
    state: &AppState,
    tenant: &Tenant,
    key: &str,
    name: &'a str,
) -> Result<(Current, &'a str, Format), Response> {
    let Some((stem, format)) = file(name) else {
        return Err(error(
            Format::Json,
            StatusCode::NOT_FOUND,
            "Unknown file: use .json or .xml.",
        ));
    };
    match state.current_map(&tenant.id, key).await {
        Ok(now) => Ok((now, stem, format)),
        Err(e) => Err(from_api(format, &e)),
    }
}

/// `GET /open311/{org}/{key}/v2/{file}`: discovery, services, requests, updates.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn get_file(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, name)): Path<(String, String, String)>,
    uri: Uri,
) -> Response {
    let (now, stem, format) = match map_file(&state, &tenant, &key, &name).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let q = params(&uri);
    let done = match stem {
        "discovery" => Ok(discovery(&state, &tenant, &key, format)),
        "services" => Ok(answer(
            format,
            StatusCode::OK,
            "services",
            &Node::List(
                "service",
                now.map.definition.categories.iter().map(service).collect(),
            ),
        )),
        "requests" => requests(&state, &tenant, &now, &q, format).await,
        "servicerequestupdates" => updates(&state, &tenant, &now, &q, format).await,
        _ => return error(format, StatusCode::NOT_FOUND, "No such resource."),
    };
    done.unwrap_or_else(|e| from_api(format, &e))
}

fn discovery(state: &AppState, tenant: &Tenant, key: &str, format: Format) -> Response {
    let url = format!(
        "{}/open311/{}/{}/v2",
        state.public_url,
        tenant.id,
        crate::http::kind::encode(key)
    );
    let node = Node::Object(vec![
        ("changeset", Node::text("2026-12-03T00:00:00Z")),
        (
            "contact",
            Node::text(format!("{} ({})", tenant.row.name, state.public_url)),
        ),
        (
            "key_service",
            Node::text("API keys are issued by the organisation's staff in the coproduce console."),
        ),
        (
            "endpoints",
            Node::List(
                "endpoint",
                vec![Node::Object(vec![
                    (
                        "specification",
                        Node::text("http://wiki.open311.org/GeoReport_v2"),
                    ),
                    ("url", Node::text(url)),
                    ("changeset", Node::text("2026-12-03T00:00:00Z")),
                    ("type", Node::text("production")),
                    (
                        "formats",
                        Node::List(
                            "format",
                            vec![Node::text("application/json"), Node::text("text/xml")],
                        ),
                    ),
                ])],
            ),
        ),
    ]);
    answer(format, StatusCode::OK, "discovery", &node)
}

/// `GET requests`: by `service_request_id` (comma-separated), or newest first with
/// `service_code`, `start_date`, `end_date` and `status` (`open`, `closed`).
async fn requests(
    state: &AppState,
    tenant: &Tenant,
    now: &Current,
    q: &[(String, String)],
    format: Format,
) -> Result<Response, ApiError> {
    let def = &now.map.definition;
    let invalid = |field: &'static str| ApiError::Invalid {
        field,
        code: coproduce_widgets::contract::codes::INVALID,
    };
    let found: Vec<ReportRow> = if let Some(ids) = param(q, "service_request_id") {
        let mut out = Vec::new();
        for id in ids
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .take(REQUESTS_MAX)
        {
            if let Ok(r) = state.store.report(&tenant.id, id).await
                && r.map == now.activity.key
                && r.visibility == Visibility::Public
            {
                out.push(r);
            }
        }
        out
    } else {
        let end = match param(q, "end_date") {
            Some(d) => parse_iso(d).ok_or_else(|| invalid("end_date"))?,
            None => i64::MAX,
        };
        let start = match param(q, "start_date") {
            Some(d) => parse_iso(d).ok_or_else(|| invalid("start_date"))?,
            None if end == i64::MAX => crate::domain::now_ms() - DEFAULT_DAYS * 86_400_000,
            None => end - DEFAULT_DAYS * 86_400_000,
        };
        let status = match param(q, "status") {
            None => None,
            Some("open") => Some(true),
            Some("closed") => Some(false),
            Some(_) => return Err(invalid("status")),
        };
        let codes: Vec<&str> = param(q, "service_code")
            .map(|c| c.split(',').map(str::trim).collect())
            .unwrap_or_default();
        collect(
            state,
            tenant,
            now,
            |r| {
                (start..=end).contains(&r.created_at)
                    && status.is_none_or(|open| r.status.is_open() == open)
                    && (codes.is_empty() || codes.contains(&r.category.as_str()))
            },
            |r| r.created_at < start,
        )
        .await?
    };
    let node = Node::List(
        "request",
        found
            .iter()
            .map(|r| request(state, tenant, def, r))
            .collect(),
    );
    Ok(answer(format, StatusCode::OK, "service_requests", &node))
}

/// Public reports newest first that `keep` takes, until `REQUESTS_MAX` or one that `past` says
/// is older than wanted.
async fn collect(
    state: &AppState,
    tenant: &Tenant,
    now: &Current,
    keep: impl Fn(&ReportRow) -> bool,
    past: impl Fn(&ReportRow) -> bool,
) -> Result<Vec<ReportRow>, ApiError> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let (page, next) = state
            .store
            .public_reports(
                &tenant.id,
                &now.activity.key,
                &ReportFilter::default(),
                after,
                500,
            )
            .await?;
        for r in page {
            if past(&r) {
                return Ok(out);
            }
            if keep(&r) {
                out.push(r);
                if out.len() == REQUESTS_MAX {
                    return Ok(out);
                }
            }
        }
        match next {
            Some(n) => after = Some(n),
            None => return Ok(out),
        }
    }
}

/// `GET servicerequestupdates` (the extension): every public update of the map's reports
/// between `start_date` and `end_date` (the last 90 days without them), newest report first.
async fn updates(
    state: &AppState,
    tenant: &Tenant,
    now: &Current,
    q: &[(String, String)],
    format: Format,
) -> Result<Response, ApiError> {
    let invalid = |field: &'static str| ApiError::Invalid {
        field,
        code: coproduce_widgets::contract::codes::INVALID,
    };
    let end = match param(q, "end_date") {
        Some(d) => parse_iso(d).ok_or_else(|| invalid("end_date"))?,
        None => i64::MAX,
    };
    let start = match param(q, "start_date") {
        Some(d) => parse_iso(d).ok_or_else(|| invalid("start_date"))?,
        None => crate::domain::now_ms() - DEFAULT_DAYS * 86_400_000,
    };
    let reports = collect(
        state,
        tenant,
        now,
        |r| {
            r.history
                .iter()
                .skip(1)
                .any(|h| (start..=end).contains(&h.at))
        },
        |_| false,
    )
    .await?;
    let mut items = Vec::new();
    for r in &reports {
        for (i, h) in r.history.iter().enumerate().skip(1) {
            if !(start..=end).contains(&h.at) {
                continue;
            }
            let status = if h.status.is_open() { "open" } else { "closed" };
            items.push(Node::Object(vec![
                ("update_id", Node::text(format!("{}-{i}", r.key))),
                ("service_request_id", Node::text(&r.key)),
                ("status", Node::text(status)),
                ("updated_datetime", Node::text(iso(h.at))),
                (
                    "description",
                    Node::opt(h.note.clone().or_else(|| {
                        Some(
                            coproduce_widgets::map::texts::status_label(Lang::En, h.status)
                                .to_string(),
                        )
                    })),
                ),
                ("media_url", Node::Null),
            ]));
            if items.len() == REQUESTS_MAX {
                break;
            }
        }
    }
    Ok(answer(
        format,
        StatusCode::OK,
        "service_request_updates",
        &Node::List("request_update", items),
    ))
}

/// `GET /open311/{org}/{key}/v2/services/{code}.{format}`: a service's definition.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn service_definition(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, name)): Path<(String, String, String)>,
) -> Response {
    let (now, code, format) = match map_file(&state, &tenant, &key, &name).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let Some(c) = now.map.definition.category(code) else {
        return error(format, StatusCode::NOT_FOUND, "No such service_code.");
    };
    let node = Node::Object(vec![
        ("service_code", Node::text(&c.id)),
        (
            "attributes",
            Node::List(
                "attribute",
                c.questions
                    .iter()
                    .enumerate()
                    .map(|(i, q)| attribute(q, i))
                    .collect(),
            ),
        ),
    ]);
    answer(format, StatusCode::OK, "service_definition", &node)
}

/// `GET /open311/{org}/{key}/v2/requests/{id}.{format}`.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn one_request(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, name)): Path<(String, String, String)>,
) -> Response {
    let (now, id, format) = match map_file(&state, &tenant, &key, &name).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    match state.store.report(&tenant.id, id).await {
        Ok(r) if r.map == key && r.visibility == Visibility::Public => {
            let node = Node::List(
                "request",
                vec![request(&state, &tenant, &now.map.definition, &r)],
            );
            answer(format, StatusCode::OK, "service_requests", &node)
        }
        _ => error(format, StatusCode::NOT_FOUND, "No such service_request_id."),
    }
}

/// `GET /open311/{org}/{key}/v2/tokens/{token}.{format}`: requests are taken at once, so a
/// token is its request's id.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn token(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, name)): Path<(String, String, String)>,
) -> Response {
    let (_, id, format) = match map_file(&state, &tenant, &key, &name).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    match state.store.report(&tenant.id, id).await {
        Ok(r) if r.map == key => {
            let node = Node::List(
                "request",
                vec![Node::Object(vec![
                    ("service_request_id", Node::text(&r.key)),
                    ("token", Node::text(&r.key)),
                ])],
            );
            answer(format, StatusCode::OK, "service_requests", &node)
        }
        _ => error(format, StatusCode::NOT_FOUND, "No such token."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_name_their_format_and_times_are_iso_8601() {
        assert_eq!(file("requests.json"), Some(("requests", Format::Json)));
        assert_eq!(file("services.xml"), Some(("services", Format::Xml)));
        assert_eq!(file("requests"), None);
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            parse_iso("2010-04-14T06:37:38-08:00"),
            Some(1_271_255_858_000)
        );
        assert_eq!(parse_iso("yesterday"), None);
    }
}
