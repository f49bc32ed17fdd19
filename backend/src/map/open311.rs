//! Open311 GeoReport v2 for each map, at `/open311/{org}/{map}/v2/`: discovery, services (the
//! map's categories) and their definitions (the extra questions as attributes), requests
//! (read with the specification's filters; created with an API key staff issue), tokens,
//! and the widely used `servicerequestupdates` extension for the public updates. Every
//! answer in JSON or XML by the file's extension, errors in the specification's format. A city
//! system that speaks Open311 needs to know nothing else about coproduce.

mod create;
mod doc;
mod read;
mod shape;

pub use create::create;
use read::{requests, updates};
use shape::{attribute, request, service};

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::i18n::Lang;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::report::Current;
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
