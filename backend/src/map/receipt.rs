//! `/o/{org}/receipt/{token}` of a map report: the reporter's private page to follow their
//! report (its status and the organisation's updates, even before it is public) or take it
//! back.

use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::map::texts::MapMsg;
use maud::html;

use super::shown;
use crate::domain::moderation::Visibility;
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
    let report = state.store.report(org, &receipt.record).await?;
    let activity = state.store.activity(org, &receipt.activity).await?;
    let map = state.store.map(org, &receipt.activity).await?;
    let token = view.token;
    let link = state.receipt_url(org, &token);
    let here = format!("/o/{org}/receipt/{}", encode(&token));
    let l = lang.code();
    let withdrawn = report.visibility == Visibility::Withdrawn;
    let body = html! {
        section.cp-board aria-labelledby="cp-receipt" {
            p.cp-org { (tenant.row.name) }
            @if view.new {
                div.cp-notice role="status" {
                    p { (t(lang, MapMsg::Thanks)) }
                    p { (t(lang, MapMsg::ReceiptHint)) }
                    // Written out: a phone's browser hides the address bar.
                    p.cp-link { a href=(link) { (link) } }
                }
            }
            h1.cp-question id="cp-receipt" { (t(lang, MapMsg::ReceiptHeading)) }
            p { a href=(format!("{}?lang={l}", state.map_page_url(org, &receipt.activity))) { (activity.title) } }
            @if withdrawn {
                p.cp-notice { (t(lang, MapMsg::Withdrawn)) }
            } @else {
                (shown::report(&state, (org, shown::PhotosAt::Public), &map.definition, lang, &report, html! {
                    form method="post" action=(format!("{here}/withdraw?lang={l}")) {
                        button.cp-button.cp-secondary type="submit" { (t(lang, MapMsg::WithdrawButton)) }
                    }
                }))
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
            t(lang, MapMsg::ReceiptHeading),
            &body.into_string(),
            &lang_links,
        ),
    ))
}
