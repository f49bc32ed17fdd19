//! What every answer carries for the browser's protection, and the refusal of form posts that
//! another website makes a visitor's browser send.
//!
//! The pages and the console share this origin, so a form on any website could otherwise
//! post to them with the visitor's cookies and address: support an idea, log the browser into
//! an attacker's account, or deliver markup. The JSON API is guarded by each organisation's
//! allowed origins instead (`tenant::org_cors`), and is left alone here.

use std::sync::LazyLock;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use coproduce_widgets::contract::codes;
use coproduce_widgets::i18n::Lang;
use sha2::{Digest, Sha256};

use super::AppState;
use super::lang::negotiate;
use super::text::{Text, server_error_message, text};

/// The Content-Security-Policy values, made once from the public address.
pub struct Policies {
    page: HeaderValue,
    console: HeaderValue,
}

/// The `<style>` elements the server writes; each is allowed by its hash, so no injected
/// style (and no inline script at all) runs.
fn style_hashes() -> &'static str {
    static HASHES: LazyLock<String> = LazyLock::new(|| {
        [
            super::pages::shell::page_style(),
            super::console::console_style(),
            super::assets::landing_style(),
        ]
        .iter()
        .map(|css| {
            let digest = Sha256::digest(css.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect()
    });
    &HASHES
}

impl Policies {
    pub fn new(own_origin: &str) -> Self {
        let styles = style_hashes();
        // Pages: no script at all; forms post only back here; never framed, so no other
        // website can lay its own page over a support button (the embed is a script, not
        // a frame).
        let page = format!(
            "default-src 'none'; style-src{styles}; img-src 'self' data:; form-action 'self' {own_origin}; base-uri 'none'; frame-ancestors 'none'"
        );
        // The console runs the embed's preview (the loader, its module and WASM, its
        // stylesheet) from this backend, and is never framed.
        let console = format!(
            "default-src 'none'; script-src 'self' {own_origin} 'wasm-unsafe-eval'; style-src 'self' {own_origin}{styles}; \
connect-src 'self' {own_origin}; img-src 'self' data:; form-action 'self' {own_origin}; base-uri 'none'; frame-ancestors 'none'"
        );
        Self {
            page: HeaderValue::from_str(&page)
                .unwrap_or(HeaderValue::from_static("default-src 'none'")),
            console: HeaderValue::from_str(&console).unwrap_or(HeaderValue::from_static(
                "default-src 'none'; frame-ancestors 'none'",
            )),
        }
    }
}

/// Whether `host[:port]` names this machine's loopback interface.
fn is_loopback_authority(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `scheme://host[:port]` of an address, lower-cased; `None` if it has no host.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{authority}").to_ascii_lowercase())
}

fn is_console(path: &str) -> bool {
    path == "/console"
        || path.starts_with("/console/")
        || path == "/operator"
        || path.starts_with("/operator/")
}

/// Middleware: security headers on every answer; a CSP on HTML; no caching of the console.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let console = is_console(req.uri().path());
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Receipt addresses hold a private token: never send them to another site.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if is_html {
        let policy = if console {
            &state.policies.console
        } else {
            &state.policies.page
        };
        h.insert(header::CONTENT_SECURITY_POLICY, policy.clone());
    }
    if is_html {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if console {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Whether a state-changing request comes from this backend's own pages, judged as browsers
/// allow: `Origin` when sent (every current browser sends it on a form post), else
/// `Sec-Fetch-Site`, else the `Referer`'s origin. A request with none of them comes from no
/// browser page (a command-line client, a privacy tool stripping them): nothing to forge.
pub fn from_own_origin(headers: &HeaderMap, own_origin: &str) -> bool {
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    // The Host header stands in for the configured address only on loopback (a developer
    // at localhost while public_url says 127.0.0.1): elsewhere a name rebound to this
    // server's address (DNS rebinding) would vouch for itself.
    let host = get(header::HOST)
        .map(str::to_ascii_lowercase)
        .filter(|h| is_loopback_authority(h));
    // The origin this request was addressed to (the Host header, which a page on another
    // site cannot set), or the configured public address (behind a proxy that rewrites Host).
    let ours = |origin: &str| {
        let origin = origin.trim().to_ascii_lowercase();
        origin == own_origin
            || host.as_deref().is_some_and(|h| {
                origin.split_once("://").is_some_and(|(scheme, authority)| {
                    matches!(scheme, "http" | "https") && authority == h
                })
            })
    };
    if let Some(origin) = get(header::ORIGIN) {
        return ours(origin);
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match get(header::REFERER) {
        Some(referer) => origin_of(referer).is_some_and(|o| ours(&o)),
        None => true,
    }
}

/// Middleware: refuses form posts to the pages and the console that another website sent,
/// with a page that says so; nothing behind it runs.
pub async fn same_origin_forms(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe
        || req.uri().path().starts_with("/api/")
        || from_own_origin(req.headers(), &state.own_origin)
    {
        return next.run(req).await;
    }
    let lang = negotiate(req.headers(), req.uri().query());
    tracing::warn!(path = %req.uri().path(), "refused a form post from another website");
    refusal_page(lang)
}

fn refusal_page(lang: Lang) -> Response {
    use leptos::prelude::*;
    let heading = text(lang, Text::CrossSiteHeading);
    let message = server_error_message(lang, codes::CROSS_SITE);
    let body = view! {
        <div class="cp-errors" role="alert" data-code=codes::CROSS_SITE>
            <h1>{heading}</h1>
            <p>{message}</p>
        </div>
    }
    .to_html();
    super::pages::shell::html(
        StatusCode::FORBIDDEN,
        super::pages::shell::page(lang, heading, &body, &[]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    const OWN: &str = "https://participate.example.org";

    #[test]
    fn a_post_from_our_own_pages_is_accepted_however_it_says_so() {
        for h in [
            headers(&[("origin", OWN)]),
            headers(&[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080"),
            ]),
            headers(&[
                ("origin", "http://localhost:8080"),
                ("host", "localhost:8080"),
            ]),
            headers(&[("origin", "http://[::1]:8080"), ("host", "[::1]:8080")]),
            headers(&[("sec-fetch-site", "same-origin")]),
            headers(&[("referer", "https://participate.example.org/o/x/ideas/y")]),
            headers(&[]),
        ] {
            assert!(from_own_origin(&h, OWN), "{h:?}");
        }
    }

    #[test]
    fn a_post_from_another_website_is_refused_however_it_says_so() {
        for h in [
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "null")]),
            headers(&[("origin", "https://participate.example.org.evil.example")]),
            headers(&[
                ("origin", "http://evil.example"),
                ("host", "127.0.0.1:8080"),
            ]),
            // A name rebound to this server's address vouches for nothing.
            headers(&[("origin", "http://evil.example"), ("host", "evil.example")]),
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[("referer", "https://evil.example/page")]),
            headers(&[("referer", "not a url")]),
        ] {
            assert!(!from_own_origin(&h, OWN), "{h:?}");
        }
    }

    #[test]
    fn an_origin_is_scheme_and_authority() {
        assert_eq!(
            origin_of("HTTPS://Example.org:8443/a?b#c").as_deref(),
            Some("https://example.org:8443")
        );
        assert_eq!(origin_of("nothing"), None);
    }
}
