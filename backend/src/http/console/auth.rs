//! Logging in and out, the session extractor and CSRF checks.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::codes;
use coproduce_widgets::i18n::{Lang, error_message};
use serde::Deserialize;

use crate::domain::staff::{Email, NewPassword, Role, verify_password};
use crate::domain::{OrgId, now_ms, random_key};
use crate::http::AppState;
use crate::http::abuse::{constant_eq, sha256_hex};
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::lang::{ReqLang, negotiate};
use crate::http::pages::shell::html;
use crate::http::text::{Text, text};
use crate::storage::StaffRow;

/// The session cookie. Behind TLS it carries the `__Host-` prefix, which the browser accepts
/// only from this very origin (`Secure`, `Path=/`, no `Domain`), so no sibling subdomain can
/// plant one; over plain HTTP (a developer's machine) it stays under `/console`.
fn cookie(secure: bool) -> (&'static str, &'static str) {
    if secure {
        ("__Host-cp_session", "/; Secure")
    } else {
        ("cp_session", "/console")
    }
}
const SESSION_HOURS: i64 = 8;

/// A logged-in staff member, from the session cookie.
#[derive(Clone, Debug)]
pub struct Staff {
    pub org: OrgId,
    /// The account's key.
    pub key: String,
    pub role: Role,
    pub email: String,
    pub csrf: String,
    pub lang: Lang,
    token_hash: String,
}

impl Staff {
    /// Every state change carries the session's CSRF token in its form.
    pub fn check_csrf(&self, sent: &str) -> Result<(), ApiError> {
        if constant_eq(sent, &self.csrf) {
            Ok(())
        } else {
            Err(ApiError::new(StatusCode::FORBIDDEN, codes::CSRF))
        }
    }

    /// The session's token hash (its record id).
    pub fn token_hash(&self) -> &str {
        &self.token_hash
    }

    /// An admin's form: its CSRF token, then the role.
    pub fn admin_form(&self, sent_csrf: &str) -> Result<(), ApiError> {
        self.check_csrf(sent_csrf)?;
        self.require_admin()
    }

    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::new(StatusCode::FORBIDDEN, codes::FORBIDDEN))
        }
    }
}

/// No session: pages send people to the login, other requests get 401.
pub enum NoSession {
    Login,
    Unauthorized,
    Failed(ApiError),
}

impl IntoResponse for NoSession {
    fn into_response(self) -> Response {
        match self {
            Self::Login => Redirect::to("/console/login").into_response(),
            Self::Unauthorized => {
                ApiError::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED).into_response()
            }
            Self::Failed(e) => e.into_response(),
        }
    }
}

/// The session token, if the request carries exactly one. Two are refused: another page on
/// this host (another port, say) may have planted its own to slip the staff member into an
/// account of the planter's.
fn session_cookie(parts: &Parts, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    let mut found = parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(&prefix).map(str::to_owned));
    match (found.next(), found.next()) {
        (Some(token), None) => Some(token),
        _ => None,
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = NoSession;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, NoSession> {
        let missing = if parts.method == Method::GET {
            NoSession::Login
        } else {
            NoSession::Unauthorized
        };
        let Some(token) = session_cookie(parts, cookie(state.secure_cookies).0) else {
            return Err(missing);
        };
        let token_hash = sha256_hex(&token);
        let session = state
            .store
            .session(&token_hash)
            .await
            .map_err(|e| NoSession::Failed(e.into()))?;
        let Some(session) = session else {
            return Err(missing);
        };
        let Some(org) = session.org_id() else {
            return Err(missing);
        };
        Ok(Staff {
            org,
            key: session.staff,
            role: session.role,
            email: session.email,
            csrf: session.csrf,
            lang: negotiate(&parts.headers, parts.uri.query()),
            token_hash,
        })
    }
}

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
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Input(form): Input<LoginForm>,
) -> Result<Response, ApiError> {
    let keys = LoginKeys::new(&state, addr.ip(), &form.email);
    let max = state.settings.limits.failed_logins;
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
    state.store.delete_session(&staff.token_hash).await?;
    let mut res = Redirect::to("/console/login").into_response();
    let (name, path) = cookie(state.secure_cookies);
    let expired = format!("{name}=; Path={path}; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&expired) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

/// Hashes a new password off the async runtime, one of the few hashings allowed at once.
pub async fn hash_password(state: &AppState, password: NewPassword) -> Result<String, ApiError> {
    let permit = Arc::clone(&state.hashing)
        .acquire_owned()
        .await
        .map_err(ApiError::unexpected)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        password.hash()
    })
    .await
    .map_err(ApiError::unexpected)?
    .map_err(ApiError::unexpected)
}

/// Checks a password against a stored hash off the async runtime, one of the few hashings
/// allowed at once.
pub async fn verify_off_runtime(
    state: &AppState,
    password: String,
    hash: String,
) -> Result<bool, ApiError> {
    let permit = Arc::clone(&state.hashing)
        .acquire_owned()
        .await
        .map_err(ApiError::unexpected)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        verify_password(&password, &hash)
    })
    .await
    .map_err(ApiError::unexpected)
}
