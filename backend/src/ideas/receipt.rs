//! `/o/{org}/receipt/{token}` of an idea: the contributor's private page to follow or withdraw
//! it, built from a component (every value escaped by maud).

use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::ideas::texts::{IdeaMsg, counted, status_name};
use maud::html;

use crate::domain::moderation::Visibility;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::kind::ReceiptPage;
use crate::http::kind::encode;
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
    let idea = state.store.idea(&tenant.id, &receipt.record).await?;
    let token = view.token;
    let visibility = idea.visibility;
    let state_text = match visibility {
        Visibility::Public => status_name(lang, idea.status),
        Visibility::Pending => t(lang, IdeaMsg::PendingModeration),
        Visibility::Hidden => t(lang, IdeaMsg::Hidden),
        Visibility::Withdrawn | Visibility::Merged => t(lang, IdeaMsg::Withdrawn),
    };
    let thanks = if visibility == Visibility::Public {
        IdeaMsg::SubmittedPublished
    } else {
        IdeaMsg::SubmittedPending
    };
    let link = state.receipt_url(&tenant.id, &token);
    let here = format!("/o/{}/receipt/{}", tenant.id, encode(&token));
    let withdrawable = matches!(
        visibility,
        Visibility::Public | Visibility::Pending | Visibility::Hidden
    );
    let l = lang.code();
    let body = html! {
        section.cp-board aria-labelledby="cp-receipt" {
            p.cp-org { (tenant.row.name) }
            @if view.new {
                div.cp-notice role="status" {
                    p { (t(lang, thanks)) }
                    p { (t(lang, IdeaMsg::ReceiptHint)) }
                    // The link written out, not only in the address bar: a phone's browser
                    // hides that, and the person needs the link to keep it somewhere safe.
                    p.cp-link { a href=(link) { (link) } }
                }
            }
            h1.cp-question id="cp-receipt" { (t(lang, IdeaMsg::ReceiptHeading)) }
            article.cp-idea {
                h2.cp-idea-title { (idea.title) }
                p.cp-meta {
                    (date(idea.created_at)) " · " span.cp-status { (state_text) } " · "
                    (idea.supports) " " (t(lang, counted(IdeaMsg::Supports, idea.supports.unsigned_abs())))
                }
                @if !idea.body.is_empty() { p.cp-body { (idea.body) } }
                div.cp-history {
                    h3.cp-h5 { (t(lang, IdeaMsg::HistoryHeading)) }
                    ol {
                        @for h in idea.history() {
                            li {
                                span.cp-history-date { (date(h.at)) } " " (status_name(lang, h.status))
                                @if let Some(answer) = &h.answer {
                                    p.cp-answer { span.cp-answer-label { (t(lang, IdeaMsg::Answer)) ": " } (answer) }
                                }
                            }
                        }
                    }
                }
            }
            @if withdrawable {
                form method="post" action=(format!("{here}/withdraw?lang={l}")) {
                    button.cp-button.cp-secondary type="submit" { (t(lang, IdeaMsg::WithdrawButton)) }
                }
            }
            p { a href=(format!("/o/{}/ideas/{}?lang={l}", tenant.id, encode(&idea.board))) { (t(lang, IdeaMsg::IdeasHeading)) } }
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
            t(lang, IdeaMsg::ReceiptHeading),
            &body.into_string(),
            &lang_links,
        ),
    ))
}
