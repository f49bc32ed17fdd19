//! A staff member's session: the cookie, the `Staff` extractor every console route takes, and
//! the passwords' hashing off the async runtime. The page frame and every console page need
//! these; the login and logout handlers (`auth`) need the pages, so they live apart.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::codes;
use coproduce_widgets::i18n::Lang;

use crate::domain::OrgId;
use crate::domain::staff::{NewPassword, Role, verify_password};
use crate::http::AppState;
use crate::http::abuse::{constant_eq, sha256_hex};
use crate::http::error::ApiError;
use crate::http::lang::negotiate;

/// The session cookie. Behind TLS it carries the `__Host-` prefix, which the browser accepts
/// only from this very origin (`Secure`, `Path=/`, no `Domain`), so no sibling subdomain can
/// plant one; over plain HTTP (a developer's machine) it stays under `/console`.
pub(super) fn cookie(secure: bool) -> (&'static str, &'static str) {
    if secure {
        ("__Host-cp_session", "/; Secure")
    } else {
        ("cp_session", "/console")
    }
}
pub(super) const SESSION_HOURS: i64 = 8;

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
