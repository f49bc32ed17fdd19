//! `/o/{org}/ratings/{key}`: ratings without JavaScript: every service with its figures (the
//! average explained in plain words), the form to rate a service and tell the story, and the
//! published stories with the organisation's answers.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::limits::FORM_MIN_AGE_SECS;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::ratings::contract::StoryState;
use coproduce_widgets::ratings::definition::{NewStoryWire, StoryErrors};
use coproduce_widgets::ratings::texts::{RatingsMsg, ratings_error};
use coproduce_widgets::ui::form_guard;
use leptos::prelude::*;
use maud::{PreEscaped, html};

use super::api::{Current, Refused, STORIES_PER_PAGE};
use super::shown;
use crate::http::AppState;
use crate::http::abuse::now_secs;
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
    let stories = if most_helpful {
        state
            .store
            .most_helpful(&tenant.id, &a.key, STORIES_PER_PAGE)
            .await?
    } else {
        let published = (&[StoryState::Published][..], None);
        let (page, _) = state
            .store
            .stories(&tenant.id, &a.key, published, None, STORIES_PER_PAGE)
            .await?;
        page
    };
    let token = state
        .keys
        .form_token(tenant.id.as_str(), &a.key, now_secs());
    let helpful_token = token.clone();
    let guard = Owner::new().with(|| form_guard(lang, "cp-ratings", token).to_html());
    let error_of = |f: &str| {
        errors
            .iter()
            .find(|(x, _)| x == f)
            .map(|(_, c)| ratings_error(lang, c))
    };
    let field_error = |f: &str| html! { @if let Some(m) = error_of(f) { p.cp-error { (m) } } };
    let stars = |name: &str, legend: &str, chosen: Option<i64>, optional: bool| {
        let base = format!("cp-ratings-{name}");
        html! {
            fieldset.cp-q.cp-q-row {
                legend { (legend) }
                @if optional {
                    span.cp-choice { input type="radio" id=(format!("{base}-0")) name=(name) value="" checked[chosen.is_none()]; label for=(format!("{base}-0")) { (t(lang, RatingsMsg::NotRated)) } }
                }
                @for v in 1..=5i64 {
                    span.cp-choice { input type="radio" id=(format!("{base}-{v}")) name=(name) value=(v) checked[chosen == Some(v)]; label for=(format!("{base}-{v}")) { (v) " " (t(lang, RatingsMsg::Stars)) } }
                }
                (field_error(name))
            }
        }
    };
    let content = html! {
        h1.cp-page-title { (a.title) }
        section.cp-board aria-labelledby="cp-ratings-intro" {
            p.cp-org { (tenant.row.name) }
            p.cp-question id="cp-ratings-intro" { (a.intro) }
            p.cp-hint { (t(lang, RatingsMsg::AverageExplained)) }
            @for g in &groups { (shown::group(lang, g)) }
            @for g in &groups { (shown::group(lang, g)) }
        @for s in &services { (shown::service(lang, s)) }
            @if a.open {
                form.cp-form method="post" action=(format!("{url}?lang={l}")) novalidate {
                    @if let Some(code) = failed {
                        div.cp-notice.cp-notice-error role="status" { p { (ratings_error(lang, code)) } }
                    }
                    @if !errors.is_empty() {
                        div.cp-errors role="alert" { p { (ratings_error(lang, "invalid_story")) } }
                    }
                    div.cp-field {
                        label for="cp-ratings-service" { (t(lang, RatingsMsg::Service)) }
                        select id="cp-ratings-service" name="service" {
                            option value="" { "–" }
                            @for s in &def.services {
                                option value=(s.id) selected[typed.service == s.id] { (s.label.get(lang, false)) }
                            }
                        }
                        (field_error("service"))
                    }
                    (stars("overall", t(lang, RatingsMsg::Overall), typed.overall, false))
                    @for d in &def.dimensions {
                        (stars(&format!("d.{}", d.id), d.label.get(lang, false), typed.ratings.get(&d.id).copied(), true))
                    }
                    div.cp-field {
                        label for="cp-ratings-story" { (t(lang, RatingsMsg::Story)) }
                        textarea id="cp-ratings-story" name="story" rows="5" { (typed.story) }
                        (field_error("story"))
                    }
                    div.cp-field {
                        label for="cp-ratings-when" { (t(lang, RatingsMsg::When)) }
                        input id="cp-ratings-when" name="when" type="month" value=(typed.when);
                        (field_error("when"))
                    }
                    div.cp-field {
                        label for="cp-ratings-part" { (t(lang, RatingsMsg::Part)) }
                        input id="cp-ratings-part" name="part" type="text" value=(typed.part);
                        (field_error("part"))
                    }
                    div.cp-field {
                        label for="cp-ratings-name" { (t(lang, RatingsMsg::Name)) }
                        p.cp-hint id="cp-ratings-name-hint" { (t(lang, RatingsMsg::NameHint)) }
                        input id="cp-ratings-name" name="name" type="text" autocomplete="nickname" value=(typed.name) aria-describedby="cp-ratings-name-hint";
                        (field_error("name"))
                    }
                    (PreEscaped(guard))
                    div.cp-actions { button.cp-button type="submit" { (t(lang, RatingsMsg::Send)) } }
                }
            }
            h2.cp-h id="cp-stories" { (t(lang, RatingsMsg::Stories)) }
            p {
                @if most_helpful { a href=(format!("{url}?lang={l}#cp-stories")) { (t(lang, RatingsMsg::Newest)) } }
                @else { a href=(format!("{url}?lang={l}&sort=helpful#cp-stories")) { (t(lang, RatingsMsg::MostHelpful)) } }
            }
            @if stories.is_empty() { p { (t(lang, RatingsMsg::NoStories)) } }
            @for s in &stories {
                (shown::story(lang, def, s, html! {
                    form method="post" action=(format!("{url}/stories/{}/helpful?lang={l}", encode(&s.key))) {
                        input type="hidden" name="form_token" value=(helpful_token);
                        button.cp-button.cp-secondary type="submit" { (t(lang, RatingsMsg::HelpfulButton)) }
                    }
                }))
            }
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
    let most_helpful = uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "sort=helpful"));
    render(
        &state,
        &tenant,
        (lang, most_helpful),
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
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
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

/// The page's form as a story: `d.{dimension}` fields are the dimensions' ratings.
pub fn wire_from(fields: &[(String, String)]) -> NewStoryWire {
    let one = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
            .to_string()
    };
    let number = |v: &str| v.trim().parse::<i64>().ok();
    NewStoryWire {
        service: one("service"),
        overall: number(&one("overall")),
        ratings: fields
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("d.")?.to_string(), number(v)?)))
            .collect(),
        story: one("story"),
        when: one("when"),
        part: one("part"),
        name: one("name"),
        website: one("website"),
        form_token: one("form_token"),
    }
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn post(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Input(fields): Input<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let now = state.current_ratings(&tenant.id, &key).await?;
    let wire = wire_from(&fields);
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
