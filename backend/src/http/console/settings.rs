//! Admin-only: boards, allowed origins, staff.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::{Moderation, codes};
use coproduce_widgets::i18n::Lang;
use serde::Deserialize;

use super::auth::Staff;
use super::layout::console_page;
use crate::domain::Invalid;
use crate::domain::activity::ActivityIntro;
use crate::domain::activity::ActivityTitle;
use crate::domain::org::Origin;
use crate::domain::staff::{Email, NewPassword, Role};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::pages::shell::{esc, html};
use crate::http::text::{Text, role_name, text};
use crate::storage::{ActivityChange, ActivityRow, StorageError};

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

pub async fn show(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    staff.require_admin()?;
    let lang = staff.lang;
    let org = state.store.org(&staff.org).await?;
    let people = state.store.staff(&staff.org).await?;
    let rows: String = people
        .iter()
        .map(|p| {
            format!(
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&p.email),
                role_name(lang, p.role())
            )
        })
        .collect();
    let body = format!(
        "<h1>{origins_h}</h1><form method=\"post\" action=\"/console/settings/origins?lang={l}\" class=\"cp-form\">{csrf}\
<div class=\"cp-field\"><label for=\"origins\">{origins_h}</label><span id=\"origins-hint\" class=\"cp-hint\">{hint}</span>\
<textarea id=\"origins\" name=\"origins\" rows=\"4\" aria-describedby=\"origins-hint\">{origins}</textarea></div><button class=\"cp-button\" type=\"submit\">{save}</button></form>\
<h2>{staff_h}</h2><table><thead><tr><th scope=\"col\">{email_l}</th><th scope=\"col\">{role_l}</th></tr></thead><tbody>{rows}</tbody></table>\
<h3>{add}</h3><form method=\"post\" action=\"/console/staff?lang={l}\" class=\"cp-form\">{csrf}\
<div class=\"cp-field\"><label for=\"se\">{email_l}</label><input id=\"se\" name=\"email\" type=\"email\" required></div>\
<div class=\"cp-field\"><label for=\"sp\">{pw_l}</label><input id=\"sp\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required></div>\
<div class=\"cp-field\"><label for=\"sr\">{role_l}</label><select id=\"sr\" name=\"role\"><option value=\"{mod_v}\">{mod_n}</option><option value=\"{admin_v}\">{admin_n}</option></select></div>\
<button class=\"cp-button\" type=\"submit\">{add}</button></form>",
        origins_h = text(lang, Text::OriginsHeading),
        l = lang.code(),
        csrf = csrf_input(&staff),
        hint = text(lang, Text::OriginsHint),
        origins = esc(&org.origins.join("\n")),
        save = text(lang, Text::SaveButton),
        staff_h = text(lang, Text::StaffHeading),
        email_l = text(lang, Text::EmailLabel),
        role_l = text(lang, Text::RoleLabel),
        mod_v = Role::Moderator.as_str(),
        mod_n = role_name(lang, Role::Moderator),
        admin_v = Role::Admin.as_str(),
        admin_n = role_name(lang, Role::Admin),
        pw_l = text(lang, Text::PasswordLabel),
        add = text(lang, Text::AddStaffButton),
    );
    Ok(html(
        StatusCode::OK,
        console_page(lang, text(lang, Text::OriginsHeading), Some(&staff), &body),
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct OriginsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    origins: String,
}

pub async fn origins(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<OriginsForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    staff.require_admin()?;
    let origins = form
        .origins
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(Origin::parse)
        .collect::<Result<Vec<_>, _>>()?;
    state.store.set_origins(&staff.org, &origins).await?;
    state.orgs.forget(staff.org.as_str());
    Ok(Redirect::to(&format!("/console/settings?lang={}", staff.lang.code())).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
}

pub async fn add_staff(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<StaffForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    staff.require_admin()?;
    let email = Email::parse(&form.email)?;
    let role = Role::parse(&form.role).ok_or(Invalid::new("role", codes::INVALID))?;
    let password = NewPassword::parse(&form.password)?;
    let hash = password.hash().map_err(ApiError::unexpected)?;
    match state
        .store
        .create_staff(&staff.org, &email, role, &hash)
        .await
    {
        Err(StorageError::AlreadyExists) => Err(ApiError::Invalid {
            field: "email",
            code: codes::CONFLICT,
        }),
        other => other.map_err(ApiError::from),
    }?;
    Ok(Redirect::to(&format!("/console/settings?lang={}", staff.lang.code())).into_response())
}
