//! Admin-only: the licence of the organisation's open data (`/o/{org}/open-data.*`), chosen on
//! the settings page.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::codes;
use coproduce_widgets::i18n::Lang;
use maud::{Markup, html};
use serde::Deserialize;

use super::session::Staff;
use crate::domain::Invalid;
use crate::domain::open_data::Licence;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::text::{Text, text};

/// The licence of the organisation's open data (its public page offers the files).
pub(super) fn form(lang: Lang, staff: &Staff, now: Licence) -> Markup {
    let (heading, hint) = if lang == Lang::En {
        (
            "Open data licence",
            "Everything public from your activities is offered as open data on your public page, under this licence.",
        )
    } else {
        (
            "Lizenz der offenen Daten",
            "Alles Öffentliche aus Ihren Aktivitäten steht auf Ihrer öffentlichen Seite als offene Daten bereit, unter dieser Lizenz.",
        )
    };
    html! {
        h2 id="licence" { (heading) }
        form.cp-form method="post" action=(format!("/console/settings/licence?lang={}", lang.code())) {
            input type="hidden" name="csrf" value=(staff.csrf);
            div.cp-field {
                label for="licence" { (heading) }
                p.cp-hint id="licence-hint" { (hint) }
                select id="licence" name="licence" aria-describedby="licence-hint" {
                    @for l in Licence::ALL {
                        option value=(l.id()) selected[l == now] { (l.name()) }
                    }
                }
            }
            button.cp-button type="submit" { (text(lang, Text::SaveButton)) }
        }
    }
}

#[derive(Default, Deserialize)]
pub struct LicenceForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    licence: String,
}

/// `POST /console/settings/licence`.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn licence(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<LicenceForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let chosen = Licence::parse(&form.licence)
        .ok_or_else(|| ApiError::from(Invalid::new("licence", codes::INVALID)))?;
    state.store.set_licence(&staff.org, chosen.id()).await?;
    state.orgs.forget(staff.org.as_str());
    Ok(Redirect::to(&format!(
        "/console/settings?lang={}#licence",
        staff.lang.code()
    ))
    .into_response())
}
