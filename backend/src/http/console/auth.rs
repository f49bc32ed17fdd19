//! Logging in and out, the session extractor and CSRF checks.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::codes;
use coproduce_widgets::i18n::{Lang, error_message};
use serde::Deserialize;

use super::session::Staff;
use super::session::{SESSION_HOURS, cookie};
use crate::domain::staff::{Email, NewPassword, verify_password};
use crate::domain::{now_ms, random_key};
use crate::http::AppState;
use crate::http::abuse::sha256_hex;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::lang::ReqLang;
use crate::http::pages::shell::html;
use crate::http::text::{Text, text};
use crate::storage::StaffRow;

/// No `Debug`: it holds a password.
#[derive(Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn login_html(lang: Lang, email: &str, error: Option<&str>) -> String {
    let body = maud::html! {
        h1 { (text(lang, Text::LoginHeading)) }
        @if let Some(code) = error {
            div.cp-errors role="alert" { p { (error_message(lang, code)) } }
        }
        form method="post" action=(format!("/console/login?lang={}", lang.code())) class="cp-form" {
            div.cp-field {
                label for="email" { (text(lang, Text::EmailLabel)) }
                input id="email" name="email" type="email" autocomplete="username" value=(email) required;
            }
            div.cp-field {
                label for="password" { (text(lang, Text::PasswordLabel)) }
                input id="password" name="password" type="password" autocomplete="current-password" required;
            }
            button.cp-button type="submit" { (text(lang, Text::LoginButton)) }
        }
    };
    super::layout::console_markup(lang, text(lang, Text::LoginHeading), None, body)
}

pub async fn login_page(ReqLang(lang): ReqLang) -> Response {
    html(StatusCode::OK, login_html(lang, "", None))
}

/// How many more tries one address gets over all accounts than for one account.
const ADDRESS_FACTOR: u32 = 4;
/// The longest wait before checking a password of an account under attack.
const MAX_SLOWDOWN_SECS: u64 = 5;
/// How long a login waits for its turn to check a password before it is told to retry.
const HASHING_WAIT: Duration = Duration::from_secs(10);

/// The rate-limit keys of a login: keyed hashes, never the address or e-mail itself.
struct LoginKeys {
    pair: String,
    address: String,
    account: String,
}

impl LoginKeys {
    fn new(state: &AppState, ip: std::net::IpAddr, email: &str) -> Self {
        let client = state.keys.client(ip);
        let account = state.keys.mac(&["login", &email.trim().to_lowercase()]);
        Self {
            pair: format!("login-pair:{client}:{account}"),
            address: format!("login-ip:{client}"),
            account: format!("login-account:{account}"),
        }
    }
}

/// The first account whose password this is. With none, a dummy hash is checked, so the
/// time taken does not tell whether the address has an account.
fn matching_account(accounts: Vec<StaffRow>, password: &str) -> Option<StaffRow> {
    if accounts.is_empty() {
        verify_password(password, dummy_hash());
        return None;
    }
    accounts
        .into_iter()
        .find(|a| verify_password(password, &a.password_hash))
}

/// A hash to verify against when the address is unknown, so timing does not reveal accounts.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        NewPassword::parse("not-a-real-password-ever")
            .ok()
            .and_then(|p| p.hash().ok())
            .unwrap_or_default()
    })
}

pub async fn login(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    ClientAddr(addr): ClientAddr,
    Input(form): Input<LoginForm>,
) -> Result<Response, ApiError> {
    let keys = LoginKeys::new(&state, addr.ip(), &form.email);
    let limits = &state.settings.limits;
    let max = limits.share(limits.failed_logins);
    let throttled = || {
        html(
            StatusCode::TOO_MANY_REQUESTS,
            login_html(lang, &form.email, Some(codes::LOGIN_THROTTLED)),
        )
    };
    // Counted before the password is checked, so parallel guesses cannot all pass this
    // check: one account from one address gets `max` tries, one address `max` times as many
    // over all accounts. The owner elsewhere is not locked out by someone else's guesses.
    // The address first: once it is throttled, its requests add no keys at all.
    if !state
        .logins
        .allow(&keys.address, max.saturating_mul(ADDRESS_FACTOR))
    {
        return Ok(throttled());
    }
    if !state.logins.allow(&keys.pair, max) {
        state.logins.refund(&keys.address);
        return Ok(throttled());
    }
    // An account guessed at from many addresses: each try waits longer (at most a few
    // seconds), which slows guessing down and still lets its owner in.
    let account_failures = state.logins.count(&keys.account);
    if account_failures >= max {
        let secs = u64::from(account_failures - max + 1).min(MAX_SLOWDOWN_SECS);
        tokio::time::sleep(Duration::from_secs(secs)).await;
    }
    let accounts = match Email::parse(&form.email) {
        Ok(email) => state.store.staff_with_email(&email).await?,
        Err(_) => Vec::new(),
    };
    // Each check takes a large block of memory: only a few at once, the rest wait a while.
    let waiting = Arc::clone(&state.hashing).acquire_owned();
    let Ok(Ok(permit)) = tokio::time::timeout(HASHING_WAIT, waiting).await else {
        state.logins.refund(&keys.pair);
        state.logins.refund(&keys.address);
        return Ok(throttled());
    };
    let password = form.password.clone();
    // The permit goes with the check: a client that hangs up (or a request that times out)
    // ends the request, not the hashing, which must still count against the bound.
    let matched = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        matching_account(accounts, &password)
    })
    .await
    .unwrap_or(None);
    let staff = match matched {
        Some(s) => s,
        _ => {
            state.logins.allow(&keys.account, u32::MAX);
            tracing::warn!("failed console login");
            return Ok(html(
                StatusCode::UNAUTHORIZED,
                login_html(lang, &form.email, Some(codes::BAD_LOGIN)),
            ));
        }
    };
    // Only this attempt is taken back: a login that succeeds (into any account of this
    // address, say one an attacker made in another organisation) wipes no earlier failure.
    state.logins.refund(&keys.pair);
    state.logins.refund(&keys.address);
    let token = random_key(40);
    let csrf = random_key(32);
    let expires = now_ms() + SESSION_HOURS * 3_600_000;
    state
        .store
        .create_session(&sha256_hex(&token), &staff, &csrf, expires)
        .await?;
    tracing::info!(org = %staff.org, "staff logged in");
    let (name, path) = cookie(state.secure_cookies);
    let cookie = format!(
        "{name}={token}; Path={path}; HttpOnly; SameSite=Strict; Max-Age={}",
        SESSION_HOURS * 3600
    );
    let mut res = Redirect::to(&format!("/console?lang={}", lang.code())).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    staff: Staff,
    Input(form): Input<CsrfForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&form.csrf)?;
    state.store.delete_session(staff.token_hash()).await?;
    let mut res = Redirect::to("/console/login").into_response();
    let (name, path) = cookie(state.secure_cookies);
    let expired = format!("{name}=; Path={path}; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&expired) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}
