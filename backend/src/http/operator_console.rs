//! The installation operator's console (`/operator`): every organisation with its size, a
//! new organisation with its first admin, and switching one off and on — without stopping
//! the server. The operator logs in with the operator's token (`settings.operator_token`, or
//! the one `serve` writes to `data_dir/operator`); no token, no console (404).
//!
//! The session is a cookie the server signs (expiry and a hash of the token): a new token
//! ends every session. Forms post only from this origin (`security::same_origin_forms`) and
//! the cookie is `SameSite=Strict`.

use std::net::IpAddr;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use coproduce_widgets::i18n::Lang;
use maud::{Markup, html};
use serde::Deserialize;

mod text;

use text::{Say, say};

use super::AppState;
use super::abuse::{constant_eq, now_secs, sha256_hex};
use super::client::ClientAddr;
use super::console::layout::console_markup;
use super::error::ApiError;
use super::lang::ReqLang;
use crate::domain::{Invalid, OrgId, OrgSlug};
use crate::storage::{OrgRow, OrgSizes, StorageError};

/// How long an operator's session lasts.
const SESSION_SECS: u64 = 8 * 3600;
/// Wrong tokens from one address per 15 minutes.
const FAILED_LOGINS: u32 = 5;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/operator", get(home))
        .route("/operator/login", post(login))
        .route("/operator/logout", post(logout))
        // A page answered to a form has the form's address: its language link (a GET there)
        // leads back to the console.
        .route("/operator/orgs", get(back_home).post(create))
        .route("/operator/orgs/{org}/state", get(back_home).post(switch))
}

fn cookie_name(state: &AppState) -> &'static str {
    if state.secure_cookies {
        "__Host-cp_operator"
    } else {
        "cp_operator"
    }
}

fn set_cookie(state: &AppState, value: &str, max_age: u64) -> HeaderValue {
    let (path, secure) = if state.secure_cookies {
        ("/", "; Secure")
    } else {
        ("/operator", "")
    };
    let text = format!(
        "{}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
        cookie_name(state)
    );
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""))
}

/// The signature of a session until `expires` for the current token.
fn signature(state: &AppState, token: &str, expires: u64) -> String {
    state
        .keys
        .mac(&["operator-session", &expires.to_string(), &sha256_hex(token)])
}

/// Whether the request carries a valid operator session; `Err` (404) when the installation
/// has no operator token at all.
fn session(state: &AppState, headers: &HeaderMap) -> Result<bool, ApiError> {
    let Some(token) = state.operator_token.as_deref() else {
        return Err(ApiError::not_found());
    };
    let prefix = format!("{}=", cookie_name(state));
    let sent = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(&prefix).map(str::to_owned));
    let Some((expires, mac)) = sent.as_deref().and_then(|v| v.split_once('.')) else {
        return Ok(false);
    };
    let Ok(expires) = expires.parse::<u64>() else {
        return Ok(false);
    };
    Ok(expires > now_secs() && constant_eq(mac, &signature(state, token, expires)))
}

/// The console's pages only for a logged-in operator; others see the login form.
fn operator_only(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<Option<Response>, ApiError> {
    if session(state, headers)? {
        Ok(None)
    } else {
        Ok(Some(login_page(lang, StatusCode::OK, None)))
    }
}

fn page(lang: Lang, status: StatusCode, title: Say, body: Markup) -> Response {
    let title = say(lang, title);
    (status, Html(console_markup(lang, title, None, body))).into_response()
}

/// A form's address, keeping the language the page is in.
fn action(lang: Lang, path: &str) -> String {
    format!("{path}?lang={}", lang.code())
}

fn login_page(lang: Lang, status: StatusCode, error: Option<Say>) -> Response {
    page(
        lang,
        status,
        Say::LoginTitle,
        html! {
            h1 { (say(lang, Say::LoginHeading)) }
            @if let Some(e) = error {
                p.cp-errors role="alert" { (say(lang, e)) }
            }
            form.cp-form method="post" action=(action(lang, "/operator/login")) {
                p {
                    label for="token" { (say(lang, Say::TokenLabel)) }
                    br;
                    input #token.wide type="password" name="token" autocomplete="current-password" required;
                }
                p.cp-hint { (say(lang, Say::TokenHint)) }
                button type="submit" { (say(lang, Say::LogIn)) }
            }
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    token: String,
}

async fn login(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, ApiError> {
    let Some(token) = state.operator_token.clone() else {
        return Err(ApiError::not_found());
    };
    let key = format!("operator:{}", network(addr.ip()));
    // Counted before the token is compared, so parallel guesses cannot all pass; a right
    // token takes its count back.
    if !state.logins.allow(&key, FAILED_LOGINS) {
        return Ok(login_page(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            Some(Say::TooManyTokens),
        ));
    }
    if !constant_eq(form.token.trim(), &token) {
        tracing::warn!("wrong operator token");
        return Ok(login_page(
            lang,
            StatusCode::UNAUTHORIZED,
            Some(Say::WrongToken),
        ));
    }
    state.logins.refund(&key);
    let expires = now_secs() + SESSION_SECS;
    let value = format!("{expires}.{}", signature(&state, &token, expires));
    let mut res = Redirect::to(&action(lang, "/operator")).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&state, &value, SESSION_SECS));
    tracing::info!("operator logged in");
    Ok(res)
}

fn network(ip: IpAddr) -> IpAddr {
    super::abuse::network_of(ip)
}

async fn logout(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
) -> Result<Response, ApiError> {
    if state.operator_token.is_none() {
        return Err(ApiError::not_found());
    }
    let mut res = Redirect::to(&action(lang, "/operator")).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&state, "", 0));
    Ok(res)
}

async fn back_home(ReqLang(lang): ReqLang) -> Redirect {
    Redirect::to(&action(lang, "/operator"))
}

async fn home(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(login) = operator_only(&state, &headers, lang)? {
        return Ok(login);
    }
    dashboard(&state, lang, StatusCode::OK, None).await
}

/// A note at the top of the dashboard: what was just done, or why not.
enum Note {
    Done(String),
    Refused(String),
}

async fn dashboard(
    state: &AppState,
    lang: Lang,
    status: StatusCode,
    note: Option<Note>,
) -> Result<Response, ApiError> {
    let orgs = state.store.list_orgs().await?;
    let mut rows: Vec<(OrgRow, OrgSizes)> = Vec::with_capacity(orgs.len());
    for org in orgs {
        let sizes = match OrgSlug::parse(&org.slug) {
            Ok(slug) => state.store.org_sizes(&OrgId::existing(slug)).await?,
            Err(_) => OrgSizes::default(),
        };
        rows.push((org, sizes));
    }
    Ok(page(
        lang,
        status,
        Say::OrgsTitle,
        html! {
            header {
                h1 { (say(lang, Say::OrgsHeading)) }
                form method="post" action=(action(lang, "/operator/logout")) {
                    button type="submit" { (say(lang, Say::LogOut)) }
                }
            }
            @match &note {
                Some(Note::Done(text)) => p role="status" { (text) },
                Some(Note::Refused(text)) => p.cp-errors role="alert" { (text) },
                None => {},
            }
            table {
                caption { (text::caption(lang, rows.len())) }
                thead { tr {
                    th scope="col" { (say(lang, Say::Organisation)) }
                    th scope="col" { (say(lang, Say::Activities)) }
                    th scope="col" { (say(lang, Say::Contributions)) }
                    th scope="col" { (say(lang, Say::Staff)) }
                    th scope="col" { (say(lang, Say::State)) }
                } }
                tbody {
                    @for (org, sizes) in &rows {
                        tr {
                            td { (org.name) br; code { (org.slug) } }
                            td { (sizes.activities) }
                            td { (sizes.contributions) }
                            td { (sizes.staff) }
                            td {
                                form method="post" action=(action(lang, &format!("/operator/orgs/{}/state", org.slug))) {
                                    @if org.is_disabled() {
                                        (say(lang, Say::Off)) " "
                                        input type="hidden" name="disabled" value="false";
                                        button type="submit" { (say(lang, Say::SwitchOn)) " " (org.name) }
                                    } @else {
                                        (say(lang, Say::On)) " "
                                        input type="hidden" name="disabled" value="true";
                                        button type="submit" { (say(lang, Say::SwitchOff)) " " (org.name) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { (say(lang, Say::WhatOffMeans)) }
            h2 { (say(lang, Say::NewOrgHeading)) }
            form.cp-form method="post" action=(action(lang, "/operator/orgs")) {
                p { label for="slug" { (say(lang, Say::SlugLabel)) } br; input #slug.wide name="slug" required; }
                p { label for="name" { (say(lang, Say::NameLabel)) } br; input #name.wide name="name" required; }
                p { label for="admin_email" { (say(lang, Say::AdminEmailLabel)) } br; input #admin_email.wide type="email" name="admin_email" required; }
                button type="submit" { (say(lang, Say::Create)) }
            }
        },
    ))
}

#[derive(Deserialize)]
pub struct NewOrgForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    admin_email: String,
}

async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    Form(form): Form<NewOrgForm>,
) -> Result<Response, ApiError> {
    if !session(&state, &headers)? {
        return Ok(login_page(
            lang,
            StatusCode::UNAUTHORIZED,
            Some(Say::PleaseLogIn),
        ));
    }
    let made = crate::seed::create_org_with_admin(
        &state.store,
        form.slug.trim(),
        form.name.trim(),
        form.admin_email.trim(),
        None,
    )
    .await;
    let (org, password) = match made {
        Ok(made) => made,
        Err(e) => {
            let Some(why) = refusal(lang, &e) else {
                return Err(ApiError::unexpected(e));
            };
            let text = format!("{}: {why}", say(lang, Say::NotCreated));
            return dashboard(
                &state,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(Note::Refused(text)),
            )
            .await;
        }
    };
    tracing::info!(%org, "organisation created by the operator");
    let text = text::created(lang, org.as_str(), form.admin_email.trim(), &password);
    dashboard(&state, lang, StatusCode::CREATED, Some(Note::Done(text))).await
}

/// Why an organisation was not created, for the operator to fix; `None` for a failure that
/// is not theirs (logged, answered 500).
fn refusal(lang: Lang, e: &anyhow::Error) -> Option<String> {
    if let Some(invalid) = e.downcast_ref::<Invalid>() {
        let field = match invalid.field {
            "slug" => say(lang, Say::SlugLabel),
            "name" => say(lang, Say::NameLabel),
            "email" => say(lang, Say::AdminEmailLabel),
            other => other,
        };
        let message = super::text::server_error_message(lang, invalid.code);
        return Some(format!("{field}: {message}"));
    }
    match e.downcast_ref::<StorageError>() {
        Some(StorageError::AlreadyExists) => Some(say(lang, Say::SlugTaken).to_string()),
        _ => None,
    }
}

#[derive(Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    disabled: String,
}

async fn switch(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    Path(org): Path<String>,
    Form(form): Form<SwitchForm>,
) -> Result<Response, ApiError> {
    if !session(&state, &headers)? {
        return Ok(login_page(
            lang,
            StatusCode::UNAUTHORIZED,
            Some(Say::PleaseLogIn),
        ));
    }
    let slug = OrgSlug::parse(&org).map_err(|_| ApiError::not_found())?;
    let Some((id, row)) = state.store.find_org(&slug).await? else {
        return Err(ApiError::from(StorageError::NotFound));
    };
    let disabled = form.disabled == "true";
    state.store.set_org_disabled(&id, disabled).await?;
    // This backend at once; others when their cache of it expires (seconds).
    state.orgs.forget(id.as_str());
    tracing::info!(org = %id, disabled, "organisation switched by the operator");
    let text = text::switched(lang, &row.name, disabled);
    dashboard(&state, lang, StatusCode::OK, Some(Note::Done(text))).await
}
