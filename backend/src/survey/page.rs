//! `/o/{org}/surveys/{key}`: the survey without JavaScript. One page per form post: the
//! server reads the page's fields, applies the logic (`coproduce_widgets::survey::logic`, the
//! embed's too) and shows the next page, the same page with its errors, or the previous page
//! (Back keeps every answer). The answers so far travel in a hidden field; nothing is stored
//! until the last page is sent, and then everything is checked again.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::survey::answers::{AnswerErrors, check_page};
use coproduce_widgets::survey::contract::NewResponse;
use coproduce_widgets::survey::definition::Definition;
use coproduce_widgets::survey::form::read_page;
use coproduce_widgets::survey::logic::{Logic, kept_answers};
use coproduce_widgets::survey::response::Answers;
use coproduce_widgets::survey::texts::answer_error;
use coproduce_widgets::survey::view::{PageProps, survey_page};
use leptos::prelude::*;

use super::answer::{Current, Refused};
use crate::http::AppState;
use crate::http::abuse::now_secs;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::input::LargeInput;
use crate::http::kind::encode;
use crate::http::lang::ReqLang;
use crate::http::pages::shell::{html, page};
use crate::http::tenant::Tenant;

/// Where a participant is: the version, the page, their answers so far, plain language.
pub struct Place {
    pub version: i64,
    pub page: usize,
    pub answers: Answers,
    pub plain: bool,
    /// The form token they have (kept, so a corrected page is not "too fast").
    pub token: Option<String>,
}

/// What a rendering shows besides the page.
struct Shown<'a> {
    errors: &'a AnswerErrors,
    /// An error of the whole response (closed, answered before).
    failed: Option<&'static str>,
    status: StatusCode,
}

fn page_url(state: &AppState, tenant: &Tenant, key: &str) -> String {
    format!(
        "{}/o/{}/surveys/{}",
        state.public_url,
        tenant.id,
        encode(key)
    )
}

/// The page `place` is at, with its errors.
fn render(
    state: &AppState,
    tenant: &Tenant,
    lang: Lang,
    now: &Current,
    def: &Definition,
    place: &Place,
    shown: Shown<'_>,
) -> Response {
    let activity = &now.activity;
    let lang = activity.language(lang);
    let url = page_url(state, tenant, &activity.key);
    let logic = Logic::new(def, &place.answers);
    let path = logic.path();
    let at = path
        .iter()
        .position(|p| *p == place.page)
        .map_or(1, |i| i + 1);
    let last = !logic.may_go_on(place.page);
    let token = place.token.clone().unwrap_or_else(|| {
        state
            .keys
            .form_token(tenant.id.as_str(), &activity.key, now_secs())
    });
    let answers_json = serde_json::to_string(&place.answers).unwrap_or_default();
    let uid = "cp-survey";
    let form = now.closed_because.is_none().then(|| {
        Owner::new().with(|| {
            survey_page(PageProps {
                def,
                page: place.page,
                progress: (at, path.len().max(at)),
                last,
                answers: &place.answers,
                errors: shown.errors,
                lang,
                plain: place.plain,
                uid,
                action: format!("{url}?lang={}", lang.code()),
                hidden: vec![
                    ("page", place.page.to_string()),
                    ("version", place.version.to_string()),
                    ("answers", answers_json),
                    ("plain", if place.plain { "1" } else { "" }.to_string()),
                ],
                form_token: token,
                handlers: None,
                busy: false,
                all_questions: false,
            })
            .to_html()
        })
    });
    let failed = shown.failed.or(now.closed_because);
    let lang_links: Vec<(Lang, String)> = activity
        .languages
        .iter()
        .map(|l| (*l, format!("{url}?lang={}", l.code())))
        .collect();
    let content = maud::html! {
        h1.cp-page-title { (activity.title) }
        section.cp-board aria-labelledby="cp-survey-intro" {
            p.cp-org { (tenant.row.name) }
            p.cp-question id="cp-survey-intro" { (activity.intro) }
            @if let Some(code) = failed {
                div.cp-notice.cp-notice-error role="status" { p { (answer_error(lang, code)) } }
            }
            @if let Some(form) = form {
                (maud::PreEscaped(form))
            }
        }
    }
    .into_string();
    html(
        shown.status,
        page(lang, &activity.title, &content, &lang_links),
    )
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn show(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let now = state.current_survey(&tenant.id, &key).await?;
    let answers = Answers::default();
    let first = Logic::new(&now.definition, &answers)
        .next_page(None)
        .unwrap_or(0);
    let place = Place {
        version: now.survey.version,
        page: first,
        answers,
        plain: false,
        token: None,
    };
    let none = Vec::new();
    let shown = Shown {
        errors: &none,
        failed: None,
        status: StatusCode::OK,
    };
    Ok(render(
        &state,
        &tenant,
        lang,
        &now,
        &now.definition,
        &place,
        shown,
    ))
}

/// The fields of a posted page: the page's answers by question, and the survey's own.
fn one<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn post(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    LargeInput(fields): LargeInput<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let now = state.current_survey(&tenant.id, &key).await?;
    let version = one(&fields, "version").parse::<i64>().unwrap_or(0);
    // A page of an older version (staff published meanwhile) goes on with that version.
    let definition = if version == now.survey.version {
        now.definition.clone()
    } else if (1..now.survey.version).contains(&version) {
        state
            .store
            .survey_version(&tenant.id, &key, version)
            .await?
            .definition
    } else {
        return show(
            State(state),
            tenant,
            ReqLang(lang),
            Path((String::new(), key)),
        )
        .await;
    };
    let mut answers: Answers = serde_json::from_str(one(&fields, "answers")).unwrap_or_default();
    let page = one(&fields, "page")
        .parse::<usize>()
        .ok()
        .filter(|p| *p < definition.pages.len())
        .unwrap_or(0);
    let token = one(&fields, "form_token").to_string();
    let kept = state
        .keys
        .check_form_token(&token, tenant.id.as_str(), &key, now_secs(), 0)
        .is_ok()
        .then_some(token);
    let mut read_errors = read_page(&definition, page, &fields, &mut answers);
    let mut place = Place {
        version,
        page,
        answers,
        plain: one(&fields, "plain") == "1",
        token: kept,
    };
    let none = Vec::new();
    let again = |place: &Place, errors: &AnswerErrors, failed: Option<&'static str>, status| {
        let shown = Shown {
            errors,
            failed,
            status,
        };
        render(&state, &tenant, lang, &now, &definition, place, shown)
    };
    match one(&fields, "go") {
        "back" => {
            let logic = Logic::new(&definition, &place.answers);
            place.page = logic.previous_page(page).unwrap_or(page);
            return Ok(again(&place, &none, None, StatusCode::OK));
        }
        "plain" => {
            place.plain = !place.plain;
            return Ok(again(&place, &none, None, StatusCode::OK));
        }
        _ => {}
    }
    let checked = check_page(&definition, &place.answers, page);
    for e in checked {
        if !read_errors.iter().any(|(q, _)| q == &e.0) {
            read_errors.push(e);
        }
    }
    if !read_errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(again(&place, &read_errors, None, status));
    }
    if let Some(next) = Logic::new(&definition, &place.answers).next_page(Some(page)) {
        place.page = next;
        return Ok(again(&place, &none, None, StatusCode::OK));
    }
    let wire = NewResponse {
        version,
        answers: kept_answers(&definition, &place.answers),
        website: one(&fields, "website").to_string(),
        form_token: one(&fields, "form_token").to_string(),
    };
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // A page of a survey is answered for a while: only the signature and the day it expires
    // are checked, not how fast the last page was sent.
    match state
        .submit_survey_response(&tenant.id, &key, (addr.ip(), user_agent), &wire, 0)
        .await
    {
        Ok(stored) => {
            let to = format!(
                "/o/{}/receipt/{}?new=1&lang={}",
                tenant.id,
                stored.token,
                lang.code()
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(Refused::Api(e)) if e.status() == StatusCode::NOT_FOUND => Err(e),
        Err(Refused::Answers(errors)) => {
            // The first page on the path with an error, shown with its errors.
            let logic = Logic::new(&definition, &place.answers);
            let first = logic.path().into_iter().find(|p| {
                definition.pages[*p]
                    .questions
                    .iter()
                    .any(|q| errors.iter().any(|(e, _)| e == &q.id))
            });
            place.page = first.unwrap_or(page);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(again(&place, &errors, None, status))
        }
        Err(Refused::Api(e)) => Ok(again(&place, &none, Some(e.code()), e.status())),
    }
}
