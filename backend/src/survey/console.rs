//! A survey's console page: its state (published version, changes not yet published), the
//! builder (pages and questions with move and delete buttons that work without JavaScript, a
//! form to add a question, the definition as JSON to edit, export and import, SurveyJS
//! import), settings, a preview, live results with a date filter and a cross-tab, the text
//! answers with moderation, exports and the embed snippet.

pub mod actions;
mod builder;
mod crosstab;
pub mod manage;
mod question_form;

use axum::http::{StatusCode, Uri};
use axum::response::Response;
use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::survey::definition::QuestionKind;
use coproduce_widgets::survey::response::Answer;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::results::{Range, results_markup};
use super::storage::SurveyRow;
use super::texts::{SurveyText, message, text};
use crate::domain::staff::Role;
use crate::http::AppState;
use crate::http::console::layout::console_markup;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::query_of;
use crate::http::kind::encode;
use crate::http::pages::shell::html as html_response;
use crate::storage::ActivityRow;

#[derive(Debug, Default, Deserialize)]
pub struct SurveyPageQuery {
    pub saved: Option<String>,
    /// An error code, and what it is about (a rule, a question).
    pub error: Option<String>,
    pub subject: Option<String>,
    /// The version whose results are shown.
    pub v: Option<i64>,
    /// The results' date range, `YYYY-MM-DD`, both included.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The cross-tab's two questions.
    pub a: Option<String>,
    pub b: Option<String>,
}

/// Unix ms of the start of day `YYYY-MM-DD` (UTC).
pub fn day_start(day: &str) -> Option<i64> {
    let b = day.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = day.get(0..4)?.parse().ok()?;
    let m: i64 = day.get(5..7)?.parse().ok()?;
    let d: i64 = day.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400_000)
}

impl SurveyPageQuery {
    fn range(&self) -> Option<Range> {
        let from = self.from.as_deref().and_then(day_start);
        let to = self
            .to
            .as_deref()
            .and_then(day_start)
            .map(|t| t + 86_400_000);
        (from.is_some() || to.is_some()).then(|| (from.unwrap_or(0), to.unwrap_or(i64::MAX)))
    }
}

/// What a failed builder form shows again: the JSON as typed, the error and what it is about.
#[derive(Debug, Default)]
pub struct Echo {
    pub json: Option<String>,
    pub surveyjs: Option<String>,
    pub error: Option<(String, String)>,
    /// What an import left out.
    pub skipped: Vec<String>,
}

pub async fn show(
    state: AppState,
    staff: Staff,
    row: ActivityRow,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q: SurveyPageQuery = query_of(&uri)?;
    render(&state, &staff, &row, &q, &Echo::default(), StatusCode::OK).await
}

fn error_line(lang: Lang, code: &str, subject: &str) -> String {
    if subject.is_empty() {
        message(lang, code).to_string()
    } else {
        format!("{} ({subject})", message(lang, code))
    }
}

pub async fn render(
    state: &AppState,
    staff: &Staff,
    row: &ActivityRow,
    q: &SurveyPageQuery,
    echo: &Echo,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let lang = staff.lang;
    let org = &staff.org;
    let key = &row.key;
    let survey: SurveyRow = state.store.survey(org, key).await?;
    let results = state.survey_results(org, key, q.v, q.range()).await?;
    let published = results.definition().cloned();
    let unpublished = published.as_ref() != Some(&survey.draft);
    let k = encode(key);
    let l = lang.code();
    let base = format!("/console/activities/{k}");
    let admin = staff.role == Role::Admin;
    let snippet = crate::http::console::view::snippet(state, org.as_str(), row);
    let error = echo.error.clone().or_else(|| {
        q.error
            .clone()
            .map(|c| (c, q.subject.clone().unwrap_or_default()))
    });
    let texts = texts_to_moderate(state, staff, row, &results).await?;
    let body = html! {
        h1 { (row.title) }
        p { (row.intro) }
        @if q.saved.is_some() {
            div.cp-notice role="status" { p { (text(lang, SurveyText::Saved)) } }
        }
        @if let Some((code, subject)) = &error {
            div.cp-errors role="alert" { p { (error_line(lang, code, subject)) } }
        }
        @if !echo.skipped.is_empty() {
            div.cp-notice role="status" {
                p { (text(lang, SurveyText::ImportSkipped)) }
                ul { @for s in &echo.skipped { li { (s) } } }
            }
        }
        p {
            @if survey.version == 0 {
                (text(lang, SurveyText::NotPublished))
            } @else {
                (text(lang, SurveyText::PublishedVersion)) " " (survey.version)
                @if unpublished { " · " strong { (text(lang, SurveyText::Unpublished)) } }
            }
        }
        @if admin {
            (crate::http::console::view::button_form(staff, &format!("{base}/survey/publish?lang={l}"), &[], text(lang, SurveyText::Publish)))
        }
        p {
            a href=(format!("{base}/survey/preview?lang={l}")) { (text(lang, SurveyText::Preview)) }
            " · "
            a href=(format!("/o/{}/surveys/{k}?lang={l}", org)) { (text(lang, SurveyText::OpenPage)) }
        }
        @if admin {
            (builder::builder(lang, staff, key, &survey.draft, echo))
            (builder::settings_form(lang, staff, key, &survey))
        }
        h2 id="results" { (text(lang, SurveyText::Results)) }
        (filter_form(lang, key, q, &results.versions.iter().map(|v| v.n).collect::<Vec<_>>(), results.version))
        p { (results.responses) " " (text(lang, SurveyText::ResponsesCounted)) }
        (results_markup(&results, lang))
        @if let Some(def) = results.definition() {
            (crosstab::section(state, org, key, def, q, lang).await?)
        }
        h2 { (text(lang, SurveyText::TextAnswers)) }
        (texts)
        p {
            a href=(format!("{base}/export.csv")) { (text(lang, SurveyText::ExportCsv)) }
            " · "
            a href=(format!("{base}/export.json")) { (text(lang, SurveyText::ExportJson)) }
            " · "
            a href=(format!("{base}/survey/definition.json")) { (text(lang, SurveyText::ExportDefinition)) }
        }
        h2 { (text(lang, SurveyText::EmbedSnippet)) }
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

/// The version and date range of the results.
fn filter_form(lang: Lang, key: &str, q: &SurveyPageQuery, versions: &[i64], shown: i64) -> Markup {
    html! {
        form method="get" action=(format!("/console/activities/{}#results", encode(key))) class="cp-form cp-inline-form" {
            input type="hidden" name="lang" value=(lang.code());
            @if versions.len() > 1 {
                label for="results-v" { (text(lang, SurveyText::Version)) }
                select id="results-v" name="v" {
                    @for n in versions { option value=(n) selected[*n == shown] { (n) } }
                }
            }
            label for="results-from" { (text(lang, SurveyText::From)) }
            input id="results-from" type="date" name="from" value=(q.from.clone().unwrap_or_default());
            label for="results-to" { (text(lang, SurveyText::To)) }
            input id="results-to" type="date" name="to" value=(q.to.clone().unwrap_or_default());
            button.cp-button.cp-secondary type="submit" { (text(lang, SurveyText::Show)) }
        }
    }
}

/// The newest text answers (at most a page of responses), each with its hide or show form.
async fn texts_to_moderate(
    state: &AppState,
    staff: &Staff,
    row: &ActivityRow,
    results: &super::results::Results,
) -> Result<Markup, ApiError> {
    let lang = staff.lang;
    let page = state
        .store
        .latest_responses(&staff.org, &row.key, super::storage::RESPONSES_PER_READ)
        .await?;
    let mut items = Vec::new();
    for r in page.iter().filter(|r| !r.withdrawn) {
        let Some(version) = results.versions.iter().find(|v| v.n == r.version) else {
            continue;
        };
        for q in version.definition.pages.iter().flat_map(|p| &p.questions) {
            let text = match (&q.kind, r.answers.get(&q.id)) {
                (QuestionKind::Text { .. }, Some(Answer::Text(t))) => t.clone(),
                (_, Some(_)) if r.answers.other.contains_key(&q.id) => {
                    r.answers.other.get(&q.id).cloned().unwrap_or_default()
                }
                _ => continue,
            };
            items.push((r, q, text));
        }
    }
    let base = format!("/console/activities/{}", encode(&row.key));
    let l = lang.code();
    Ok(html! {
        @if items.is_empty() {
            p { (text(lang, SurveyText::NoTextAnswers)) }
        } @else {
            ul.cp-texts {
                @for (r, q, t) in &items {
                    li {
                        p.cp-hint { (q.text.get(lang, false)) " · " (date(r.created_at)) }
                        @if let Some(reason) = r.hidden.get(&q.id) {
                            p { em { (text(lang, SurveyText::HiddenBecause)) " " (reason) } }
                            (crate::http::console::view::button_form(staff, &format!("{base}/survey/responses/{}/show?lang={l}", encode(&r.key)), &[("question", &q.id)], text(lang, SurveyText::ShowAgain)))
                        } @else {
                            blockquote { (t) }
                            form method="post" action=(format!("{base}/survey/responses/{}/hide?lang={l}", encode(&r.key))) class="cp-inline" {
                                input type="hidden" name="csrf" value=(staff.csrf);
                                input type="hidden" name="question" value=(q.id);
                                @let id = format!("hide-{}-{}", r.key, q.id.len());
                                label for=(id) { (text(lang, SurveyText::HideReason)) }
                                input id=(id) type="text" name="reason" required maxlength="300";
                                button.cp-button.cp-secondary type="submit" { (text(lang, SurveyText::Hide)) }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// The preview: the draft's page as citizens will see it, without sending anything.
pub fn preview_markup(body: &str) -> Markup {
    html! { div.preview { (PreEscaped(body)) } }
}
