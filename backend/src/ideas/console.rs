//! A board's page: figures, chart, top ideas, every idea a page at a time with its
//! moderation and answer forms, exports, embed snippet, settings.

pub mod actions;
pub mod figures;

use axum::http::{StatusCode, Uri};
use axum::response::Response;
use coproduce_widgets::contract::{IdeaStatus, Sort};
use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, Msg, counted, error_message, status_name, t};
use serde::Deserialize;

use crate::domain::moderation::Visibility;
use crate::domain::staff::Role;
use crate::http::AppState;
use crate::http::console::auth::Staff;
use crate::http::console::layout::console_page;
use crate::http::error::ApiError;
use crate::http::input::query_of;
use crate::http::pages::shell::{esc, html};
use crate::http::text::{Text, text};
use crate::ideas::counts::{IdeaTotals, weeks};
use crate::ideas::storage::{Cursor, IdeaRow, ListFilter};
use crate::storage::ActivityRow;
use figures::{cards, chart};

#[derive(Debug, Default, Deserialize)]
pub struct BoardPageQuery {
    pub saved: Option<String>,
    pub error: Option<String>,
    /// Where the previous page of the board's ideas ended (`storage::Cursor`); none: the
    /// newest. Each page reads a range of an index, however deep into the board.
    pub after: Option<String>,
}

/// Ideas per page of the console's list: a page's size never depends on the board's.
pub const IDEAS_PER_CONSOLE_PAGE: usize = 50;

fn idea_admin(lang: Lang, staff: &Staff, board: &str, idea: &IdeaRow) -> String {
    let k = esc(&idea.key);
    let base = format!("/console/activities/{}/ideas/{k}", esc(board));
    let csrf = format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(&staff.csrf)
    );
    let visibility = idea.visibility;
    let vis_text = match visibility {
        Visibility::Public => status_name(lang, idea.status).to_string(),
        Visibility::Pending => t(lang, Msg::PendingModeration).to_string(),
        Visibility::Hidden => format!(
            "{} ({})",
            t(lang, Msg::Hidden),
            esc(idea.hidden_reason.as_deref().unwrap_or(""))
        ),
        Visibility::Withdrawn | Visibility::Merged => t(lang, Msg::Withdrawn).to_string(),
    };
    let mut out = format!(
        "<article class=\"idea-admin\" id=\"idea-{k}\" aria-labelledby=\"t-{k}\"><h3 id=\"t-{k}\">{title}</h3>\
<p>{author} · {d} · <strong>{vis}</strong> · {supports} {supports_label} · ID <code>{k}</code></p><p>{body}</p>",
        title = esc(&idea.title),
        author = esc(idea.author.as_deref().unwrap_or(t(lang, Msg::Anonymous))),
        d = date(idea.created_at),
        vis = vis_text,
        supports = idea.supports,
        supports_label = t(lang, counted(Msg::Supports, idea.supports.unsigned_abs())),
        body = esc(&idea.body),
    );
    if matches!(visibility, Visibility::Withdrawn | Visibility::Merged) {
        out.push_str("</article>");
        return out;
    }
    let options: String = IdeaStatus::ALL
        .iter()
        .map(|s| {
            format!(
                "<option value=\"{}\"{}>{}</option>",
                s.as_str(),
                if *s == idea.status { " selected" } else { "" },
                status_name(lang, *s)
            )
        })
        .collect();
    out.push_str(&format!(
        "<form method=\"post\" action=\"{base}/status?lang={l}\">{csrf}<label>{status_label}<select name=\"status\">{options}</select></label>\
<label>{answer_label}<textarea name=\"answer\" rows=\"2\" cols=\"40\"></textarea></label><button class=\"cp-button\" type=\"submit\">{set}</button></form>",
        l = lang.code(),
        status_label = text(lang, Text::StatusLabel),
        answer_label = t(lang, Msg::Answer),
        set = text(lang, Text::SetStatusButton),
    ));
    if matches!(visibility, Visibility::Public | Visibility::Pending) {
        out.push_str(&format!(
            "<form method=\"post\" action=\"{base}/hide?lang={l}\">{csrf}<label>{reason}<input type=\"text\" name=\"reason\" required></label><button class=\"cp-button cp-secondary\" type=\"submit\">{hide}</button></form>",
            l = lang.code(),
            reason = text(lang, Text::ReasonLabel),
            hide = text(lang, Text::HideButton),
        ));
    }
    if matches!(visibility, Visibility::Hidden | Visibility::Pending) {
        let label = if visibility == Visibility::Pending {
            Text::ApproveButton
        } else {
            Text::RestoreButton
        };
        out.push_str(&format!(
            "<form method=\"post\" action=\"{base}/publish?lang={l}\">{csrf}<button class=\"cp-button\" type=\"submit\">{b}</button></form>",
            l = lang.code(),
            b = text(lang, label),
        ));
    }
    // The idea to keep is typed (its ID or words of its title), not picked from a list of
    // every idea: the page stays the same size however large the board grows.
    if visibility == Visibility::Public {
        out.push_str(&format!(
            "<form method=\"post\" action=\"{base}/merge?lang={l}\">{csrf}<label>{into}<input type=\"text\" name=\"into\" required \
aria-describedby=\"mh-{k}\"></label><span id=\"mh-{k}\" class=\"cp-hint\">{hint}</span><button class=\"cp-button cp-secondary\" type=\"submit\">{merge}</button></form>",
            l = lang.code(),
            into = text(lang, Text::MergeIntoLabel),
            hint = text(lang, Text::MergeHint),
            merge = text(lang, Text::MergeButton),
        ));
    }
    out.push_str("</article>");
    out
}

/// Links to the newest ideas (from a later page) and to the page after this one.
fn pager(lang: Lang, board: &str, later_page: bool, next: Option<Cursor>) -> String {
    let link = |after: Option<Cursor>, label: Text, rel: &str| {
        let after = after.map_or(String::new(), |c| format!("&amp;after={}", c.to_param()));
        format!(
            "<a href=\"/console/activities/{b}?lang={l}{after}#all-ideas\" rel=\"{rel}\">{t}</a>",
            b = esc(board),
            l = lang.code(),
            t = text(lang, label)
        )
    };
    let mut links = Vec::new();
    if later_page {
        links.push(link(None, Text::FirstPage, "first"));
    }
    if let Some(next) = next {
        links.push(link(Some(next), Text::NextPage, "next"));
    }
    if links.is_empty() {
        return String::new();
    }
    format!(
        "<nav class=\"pager\" aria-label=\"{}\"><p>{}</p></nav>",
        text(lang, Text::AllIdeasHeading),
        links.join(" · ")
    )
}

pub fn snippet(state: &AppState, org: &str, board: &ActivityRow) -> String {
    format!(
        "<script async src=\"{u}/embed.js\" data-org=\"{org}\" data-activity=\"{b}\"></script>\n<noscript><a href=\"{u}/o/{org}/ideas/{b}\">{q}</a></noscript>",
        u = state.public_url,
        b = board.key,
        q = esc(&board.intro)
    )
}

pub async fn show(
    state: AppState,
    staff: Staff,
    row: ActivityRow,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q: BoardPageQuery = query_of(&uri)?;
    let lang = staff.lang;
    let board = row.key.clone();
    let counts = state.store.counts(&staff.org, &board).await?;
    let c = IdeaTotals::from(&counts);
    let weeks = weeks(&counts);
    let top = state
        .store
        .public_ideas(
            &staff.org,
            &board,
            ListFilter {
                sort: Sort::MostSupported,
                status: None,
                limit: 5,
            },
            None,
        )
        .await?
        .0;
    let after = q.after.as_deref().and_then(Cursor::parse);
    let (mut ideas, _) = state
        .store
        .ideas_after(
            &staff.org,
            &board,
            after.as_ref(),
            IDEAS_PER_CONSOLE_PAGE + 1,
        )
        .await?;
    let more = ideas.len() > IDEAS_PER_CONSOLE_PAGE;
    ideas.truncate(IDEAS_PER_CONSOLE_PAGE);
    let next = more
        .then(|| Cursor::after(after.as_ref(), &ideas))
        .flatten();

    let mut body = format!("<h1>{}</h1><p>{}</p>", esc(&row.title), esc(&row.intro));
    if q.saved.is_some() {
        body.push_str(&format!(
            "<div class=\"cp-notice\" role=\"status\"><p>{}</p></div>",
            text(lang, Text::Saved)
        ));
    }
    if let Some(code) = &q.error {
        body.push_str(&format!(
            "<div class=\"cp-errors\" role=\"alert\"><p>{}</p></div>",
            error_message(lang, code)
        ));
    }
    body.push_str(&format!("<div class=\"cards\">{}</div>", cards(lang, &c)));
    let by_status: String = IdeaStatus::ALL
        .iter()
        .map(|s| {
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                status_name(lang, *s),
                c.by_status[s.index()]
            )
        })
        .collect();
    body.push_str(&format!(
        "<h2>{}</h2><table><tbody>{by_status}</tbody></table>",
        text(lang, Text::ByStatus)
    ));
    let top_list: String = top
        .iter()
        .map(|i| {
            format!(
                "<li>{} – {} {}</li>",
                esc(&i.title),
                i.supports,
                t(lang, counted(Msg::Supports, i.supports.unsigned_abs()))
            )
        })
        .collect();
    body.push_str(&format!(
        "<h2>{}</h2><ol>{top_list}</ol>",
        text(lang, Text::TopIdeas)
    ));
    body.push_str(&format!(
        "<h2>{}</h2>{}",
        text(lang, Text::ParticipationOverTime),
        chart(lang, &weeks)
    ));
    body.push_str(&format!(
        "<h2 id=\"all-ideas\">{}</h2><p><a href=\"/console/activities/{b}/export.csv\">{csv}</a> · <a href=\"/console/activities/{b}/export.json\">{json}</a></p>",
        text(lang, Text::AllIdeasHeading),
        b = esc(&board),
        csv = text(lang, Text::ExportCsv),
        json = text(lang, Text::ExportJson)
    ));
    for idea in &ideas {
        body.push_str(&idea_admin(lang, &staff, &board, idea));
    }
    body.push_str(&pager(lang, &board, after.is_some(), next));
    let snippet = snippet(&state, staff.org.as_str(), &row);
    body.push_str(&format!(
        "<h2>{}</h2><label for=\"snippet\">HTML</label><textarea id=\"snippet\" readonly rows=\"3\" class=\"wide\">{}</textarea><h3>{}</h3><div class=\"preview\">{}</div>",
        text(lang, Text::EmbedSnippet),
        esc(&snippet),
        text(lang, Text::Preview),
        snippet
    ));
    if staff.role == Role::Admin {
        body.push_str(
            &crate::http::console::settings::board_settings_form(lang, &staff, &row).into_string(),
        );
    }
    Ok(html(
        StatusCode::OK,
        console_page(lang, &row.title, Some(&staff), &body),
    ))
}
