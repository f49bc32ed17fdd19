//! Open311 API keys in the console: an admin issues one for a city system (seen once, on the
//! page that answers the form) and revokes it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::i18n::Lang;
use maud::{Markup, html};
use serde::Deserialize;

use super::actions::{back, map_activity};
use super::{MapPageQuery, render};
use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::kind::encode;
use crate::map::storage::KeyRow;
use crate::map::texts::{MapText, text};

/// Characters of a key's label at most.
const LABEL_MAX: usize = 100;

#[derive(Debug, Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    label: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn issue(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    Input(form): Input<IssueForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = map_activity(&state, &staff, &key).await?;
    let label: String = form.label.trim().chars().take(LABEL_MAX).collect();
    let issued = state
        .store
        .issue_open311_key(&staff.org, &key, &label)
        .await?;
    tracing::info!(org = %staff.org, map = key, "Open311 key issued");
    // Shown on this answer only, never in an address (logs, history).
    let q = MapPageQuery {
        issued: Some(issued),
        ..MapPageQuery::default()
    };
    render(&state, &staff, &row, &q, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    hash: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn revoke(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    Input(form): Input<RevokeForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    map_activity(&state, &staff, &key).await?;
    state
        .store
        .revoke_open311_key(&staff.org, &key, &form.hash)
        .await?;
    Ok(back(&staff, &key))
}

/// The Open311 section: the endpoint, the keys, the form to issue one.
pub fn section(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    key: &str,
    keys: &[KeyRow],
    issued: Option<&str>,
) -> Markup {
    let base = format!("/console/activities/{}/map/keys", encode(key));
    let l = lang.code();
    let endpoint = format!(
        "{}/open311/{}/{}/v2/discovery.json",
        state.public_url,
        staff.org,
        encode(key)
    );
    html! {
        h2 id="open311" { (text(lang, MapText::Open311Heading)) }
        p { (text(lang, MapText::Open311Hint)) }
        p { code { (endpoint) } }
        @if let Some(k) = issued {
            div.cp-notice role="status" { p { (text(lang, MapText::KeyIssued)) } p { code { (k) } } }
        }
        @if !keys.is_empty() {
            ul {
                @for k in keys {
                    li {
                        (k.label) " · " (coproduce_widgets::fmt::date(k.created_at)) " "
                        (crate::http::console::view::button_form(staff, &format!("{base}/revoke?lang={l}"), &[("hash", &k.hash)], text(lang, MapText::RevokeKey)))
                    }
                }
            }
        }
        form.cp-inline method="post" action=(format!("{base}?lang={l}")) {
            input type="hidden" name="csrf" value=(staff.csrf);
            label for="open311-label" { "Label" }
            input id="open311-label" type="text" name="label" maxlength="100";
            button.cp-button.cp-secondary type="submit" { (text(lang, MapText::IssueKey)) }
        }
    }
}
