//! `/o/{org}/receipt/{token}` of a story: the author's private page to see it, whether it is
//! published (or why not), the organisation's answers, and to take it back.

use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::ratings::contract::StoryState;
use coproduce_widgets::ratings::texts::RatingsMsg;
use maud::html;

use super::shown;
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
    let story = state.store.story(org, &receipt.record).await?;
    let activity = state.store.activity(org, &receipt.activity).await?;
    let def = state.store.ratings(org, &receipt.activity).await?;
    let link = state.receipt_url(org, &view.token);
    let here = format!("/o/{org}/receipt/{}", encode(&view.token));
    let l = lang.code();
    let body = html! {
        section.cp-board aria-labelledby="cp-receipt" {
            p.cp-org { (tenant.row.name) }
            @if view.new {
                div.cp-notice role="status" {
                    p { (t(lang, RatingsMsg::Thanks)) }
                    p { (t(lang, RatingsMsg::ReceiptHint)) }
                    p.cp-link { a href=(link) { (link) } }
                }
            }
            h1.cp-question id="cp-receipt" { (t(lang, RatingsMsg::ReceiptHeading)) }
            p { a href=(format!("{}/o/{org}/ratings/{}?lang={l}", state.public_url, encode(&receipt.activity))) { (activity.title) } }
            @match story.state {
                StoryState::Withdrawn => p.cp-notice { (t(lang, RatingsMsg::Withdrawn)) },
                st => {
                    @if st == StoryState::Pending { p.cp-notice { (t(lang, RatingsMsg::Waiting)) } }
                    @if st == StoryState::Rejected { p.cp-notice.cp-notice-error { (t(lang, RatingsMsg::Rejected)) " " (story.reason.as_deref().unwrap_or("")) } }
                    (shown::story(lang, &def, &story, html! {
                        form method="post" action=(format!("{here}/withdraw?lang={l}")) {
                            button.cp-button.cp-secondary type="submit" { (t(lang, RatingsMsg::WithdrawButton)) }
                        }
                    }))
                }
            }
        }
    };
    let lang_links: Vec<(Lang, String)> = Lang::ALL
        .iter()
        .map(|x| (*x, format!("{here}?lang={}", x.code())))
        .collect();
    Ok(page_response(
        StatusCode::OK,
        page(
            lang,
            t(lang, RatingsMsg::ReceiptHeading),
            &body.into_string(),
            &lang_links,
        ),
    ))
}
