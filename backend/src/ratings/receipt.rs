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
    let window = i64::from(def.edit_days) * 86_400_000;
    let editable = story.state != StoryState::Withdrawn
        && crate::domain::now_ms() <= story.created_at + window;
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
                    @if st == StoryState::NeedsEdit { p.cp-notice { (t(lang, RatingsMsg::NeedsEdit)) " " (story.reason.as_deref().unwrap_or("")) } }
                    (shown::story_with(lang, &def, &story, html! {
                        form method="post" action=(format!("{here}/withdraw?lang={l}")) {
                            button.cp-button.cp-secondary type="submit" { (t(lang, RatingsMsg::WithdrawButton)) }
                        }
                    }))
                    @if !story.answers.is_empty() && story.reply.is_none() {
                        form.cp-form method="post" action=(format!("{here}/reply?lang={l}")) {
                            label for="cp-reply" { (t(lang, RatingsMsg::ReplyHeading)) }
                            textarea id="cp-reply" name="text" rows="3" required {}
                            button.cp-button type="submit" { (t(lang, RatingsMsg::ReplyButton)) }
                        }
                    }
                    @if editable {
                        form.cp-form method="post" action=(format!("{here}/story?lang={l}")) {
                            h2.cp-h { (t(lang, RatingsMsg::EditHeading)) }
                            fieldset.cp-q.cp-q-row {
                                legend { (t(lang, RatingsMsg::Overall)) }
                                @for v in 1..=5u8 {
                                    span.cp-choice { input type="radio" id=(format!("cp-edit-{v}")) name="overall" value=(v) checked[story.overall == v]; label for=(format!("cp-edit-{v}")) { (v) " " (t(lang, RatingsMsg::Stars)) } }
                                }
                            }
                            @for d in &def.dimensions {
                                @if let Some(v) = story.ratings.get(&d.id) { input type="hidden" name=(format!("d.{}", d.id)) value=(v); }
                            }
                            label for="cp-edit-story" { (t(lang, RatingsMsg::Story)) }
                            textarea id="cp-edit-story" name="story" rows="5" { (story.story) }
                            input type="hidden" name="when" value=(story.when.clone().unwrap_or_default());
                            input type="hidden" name="part" value=(story.part.clone().unwrap_or_default());
                            input type="hidden" name="name" value=(story.name.clone().unwrap_or_default());
                            button.cp-button.cp-secondary type="submit" { (t(lang, RatingsMsg::EditButton)) }
                        }
                    }
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
