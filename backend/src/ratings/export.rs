//! Exports of a ratings activity's stories: CSV (safe against spreadsheet formulas) and JSON,
//! every story staff see (withdrawn ones as empty), read a page at a time.

use axum::response::Response;
use coproduce_widgets::fmt::date;
use coproduce_widgets::ratings::contract::StoryState;
use serde::Serialize;

use super::storage::StoryRow;
use crate::domain::OrgId;
use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::download::streamed;
use crate::http::error::ApiError;
use crate::http::kind::ExportFormat;
use crate::ideas::export::defuse;
use crate::storage::{ActivityRow, Cursor};

const CHUNK: usize = 500;

#[derive(Debug, Serialize)]
struct Exported {
    id: String,
    service: String,
    state: String,
    overall: u8,
    ratings: String,
    story: String,
    when: String,
    part: String,
    name: String,
    answers: usize,
    change: String,
    created: String,
}

fn exported(s: &StoryRow) -> Exported {
    Exported {
        id: s.key.clone(),
        service: s.service.clone(),
        state: s.state.as_str().to_string(),
        overall: s.overall,
        ratings: s
            .ratings
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" "),
        story: s.story.clone(),
        when: s.when.clone().unwrap_or_default(),
        part: s.part.clone().unwrap_or_default(),
        name: s.name.clone().unwrap_or_default(),
        answers: s.answers.len(),
        change: s
            .change
            .as_ref()
            .map(|c| {
                format!(
                    "{}: {}",
                    if c.made { "made" } else { "planned" },
                    c.description
                )
            })
            .unwrap_or_default(),
        created: date(s.created_at),
    }
}

struct Export {
    state: AppState,
    org: OrgId,
    key: String,
    format: ExportFormat,
    after: Option<Cursor>,
    started: bool,
    first: bool,
    done: bool,
}

async fn next_piece(mut ex: Export) -> Option<(Result<Vec<u8>, String>, Export)> {
    if ex.done {
        return None;
    }
    let all = StoryState::ALL;
    let read = ex
        .state
        .store
        .stories(&ex.org, &ex.key, (&all, None), ex.after, CHUNK)
        .await;
    let piece = read.map_err(|e| e.to_string()).and_then(|(stories, next)| {
        let mut out = Vec::new();
        if !ex.started {
            ex.started = true;
            match ex.format {
                ExportFormat::Csv => {
                    out.extend_from_slice(b"\xEF\xBB\xBF");
                    out.extend_from_slice(b"id,service,state,overall,ratings,story,when,part,name,answers,change,created\n");
                }
                ExportFormat::Json => out.push(b'['),
            }
        }
        for s in &stories {
            let e = exported(s);
            match ex.format {
                ExportFormat::Csv => {
                    let mut w = csv::Writer::from_writer(&mut out);
                    let row = [
                        defuse(&e.id), defuse(&e.service), e.state.clone(), e.overall.to_string(), defuse(&e.ratings),
                        defuse(&e.story), defuse(&e.when), defuse(&e.part), defuse(&e.name), e.answers.to_string(),
                        defuse(&e.change), e.created.clone(),
                    ];
                    w.write_record(row).map_err(|e| e.to_string())?;
                    w.flush().map_err(|e| e.to_string())?;
                }
                ExportFormat::Json => {
                    if !ex.first {
                        out.push(b',');
                    }
                    ex.first = false;
                    serde_json::to_writer(&mut out, &e).map_err(|e| e.to_string())?;
                }
            }
        }
        if next.is_none() {
            if ex.format == ExportFormat::Json {
                out.push(b']');
            }
            ex.done = true;
        }
        ex.after = next;
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
    let stem = format!("ratings-{}", activity.key);
    let start = Export {
        state,
        org: staff.org,
        key: activity.key,
        format,
        after: None,
        started: false,
        first: true,
        done: false,
    };
    Ok(streamed(&stem, format, start, next_piece))
}

/// A page of the published stories as open data (`http::pages::open_data`), newest first.
pub async fn open_records(
    state: AppState,
    tenant: crate::http::tenant::Tenant,
    activity: ActivityRow,
    after: Option<String>,
) -> Result<crate::domain::open_data::OpenPage, ApiError> {
    use crate::domain::open_data::OpenRecord;
    let def = state.store.ratings(&tenant.id, &activity.key).await?;
    let lang = activity.language(coproduce_widgets::i18n::Lang::En);
    let after = after.as_deref().and_then(Cursor::parse);
    let published = (&[StoryState::Published][..], None);
    let (stories, next) = state
        .store
        .stories(&tenant.id, &activity.key, published, after, CHUNK)
        .await?;
    let records = stories
        .iter()
        .map(|s| OpenRecord {
            id: s.key.clone(),
            created: date(s.created_at),
            title: super::shown::service_label(lang, &def, &s.service),
            text: s.story.clone(),
            status: s.state.as_str().to_string(),
            answers: s
                .answers
                .iter()
                .map(|a| format!("{} ({}): {}", a.role, date(a.at), a.text))
                .collect(),
            count: s.helpful,
            rating: Some(s.overall),
            change: s.change.as_ref().map(|c| c.description.clone()),
            ..OpenRecord::default()
        })
        .collect();
    Ok((records, next.map(Cursor::to_param)))
}
