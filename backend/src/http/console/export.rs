//! Exports of a board's ideas: CSV (safe against spreadsheet formula injection) and JSON.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use coproduce_widgets::fmt::date;
use serde::Serialize;

use super::auth::Staff;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::storage::IdeaRow;

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
            status: r.status.clone(),
            visibility: r.visibility.clone(),
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

async fn rows(state: &AppState, staff: &Staff, board: &str) -> Result<Vec<ExportedIdea>, ApiError> {
    state.store.board(&staff.org, board).await?;
    Ok(state
        .store
        .all_ideas(&staff.org, board)
        .await?
        .iter()
        .map(ExportedIdea::from)
        .collect())
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub async fn csv(
    State(state): State<AppState>,
    staff: Staff,
    Path(board): Path<String>,
) -> Result<Response, ApiError> {
    let ideas = rows(&state, &staff, &board).await?;
    // A byte order mark first: without it Excel reads the file in the machine's legacy code
    // page and shows "RÃ¤ume" for "Räume"; other spreadsheet programs and CSV readers skip it.
    let mut w = csv::Writer::from_writer(UTF8_BOM.to_vec());
    let header = [
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
    w.write_record(header).map_err(ApiError::unexpected)?;
    for i in &ideas {
        let opt = |o: &Option<String>| defuse(o.as_deref().unwrap_or(""));
        w.write_record([
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
        ])
        .map_err(ApiError::unexpected)?;
    }
    let bytes = w.into_inner().map_err(ApiError::unexpected)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"ideas-{board}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub async fn json(
    State(state): State<AppState>,
    staff: Staff,
    Path(board): Path<String>,
) -> Result<Response, ApiError> {
    let ideas = rows(&state, &staff, &board).await?;
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"ideas-{board}.json\""),
        )],
        Json(ideas),
    )
        .into_response())
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
