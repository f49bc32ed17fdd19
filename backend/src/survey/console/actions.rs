//! What staff do to a survey's draft: move, delete, add, save as JSON, import from SurveyJS.
//! Every change is checked whole (bounds and logic) before it is saved; a refused change comes
//! back with the message naming the rule or question at fault (422).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::survey::definition::{Definition, Page};
use coproduce_widgets::survey::logic::validate;
use serde::Deserialize;

use super::question_form::{QuestionForm, fresh_id, new_question};
use super::{Echo, SurveyPageQuery, render};
use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::LargeInput;
use crate::http::kind::encode;
use crate::storage::ActivityRow;

/// The survey activity of this organisation, or 404 (another kind answers 404 as well).
pub(super) async fn survey_activity(
    state: &AppState,
    staff: &Staff,
    key: &str,
) -> Result<ActivityRow, ApiError> {
    let row = state.store.activity(&staff.org, key).await?;
    if row.kind != coproduce_widgets::contract::ActivityKind::Survey {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

pub(super) fn back(staff: &Staff, key: &str) -> Response {
    Redirect::to(&format!(
        "/console/activities/{}?lang={}&saved=1",
        encode(key),
        staff.lang.code()
    ))
    .into_response()
}

/// Why a draft cannot be saved: (code, what it is about).
pub(super) fn check(def: &Definition) -> Result<(), (String, String)> {
    if let Err(e) = def.check_bounds() {
        return Err((
            "too_large".into(),
            format!("{} {}", e.what, e.at).trim().to_string(),
        ));
    }
    validate(def).map_err(|e| (e.code().to_string(), e.subject().to_string()))
}

/// The survey's page again with the error of a refused form (422).
pub(super) async fn refuse(
    state: &AppState,
    staff: &Staff,
    row: &ActivityRow,
    echo: Echo,
) -> Result<Response, ApiError> {
    let q = SurveyPageQuery::default();
    render(
        state,
        staff,
        row,
        &q,
        &echo,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// An echo that carries error `code` alone.
pub(super) fn refused(code: &str) -> Echo {
    Echo {
        error: Some((code.into(), String::new())),
        ..Echo::default()
    }
}

/// Saves `def` as the draft if it is sound, else shows the page again with the error.
async fn save(
    state: &AppState,
    staff: &Staff,
    row: &ActivityRow,
    def: &Definition,
    echo: Echo,
) -> Result<Response, ApiError> {
    match check(def) {
        Ok(()) => {
            state.store.save_draft(&staff.org, &row.key, def).await?;
            if echo.skipped.is_empty() {
                return Ok(back(staff, &row.key));
            }
            // What an import left out is shown once, on the page the import leads to.
            render(
                state,
                staff,
                row,
                &SurveyPageQuery {
                    saved: Some("1".into()),
                    ..Default::default()
                },
                &echo,
                StatusCode::OK,
            )
            .await
        }
        Err(error) => {
            let echo = Echo {
                error: Some(error),
                ..echo
            };
            refuse(state, staff, row, echo).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DefinitionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    surveyjs: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn save_json(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<DefinitionForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = survey_activity(&state, &staff, &key).await?;
    match serde_json::from_str::<Definition>(&form.definition) {
        Ok(def) => {
            save(
                &state,
                &staff,
                &row,
                &def,
                Echo {
                    json: Some(form.definition),
                    ..Echo::default()
                },
            )
            .await
        }
        Err(e) => {
            let echo = Echo {
                json: Some(form.definition),
                error: Some(("definition_json".into(), e.to_string())),
                ..Echo::default()
            };
            refuse(&state, &staff, &row, echo).await
        }
    }
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<DefinitionForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = survey_activity(&state, &staff, &key).await?;
    let Ok(model) = serde_json::from_str::<serde_json::Value>(&form.surveyjs) else {
        let echo = Echo {
            surveyjs: Some(form.surveyjs),
            error: Some(("surveyjs_json".into(), String::new())),
            ..Echo::default()
        };
        return refuse(&state, &staff, &row, echo).await;
    };
    let imported = crate::survey::surveyjs::import(&model);
    let echo = Echo {
        surveyjs: Some(form.surveyjs),
        skipped: imported.skipped,
        ..Echo::default()
    };
    save(&state, &staff, &row, &imported.definition, echo).await
}

#[derive(Debug, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    csrf: String,
    /// `page` or `question`.
    #[serde(default)]
    what: String,
    #[serde(default)]
    id: String,
    /// `up`, `down` or `delete`.
    #[serde(default)]
    op: String,
}

/// Moves or deletes item `at` of `items`.
fn apply<T>(items: &mut Vec<T>, at: usize, op: &str) -> bool {
    match op {
        "up" if at > 0 => items.swap(at, at - 1),
        "down" if at + 1 < items.len() => items.swap(at, at + 1),
        "delete" => {
            items.remove(at);
        }
        _ => return false,
    }
    true
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<EditForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = survey_activity(&state, &staff, &key).await?;
    let mut def = state.store.survey(&staff.org, &key).await?.draft;
    let done = match form.what.as_str() {
        "page" => match def.page_index(&form.id) {
            Some(p) => apply(&mut def.pages, p, &form.op),
            None => false,
        },
        "question" => match def.locate(&form.id) {
            // Up from a page's first question, or down from its last: to the page before or after.
            Some((p, 0)) if form.op == "up" && p > 0 => {
                let q = def.pages[p].questions.remove(0);
                def.pages[p - 1].questions.push(q);
                true
            }
            Some((p, i))
                if form.op == "down"
                    && i + 1 == def.pages[p].questions.len()
                    && p + 1 < def.pages.len() =>
            {
                let q = def.pages[p].questions.remove(i);
                def.pages[p + 1].questions.insert(0, q);
                true
            }
            Some((p, i)) => apply(&mut def.pages[p].questions, i, &form.op),
            None => false,
        },
        _ => false,
    };
    if !done {
        return Ok(back(&staff, &key));
    }
    save(&state, &staff, &row, &def, Echo::default()).await
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub(super) csrf: String,
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn add_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<CsrfForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = survey_activity(&state, &staff, &key).await?;
    let mut def = state.store.survey(&staff.org, &key).await?.draft;
    def.pages.push(Page {
        id: fresh_id(&def, "page"),
        title: None,
        questions: Vec::new(),
    });
    save(&state, &staff, &row, &def, Echo::default()).await
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn add_question(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<QuestionForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = survey_activity(&state, &staff, &key).await?;
    let mut def = state.store.survey(&staff.org, &key).await?.draft;
    let question = match new_question(&form, &def) {
        Ok(q) => q,
        Err(code) => {
            return refuse(&state, &staff, &row, refused(code)).await;
        }
    };
    if def.pages.is_empty() {
        def.pages.push(Page {
            id: fresh_id(&def, "page"),
            title: None,
            questions: Vec::new(),
        });
    }
    let page = def.page_index(&form.page).unwrap_or(def.pages.len() - 1);
    def.pages[page].questions.push(question);
    save(&state, &staff, &row, &def, Echo::default()).await
}
