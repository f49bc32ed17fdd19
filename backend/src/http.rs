//! HTTP: the versioned JSON API, the standalone pages, the staff console and the embed assets.

pub mod abuse;
pub mod activities;
pub(crate) mod api;
mod assets;
mod bounds;
mod cache;
pub mod client;
pub(crate) mod console;
pub mod download;
pub mod error;
pub(crate) mod guard;
pub(crate) mod input;
pub mod kind;
pub mod lang;
mod operator;
mod operator_console;
mod outage;
pub(crate) mod pages;
pub mod security;
pub(crate) mod tenant;
pub mod text;

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::middleware;
use coproduce_widgets::contract::limits;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::config::Settings;
use crate::storage::Store;
use abuse::{Keys, RateLimiter};

/// How long an organisation (its name, allowed origins) is reused before it is read again.
const ORG_TTL: Duration = Duration::from_secs(5);
/// How long a board (open? moderated how?) is reused. Short, since closing a board or
/// switching to pre-moderation must apply quickly on every backend.
pub const BOARD_TTL: Duration = Duration::from_secs(1);
/// How old the figures of an organisation's public page may be.
const ORG_PAGE_TTL: Duration = Duration::from_secs(10);

/// Password checks at once; more wait their turn (`console::auth`).
const PASSWORD_CHECKS_AT_ONCE: usize = 2;

/// Shared by every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub settings: Settings,
    /// Where people reach this backend, without a trailing slash.
    pub public_url: String,
    pub keys: Keys,
    /// Writes per client and per organisation, per minute.
    pub writes: RateLimiter,
    /// Failed logins per client and address, per 15 minutes.
    pub logins: RateLimiter,
    pub secure_cookies: bool,
    pub orgs: tenant::OrgCache,
    /// `scheme://host[:port]` of `public_url`: where our own pages' form posts come from.
    pub own_origin: String,
    pub policies: security::Policies,
    /// Password checks running at once: each takes a large block of memory (argon2).
    pub hashing: Arc<tokio::sync::Semaphore>,
    /// Boards looked up recently, by `board_cache_key`: every write checks its board first.
    pub boards: cache::TtlCache<crate::storage::ActivityRow>,
    /// Surveys' settings and the version answered, by `board_cache_key`, as `boards`.
    pub surveys: cache::TtlCache<Arc<crate::survey::storage::Published>>,
    /// Maps' tiles, geocoders and photo decoding.
    pub maps: crate::map::services::MapServices,
    /// Each organisation's public page's activities and months, by organisation: a page
    /// linked from a newsletter is asked for by many at once, and its figures are monthly.
    pub org_pages: cache::TtlCache<Arc<Vec<pages::org::Listed>>>,
    /// Whose forwarding headers name the client (`http.trusted_proxies`).
    pub trusted_proxies: client::TrustedProxies,
    /// The operator's token (`crate::operator`); none: no operator requests are taken.
    pub operator_token: Option<String>,
    /// Requests counted and timed (`crate::metrics`).
    pub metrics: crate::metrics::Metrics,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(
        store: Store,
        settings: Settings,
        public_url: String,
        (secret, operator_token): (&str, Option<String>),
    ) -> anyhow::Result<Self> {
        let public_url = public_url.trim_end_matches('/').to_string();
        let own_origin = security::origin_of(&public_url).unwrap_or_default();
        let secure_cookies = settings
            .http
            .secure_cookies
            .unwrap_or_else(|| public_url.starts_with("https://"));
        let maps = crate::map::services::MapServices::new(&settings, &public_url)?;
        let trusted_proxies = client::TrustedProxies::parse(&settings.http.trusted_proxies)?;
        Ok(Self(Arc::new(Inner {
            store,
            settings,
            public_url,
            keys: Keys::new(secret),
            writes: RateLimiter::new(Duration::from_secs(60)),
            logins: RateLimiter::new(Duration::from_secs(15 * 60)),
            secure_cookies,
            orgs: tenant::OrgCache::new(ORG_TTL),
            policies: security::Policies::new(&own_origin),
            own_origin,
            hashing: Arc::new(tokio::sync::Semaphore::new(PASSWORD_CHECKS_AT_ONCE)),
            boards: cache::TtlCache::new(BOARD_TTL),
            surveys: cache::TtlCache::new(BOARD_TTL),
            maps,
            org_pages: cache::TtlCache::new(ORG_PAGE_TTL),
            trusted_proxies,
            operator_token,
            metrics: crate::metrics::Metrics::new(),
        })))
    }
}

pub fn board_cache_key(org: &crate::domain::OrgId, board: &str) -> String {
    format!("{org}/{board}")
}

pub fn router(state: AppState) -> Router {
    let request_timeout = Duration::from_secs(state.settings.http.request_timeout_secs.max(1));
    Router::new()
        .merge(api::routes())
        .merge(console::routes())
        .merge(activities::routes(state.clone()))
        .merge(assets::routes(&state.settings.http.widget_dir))
        .merge(assets::bundle(&state.settings.http.widget_dir))
        .merge(operator_console::routes())
        .route("/operator/backup", axum::routing::get(operator::backup))
        .route("/operator/command", axum::routing::post(operator::command))
        .fallback(bounds::not_found)
        .method_not_allowed_fallback(bounds::method_not_allowed)
        .layer(middleware::from_fn(move |req, next| {
            bounds::within(request_timeout, req, next)
        }))
        .layer(middleware::from_fn(bounds::plain_paths))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            outage::while_unreachable,
        ))
        .layer(middleware::from_fn(error::localize))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::same_origin_forms,
        ))
        .layer(DefaultBodyLimit::max(limits::BODY_BYTES_MAX))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            crate::metrics::track,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let path = req
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default();
                tracing::info_span!("request", method = %req.method(), %path)
            }),
        )
        .with_state(state)
}
