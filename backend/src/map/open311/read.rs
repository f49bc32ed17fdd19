//! `GET requests` with the specification's filters and `GET servicerequestupdates`: the map's
//! public reports newest first, read a page at a time until the filters' dates are passed.

use coproduce_widgets::i18n::Lang;

use super::{DEFAULT_DAYS, Format, Node, REQUESTS_MAX, answer, iso, param, parse_iso, request};
use crate::domain::moderation::Visibility;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::tenant::Tenant;
use crate::map::report::Current;
use crate::map::storage::{ReportFilter, ReportRow};
use axum::http::StatusCode;
use axum::response::Response;

/// `GET requests`: by `service_request_id` (comma-separated), or newest first with
/// `service_code`, `start_date`, `end_date` and `status` (`open`, `closed`).
pub(super) async fn requests(
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
pub(super) async fn updates(
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
