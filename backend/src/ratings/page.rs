//! `/o/{org}/ratings/{key}`: ratings without JavaScript: every service with its figures (the
//! average explained in plain words), the form to rate a service and tell the story, and the
//! published stories with the organisation's answers.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::limits::FORM_MIN_AGE_SECS;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::ratings::contract::Named;
use coproduce_widgets::ratings::definition::{NewStoryWire, StoryErrors};
use coproduce_widgets::ratings::story_form::{FormProps, story_form};
use coproduce_widgets::ratings::texts::RatingsMsg;
use coproduce_widgets::ratings::view::{HelpfulForm, StoryEnd};
use maud::html;

use super::api::{Current, Refused};
use super::shown;
use crate::http::AppState;
use crate::http::abuse::now_secs;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::kind::encode;
use crate::http::lang::ReqLang;
use crate::http::pages::shell::{html as page_response, page};
use crate::http::tenant::Tenant;

async fn render(
    state: &AppState,
    tenant: &Tenant,
    (lang, most_helpful): (Lang, bool),
    now: &Current,
    (typed, errors, failed): (&NewStoryWire, &StoryErrors, Option<&'static str>),
    status: StatusCode,
) -> Result<Response, ApiError> {
    let a = &now.activity;
    let lang = a.language(lang);
    let def = &now.definition;
    let url = format!(
        "{}/o/{}/ratings/{}",
        state.public_url,
        tenant.id,
        encode(&a.key)
    );
    let l = lang.code();
    let (services, groups) = state.services_view(&tenant.id, now, lang).await?;
    let stories = state
        .published_stories(&tenant.id, &a.key, most_helpful)
        .await?;
    let token = state
        .keys
        .form_token(tenant.id.as_str(), &a.key, now_secs());
    let aspects = shown::aspects(lang, def);
    let choices: Vec<Named> = services
        .iter()
        .map(|s| Named {
            id: s.id.clone(),
            label: s.label.clone(),
        })
        .collect();
    let errors: Vec<(String, String)> = errors
        .iter()
        .map(|(f, c)| (f.clone(), (*c).to_string()))
        .collect();
    let form = a.open.then(|| {
        shown::markup(story_form(FormProps {
            lang,
            uid: "cp-ratings",
            action: format!("{url}?lang={l}"),
            services: &choices,
            dimensions: &aspects,
            typed,
            errors: &errors,
            failed: failed.map(str::to_string),
            form_token: token.clone(),
            handlers: None,
            busy: false,
        }))
    });
    let helpful = |s: &super::storage::StoryRow| {
        Some(StoryEnd::Helpful(HelpfulForm {
            action: format!("{url}/stories/{}/helpful?lang={l}", encode(&s.key)),
            form_token: token.clone(),
            handlers: None,
            busy: false,
        }))
    };
    let content = html! {
        h1.cp-page-title { (a.title) }
        section.cp-board aria-labelledby="cp-ratings-intro" {
            p.cp-org { (tenant.row.name) }
            p.cp-question id="cp-ratings-intro" { (a.intro) }
            p.cp-hint { (t(lang, RatingsMsg::AverageExplained)) }
            @for g in &groups { (shown::group(lang, g)) }
            @for s in &services { (shown::service(lang, s)) }
            @if let Some(form) = form { (form) }
            h2.cp-h id="cp-stories" { (t(lang, RatingsMsg::Stories)) }
            p {
                @if most_helpful { a href=(format!("{url}?lang={l}#cp-stories")) { (t(lang, RatingsMsg::Newest)) } }
                @else { a href=(format!("{url}?lang={l}&sort=helpful#cp-stories")) { (t(lang, RatingsMsg::MostHelpful)) } }
            }
            @if stories.is_empty() { p { (t(lang, RatingsMsg::NoStories)) } }
            @for s in &stories { (shown::story(lang, def, s, helpful(s))) }
        }
    };
    let lang_links: Vec<(Lang, String)> = a
        .languages
        .iter()
        .map(|x| (*x, format!("{url}?lang={}", x.code())))
        .collect();
    Ok(page_response(
        status,
        page(lang, &a.title, &content.into_string(), &lang_links),
    ))
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn show(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    uri: axum::http::Uri,
) -> Result<Response, ApiError> {
    let now = state.current_ratings(&tenant.id, &key).await?;
    render(
        &state,
        &tenant,
        (lang, super::api::most_helpful(&uri)),
        &now,
        (&NewStoryWire::default(), &Vec::new(), None),
        StatusCode::OK,
    )
    .await
}

/// "Helpful" from the page: back to the stories.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn helpful(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key, story)): Path<(String, String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: axum::http::HeaderMap,
    Input(fields): Input<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let one = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    };
    let agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let done = state
        .story_helpful(
            &tenant.id,
            &key,
            &story,
            (addr.ip(), agent),
            (one("website"), one("form_token")),
        )
        .await;
    match done {
        Ok(_) => {}
        Err(e) if e.status() == StatusCode::CONFLICT => {}
        Err(e) => return Err(e),
    }
    let to = format!(
        "/o/{}/ratings/{}?lang={}#cp-story-{}",
        tenant.id,
        encode(&key),
        lang.code(),
        encode(&story)
    );
    Ok(Redirect::to(&to).into_response())
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn post(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    Input(fields): Input<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let now = state.current_ratings(&tenant.id, &key).await?;
    let wire = NewStoryWire::from_fields(&fields);
    match state
        .submit_story(&tenant.id, &key, addr.ip(), &wire, FORM_MIN_AGE_SECS)
        .await
    {
        Ok((_, token)) => {
            let to = format!(
                "/o/{}/receipt/{}?lang={}&new=1",
                tenant.id,
                encode(&token),
                lang.code()
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(Refused::Fields(errors)) => {
            render(
                &state,
                &tenant,
                (lang, false),
                &now,
                (&wire, &errors, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(Refused::Api(e))
            if e.status().is_client_error() && e.status() != StatusCode::NOT_FOUND =>
        {
            let status = e.status();
            render(
                &state,
                &tenant,
                (lang, false),
                &now,
                (&wire, &Vec::new(), Some(e.code())),
                status,
            )
            .await
        }
        Err(Refused::Api(e)) => Err(e),
    }
}
