//! Exports of a survey's responses: CSV with one column per question, or per option where a
//! question takes several (multiple choice, ranking positions, matrix rows), safe against
//! spreadsheet formulas and with a byte order mark; JSON with each response's answers. Sent a
//! page of responses at a time, so an export of any survey holds one page in memory.

use axum::response::Response;
use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::survey::definition::{Question, QuestionKind};
use coproduce_widgets::survey::response::{Answer, OTHER};
use serde::Serialize;

use super::shown::answer_text;
use super::storage::{Cursor, RESPONSES_PER_READ, ResponseRow, VersionRow};
use crate::domain::OrgId;
use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::download::streamed;
use crate::http::error::ApiError;
use crate::http::kind::ExportFormat;
use crate::ideas::export::defuse;
use crate::storage::ActivityRow;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One CSV column: its header and how a response fills it.
struct Column {
    header: String,
    question: String,
    part: Part,
}

enum Part {
    /// The whole answer in words.
    Whole,
    /// 1 when the option was chosen (multiple choice), else empty.
    Chosen(String),
    /// The option's position (ranking).
    Position(String),
    /// The row's point (matrix).
    Row(String),
    /// The text of an "other" answer.
    Other,
}

/// The columns of every question of every version (the newest version's order first, then
/// questions only older versions asked).
fn columns(versions: &[VersionRow]) -> Vec<Column> {
    let mut seen: Vec<&Question> = Vec::new();
    for v in versions.iter().rev() {
        for q in v.definition.pages.iter().flat_map(|p| &p.questions) {
            if !seen.iter().any(|s| s.id == q.id) {
                seen.push(q);
            }
        }
    }
    let mut out = Vec::new();
    for q in seen {
        let col = |suffix: &str, part: Part| Column {
            header: if suffix.is_empty() {
                q.id.clone()
            } else {
                format!("{}.{suffix}", q.id)
            },
            question: q.id.clone(),
            part,
        };
        match &q.kind {
            QuestionKind::MultipleChoice { options, .. } => {
                out.extend(
                    options
                        .iter()
                        .map(|o| col(&o.id, Part::Chosen(o.id.clone()))),
                );
                if q.other {
                    out.push(col(OTHER, Part::Chosen(OTHER.into())));
                }
            }
            QuestionKind::Ranking { options } => {
                out.extend(
                    options
                        .iter()
                        .map(|o| col(&o.id, Part::Position(o.id.clone()))),
                );
            }
            QuestionKind::Matrix { rows, .. } => {
                out.extend(rows.iter().map(|r| col(&r.id, Part::Row(r.id.clone()))));
            }
            _ => out.push(col("", Part::Whole)),
        }
        if q.other {
            out.push(col("other_text", Part::Other));
        }
    }
    out
}

fn cell(c: &Column, r: &ResponseRow, versions: &[VersionRow]) -> String {
    let answer = r.answers.get(&c.question);
    let value = match (&c.part, answer) {
        (Part::Whole, Some(_)) => versions
            .iter()
            .find(|v| v.n == r.version)
            .and_then(|v| v.definition.question(&c.question))
            .and_then(|q| match r.answers.get(&q.id) {
                // Values, not labels: a spreadsheet counts them.
                Some(Answer::Number(n)) => Some(n.to_string()),
                Some(Answer::Yes(y)) => Some(if *y { "yes" } else { "no" }.to_string()),
                Some(Answer::Choice(c)) => Some(c.clone()),
                _ => answer_text(q, &r.answers, Lang::En),
            })
            .unwrap_or_default(),
        (Part::Chosen(id), Some(Answer::Choices(cs))) if cs.contains(id) => "1".into(),
        (Part::Position(id), Some(Answer::Order(o))) => o
            .iter()
            .position(|x| x == id)
            .map(|p| (p + 1).to_string())
            .unwrap_or_default(),
        (Part::Row(id), Some(Answer::Rows(rows))) => {
            rows.get(id).map(i64::to_string).unwrap_or_default()
        }
        (Part::Other, _) => r
            .answers
            .other
            .get(&c.question)
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    // Hidden by staff: left out of every export, as of the results.
    if r.hidden.contains_key(&c.question) {
        return String::new();
    }
    defuse(&value)
}

#[derive(Serialize)]
struct Exported<'a> {
    id: &'a str,
    version: i64,
    created: String,
    answers: &'a coproduce_widgets::survey::response::Answers,
}

struct Export {
    state: AppState,
    org: OrgId,
    survey: String,
    format: ExportFormat,
    versions: Vec<VersionRow>,
    columns: Vec<Column>,
    after: Option<Cursor>,
    started: bool,
    done: bool,
}

fn piece(ex: &Export, rows: &[ResponseRow], first: bool, last: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match ex.format {
        ExportFormat::Csv => {
            if first {
                out.extend_from_slice(UTF8_BOM);
            }
            let mut w = csv::Writer::from_writer(&mut out);
            if first {
                let head = ["id", "version", "created"]
                    .into_iter()
                    .map(str::to_string)
                    .chain(ex.columns.iter().map(|c| defuse(&c.header)));
                w.write_record(head).map_err(|e| e.to_string())?;
            }
            for r in rows.iter().filter(|r| !r.withdrawn) {
                let fixed = [r.key.clone(), r.version.to_string(), date(r.created_at)];
                let cells = ex.columns.iter().map(|c| cell(c, r, &ex.versions));
                w.write_record(fixed.into_iter().chain(cells))
                    .map_err(|e| e.to_string())?;
            }
            w.flush().map_err(|e| e.to_string())?;
        }
        ExportFormat::Json => {
            if first {
                out.push(b'[');
            }
            let mut comma = !first;
            for r in rows.iter().filter(|r| !r.withdrawn) {
                if comma {
                    out.push(b',');
                }
                comma = true;
                let mut answers = r.answers.clone();
                for q in r.hidden.keys() {
                    answers.values.remove(q);
                    answers.other.remove(q);
                }
                serde_json::to_writer(
                    &mut out,
                    &Exported {
                        id: &r.key,
                        version: r.version,
                        created: date(r.created_at),
                        answers: &answers,
                    },
                )
                .map_err(|e| e.to_string())?;
            }
            if last {
                out.push(b']');
            }
        }
    }
    Ok(out)
}

async fn next_piece(mut ex: Export) -> Option<(Result<Vec<u8>, String>, Export)> {
    if ex.done {
        return None;
    }
    let read = ex
        .state
        .store
        .responses(
            &ex.org,
            &ex.survey,
            (0, i64::MAX),
            ex.after,
            RESPONSES_PER_READ,
        )
        .await;
    let result = read.map_err(|e| e.to_string()).and_then(|rows| {
        let last = rows.len() < RESPONSES_PER_READ;
        // JSON separates responses by commas: an empty first page still opens the array.
        let out = piece(&ex, &rows, !ex.started, last)?;
        ex.started = true;
        ex.done = last;
        let times: Vec<i64> = rows.iter().map(|r| r.created_at).collect();
        ex.after = Cursor::after(ex.after, &times);
        Ok(out)
    });
    Some((result, ex))
}

pub async fn export(
    state: AppState,
    staff: Staff,
    activity: ActivityRow,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    let survey = activity.key;
    let versions = state.store.survey_versions(&staff.org, &survey).await?;
    let stem = format!("survey-{survey}");
    let start = Export {
        state,
        org: staff.org,
        columns: columns(&versions),
        versions,
        survey,
        format,
        after: None,
        started: false,
        done: false,
    };
    Ok(streamed(&stem, format, start, next_piece))
}
