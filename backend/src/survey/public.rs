//! `/o/{org}/surveys/{key}/results`: the results for participants, when the organisation
//! publishes them (404 otherwise). Figures only: free-text answers stay in the console.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::survey::texts::SurveyMsg;

use super::results::results_markup;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::kind::encode;
use crate::http::lang::ReqLang;
use crate::http::pages::shell::{html, page};
use crate::http::tenant::Tenant;

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn results(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let activity = state.store.activity(&tenant.id, &key).await?;
    let survey = state.store.survey(&tenant.id, &key).await?;
    if !survey.settings.results_public {
        return Err(ApiError::not_found());
    }
    let lang = activity.language(lang);
    let res = state.survey_results(&tenant.id, &key, None, None).await?;
    let here = format!("/o/{}/surveys/{}/results", tenant.id, encode(&key));
    let content = maud::html! {
        h1.cp-page-title { (activity.title) }
        section.cp-board {
            p.cp-org { (tenant.row.name) }
            h2.cp-question { (t(lang, SurveyMsg::ResultsHeading)) }
            @if res.responses == 0 {
                p { (t(lang, SurveyMsg::NoAnswers)) }
            } @else {
                p { (res.responses) " " (t(lang, SurveyMsg::Responses)) }
                (results_markup(&res, lang))
            }
        }
    }
    .into_string();
    let lang_links: Vec<(Lang, String)> = activity
        .languages
        .iter()
        .map(|l| (*l, format!("{here}?lang={}", l.code())))
        .collect();
    Ok(html(
        StatusCode::OK,
        page(lang, &activity.title, &content, &lang_links),
    ))
}
