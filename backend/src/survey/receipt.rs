//! `/o/{org}/receipt/{token}` of a survey response: the participant's private page to read
//! or withdraw their answers, built from a component (every value escaped by maud).

use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::survey::texts::SurveyMsg;
use maud::html;

use super::shown::answer_text;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::kind::{ReceiptPage, encode};
use crate::http::pages::shell::{html as page_response, page};
use crate::http::tenant::Tenant;
use crate::storage::ReceiptRow;

pub async fn show(
    state: AppState,
    tenant: Tenant,
    lang: Lang,
    receipt: ReceiptRow,
    view: ReceiptPage,
) -> Result<Response, ApiError> {
    let org = &tenant.id;
    let response = state
        .store
        .response(org, &receipt.activity, &receipt.record)
        .await?;
    let activity = state.store.activity(org, &receipt.activity).await?;
    let version = state
        .store
        .survey_version(org, &receipt.activity, response.version)
        .await?;
    let survey = state.store.survey(org, &receipt.activity).await?;
    let token = view.token;
    let link = state.receipt_url(org, &token);
    let here = format!("/o/{org}/receipt/{}", encode(&token));
    let l = lang.code();
    let answered: Vec<(String, String)> = version
        .definition
        .pages
        .iter()
        .flat_map(|p| &p.questions)
        .filter_map(|q| {
            answer_text(q, &response.answers, lang)
                .map(|a| (q.text.get(lang, false).to_string(), a))
        })
        .collect();
    let body = html! {
        section.cp-board aria-labelledby="cp-receipt" {
            p.cp-org { (tenant.row.name) }
            @if view.new {
                div.cp-notice role="status" {
                    p { (t(lang, SurveyMsg::Thanks)) }
                    p { (t(lang, SurveyMsg::ReceiptHint)) }
                    // Written out: a phone's browser hides the address bar.
                    p.cp-link { a href=(link) { (link) } }
                }
            }
            h1.cp-question id="cp-receipt" { (t(lang, SurveyMsg::ReceiptHeading)) }
            p { (activity.title) " · " (date(response.created_at)) }
            @if response.withdrawn {
                p.cp-notice { (t(lang, SurveyMsg::Withdrawn)) }
            } @else {
                dl.cp-answers {
                    @for (question, answer) in &answered {
                        dt { (question) }
                        dd { (answer) }
                    }
                }
                form method="post" action=(format!("{here}/withdraw?lang={l}")) {
                    button.cp-button.cp-secondary type="submit" { (t(lang, SurveyMsg::WithdrawButton)) }
                }
            }
            @if survey.settings.results_public {
                p { a href=(format!("{}?lang={l}", state.survey_results_url(org, &receipt.activity))) { (t(lang, SurveyMsg::ResultsLink)) } }
            }
        }
    };
    let lang_links: Vec<(Lang, String)> = Lang::ALL
        .iter()
        .map(|l| (*l, format!("{here}?lang={}", l.code())))
        .collect();
    Ok(page_response(
        StatusCode::OK,
        page(
            lang,
            t(lang, SurveyMsg::ReceiptHeading),
            &body.into_string(),
            &lang_links,
        ),
    ))
}
