//! `POST requests`: a city system's new request, with its API key, mapped onto the page's form
//! and checked and stored as every report is.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::map::form::report_from_form;

use super::{Node, answer, error, from_api, map_file, param};
use crate::http::AppState;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::tenant::Tenant;
use crate::map::report::{Gate, Refused, Submission};

/// `POST /open311/{org}/{key}/v2/requests.{format}`: a new request with `api_key`,
/// `service_code`, a location (`lat` and `long`, `address_string`, or `address_id` naming one of
/// the map's places), `description` and `attribute[CODE]` answers.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn create(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, name)): Path<(String, String, String)>,
    ClientAddr(addr): ClientAddr,
    crate::http::input::Input(fields): crate::http::input::Input<Vec<(String, String)>>,
) -> Response {
    let (now, format) = match map_file(&state, &tenant, &key, &name).await {
        Ok((now, "requests", format)) => (now, format),
        Ok((_, _, format)) => {
            return error(
                format,
                StatusCode::NOT_FOUND,
                "Post to requests.json or requests.xml.",
            );
        }
        Err(answer) => return answer,
    };
    let api_key = param(&fields, "api_key").unwrap_or("");
    match state
        .store
        .open311_key_valid(&tenant.id, &key, api_key)
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            return error(
                format,
                StatusCode::FORBIDDEN,
                "api_key is missing or not valid.",
            );
        }
        Err(e) => return from_api(format, &ApiError::from(e)),
    }
    // Open311's names onto the page's form: the same parsing and checks.
    let mut form: Vec<(String, String)> = Vec::new();
    for (k, v) in &fields {
        let renamed = match k.as_str() {
            "service_code" => "category".to_string(),
            "long" => "lon".to_string(),
            "address_string" => "address".to_string(),
            "address_id" => "place".to_string(),
            "lat" | "description" => k.clone(),
            other => match other
                .strip_prefix("attribute[")
                .and_then(|r| r.strip_suffix(']').or_else(|| r.strip_suffix("][]")))
            {
                Some(code) => format!("q.{code}"),
                None => continue,
            },
        };
        form.push((renamed, v.clone()));
    }
    let (wire, errors) = report_from_form(&form, &now.map.definition);
    let sent = Submission {
        wire,
        errors,
        uploads: Vec::new(),
    };
    match state
        .submit_report(&tenant.id, &key, addr.ip(), sent, Gate::ApiKey)
        .await
    {
        Ok(stored) => {
            let node = Node::List(
                "request",
                vec![Node::Object(vec![
                    ("service_request_id", Node::text(&stored.report.key)),
                    ("token", Node::text(&stored.report.key)),
                    ("service_notice", Node::Null),
                    ("account_id", Node::Null),
                ])],
            );
            answer(format, StatusCode::CREATED, "service_requests", &node)
        }
        Err(Refused::Fields(errors)) => {
            let described: Vec<String> = errors
                .iter()
                .map(|(f, c)| {
                    let field = match f.as_str() {
                        "category" => "service_code".to_string(),
                        "lon" => "long".to_string(),
                        "address" => "address_string".to_string(),
                        "place" => "address_id".to_string(),
                        "lat" | "description" | "location" => f.clone(),
                        q => format!("attribute[{q}]"),
                    };
                    format!(
                        "{field}: {}",
                        coproduce_widgets::map::texts::map_error(Lang::En, c)
                    )
                })
                .collect();
            let node = Node::List(
                "error",
                described
                    .into_iter()
                    .map(|d| {
                        Node::Object(vec![
                            ("code", Node::Int(400)),
                            ("description", Node::Text(d)),
                        ])
                    })
                    .collect(),
            );
            answer(format, StatusCode::BAD_REQUEST, "errors", &node)
        }
        Err(Refused::Api(e)) => from_api(format, &e),
    }
}
