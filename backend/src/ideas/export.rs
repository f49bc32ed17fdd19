//! Exports of a board's ideas: CSV (safe against spreadsheet formula injection) and JSON.

use axum::response::Response;
use coproduce_widgets::fmt::date;
use serde::Serialize;

use crate::domain::OrgId;
use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::download::streamed;
use crate::http::error::ApiError;
use crate::http::kind::ExportFormat;
use crate::ideas::storage::{Cursor, IdeaRow};
use crate::storage::ActivityRow;

#[derive(Debug, Serialize)]
pub struct ExportedIdea {
    pub id: String,
    pub title: String,
    pub body: String,
    pub author: Option<String>,
    pub status: String,
    pub visibility: String,
    pub supports: i64,
    pub created: String,
    pub first_answer: Option<String>,
    pub latest_answer: Option<String>,
    pub merged_into: Option<String>,
}

impl From<&IdeaRow> for ExportedIdea {
    fn from(r: &IdeaRow) -> Self {
        Self {
            id: r.key.clone(),
            title: r.title.clone(),
            body: r.body.clone(),
            author: r.author.clone(),
            status: r.status.as_str().to_string(),
            visibility: r.visibility.as_str().to_string(),
            supports: r.supports,
            created: date(r.created_at),
            first_answer: r.first_answer_at.map(date),
            latest_answer: r.history.iter().rev().find_map(|h| h.answer.clone()),
            merged_into: r.merged_into.clone(),
        }
    }
}

/// Spreadsheets run cells that start with these as formulas; a leading apostrophe stops that.
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '|' | '%') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Ideas read per piece of an export: the file is sent as it is read, so an export of any
/// board holds at most this many ideas in memory.
const EXPORT_CHUNK: usize = 500;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

const CSV_HEADER: [&str; 11] = [
    "id",
    "title",
    "body",
    "author",
    "status",
    "visibility",
    "supports",
    "created",
    "first_answer",
    "latest_answer",
    "merged_into",
];

impl ExportFormat {
    /// What starts the file. A byte order mark before the CSV: without it Excel reads the
    /// file in the machine's legacy code page and shows "RÃ¤ume" for "Räume"; other
    /// spreadsheet programs and CSV readers skip it.
    fn head(self, out: &mut Vec<u8>) -> Result<(), String> {
        match self {
            Self::Csv => {
                out.extend_from_slice(UTF8_BOM);
                csv_records(out, std::iter::once(CSV_HEADER.map(str::to_string)))
            }
            Self::Json => {
                out.push(b'[');
                Ok(())
            }
        }
    }

    fn ideas(self, out: &mut Vec<u8>, ideas: &[IdeaRow], first: bool) -> Result<(), String> {
        match self {
            Self::Csv => csv_records(out, ideas.iter().map(|r| csv_row(&ExportedIdea::from(r)))),
            Self::Json => {
                for (n, idea) in ideas.iter().enumerate() {
                    if !(first && n == 0) {
                        out.push(b',');
                    }
                    serde_json::to_writer(&mut *out, &ExportedIdea::from(idea))
                        .map_err(|e| e.to_string())?;
                }
                Ok(())
            }
        }
    }

    fn tail(self, out: &mut Vec<u8>) {
        if let Self::Json = self {
            out.push(b']');
        }
    }
}

fn csv_row(i: &ExportedIdea) -> [String; 11] {
    let opt = |o: &Option<String>| defuse(o.as_deref().unwrap_or(""));
    [
        defuse(&i.id),
        defuse(&i.title),
        defuse(&i.body),
        opt(&i.author),
        defuse(&i.status),
        defuse(&i.visibility),
        i.supports.to_string(),
        i.created.clone(),
        opt(&i.first_answer),
        opt(&i.latest_answer),
        opt(&i.merged_into),
    ]
}

fn csv_records(
    out: &mut Vec<u8>,
    records: impl Iterator<Item = [String; 11]>,
) -> Result<(), String> {
    let mut w = csv::Writer::from_writer(out);
    for r in records {
        w.write_record(r).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

/// An export being sent: where it stands in the board.
struct Export {
    state: AppState,
    org: OrgId,
    board: String,
    format: ExportFormat,
    cursor: Option<Cursor>,
    started: bool,
    done: bool,
}

/// The next piece of the file: the head with the first ideas, then a chunk at a time, the
/// tail with the last.
async fn next_piece(mut ex: Export) -> Option<(Result<Vec<u8>, String>, Export)> {
    if ex.done {
        return None;
    }
    let read = ex
        .state
        .store
        .ideas_after(&ex.org, &ex.board, ex.cursor.as_ref(), EXPORT_CHUNK)
        .await;
    let piece = read.map_err(|e| e.to_string()).and_then(|(ideas, next)| {
        let mut out = Vec::new();
        let first = !ex.started;
        if first {
            ex.format.head(&mut out)?;
        }
        ex.format.ideas(&mut out, &ideas, first)?;
        if ideas.len() < EXPORT_CHUNK {
            ex.format.tail(&mut out);
            ex.done = true;
        }
        ex.started = true;
        ex.cursor = next;
        Ok(out)
    });
    Some((piece, ex))
}

pub async fn export(
    state: AppState,
    staff: Staff,
    activity: ActivityRow,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    let stem = format!("ideas-{}", activity.key);
    let start = Export {
        state,
        org: staff.org,
        board: activity.key,
        format,
        cursor: None,
        started: false,
        done: false,
    };
    Ok(streamed(&stem, format, start, next_piece))
}

/// A page of the board's public ideas as open data (`http::pages::open_data`), newest first.
pub async fn open_records(
    state: AppState,
    tenant: crate::http::tenant::Tenant,
    activity: ActivityRow,
    after: Option<String>,
) -> Result<crate::domain::open_data::OpenPage, ApiError> {
    use crate::domain::open_data::OpenRecord;
    use crate::ideas::storage::{ListFilter, PageCursor};
    let after = after.as_deref().and_then(PageCursor::parse);
    let filter = ListFilter {
        sort: coproduce_widgets::ideas::contract::Sort::Newest,
        status: None,
        limit: EXPORT_CHUNK,
    };
    let (ideas, next) = state
        .store
        .public_ideas(&tenant.id, &activity.key, filter, after.as_ref())
        .await?;
    let records = ideas
        .iter()
        .map(|i| OpenRecord {
            id: i.key.clone(),
            created: date(i.created_at),
            title: i.title.clone(),
            text: i.body.clone(),
            status: i.status.as_str().to_string(),
            answers: i.history.iter().filter_map(|h| h.answer.clone()).collect(),
            count: i.supports,
            ..OpenRecord::default()
        })
        .collect();
    Ok((records, next.map(|c| c.to_param())))
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formula_cells_are_defused_and_plain_text_is_kept() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Benches"), "Benches");
    }
}
