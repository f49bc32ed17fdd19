//! What staff do to a survey: edit the draft (move, delete, add, save as JSON, import from
//! SurveyJS), publish it, change its settings, preview it, export its definition, hide text
//! answers. Every change of the draft is checked whole (bounds and logic) before it is saved;
//! a refused change comes back with the message naming the rule or question at fault (422).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::limits::HIDE_REASON_MAX;
use coproduce_widgets::survey::definition::{
    Choice, Definition, Page, Question, QuestionKind, Texts, limits,
};
use coproduce_widgets::survey::logic::{Logic, validate};
use coproduce_widgets::survey::response::Answers;
use coproduce_widgets::survey::view::{PageProps, survey_page};
use leptos::prelude::*;
use serde::Deserialize;

use super::{Echo, SurveyPageQuery, day_start, preview_markup, render};
use crate::http::AppState;
use crate::http::console::layout::console_markup;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::{LargeInput, QueryOf};
use crate::http::kind::encode;
use crate::http::pages::shell::html as html_response;
use crate::storage::ActivityRow;
use crate::survey::storage::SurveySettings;
use crate::survey::texts::{SurveyText, text};

/// The survey activity of this organisation, or 404 (another kind answers 404 as well).
async fn survey_activity(
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

fn back(staff: &Staff, key: &str) -> Response {
    Redirect::to(&format!(
        "/console/activities/{}?lang={}&saved=1",
        encode(key),
        staff.lang.code()
    ))
    .into_response()
}

/// Why a draft cannot be saved: (code, what it is about).
fn check(def: &Definition) -> Result<(), (String, String)> {
    if let Err(e) = def.check_bounds() {
        return Err((
            "too_large".into(),
            format!("{} {}", e.what, e.at).trim().to_string(),
        ));
    }
    validate(def).map_err(|e| (e.code().to_string(), e.subject().to_string()))
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
            render(
                state,
                staff,
                row,
                &SurveyPageQuery::default(),
                &echo,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
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
            render(
                &state,
                &staff,
                &row,
                &SurveyPageQuery::default(),
                &echo,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
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
        return render(
            &state,
            &staff,
            &row,
            &SurveyPageQuery::default(),
            &echo,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
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
    csrf: String,
}

/// A fresh id: `{prefix}{n}` for the first n that no page, question or rule has.
fn fresh_id(def: &Definition, prefix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !def.ids().any(|x| x == id))
        .unwrap_or_else(|| prefix.to_string())
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

#[derive(Debug, Default, Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    text_de: String,
    #[serde(default)]
    text_en: String,
    #[serde(default)]
    options: String,
    required: Option<String>,
    other: Option<String>,
}

fn same(s: &str) -> Texts {
    Texts {
        de: s.to_string(),
        en: s.to_string(),
        ..Texts::default()
    }
}

/// The question the add form describes, or the code of what is missing.
fn new_question(form: &QuestionForm, def: &Definition) -> Result<Question, &'static str> {
    let lines: Vec<&str> = form
        .options
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let choices = || -> Vec<Choice> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| Choice {
                id: format!("o{}", i + 1),
                label: same(l),
            })
            .collect()
    };
    let needs_lines = matches!(
        form.kind.as_str(),
        "single_choice" | "dropdown" | "multiple_choice" | "scale" | "ranking" | "matrix"
    );
    if needs_lines && lines.len() < 2 {
        return Err("question_options");
    }
    let kind = match form.kind.as_str() {
        "single_choice" | "dropdown" => QuestionKind::SingleChoice {
            options: choices(),
            dropdown: form.kind == "dropdown",
        },
        "multiple_choice" => QuestionKind::MultipleChoice {
            options: choices(),
            min: None,
            max: None,
        },
        "text" | "long_text" => QuestionKind::Text {
            long: form.kind == "long_text",
            max_chars: if form.kind == "text" { 200 } else { 2_000 },
        },
        "number" => QuestionKind::Number {
            min: None,
            max: None,
            step: None,
        },
        "date" => QuestionKind::Date {
            min: None,
            max: None,
        },
        "scale" => QuestionKind::Scale {
            points: lines.iter().map(|l| same(l)).collect(),
        },
        "rating" => QuestionKind::Rating { max: 5, nps: false },
        "nps" => QuestionKind::Rating { max: 10, nps: true },
        "ranking" => QuestionKind::Ranking { options: choices() },
        "matrix" => QuestionKind::Matrix {
            rows: choices(),
            scale: [
                ("Trifft gar nicht zu", "Strongly disagree"),
                ("Trifft eher nicht zu", "Disagree"),
                ("Teils, teils", "Neither"),
                ("Trifft eher zu", "Agree"),
                ("Trifft voll zu", "Strongly agree"),
            ]
            .iter()
            .map(|(de, en)| Texts {
                de: (*de).into(),
                en: (*en).into(),
                ..Texts::default()
            })
            .collect(),
        },
        "yes_no" => QuestionKind::YesNo,
        _ => return Err("invalid"),
    };
    let (de, en) = (form.text_de.trim(), form.text_en.trim());
    if de.is_empty() && en.is_empty() {
        return Err("question_text");
    }
    let id = match form.id.trim() {
        "" => fresh_id(def, "q"),
        id if def.ids().any(|x| x == id) || id.chars().count() > limits::ID_MAX => {
            return Err("question_id");
        }
        id => id.to_string(),
    };
    let choice = matches!(
        kind,
        QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. }
    );
    Ok(Question {
        id,
        text: Texts {
            de: de.into(),
            en: en.into(),
            ..Texts::default()
        },
        help: None,
        required: form.required.is_some(),
        other: choice && form.other.is_some(),
        kind,
    })
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
            let echo = Echo {
                error: Some((code.into(), String::new())),
                ..Echo::default()
            };
            return render(
                &state,
                &staff,
                &row,
                &SurveyPageQuery::default(),
                &echo,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
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
    let refused = if draft.pages.iter().all(|p| p.questions.is_empty()) {
        Some(("definition_empty".to_string(), String::new()))
    } else {
        check(&draft).err()
    };
    if let Some(error) = refused {
        let echo = Echo {
            error: Some(error),
            ..Echo::default()
        };
        return render(
            &state,
            &staff,
            &row,
            &SurveyPageQuery::default(),
            &echo,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
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
        let echo = Echo {
            error: Some(("settings_invalid".into(), String::new())),
            ..Echo::default()
        };
        return render(
            &state,
            &staff,
            &row,
            &SurveyPageQuery::default(),
            &echo,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
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
