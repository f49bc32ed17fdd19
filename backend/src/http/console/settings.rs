//! Admin-only: creating boards and changing their settings. A form that fails comes back
//! with what was typed and the message next to the field.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::{ActivityKind, Moderation, codes};
use coproduce_widgets::i18n::Lang;
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::console_markup;
use super::session::Staff;
use super::view::{Errors, Field, Kind, form_with};
use crate::domain::Invalid;
use crate::domain::activity::{ActivityIntro, ActivityTitle};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::kind::encode;
use crate::http::pages::shell::html as html_response;
use crate::http::text::{Text, text};
use crate::storage::{ActivityChange, ActivityRow};

/// A board's form: new (`open` none) or its settings.
#[allow(clippy::too_many_arguments)]
fn board_form(
    lang: Lang,
    staff: &Staff,
    id: &str,
    action: &str,
    typed: &BoardForm,
    open: Option<bool>,
    errors: &Errors,
    button: &str,
) -> Markup {
    let fields = [
        Field::new("title", text(lang, Text::ActivityTitleLabel), Kind::Text).value(&typed.title),
        Field::new("question", text(lang, Text::QuestionLabel), Kind::TextArea)
            .value(&typed.question),
    ];
    let current = Moderation::parse(&typed.moderation).unwrap_or_default();
    let select_id = format!("{id}-moderation");
    let open_id = format!("{id}-open");
    let kind_id = format!("{id}-kind");
    let more = html! {
        @if open.is_none() {
            div.cp-field {
                label for=(kind_id) { (text(lang, Text::KindLabel)) }
                select id=(kind_id) name="kind" {
                    @for (k, label) in [(ActivityKind::Ideas, Text::KindIdeas), (ActivityKind::Survey, Text::KindSurvey), (ActivityKind::Map, Text::KindMap), (ActivityKind::Ratings, Text::KindRatings)] {
                        option value=(k.as_str()) selected[typed.kind == k.as_str()] { (text(lang, label)) }
                    }
                }
            }
        }
        div.cp-field {
            label for=(select_id) { (text(lang, Text::ModerationLabel)) }
            select id=(select_id) name="moderation" {
                @for (m, label) in [(Moderation::Post, Text::PostModeration), (Moderation::Pre, Text::PreModeration)] {
                    option value=(m.as_str()) selected[m == current] { (text(lang, label)) }
                }
            }
        }
        @if let Some(open) = open {
            div {
                input id=(open_id) name="open" type="checkbox" value="on" checked[open];
                " "
                label for=(open_id) { (text(lang, Text::OpenLabel)) }
            }
            fieldset {
                legend { (text(lang, Text::LanguagesLabel)) }
                // Says the checkboxes were there: none ticked is then an error, and a post
                // without them (an older form) leaves the languages as they are.
                input type="hidden" name="languages" value="shown";
                @for l in Lang::ALL {
                    @let id = format!("{id}-lang-{}", l.code());
                    div {
                        input id=(id) name=(format!("lang_{}", l.code())) type="checkbox" value="on"
                            checked[typed.languages().contains(&l)];
                        " "
                        label for=(id) lang=(l.code()) { (l.name()) }
                    }
                }
            }
        }
    };
    form_with(lang, staff, id, action, &fields, more, errors, button)
}

/// The form that creates a board, as typed (`typed`) with its errors.
pub fn new_board_form(lang: Lang, staff: &Staff, typed: &BoardForm, errors: &Errors) -> Markup {
    let action = format!("/console/activities?lang={}", lang.code());
    html! {
        h2 { (text(lang, Text::CreateBoardButton)) }
        (board_form(lang, staff, "new-board", &action, typed, None, errors, text(lang, Text::CreateBoardButton)))
    }
}

/// A board's settings form, filled from the board.
pub fn board_settings_form(lang: Lang, staff: &Staff, board: &ActivityRow) -> Markup {
    let typed = BoardForm {
        title: board.title.clone(),
        question: board.intro.clone(),
        moderation: board.moderation.as_str().to_string(),
        open: board.open.then(|| "on".to_string()),
        ticked: board
            .languages
            .iter()
            .map(|l| (format!("lang_{}", l.code()), "on".to_string()))
            .chain([("languages".to_string(), "shown".to_string())])
            .collect(),
        ..BoardForm::default()
    };
    settings_form(lang, staff, &board.key, &typed, &Errors::default())
}

fn settings_form(
    lang: Lang,
    staff: &Staff,
    key: &str,
    typed: &BoardForm,
    errors: &Errors,
) -> Markup {
    let action = format!(
        "/console/activities/{}/settings?lang={}",
        encode(key),
        lang.code()
    );
    html! {
        h2 { (text(lang, Text::BoardSettingsHeading)) }
        (board_form(lang, staff, "settings", &action, typed, Some(typed.open.is_some()), errors, text(lang, Text::SaveButton)))
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct BoardForm {
    #[serde(default)]
    pub(super) csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    moderation: String,
    /// The kind of a new activity (`ideas` when not given).
    #[serde(default)]
    pub(super) kind: String,
    /// A checkbox: present when ticked.
    open: Option<String>,
    /// The other checkboxes: `lang_de`, `lang_en` … present when ticked.
    #[serde(flatten)]
    ticked: std::collections::HashMap<String, String>,
}

impl BoardForm {
    /// The languages ticked, in the order of `Lang::ALL`.
    fn languages(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|l| self.ticked.contains_key(&format!("lang_{}", l.code())))
            .collect()
    }

    /// Every field's error at once.
    pub(super) fn parse(&self) -> Result<(ActivityTitle, ActivityIntro, Moderation), Errors> {
        let moderation =
            Moderation::parse(&self.moderation).ok_or(Invalid::new("moderation", codes::INVALID));
        match (
            ActivityTitle::parse(&self.title),
            ActivityIntro::parse(&self.question),
            moderation,
        ) {
            (Ok(t), Ok(q), Ok(m)) => Ok((t, q, m)),
            (t, q, m) => Err(Errors(
                [t.err(), q.err(), m.err()]
                    .into_iter()
                    .flatten()
                    .map(|e| (e.field.to_string(), e.code.to_string()))
                    .collect(),
            )),
        }
    }
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn update_board(
    State(state): State<AppState>,
    staff: Staff,
    Path(board): Path<String>,
    Input(form): Input<BoardForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = state.store.activity(&staff.org, &board).await?;
    let languages = form.languages();
    let shown = form.ticked.contains_key("languages");
    let parsed = form.parse().and_then(|p| {
        if shown && languages.is_empty() {
            Err(Errors::one("languages", codes::REQUIRED))
        } else {
            Ok(p)
        }
    });
    let (title, question, moderation) = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => {
            // The settings form again, on a page of its own, with a way back to the board.
            let lang = staff.lang;
            let body = html! {
                h1 { (row.title) }
                (settings_form(lang, &staff, &row.key, &form, &errors))
                p { a href=(format!("/console/activities/{}?lang={}", encode(&row.key), lang.code())) { (row.title) } }
            };
            let page = console_markup(
                lang,
                text(lang, Text::BoardSettingsHeading),
                Some(&staff),
                body,
            );
            return Ok(html_response(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let change = ActivityChange {
        title: &title,
        intro: &question,
        open: form.open.is_some(),
        moderation,
        languages: shown.then_some(languages.as_slice()),
    };
    state
        .store
        .update_activity(&staff.org, &board, change)
        .await?;
    state
        .boards
        .forget(&super::super::board_cache_key(&staff.org, &board));
    Ok(Redirect::to(&format!(
        "/console/activities/{}?lang={}&saved=1",
        encode(&board),
        staff.lang.code()
    ))
    .into_response())
}
