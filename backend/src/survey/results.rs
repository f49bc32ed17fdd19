//! A survey's results: read from the ledger's counts alone, whatever the number of responses
//! (the survey's counts, or for a date range its days' counts added up); shown as a chart
//! (SVG, hidden from screen readers) with the table it draws, which screen readers read.

use coproduce_widgets::i18n::Lang;
use coproduce_widgets::survey::definition::{Definition, Question, QuestionKind};
use coproduce_widgets::survey::response::Answer;
use coproduce_widgets::survey::texts::SurveyMsg;
use maud::{Markup, html};

use super::counts::{QuestionResult, across_versions, day_scopes, results};
use super::shown::option_label;
use super::storage::{Cursor, RESPONSES_PER_READ, VersionRow};
use crate::domain::OrgId;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::storage::{StorageError, Store};

/// Results of one version (its questions counted over every version that asked them alike).
pub struct Results {
    pub versions: Vec<VersionRow>,
    pub version: i64,
    /// Responses to this version.
    pub responses: i64,
    pub questions: Vec<QuestionResult>,
    /// Per question, the versions its figures come from.
    pub sources: Vec<(String, Vec<i64>)>,
}

impl Results {
    pub fn definition(&self) -> Option<&Definition> {
        self.versions
            .iter()
            .find(|v| v.n == self.version)
            .map(|v| &v.definition)
    }
}

/// A date range of responses, Unix ms, `[from, to)`, read as whole days (UTC): a range that
/// starts or ends within a day takes all of that day.
pub type Range = (i64, i64);

impl AppState {
    /// The results of `version` (the latest when `None`), over every response or the days of
    /// `range`.
    pub async fn survey_results(
        &self,
        org: &OrgId,
        key: &str,
        version: Option<i64>,
        range: Option<Range>,
    ) -> Result<Results, ApiError> {
        Ok(load(&self.store, org, key, version, range).await?)
    }
}

/// What `AppState::survey_results` reads: the benchmark times this.
pub async fn load(
    store: &Store,
    org: &OrgId,
    key: &str,
    version: Option<i64>,
    range: Option<Range>,
) -> Result<Results, StorageError> {
    let versions = store.survey_versions(org, key).await?;
    let latest = versions.last().map_or(0, |v| v.n);
    let version = version
        .filter(|n| versions.iter().any(|v| v.n == *n))
        .unwrap_or(latest);
    let counts = match range {
        None => store.counts(org, key).await?,
        Some(range) => {
            let (first, last) = day_scopes(key, range);
            store.counts_between(org, &first, &last).await?
        }
    };
    let defs: Vec<(i64, &Definition)> = versions.iter().map(|v| (v.n, &v.definition)).collect();
    let (combined, sources) = across_versions(&defs, &counts, version);
    let questions = versions
        .iter()
        .find(|v| v.n == version)
        .map(|v| results(&v.definition, &combined))
        .unwrap_or_default();
    Ok(Results {
        responses: combined.get("responses"),
        versions,
        version,
        questions,
        sources,
    })
}

/// A cross-tab of question `a` (its values: the rows) and `b` (the columns) over the responses
/// of `range`: how many responses gave each pair, counted from their two answers a page at a
/// time.
pub async fn crosstab(
    store: &Store,
    org: &OrgId,
    key: &str,
    (a, rows): (&str, &[String]),
    (b, cols): (&str, &[String]),
    range: Range,
) -> Result<Vec<Vec<i64>>, StorageError> {
    let mut cells = vec![vec![0i64; cols.len()]; rows.len()];
    let mut after: Option<Cursor> = None;
    loop {
        let page = store
            .answer_pairs(org, key, (a, b), range, after, RESPONSES_PER_READ)
            .await?;
        for p in page.iter().filter(|p| !p.withdrawn) {
            for x in given(p.a.as_ref()) {
                let Some(i) = rows.iter().position(|v| *v == x) else {
                    continue;
                };
                for y in given(p.b.as_ref()) {
                    if let Some(j) = cols.iter().position(|v| *v == y) {
                        cells[i][j] += 1;
                    }
                }
            }
        }
        if page.len() < RESPONSES_PER_READ {
            return Ok(cells);
        }
        let times: Vec<i64> = page.iter().map(|p| p.created_at).collect();
        after = Cursor::after(after, &times);
    }
}

/// The values a response gave question `q`.
fn given(answer: Option<&Answer>) -> Vec<String> {
    match answer {
        Some(Answer::Choice(c)) => vec![c.clone()],
        Some(Answer::Choices(cs)) => cs.clone(),
        Some(Answer::Yes(y)) => vec![if *y { "yes" } else { "no" }.into()],
        Some(Answer::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn percent(n: i64, of: i64) -> String {
    if of <= 0 {
        return "0 %".into();
    }
    format!("{} %", (n * 100 + of / 2) / of)
}

/// Horizontal bars of (label, count) out of `of`: the picture of the table beside it.
fn bars(rows: &[(String, i64)], of: i64) -> Markup {
    let height = 22 * rows.len().max(1);
    html! {
        svg.cp-chart viewBox=(format!("0 0 100 {height}")) preserveAspectRatio="none"
            width="100%" height=(height) aria-hidden="true" focusable="false" {
            @for (i, (_, n)) in rows.iter().enumerate() {
                @let w = if of > 0 { (*n as f64 * 100.0 / of as f64).clamp(0.0, 100.0) } else { 0.0 };
                rect x="0" y=(i * 22 + 3) width=(format!("{w:.2}")) height="16" fill="#1d4ed8" {}
            }
        }
    }
}

fn label_of(q: &Question, id: &str, lang: Lang) -> String {
    option_label(q, id, lang)
}

/// One question's figures: chart, table, mean, median, NPS.
fn question_markup(q: &Question, r: &QuestionResult, lang: Lang, from: &[i64]) -> Markup {
    let en = lang == Lang::En;
    let rows: Vec<(String, i64)> = r
        .options
        .iter()
        .map(|(id, n)| (label_of(q, id, lang), *n))
        .collect();
    let grid_head: Vec<String> = match &q.kind {
        QuestionKind::Ranking { options } => (1..=options.len()).map(|p| format!("{p}.")).collect(),
        QuestionKind::Matrix { scale, .. } => scale
            .iter()
            .map(|s| s.get(lang, false).to_string())
            .collect(),
        _ => Vec::new(),
    };
    let caption = q.text.get(lang, false);
    html! {
        section.cp-result {
            h3 { (caption) }
            p.cp-hint {
                (r.answered) " " (coproduce_widgets::i18n::t(lang, SurveyMsg::Responses))
                @if from.len() > 1 {
                    " · " (if en { "versions " } else { "Versionen " })
                    (from.iter().map(i64::to_string).collect::<Vec<_>>().join(", "))
                }
            }
            @if !rows.is_empty() {
                (bars(&rows, r.answered))
                table.cp-table {
                    caption.cp-sr { (caption) }
                    thead { tr { th scope="col" { (if en { "Answer" } else { "Antwort" }) } th scope="col" { (if en { "Count" } else { "Anzahl" }) } th scope="col" { "%" } } }
                    tbody {
                        @for (label, n) in &rows {
                            tr { th scope="row" { (label) } td { (n) } td { (percent(*n, r.answered)) } }
                        }
                    }
                }
            }
            @if !r.grid.is_empty() {
                table.cp-table {
                    caption.cp-sr { (caption) }
                    thead { tr { td {} @for h in &grid_head { th scope="col" { (h) } } } }
                    tbody {
                        @for (id, counts) in &r.grid {
                            tr { th scope="row" { (label_of(q, id, lang)) } @for n in counts { td { (n) } } }
                        }
                    }
                }
            }
            @if r.mean.is_some() || r.median.is_some() || r.nps.is_some() {
                dl.cp-figures {
                    @if let Some(mean) = r.mean { dt { (if en { "Mean" } else { "Mittelwert" }) } dd { (format!("{mean:.2}")) } }
                    @if let Some(median) = r.median { dt { "Median" } dd { (median) } }
                    @if let Some(nps) = r.nps { dt { "NPS" } dd { (nps) } }
                }
            }
        }
    }
}

/// Every question's figures (text and date answers are listed elsewhere: the console lists
/// them with moderation, the public page leaves them out).
pub fn results_markup(res: &Results, lang: Lang) -> Markup {
    let Some(def) = res.definition() else {
        return html! {};
    };
    let questions: Vec<&Question> = def.pages.iter().flat_map(|p| &p.questions).collect();
    html! {
        @for (q, r) in questions.iter().zip(&res.questions) {
            @if !matches!(q.kind, QuestionKind::Text { .. } | QuestionKind::Date { .. }) {
                @let from = res.sources.iter().find(|(id, _)| id == &q.id).map(|(_, f)| f.as_slice()).unwrap_or(&[]);
                (question_markup(q, r, lang, from))
            }
        }
    }
}
