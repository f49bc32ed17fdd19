//! `/o/{org}/receipt/{token}`: the contributor's private page to follow or withdraw an idea.

use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, Msg, counted, status_name, t};

use crate::domain::moderation::Visibility;
use crate::http::AppState;
use crate::http::activities::ReceiptPage;
use crate::http::error::ApiError;
use crate::http::pages::shell::{esc, html, page};
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
    let mut body = String::new();
    body.push_str(&format!(
        "<section class=\"cp-board\" aria-labelledby=\"cp-receipt\"><p class=\"cp-org\">{}</p>",
        esc(&tenant.row.name)
    ));
    if view.new {
        let text = if visibility == Visibility::Public {
            Msg::SubmittedPublished
        } else {
            Msg::SubmittedPending
        };
        // The link written out, not only in the address bar: a phone's browser hides that,
        // and the person needs the link to copy it somewhere safe.
        let link = esc(&state.receipt_url(&tenant.id, &token));
        body.push_str(&format!(
            "<div class=\"cp-notice\" role=\"status\"><p>{}</p><p>{}</p><p class=\"cp-link\"><a href=\"{link}\">{link}</a></p></div>",
            t(lang, text),
            t(lang, Msg::ReceiptHint)
        ));
    }
    body.push_str(&format!(
        "<h1 id=\"cp-receipt\" class=\"cp-question\">{}</h1>",
        t(lang, Msg::ReceiptHeading)
    ));
    body.push_str(&format!(
        "<article class=\"cp-idea\"><h2 class=\"cp-idea-title\">{}</h2>",
        esc(&idea.title)
    ));
    let state_text = match visibility {
        Visibility::Public => status_name(lang, idea.status).to_string(),
        Visibility::Pending => t(lang, Msg::PendingModeration).to_string(),
        Visibility::Hidden => t(lang, Msg::Hidden).to_string(),
        Visibility::Withdrawn | Visibility::Merged => t(lang, Msg::Withdrawn).to_string(),
    };
    body.push_str(&format!(
        "<p class=\"cp-meta\">{} · <span class=\"cp-status\">{}</span> · {} {}</p>",
        date(idea.created_at),
        esc(&state_text),
        idea.supports,
        t(lang, counted(Msg::Supports, idea.supports.unsigned_abs()))
    ));
    if !idea.body.is_empty() {
        body.push_str(&format!("<p class=\"cp-body\">{}</p>", esc(&idea.body)));
    }
    let answers: String = idea
        .history()
        .iter()
        .map(|h| {
            let answer = h
                .answer
                .as_ref()
                .map(|a| {
                    format!(
                        "<p class=\"cp-answer\"><span class=\"cp-answer-label\">{}: </span>{}</p>",
                        t(lang, Msg::Answer),
                        esc(a)
                    )
                })
                .unwrap_or_default();
            format!(
                "<li><span class=\"cp-history-date\">{}</span> {}{}</li>",
                date(h.at),
                status_name(lang, h.status),
                answer
            )
        })
        .collect();
    body.push_str(&format!(
        "<div class=\"cp-history\"><h3 class=\"cp-h5\">{}</h3><ol>{answers}</ol></div></article>",
        t(lang, Msg::HistoryHeading)
    ));
    if matches!(
        visibility,
        Visibility::Public | Visibility::Pending | Visibility::Hidden
    ) {
        body.push_str(&format!(
            "<form method=\"post\" action=\"/o/{}/receipt/{}/withdraw?lang={}\"><button type=\"submit\" class=\"cp-button cp-secondary\">{}</button></form>",
            tenant.id,
            esc(&token),
            lang.code(),
            t(lang, Msg::WithdrawButton)
        ));
    }
    body.push_str(&format!(
        "<p><a href=\"/o/{}/ideas/{}?lang={}\">{}</a></p></section>",
        tenant.id,
        esc(&idea.board),
        lang.code(),
        t(lang, Msg::IdeasHeading)
    ));
    let here = format!("/o/{}/receipt/{}", tenant.id, esc(&token));
    let lang_links: Vec<(Lang, String)> = Lang::ALL
        .iter()
        .map(|l| (*l, format!("{here}?lang={}", l.code())))
        .collect();
    Ok(html(
        StatusCode::OK,
        page(lang, t(lang, Msg::ReceiptHeading), &body, &lang_links),
    ))
}
