//! Admin-only: creating boards and their settings.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::{Moderation, codes};
use coproduce_widgets::i18n::Lang;
use serde::Deserialize;

use super::auth::Staff;
use crate::domain::Invalid;
use crate::domain::activity::ActivityIntro;
use crate::domain::activity::ActivityTitle;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::pages::shell::esc;
use crate::http::text::{Text, text};
use crate::storage::{ActivityChange, ActivityRow};

fn csrf_input(staff: &Staff) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(&staff.csrf)
    )
}

fn board_fields(lang: Lang, title: &str, question: &str) -> String {
    format!(
        "<div class=\"cp-field\"><label for=\"bt\">{tl}</label><input id=\"bt\" name=\"title\" type=\"text\" value=\"{title}\" required></div>\
<div class=\"cp-field\"><label for=\"bq\">{ql}</label><textarea id=\"bq\" name=\"question\" rows=\"2\" required>{question}</textarea></div>",
        tl = text(lang, Text::ActivityTitleLabel),
        ql = text(lang, Text::QuestionLabel),
        title = esc(title),
        question = esc(question),
    )
}

fn moderation_select(lang: Lang, current: Moderation) -> String {
    let opt = |m: Moderation, msg: Text| {
        format!(
            "<option value=\"{}\"{}>{}</option>",
            m.as_str(),
            if m == current { " selected" } else { "" },
            text(lang, msg)
        )
    };
    format!(
        "<div class=\"cp-field\"><label for=\"bm\">{}</label><select id=\"bm\" name=\"moderation\">{}{}</select></div>",
        text(lang, Text::ModerationLabel),
        opt(Moderation::Post, Text::PostModeration),
        opt(Moderation::Pre, Text::PreModeration)
    )
}

pub fn new_board_form(lang: Lang, staff: &Staff) -> String {
    format!(
        "<h2>{h}</h2><form method=\"post\" action=\"/console/activities?lang={l}\" class=\"cp-form\">{csrf}{fields}{moderation}<button class=\"cp-button\" type=\"submit\">{b}</button></form>",
        h = text(lang, Text::CreateBoardButton),
        l = lang.code(),
        csrf = csrf_input(staff),
        fields = board_fields(lang, "", ""),
        moderation = moderation_select(lang, Moderation::Post),
        b = text(lang, Text::CreateBoardButton),
    )
}

pub fn board_settings_form(lang: Lang, staff: &Staff, board: &ActivityRow) -> String {
    format!(
        "<h2>{h}</h2><form method=\"post\" action=\"/console/activities/{k}/settings?lang={l}\" class=\"cp-form\">{csrf}{fields}{moderation}\
<div><input id=\"bo\" name=\"open\" type=\"checkbox\" value=\"on\"{checked}> <label for=\"bo\">{ol}</label></div><button class=\"cp-button\" type=\"submit\">{b}</button></form>",
        h = text(lang, Text::BoardSettingsHeading),
        k = esc(&board.key),
        l = lang.code(),
        csrf = csrf_input(staff),
        fields = board_fields(lang, &board.title, &board.intro),
        moderation = moderation_select(lang, board.moderation),
        checked = if board.open { " checked" } else { "" },
        ol = text(lang, Text::OpenLabel),
        b = text(lang, Text::SaveButton),
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct BoardForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    moderation: String,
    /// A checkbox: present when ticked.
    open: Option<String>,
}

impl BoardForm {
    fn parse(&self) -> Result<(ActivityTitle, ActivityIntro, Moderation), Invalid> {
        let moderation = Moderation::parse(&self.moderation)
            .ok_or(Invalid::new("moderation", codes::INVALID))?;
        Ok((
            ActivityTitle::parse(&self.title)?,
            ActivityIntro::parse(&self.question)?,
            moderation,
        ))
    }
}

pub async fn create_board(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<BoardForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    staff.require_admin()?;
    let (title, question, moderation) = form.parse()?;
    let board = state
        .store
        .create_board(&staff.org, None, &title, &question, moderation)
        .await?;
    Ok(Redirect::to(&format!(
        "/console/activities/{}?lang={}&saved=1",
        board.key,
        staff.lang.code()
    ))
    .into_response())
}

pub async fn update_board(
    State(state): State<AppState>,
    staff: Staff,
    Path(board): Path<String>,
    Input(form): Input<BoardForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    staff.require_admin()?;
    let (title, question, moderation) = form.parse()?;
    let change = ActivityChange {
        title: &title,
        intro: &question,
        open: form.open.is_some(),
        moderation,
        languages: None,
    };
    state
        .store
        .update_activity(&staff.org, &board, change)
        .await?;
    state
        .boards
        .forget(&super::super::board_cache_key(&staff.org, &board));
    Ok(Redirect::to(&format!(
        "/console/activities/{board}?lang={}&saved=1",
        staff.lang.code()
    ))
    .into_response())
}
