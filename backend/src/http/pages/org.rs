//! `/o/{org}`: the organisation's public page, its promise to the people it asks. Every
//! activity citizens can reach, with a link, and how the organisation answered over the last
//! twelve months — contributions received, the share answered, the median time to a first
//! answer, changes made — as a chart and a table, for all activities together and for each.
//! The figures come from each activity's monthly counts (`domain::responsiveness`), never
//! from its records, and no setting leaves a public activity out. Works without JavaScript.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::i18n::Lang;
use maud::{Markup, html};

use super::shell::{html as page_response, page};
use crate::domain::now_ms;
use crate::domain::responsiveness::{Month, PREFIX, last_months, months};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::kind::encode;
use crate::http::lang::ReqLang;
use crate::http::tenant::Tenant;
use crate::http::text::{Text, answer_time_text, text};
use crate::storage::ActivityRow;

/// Months the page looks back over.
pub const MONTHS: usize = 12;

fn words(lang: Lang, en: &'static str, de: &'static str) -> &'static str {
    if lang == Lang::En { en } else { de }
}

/// A listed activity with its figures of each month.
#[derive(Clone)]
pub struct Listed {
    pub activity: ActivityRow,
    pub months: Vec<(String, Month)>,
}

impl Listed {
    pub fn total(&self) -> Month {
        let mut t = Month::default();
        for (_, m) in &self.months {
            t.add(m);
        }
        t
    }
}

/// Every activity of the organisation its page lists, each with its last `MONTHS` months,
/// as read at most `ORG_PAGE_TTL` ago.
pub async fn listed(state: &AppState, tenant: &Tenant) -> Result<Arc<Vec<Listed>>, ApiError> {
    if let Some(kept) = state.org_pages.get(tenant.id.as_str()) {
        return Ok(kept);
    }
    let read = Arc::new(read_listed(state, tenant).await?);
    state
        .org_pages
        .put(tenant.id.as_str().to_string(), read.clone());
    Ok(read)
}

/// `listed`, read now: the activities, then each one's months from its counts.
pub async fn read_listed(state: &AppState, tenant: &Tenant) -> Result<Vec<Listed>, ApiError> {
    let names = last_months(now_ms(), MONTHS);
    let mut out = Vec::new();
    for activity in state.store.activities(&tenant.id).await? {
        let kind = crate::activities::of(activity.kind);
        if !kind
            .listed(state.clone(), tenant.clone(), activity.clone())
            .await?
        {
            continue;
        }
        let counts = state
            .store
            .counts_named(&tenant.id, &activity.key, PREFIX)
            .await?;
        let figures = months(&counts, &names);
        out.push(Listed {
            activity,
            months: figures.into_iter().collect(),
        });
    }
    Ok(out)
}

/// The kind's page of an activity.
pub fn page_url(state: &AppState, org: &str, a: &ActivityRow, lang: Lang) -> String {
    format!(
        "{}/o/{org}/{}/{}?lang={}",
        state.public_url,
        a.kind.page_segment(),
        encode(&a.key),
        lang.code()
    )
}

fn kind_label(lang: Lang, kind: ActivityKind) -> &'static str {
    text(
        lang,
        match kind {
            ActivityKind::Ideas => Text::KindIdeas,
            ActivityKind::Survey => Text::KindSurvey,
            ActivityKind::Map => Text::KindMap,
            ActivityKind::Ratings => Text::KindRatings,
        },
    )
}

fn percent(m: &Month) -> String {
    m.answered_percent()
        .map_or_else(|| "–".to_string(), |p| format!("{p} %"))
}

/// One row of figures: received, answered, median time to first answer, changes made.
fn cells(lang: Lang, m: &Month) -> Markup {
    html! {
        td { (m.received) }
        td { (percent(m)) }
        td { (answer_time_text(lang, m.answered.median_hours())) }
        td { (m.made) }
    }
}

fn head(lang: Lang, first: &str) -> Markup {
    html! {
        thead { tr {
            th scope="col" { (first) }
            th scope="col" { (words(lang, "Contributions received", "Beiträge erhalten")) }
            th scope="col" { (words(lang, "Answered", "Beantwortet")) }
            th scope="col" { (words(lang, "Median time to first answer", "Mittlere Zeit bis zur ersten Antwort")) }
            th scope="col" { (words(lang, "Changes made", "Umgesetzte Änderungen")) }
        } }
    }
}

/// Bars of the contributions received each month, the answered part darker. A picture of the
/// table below it, which says the same to everyone (the chart is hidden from screen readers).
fn chart(all: &[(String, Month)]) -> Markup {
    let (w, h, bar) = (600i64, 160i64, 600 / MONTHS as i64);
    let most = all
        .iter()
        .map(|(_, m)| m.received)
        .max()
        .unwrap_or(0)
        .max(1);
    html! {
        svg.cp-chart viewBox=(format!("0 0 {w} {}", h + 20)) width="100%" aria-hidden="true" focusable="false" {
            @for (i, (month, m)) in all.iter().enumerate() {
                @let x = i as i64 * bar + 4;
                @let total = m.received * h / most;
                @let answered = m.answered.answered.min(m.received) * h / most;
                rect x=(x) y=(h - total) width=(bar - 8) height=(total) fill="#93c5fd" {}
                rect x=(x) y=(h - answered) width=(bar - 8) height=(answered) fill="#1d4ed8" {}
                text x=(x) y=(h + 15) font-size="11" { (month.get(5..).unwrap_or(month)) }
            }
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
) -> Result<Response, ApiError> {
    let kept = listed(&state, &tenant).await?;
    let listed: &[Listed] = &kept;
    let org = tenant.id.as_str();
    let names = last_months(now_ms(), MONTHS);
    let all: Vec<(String, Month)> = names
        .iter()
        .map(|name| {
            let mut m = Month::default();
            for a in listed {
                if let Some((_, x)) = a.months.iter().find(|(n, _)| n == name) {
                    m.add(x);
                }
            }
            (name.clone(), m)
        })
        .collect();
    let mut total = Month::default();
    for (_, m) in &all {
        total.add(m);
    }
    let licence = crate::domain::open_data::Licence::chosen(tenant.row.licence.as_deref());
    let base = format!("{}/o/{org}", state.public_url);
    let content = html! {
        h1.cp-page-title { (tenant.row.name) }
        section.cp-board aria-labelledby="cp-take-part" {
            h2.cp-h id="cp-take-part" { (words(lang, "Take part", "Machen Sie mit")) }
            @if listed.is_empty() { p { (words(lang, "Nothing to take part in yet.", "Noch nichts zum Mitmachen.")) } }
            ul.cp-activities {
                @for a in listed {
                    li {
                        a href=(page_url(&state, org, &a.activity, lang)) { (a.activity.title) }
                        " · " (kind_label(lang, a.activity.kind))
                        @if !a.activity.open { " · " (words(lang, "closed", "beendet")) }
                    }
                }
            }
        }
        section.cp-board aria-labelledby="cp-answers" {
            h2.cp-h id="cp-answers" { (words(lang, "How we answer you", "Wie wir Ihnen antworten")) }
            p { (words(lang,
                "Over the last 12 months: every public contribution counts in the month it came in. Ideas, reports and stories are answered one by one; survey answers count as received.",
                "In den letzten 12 Monaten: Jeder öffentliche Beitrag zählt im Monat, in dem er kam. Ideen, Meldungen und Geschichten beantworten wir einzeln; Umfrage-Antworten zählen als erhalten.")) }
            dl.cp-figures {
                div { dt { (words(lang, "Contributions received", "Beiträge erhalten")) } dd { (total.received) } }
                div { dt { (words(lang, "Answered", "Beantwortet")) } dd { (percent(&total)) } }
                div { dt { (words(lang, "Median time to first answer", "Mittlere Zeit bis zur ersten Antwort")) } dd { (answer_time_text(lang, total.answered.median_hours())) } }
                div { dt { (words(lang, "Changes made", "Umgesetzte Änderungen")) } dd { (total.made) } }
            }
            figure {
                (chart(&all))
                figcaption { (words(lang, "Contributions received each month (light) and the part answered (dark); the table says the same.", "Beiträge je Monat (hell) und der beantwortete Teil (dunkel); die Tabelle sagt dasselbe.")) }
            }
            table.cp-table {
                caption { (words(lang, "By month", "Nach Monat")) }
                (head(lang, words(lang, "Month", "Monat")))
                tbody {
                    @for (month, m) in &all { tr { th scope="row" { (month) } (cells(lang, m)) } }
                }
            }
            table.cp-table {
                caption { (words(lang, "By activity (12 months)", "Nach Aktivität (12 Monate)")) }
                (head(lang, words(lang, "Activity", "Aktivität")))
                tbody {
                    @for a in listed { tr { th scope="row" { (a.activity.title) } (cells(lang, &a.total())) } }
                }
            }
        }
        section.cp-board aria-labelledby="cp-open-data" {
            h2.cp-h id="cp-open-data" { (words(lang, "Open data", "Offene Daten")) }
            p {
                (words(lang, "Everything public from all our activities, to download and reuse under ", "Alles Öffentliche aus allen unseren Aktivitäten, zum Herunterladen und Weiterverwenden unter "))
                a href=(licence.url()) { (licence.name()) } "."
            }
            ul {
                li { a href=(format!("{base}/open-data.json")) { "JSON" } }
                li { a href=(format!("{base}/open-data.csv")) { "CSV" } }
                @for a in listed.iter().filter(|a| a.activity.kind == ActivityKind::Map) {
                    li { a href=(format!("{base}/open-data/{}.geojson", encode(&a.activity.key))) { "GeoJSON: " (a.activity.title) } }
                }
            }
        }
    };
    let links: Vec<(Lang, String)> = Lang::ALL
        .iter()
        .map(|x| (*x, format!("/o/{org}?lang={}", x.code())))
        .collect();
    Ok(page_response(
        StatusCode::OK,
        page(lang, &tenant.row.name, &content.into_string(), &links),
    ))
}
