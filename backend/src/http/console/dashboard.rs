//! The dashboard: every activity's figures, the moderation queue, a new board (admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::fmt::date;
use maud::html;

use super::layout::console_markup;
use super::session::Staff;
use super::settings::{BoardForm, new_board_form};
use super::view::Errors;
use crate::domain::staff::Role;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::kind::encode;
use crate::http::pages::shell::html as html_response;
use crate::http::text::{Text, text};
use crate::ideas::console::IDEAS_PER_CONSOLE_PAGE;

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn dashboard(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    page(&state, &staff, None).await
}

/// The dashboard, with the new-board form as typed and its errors when it failed.
#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn page(
    state: &AppState,
    staff: &Staff,
    new_board: Option<(&BoardForm, &Errors)>,
) -> Result<Response, ApiError> {
    let lang = staff.lang;
    let l = lang.code();
    let activities = state.store.activities(&staff.org).await?;
    let mut figures = Vec::with_capacity(activities.len());
    for a in &activities {
        figures.push(
            crate::activities::of(a.kind)
                .summary(state.clone(), staff.clone(), a.clone())
                .await?,
        );
    }
    // The oldest page of the queue; each board's card says how many wait in all.
    let pending = state
        .store
        .pending_ideas(&staff.org, IDEAS_PER_CONSOLE_PAGE)
        .await?;
    let title_of = |key: &str| {
        activities
            .iter()
            .find(|a| a.key == key)
            .map_or(key.to_string(), |a| a.title.clone())
    };
    let empty = (BoardForm::default(), Errors::default());
    let (typed, errors) = new_board.unwrap_or((&empty.0, &empty.1));
    let body = html! {
        h1 { (text(lang, Text::DashboardHeading)) }
        h2 { (text(lang, Text::BoardsHeading)) }
        @for (a, c) in activities.iter().zip(&figures) {
            @let heading = format!("b-{}", a.key);
            section aria-labelledby=(heading) {
                h3 id=(heading) { a href=(format!("/console/activities/{}?lang={l}", encode(&a.key))) { (a.title) } }
                p { (a.intro) }
                div.cards { (c) }
            }
        }
        h2 { (text(lang, Text::ModerationQueue)) }
        @if pending.is_empty() {
            p { (text(lang, Text::NothingToModerate)) }
        } @else {
            ul {
                @for i in &pending {
                    // With several boards, which one the idea was sent to matters for the answer.
                    li {
                        a href=(format!("/console/activities/{}?lang={l}#idea-{}", encode(&i.board), encode(&i.key))) { (i.title) }
                        " (" (title_of(&i.board)) ", " (date(i.created_at)) ")"
                    }
                }
            }
        }
        @if staff.role == Role::Admin {
            (new_board_form(lang, staff, typed, errors))
        }
    };
    let status = if new_board.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html_response(
        status,
        console_markup(lang, text(lang, Text::DashboardHeading), Some(staff), body),
    ))
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn create_board(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<BoardForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let (title, question, moderation) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => {
            return page(&state, &staff, Some((&form, &errors))).await;
        }
    };
    let kind = coproduce_widgets::contract::ActivityKind::parse(&form.kind)
        .unwrap_or(coproduce_widgets::contract::ActivityKind::Ideas);
    let board = match kind {
        coproduce_widgets::contract::ActivityKind::Ideas => {
            state
                .store
                .create_board(&staff.org, None, &title, &question, moderation)
                .await?
        }
        coproduce_widgets::contract::ActivityKind::Survey => {
            state
                .store
                .create_survey(&staff.org, None, &title, &question)
                .await?
        }
        coproduce_widgets::contract::ActivityKind::Ratings => {
            let first = crate::ratings::storage::starter_definition();
            state
                .store
                .create_ratings(&staff.org, None, &title, &question, &first)
                .await?
        }
        coproduce_widgets::contract::ActivityKind::Map => {
            let first = crate::map::storage::starter_definition();
            state
                .store
                .create_map(&staff.org, None, &title, &question, &first)
                .await?
        }
    };
    Ok(Redirect::to(&format!(
        "/console/activities/{}?lang={}&saved=1",
        encode(&board.key),
        staff.lang.code()
    ))
    .into_response())
}
