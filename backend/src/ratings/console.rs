//! A ratings activity's console page: each service's figures, the moderation queue (every
//! story waits for it: publish, or refuse with a reason the author sees), public answers
//! signed with a role and a name, a change planned or made, the set-up as JSON, exports.
//! Then the actions behind its forms.

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::codes;
use coproduce_widgets::contract::limits::HIDE_REASON_MAX;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::ratings::contract::{StaffAnswer, StoryState};
use coproduce_widgets::ratings::definition::RatingsDefinition;
use coproduce_widgets::ratings::texts::state_label;
use maud::html;
use serde::Deserialize;

use super::api::Current;
use super::shown;
use super::storage::Decision;
use crate::domain::now_ms;
use crate::domain::staff::Role;
use crate::http::AppState;
use crate::http::console::layout::console_markup;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::{Input, LargeInput};
use crate::http::kind::encode;
use crate::http::pages::shell::html as html_response;
use crate::storage::{ActivityRow, StorageError};

/// Stories in the console's list at most (newest first; the exports hold all).
const QUEUE_MAX: usize = 100;
/// Characters of an answer, a role or name, a change's description.
const ANSWER_MAX: usize = 2_000;
const SIGNATURE_MAX: usize = 100;

fn words(lang: Lang, en: &'static str, de: &'static str) -> &'static str {
    if lang == Lang::En { en } else { de }
}

pub async fn show(
    state: AppState,
    staff: Staff,
    row: ActivityRow,
    _uri: Uri,
) -> Result<Response, ApiError> {
    render(&state, &staff, &row, None, StatusCode::OK).await
}

async fn render(
    state: &AppState,
    staff: &Staff,
    row: &ActivityRow,
    echo: Option<(&str, &str)>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let lang = staff.lang;
    let org = &staff.org;
    let now = Current {
        activity: row.clone(),
        definition: state.store.ratings(org, &row.key).await?,
    };
    let (services, groups) = state.services_view(org, &now, lang).await?;
    let states = [
        StoryState::Pending,
        StoryState::Published,
        StoryState::Rejected,
    ];
    let (stories, _) = state
        .store
        .stories(org, &row.key, (&states, None), None, QUEUE_MAX)
        .await?;
    let base = format!("/console/activities/{}/ratings", encode(&row.key));
    let l = lang.code();
    let admin = staff.role == Role::Admin;
    let definition = match echo {
        Some((_, typed)) => typed.to_string(),
        None => serde_json::to_string_pretty(&now.definition).unwrap_or_default(),
    };
    let body = html! {
        h1 { (row.title) }
        p { (row.intro) }
        @if let Some((code, _)) = echo {
            div.cp-errors role="alert" { p { (crate::http::text::server_error_message(lang, code)) " (" (code) ")" } }
        }
        p { a href=(format!("{}/o/{org}/ratings/{}?lang={l}", state.public_url, encode(&row.key))) { (words(lang, "Open the public page", "Öffentliche Seite öffnen")) } }
        @for g in &groups { (shown::group(lang, g)) }
        @for s in &services { (shown::service(lang, s)) }
        h2 id="queue" { (words(lang, "Stories", "Geschichten")) }
        @for s in &stories {
            @let at = format!("{base}/stories/{}", encode(&s.key));
            @let id = |what: &str| format!("s-{}-{what}", s.key);
            (shown::story_with(lang, &now.definition, s, html! {
                p.cp-hint { (state_label(lang, s.state)) @if let Some(r) = &s.reason { ": " (r) } }
                @if s.state != StoryState::Published {
                    (crate::http::console::view::button_form(staff, &format!("{at}/publish?lang={l}"), &[], words(lang, "Publish", "Veröffentlichen")))
                }
                @if s.state == StoryState::Pending {
                    form.cp-inline method="post" action=(format!("{at}/ask-edit?lang={l}")) {
                        input type="hidden" name="csrf" value=(staff.csrf);
                        label for=(id("ask")) { (words(lang, "What to edit (the author sees it)", "Was zu bearbeiten ist (die Person sieht es)")) }
                        input id=(id("ask")) type="text" name="reason" required maxlength="300";
                        button.cp-button.cp-secondary type="submit" { (words(lang, "Ask the author to edit", "Um Bearbeitung bitten")) }
                    }
                    form.cp-inline method="post" action=(format!("{at}/reject?lang={l}")) {
                        input type="hidden" name="csrf" value=(staff.csrf);
                        label for=(id("reject")) { (words(lang, "Reason (the author sees it)", "Begründung (die Person sieht sie)")) }
                        input id=(id("reject")) type="text" name="reason" required maxlength="300";
                        button.cp-button.cp-secondary type="submit" { (words(lang, "Do not publish", "Nicht veröffentlichen")) }
                    }
                }
                details {
                    summary { (words(lang, "Take out personal data of others", "Persönliche Daten anderer entfernen")) }
                    form.cp-form method="post" action=(format!("{at}/redact?lang={l}")) {
                        input type="hidden" name="csrf" value=(staff.csrf);
                        label for=(id("text")) { (words(lang, "The story without them", "Die Geschichte ohne sie")) }
                        textarea id=(id("text")) name="text" rows="4" { (s.story) }
                        label for=(id("why")) { (words(lang, "Reason (shown with the story)", "Begründung (wird gezeigt)")) }
                        input id=(id("why")) type="text" name="reason" required maxlength="300";
                        button.cp-button.cp-secondary type="submit" { (words(lang, "Save", "Speichern")) }
                    }
                }
                form.cp-form method="post" action=(format!("{at}/answer?lang={l}")) {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    label for=(id("answer")) { (words(lang, "Public answer", "Öffentliche Antwort")) }
                    textarea id=(id("answer")) name="text" rows="3" required {}
                    label for=(id("role")) { (words(lang, "Your role", "Ihre Funktion")) }
                    input id=(id("role")) type="text" name="role" required maxlength="100";
                    label for=(id("name")) { (words(lang, "Your name (optional)", "Ihr Name (freiwillig)")) }
                    input id=(id("name")) type="text" name="name" maxlength="100";
                    button.cp-button type="submit" { (words(lang, "Answer", "Antworten")) }
                }
                form.cp-inline method="post" action=(format!("{at}/change?lang={l}")) {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    label for=(id("change")) { (words(lang, "Change", "Änderung")) }
                    select id=(id("change")) name="made" {
                        option value="" { (words(lang, "planned", "geplant")) }
                        option value="on" { (words(lang, "made", "umgesetzt")) }
                    }
                    label for=(id("what")) { (words(lang, "What changes", "Was sich ändert")) }
                    input id=(id("what")) type="text" name="description" required maxlength="2000";
                    button.cp-button.cp-secondary type="submit" { (words(lang, "Save the change", "Änderung speichern")) }
                }
            }))
        }
        h2 { (words(lang, "Exports", "Exporte")) }
        p { a href=(format!("/console/activities/{}/export.csv", encode(&row.key))) { "CSV" } " · " a href=(format!("/console/activities/{}/export.json", encode(&row.key))) { "JSON" } }
        @if admin {
            h2 id="setup" { (words(lang, "Set-up", "Einrichtung")) }
            form.cp-form method="post" action=(format!("{base}/setup?lang={l}")) {
                input type="hidden" name="csrf" value=(staff.csrf);
                label for="ratings-definition" { (words(lang, "Services, groups and dimensions as JSON", "Dienste, Gruppen und Dimensionen als JSON")) }
                textarea id="ratings-definition" name="definition" rows="14" class="wide" { (definition) }
                button.cp-button type="submit" { (words(lang, "Save", "Speichern")) }
            }
            (crate::http::console::settings::board_settings_form(lang, staff, row))
        }
    };
    Ok(html_response(
        status,
        console_markup(lang, &row.title, Some(staff), body),
    ))
}

async fn ratings_activity(
    state: &AppState,
    staff: &Staff,
    key: &str,
) -> Result<ActivityRow, ApiError> {
    let row = state.store.activity(&staff.org, key).await?;
    if row.kind != coproduce_widgets::contract::ActivityKind::Ratings {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

/// A story of this activity, for staff.
async fn story_of(state: &AppState, staff: &Staff, key: &str, story: &str) -> Result<(), ApiError> {
    ratings_activity(state, staff, key).await?;
    if state.store.story(&staff.org, story).await?.activity != key {
        return Err(ApiError::not_found());
    }
    Ok(())
}

fn back(staff: &Staff, key: &str) -> Response {
    Redirect::to(&format!(
        "/console/activities/{}?lang={}&saved=1#queue",
        encode(key),
        staff.lang.code()
    ))
    .into_response()
}

fn bounded<'a>(
    raw: &'a str,
    field: &'static str,
    max: usize,
    required: bool,
) -> Result<Option<&'a str>, ApiError> {
    let v = raw.trim();
    if v.is_empty() {
        return if required {
            Err(ApiError::Invalid {
                field,
                code: codes::REQUIRED,
            })
        } else {
            Ok(None)
        };
    }
    if v.chars().count() > max {
        return Err(ApiError::Invalid {
            field,
            code: codes::TOO_LONG,
        });
    }
    Ok(Some(v))
}

fn closed(e: StorageError) -> ApiError {
    match e {
        StorageError::Closed => ApiError::new(StatusCode::CONFLICT, codes::CONFLICT),
        other => other.into(),
    }
}

#[derive(Debug, Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    made: Option<String>,
    #[serde(default)]
    description: String,
}

/// A moderation decision on a story of this activity: publish, or (with a reason the author
/// sees) ask to edit or refuse.
async fn decide(
    state: &AppState,
    staff: &Staff,
    (key, story): (&str, &str),
    form: &StaffForm,
    decision: for<'a> fn(&'a str) -> Decision<'a>,
    needs_reason: bool,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    story_of(state, staff, key, story).await?;
    let reason =
        bounded(&form.reason, "reason", HIDE_REASON_MAX, needs_reason)?.unwrap_or_default();
    state
        .store
        .moderate_story(&staff.org, story, decision(reason))
        .await
        .map_err(closed)?;
    Ok(back(staff, key))
}

pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, story)): Path<(String, String)>,
    Input(form): Input<StaffForm>,
) -> Result<Response, ApiError> {
    decide(
        &state,
        &staff,
        (&key, &story),
        &form,
        |_| Decision::Publish,
        false,
    )
    .await
}

pub async fn ask_edit(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, story)): Path<(String, String)>,
    Input(form): Input<StaffForm>,
) -> Result<Response, ApiError> {
    decide(
        &state,
        &staff,
        (&key, &story),
        &form,
        |why| Decision::AskEdit(why),
        true,
    )
    .await
}

pub async fn reject(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, story)): Path<(String, String)>,
    Input(form): Input<StaffForm>,
) -> Result<Response, ApiError> {
    decide(
        &state,
        &staff,
        (&key, &story),
        &form,
        |why| Decision::Reject(why),
        true,
    )
    .await
}

pub async fn redact(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, story)): Path<(String, String)>,
    Input(form): Input<StaffForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    story_of(&state, &staff, &key, &story).await?;
    let reason = bounded(&form.reason, "reason", HIDE_REASON_MAX, true)?.unwrap_or_default();
    let text = bounded(
        &form.text,
        "text",
        coproduce_widgets::ratings::definition::limits::STORY_MAX,
        false,
    )?
    .unwrap_or_default();
    state
        .store
        .redact_story(&staff.org, &story, text, reason)
        .await?;
    Ok(back(&staff, &key))
}

pub async fn answer(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, story)): Path<(String, String)>,
    Input(form): Input<StaffForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    story_of(&state, &staff, &key, &story).await?;
    let answer = StaffAnswer {
        text: bounded(&form.text, "text", ANSWER_MAX, true)?
            .unwrap_or_default()
            .to_string(),
        role: bounded(&form.role, "role", SIGNATURE_MAX, true)?
            .unwrap_or_default()
            .to_string(),
        name: bounded(&form.name, "name", SIGNATURE_MAX, false)?.map(str::to_string),
        at: now_ms(),
    };
    state
        .store
        .answer_story(&staff.org, &story, answer)
        .await
        .map_err(closed)?;
    Ok(back(&staff, &key))
}

pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    Path((key, story)): Path<(String, String)>,
    Input(form): Input<StaffForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    story_of(&state, &staff, &key, &story).await?;
    let description =
        bounded(&form.description, "description", ANSWER_MAX, true)?.unwrap_or_default();
    let made = form.made.as_deref().is_some_and(|m| !m.is_empty());
    state
        .store
        .mark_change(&staff.org, &story, made, description)
        .await?;
    Ok(back(&staff, &key))
}

#[derive(Debug, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    definition: String,
}

pub async fn setup(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<SetupForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = ratings_activity(&state, &staff, &key).await?;
    let parsed: Result<RatingsDefinition, String> =
        serde_json::from_str::<RatingsDefinition>(&form.definition)
            .map_err(|_| "definition_invalid".to_string())
            .and_then(|d| {
                d.check()
                    .map(|_| d)
                    .map_err(|e| format!("{}: {}", e.code, e.at))
            });
    match parsed {
        Ok(def) => {
            state.store.save_ratings(&staff.org, &key, &def).await?;
            Ok(back(&staff, &key))
        }
        Err(code) => {
            render(
                &state,
                &staff,
                &row,
                Some((&code, &form.definition)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
