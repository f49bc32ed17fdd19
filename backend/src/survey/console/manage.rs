//! What staff do to a survey beyond its draft: publish it, change when and how it is
//! answered, preview it, take its definition away as JSON, hide text answers.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::limits::HIDE_REASON_MAX;
use coproduce_widgets::survey::logic::Logic;
use coproduce_widgets::survey::response::Answers;
use coproduce_widgets::survey::view::{PageProps, survey_page};
use leptos::prelude::*;
use serde::Deserialize;

use super::actions::{CsrfForm, back, check, refuse, refused, survey_activity};
use super::{Echo, day_start, preview_markup};
use crate::http::AppState;
use crate::http::console::layout::console_markup;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::{LargeInput, QueryOf};
use crate::http::kind::encode;
use crate::http::pages::shell::html as html_response;
use crate::survey::storage::SurveySettings;
use crate::survey::texts::{SurveyText, text};

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<CsrfForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = survey_activity(&state, &staff, &key).await?;
    let draft = state.store.survey(&staff.org, &key).await?.draft;
    let fault = if draft.pages.iter().all(|p| p.questions.is_empty()) {
        Some(("definition_empty".to_string(), String::new()))
    } else {
        check(&draft).err()
    };
    if let Some(error) = fault {
        let echo = Echo {
            error: Some(error),
            ..Echo::default()
        };
        return refuse(&state, &staff, &row, echo).await;
    }
    let version = state.store.publish_survey(&staff.org, &key).await?;
    state.survey_changed(&staff.org, &key);
    tracing::info!(org = %staff.org, survey = key, version, "survey published");
    Ok(back(&staff, &key))
}

#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    opens: String,
    #[serde(default)]
    closes: String,
    #[serde(default)]
    max: String,
    once: Option<String>,
    public: Option<String>,
}

impl SettingsForm {
    fn parse(&self) -> Option<SurveySettings> {
        let day = |s: &str| match s.trim() {
            "" => Some(None),
            d => day_start(d).map(Some),
        };
        let max = match self.max.trim() {
            "" => None,
            m => Some(m.parse::<i64>().ok().filter(|m| *m > 0)?),
        };
        let (opens_at, closes_at) = (day(&self.opens)?, day(&self.closes)?);
        if let (Some(o), Some(c)) = (opens_at, closes_at)
            && c <= o
        {
            return None;
        }
        Some(SurveySettings {
            opens_at,
            closes_at,
            max_responses: max,
            once_per_person: self.once.is_some(),
            results_public: self.public.is_some(),
        })
    }
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn settings(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<SettingsForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = survey_activity(&state, &staff, &key).await?;
    let Some(settings) = form.parse() else {
        return refuse(&state, &staff, &row, refused("settings_invalid")).await;
    };
    state
        .store
        .save_survey_settings(&staff.org, &key, &settings)
        .await?;
    state.survey_changed(&staff.org, &key);
    Ok(back(&staff, &key))
}

#[derive(Debug, Default, Deserialize)]
pub struct HideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    reason: String,
}

async fn set_hidden(
    state: &AppState,
    staff: &Staff,
    key: &str,
    response: &str,
    form: &HideForm,
    hide: bool,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    survey_activity(state, staff, key).await?;
    let reason = form.reason.trim();
    if hide && (reason.is_empty() || reason.chars().count() > HIDE_REASON_MAX) {
        let code = if reason.is_empty() {
            "required"
        } else {
            "too_long"
        };
        return Ok(Redirect::to(&format!(
            "/console/activities/{}?lang={}&error={code}#results",
            encode(key),
            staff.lang.code()
        ))
        .into_response());
    }
    state
        .store
        .hide_survey_answer(
            &staff.org,
            key,
            response,
            &form.question,
            hide.then_some(reason),
        )
        .await?;
    Ok(back(staff, key))
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn hide(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, response)): Path<(String, String)>,
    LargeInput(form): LargeInput<HideForm>,
) -> Result<Response, ApiError> {
    set_hidden(&state, &staff, &key, &response, &form, true).await
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn unhide(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, response)): Path<(String, String)>,
    LargeInput(form): LargeInput<HideForm>,
) -> Result<Response, ApiError> {
    set_hidden(&state, &staff, &key, &response, &form, false).await
}

#[derive(Debug, Default, Deserialize)]
pub struct PreviewQuery {
    pub page: Option<usize>,
}

/// The draft's pages as citizens will see them (every page, in order: a preview shows what
/// the logic may hide too), with links between them.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn preview(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    QueryOf(q): QueryOf<PreviewQuery>,
) -> Result<Response, ApiError> {
    let row = survey_activity(&state, &staff, &key).await?;
    let def = state.store.survey(&staff.org, &key).await?.draft;
    let lang = staff.lang;
    let n = def.pages.len();
    let page = q.page.unwrap_or(0).min(n.saturating_sub(1));
    let answers = Answers::default();
    let errors = Vec::new();
    let rendered = (n > 0).then(|| {
        Owner::new().with(|| {
            survey_page(PageProps {
                def: &def,
                page,
                progress: (page + 1, n),
                last: page + 1 == n,
                answers: &answers,
                errors: &errors,
                lang,
                plain: false,
                uid: "cp-preview",
                action: String::new(),
                hidden: Vec::new(),
                form_token: String::new(),
                handlers: None,
                busy: false,
                all_questions: true,
            })
            .to_html()
        })
    });
    let shown_first = Logic::new(&def, &answers).next_page(None);
    let base = format!("/console/activities/{}", encode(&key));
    let l = lang.code();
    let body = maud::html! {
        h1 { (row.title) }
        div.cp-notice role="status" { p { (text(lang, SurveyText::PreviewNote)) } }
        nav aria-label=(text(lang, SurveyText::Builder)) {
            ul.cp-inline-list {
                @for i in 0..n {
                    li {
                        @if i == page { span aria-current="page" { (text(lang, SurveyText::PageLabel)) " " (i + 1) } }
                        @else { a href=(format!("{base}/survey/preview?lang={l}&page={i}")) { (text(lang, SurveyText::PageLabel)) " " (i + 1) } }
                        @if shown_first.is_some_and(|f| i < f) { " *" }
                    }
                }
            }
        }
        @if let Some(r) = rendered { div.cp-root { (preview_markup(&r)) } }
        p { a href=(format!("{base}?lang={l}")) { (row.title) } }
    };
    Ok(html_response(
        StatusCode::OK,
        console_markup(lang, &row.title, Some(&staff), body),
    ))
}

/// The draft as a JSON file, to keep or to import into another survey.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn definition_json(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    survey_activity(&state, &staff, &key).await?;
    let def = state.store.survey(&staff.org, &key).await?.draft;
    let file = format!(
        "attachment; filename=\"survey-{}.json\"",
        encode(&key).replace('"', "")
    );
    Ok(([(header::CONTENT_DISPOSITION, file)], Json(def)).into_response())
}
