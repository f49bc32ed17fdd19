//! A map's console page: its figures (reports by status and category, the share answered and
//! how fast, hot spots), the queue of reports with every action staff take on one (status and
//! public note, hide, remove personal data, hide a photo, change the category, merge a
//! duplicate), the set-up, exports, Open311 keys and the embed snippet.

pub mod actions;
pub mod keys;
mod setup;

pub use setup::save as setup_save;

use axum::http::{StatusCode, Uri};
use axum::response::Response;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::map::contract::ReportStatus;
use coproduce_widgets::map::geo::Area;
use coproduce_widgets::map::texts::{MapMsg, status_label};
use maud::{Markup, html};
use serde::Deserialize;

use super::api::{ListQuery, cursor_param};
use super::cluster::{Located, clusters};
use super::counts::MapTotals;
use super::shown::{self, category_label};
use super::storage::{MapRow, ReportFilter, ReportRow};
use super::texts::{MapText, text};
use crate::domain::answered::BUCKET_HOURS;
use crate::domain::moderation::Visibility;
use crate::domain::staff::Role;
use crate::http::AppState;
use crate::http::console::layout::console_markup;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::query_of;
use crate::http::kind::encode;
use crate::http::pages::shell::html as html_response;
use crate::http::text::span;
use crate::storage::ActivityRow;

/// Reports in one page of the queue.
const QUEUE_PAGE: usize = 25;
/// Hot spots listed at most, and the zoom they are found at (a few streets).
const HOT_SPOTS: usize = 5;
const HOT_SPOT_ZOOM: u8 = 16;

#[derive(Debug, Default, Deserialize)]
pub struct MapPageQuery {
    pub saved: Option<String>,
    pub error: Option<String>,
    /// Only reports not answered yet.
    pub unanswered: Option<String>,
    #[serde(flatten)]
    pub list: ListQuery,
    /// An Open311 key just issued, shown once.
    pub issued: Option<String>,
}

pub async fn show(
    state: AppState,
    staff: Staff,
    row: ActivityRow,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q: MapPageQuery = query_of(&uri)?;
    render(&state, &staff, &row, &q, None, StatusCode::OK).await
}

/// The median time to first answer as the console shows it.
fn answer_time(lang: Lang, hours: Option<i64>) -> String {
    match hours {
        None => "–".to_string(),
        Some(i64::MAX) => format!("> {}", span(lang, BUCKET_HOURS[BUCKET_HOURS.len() - 2])),
        Some(h) => format!("≤ {}", span(lang, h)),
    }
}

pub async fn render(
    state: &AppState,
    staff: &Staff,
    row: &ActivityRow,
    q: &MapPageQuery,
    echo: Option<(&str, &setup::SetupForm)>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let lang = staff.lang;
    let org = &staff.org;
    let key = &row.key;
    let map = state.store.map(org, key).await?;
    let counts = state.store.counts(org, key).await?;
    let totals = MapTotals::from(&counts);
    let open: i64 = ReportStatus::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| totals.by_status[*s as usize])
        .sum();
    let mut filter = q.list.filter()?;
    filter.staff = true;
    filter.unanswered = q.unanswered.is_some();
    let (queue, next) = state
        .store
        .public_reports(org, key, &filter, q.list.cursor()?, QUEUE_PAGE)
        .await?;
    let hot = hot_spots(state, staff, key, &map).await?;
    let open311_keys = if staff.role == Role::Admin {
        state.store.open311_keys(org, key).await?
    } else {
        Vec::new()
    };
    let base = format!("/console/activities/{}", encode(key));
    let l = lang.code();
    let admin = staff.role == Role::Admin;
    let snippet = crate::http::console::view::snippet(state, org.as_str(), row);
    let cards = [
        (
            text(lang, MapText::PublicReports),
            totals.public.to_string(),
        ),
        (text(lang, MapText::OpenReports), open.to_string()),
        (
            crate::http::text::text(lang, crate::http::text::Text::AnsweredShare),
            format!("{} %", totals.answered.percent_of(totals.public)),
        ),
        (
            crate::http::text::text(lang, crate::http::text::Text::MedianAnswerTime),
            answer_time(lang, totals.answered.median_hours()),
        ),
        (text(lang, MapText::MeToos), totals.me_too.to_string()),
        (text(lang, MapText::Pending), totals.pending.to_string()),
    ];
    let error = echo.map(|(code, _)| code.to_string()).or(q.error.clone());
    let body = html! {
        h1 { (row.title) }
        p { (row.intro) }
        @if q.saved.is_some() {
            div.cp-notice role="status" { p { (text(lang, MapText::Saved)) } }
        }
        @if let Some(code) = &error {
            div.cp-errors role="alert" { p { (crate::http::text::server_error_message(lang, code)) } }
        }
        p { a href=(format!("{}?lang={l}", state.map_page_url(org, key))) { (text(lang, MapText::OpenPage)) } }
        h2 { (text(lang, MapText::Dashboard)) }
        div.cp-cards {
            @for (label, value) in &cards {
                div.card { span.big { (value) } " " (label) }
            }
        }
        div.cp-tables {
            table {
                caption { (text(lang, MapText::ByStatus)) }
                tbody {
                    @for s in ReportStatus::ALL {
                        tr { th scope="row" { (status_label(lang, s)) } td { (totals.by_status[s as usize]) } }
                    }
                }
            }
            table {
                caption { (text(lang, MapText::ByCategory)) }
                tbody {
                    @for c in &map.definition.categories {
                        tr {
                            th scope="row" { (c.label.get(lang, false)) }
                            td { (MapTotals::in_category(&counts, &c.id)) }
                        }
                    }
                }
            }
        }
        h3 { (text(lang, MapText::HotSpots)) }
        (hot)
        h2 id="queue" { (text(lang, MapText::Queue)) }
        p.cp-hint { (text(lang, MapText::QueueHint)) }
        p {
            a href=(format!("{base}?lang={l}#queue")) { (text(lang, MapText::ShowAll)) }
            " · "
            a href=(format!("{base}?lang={l}&unanswered=1#queue")) { (text(lang, MapText::ShowUnanswered)) }
        }
        @for r in &queue {
            (staff_report(state, staff, &map, &base, r))
        }
        @if let Some(next) = next {
            p { a href=(format!("{base}?lang={l}{}&after={}#queue", if q.unanswered.is_some() { "&unanswered=1" } else { "" }, cursor_param(next))) { (t(lang, MapMsg::MoreReports)) } }
        }
        h2 { (text(lang, MapText::Exports)) }
        p {
            a href=(format!("{base}/export.csv")) { "CSV" }
            " · "
            a href=(format!("{base}/export.json")) { "JSON" }
            " · "
            a href=(format!("{base}/map/export.geojson")) { (text(lang, MapText::GeoJson)) }
            " · "
            a href=(format!("{base}/map/export.geojson?coarse=1")) { (text(lang, MapText::Coarsen)) }
        }
        @if admin {
            (setup::form(lang, staff, key, &map, echo.map(|(_, f)| f)))
            (keys::section(state, lang, staff, key, &open311_keys, q.issued.as_deref()))
        }
        h2 { (text(lang, MapText::EmbedSnippet)) }
        label for="snippet" { "HTML" }
        textarea id="snippet" readonly rows="3" class="wide" { (snippet) }
        @if admin {
            (crate::http::console::settings::board_settings_form(lang, staff, row))
        }
    };
    Ok(html_response(
        status,
        console_markup(lang, &row.title, Some(staff), body),
    ))
}

/// Places with several public reports: the biggest clusters at a few streets' zoom.
async fn hot_spots(
    state: &AppState,
    staff: &Staff,
    key: &str,
    map: &MapRow,
) -> Result<Markup, ApiError> {
    let lang = staff.lang;
    let located: Vec<Located<String>> = state
        .store
        .located_reports(&staff.org, key, &ReportFilter::default())
        .await?
        .into_iter()
        .map(|(k, p)| Located::new(k, p))
        .collect();
    let view = map.definition.area().ok().flatten().unwrap_or(Area::WORLD);
    let mut found = clusters(&located, HOT_SPOT_ZOOM, &view);
    found.retain(|c| c.count > 1);
    found.sort_by_key(|c| std::cmp::Reverse(c.count));
    found.truncate(HOT_SPOTS);
    Ok(html! {
        @if found.is_empty() {
            p { (text(lang, MapText::NoHotSpots)) }
        } @else {
            ol {
                @for c in &found {
                    li { (c.count) " " (text(lang, MapText::Reports)) " · " (format!("{:.5}, {:.5}", c.center.lat(), c.center.lon())) }
                }
            }
        }
    })
}

/// One report in the queue with staff's forms.
fn staff_report(
    state: &AppState,
    staff: &Staff,
    map: &MapRow,
    base: &str,
    r: &ReportRow,
) -> Markup {
    let lang = staff.lang;
    let l = lang.code();
    let at = format!("{base}/map/reports/{}", encode(&r.key));
    let id = |what: &str| format!("r-{}-{what}", r.key);
    let forms = html! {
        p.cp-hint { "ID: " code { (r.key) } " · " (r.visibility.as_str()) }
        @if let Some(why) = &r.hidden_reason {
            p { em { (text(lang, MapText::HiddenBecause)) " " (why) } }
        }
        form.cp-inline method="post" action=(format!("{at}/status?lang={l}")) {
            input type="hidden" name="csrf" value=(staff.csrf);
            label for=(id("status")) { (t(lang, MapMsg::Status)) }
            select id=(id("status")) name="status" {
                @for s in ReportStatus::ALL {
                    option value=(s.as_str()) selected[s == r.status] { (status_label(lang, s)) }
                }
            }
            label for=(id("note")) { (text(lang, MapText::PublicNote)) }
            input id=(id("note")) type="text" name="note" maxlength="2000";
            button.cp-button type="submit" { (text(lang, MapText::UpdateStatus)) }
        }
        @if r.visibility == Visibility::Hidden || r.visibility == Visibility::Pending {
            (crate::http::console::view::button_form(staff, &format!("{at}/show?lang={l}"), &[], text(lang, MapText::ShowAgain)))
        }
        @if r.visibility != Visibility::Hidden {
            form.cp-inline method="post" action=(format!("{at}/hide?lang={l}")) {
                input type="hidden" name="csrf" value=(staff.csrf);
                label for=(id("hide")) { (text(lang, MapText::HideReason)) }
                input id=(id("hide")) type="text" name="reason" required maxlength="300";
                button.cp-button.cp-secondary type="submit" { (text(lang, MapText::Hide)) }
            }
        }
        details {
            summary { (text(lang, MapText::Redact)) }
            form.cp-form method="post" action=(format!("{at}/redact?lang={l}")) {
                input type="hidden" name="csrf" value=(staff.csrf);
                label for=(id("text")) { (text(lang, MapText::RedactText)) }
                textarea id=(id("text")) name="text" rows="3" { (r.description) }
                label for=(id("why")) { (text(lang, MapText::HideReason)) }
                input id=(id("why")) type="text" name="reason" required maxlength="300";
                button.cp-button.cp-secondary type="submit" { (text(lang, MapText::Redact)) }
            }
            @for (i, p) in r.photos.iter().enumerate().filter(|(_, p)| p.hidden.is_none()) {
                form.cp-inline method="post" action=(format!("{at}/photos/{}/hide?lang={l}", encode(&p.id))) {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    @let pid = id(&format!("photo{i}"));
                    label for=(pid) { (t(lang, MapMsg::Photos)) " " (i + 1) ": " (text(lang, MapText::HideReason)) }
                    input id=(pid) type="text" name="reason" required maxlength="300";
                    button.cp-button.cp-secondary type="submit" { (text(lang, MapText::HidePhoto)) }
                }
            }
        }
        form.cp-inline method="post" action=(format!("{at}/category?lang={l}")) {
            input type="hidden" name="csrf" value=(staff.csrf);
            label for=(id("category")) { (text(lang, MapText::ChangeCategory)) }
            select id=(id("category")) name="category" {
                @for c in &map.definition.categories {
                    option value=(c.id) selected[c.id == r.category] { (category_label(&map.definition, lang, &c.id)) }
                }
            }
            button.cp-button.cp-secondary type="submit" { (text(lang, MapText::ChangeCategory)) }
        }
        form.cp-inline method="post" action=(format!("{at}/merge?lang={l}")) {
            input type="hidden" name="csrf" value=(staff.csrf);
            label for=(id("merge")) { (text(lang, MapText::MergeInto)) }
            input id=(id("merge")) type="text" name="into" required maxlength="40";
            button.cp-button.cp-secondary type="submit" { (text(lang, MapText::MergeHint)) }
        }
    };
    shown::report(
        state,
        (&staff.org, shown::PhotosAt::Console),
        &map.definition,
        lang,
        r,
        forms,
    )
}
