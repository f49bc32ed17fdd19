//! The dashboard: every board's figures, the moderation queue, a new board (admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::fmt::date;

use super::auth::Staff;
use super::layout::console_page;
use crate::domain::staff::Role;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::pages::shell::{esc, html};
use crate::http::text::{Text, text};
use crate::ideas::console::IDEAS_PER_CONSOLE_PAGE;
use crate::ideas::console::figures::cards;
use crate::ideas::counts::IdeaTotals;

pub async fn dashboard(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    let lang = staff.lang;
    let boards = state.store.activities(&staff.org).await?;
    let mut body = format!("<h1>{}</h1>", text(lang, Text::DashboardHeading));
    body.push_str(&format!("<h2>{}</h2>", text(lang, Text::BoardsHeading)));
    for b in &boards {
        let c = IdeaTotals::from(&state.store.counts(&staff.org, &b.key).await?);
        body.push_str(&format!(
            "<section aria-labelledby=\"b-{k}\"><h3 id=\"b-{k}\"><a href=\"/console/activities/{k}?lang={l}\">{title}</a></h3><p>{q}</p><div class=\"cards\">{cards}</div></section>",
            k = esc(&b.key),
            l = lang.code(),
            title = esc(&b.title),
            q = esc(&b.intro),
            cards = cards(lang, &c)
        ));
    }
    // The oldest page of the queue; each board's card says how many wait in all.
    let pending = state
        .store
        .pending_ideas(&staff.org, IDEAS_PER_CONSOLE_PAGE)
        .await?;
    body.push_str(&format!("<h2>{}</h2>", text(lang, Text::ModerationQueue)));
    if pending.is_empty() {
        body.push_str(&format!("<p>{}</p>", text(lang, Text::NothingToModerate)));
    } else {
        body.push_str("<ul>");
        for i in &pending {
            // With several boards, which one the idea was sent to matters for the answer.
            let board = boards
                .iter()
                .find(|b| b.key == i.board)
                .map_or(i.board.as_str(), |b| b.title.as_str());
            body.push_str(&format!(
                "<li><a href=\"/console/activities/{b}?lang={l}#idea-{k}\">{title}</a> ({board}, {d})</li>",
                b = esc(&i.board),
                l = lang.code(),
                k = esc(&i.key),
                title = esc(&i.title),
                board = esc(board),
                d = date(i.created_at)
            ));
        }
        body.push_str("</ul>");
    }
    if staff.role == Role::Admin {
        body.push_str(&super::settings::new_board_form(lang, &staff));
    }
    Ok(html(
        StatusCode::OK,
        console_page(
            lang,
            text(lang, Text::DashboardHeading),
            Some(&staff),
            &body,
        ),
    ))
}
