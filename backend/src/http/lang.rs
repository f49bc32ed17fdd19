//! Picks the language of a request: `?lang=`, then `Accept-Language`, then English.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use coproduce_widgets::i18n::Lang;

pub fn negotiate(headers: &HeaderMap, query: Option<&str>) -> Lang {
    query_lang(query)
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::parse)
}

/// The request's language, as an extractor.
#[derive(Clone, Copy, Debug)]
pub struct ReqLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(negotiate(&parts.headers, parts.uri.query())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_over_the_header() {
        let mut h = HeaderMap::new();
        h.insert("accept-language", "de-DE,de;q=0.9".parse().unwrap());
        assert_eq!(negotiate(&h, Some("sort=newest&lang=en")), Lang::En);
        assert_eq!(negotiate(&h, None), Lang::De);
        assert_eq!(negotiate(&HeaderMap::new(), Some("lang=fr")), Lang::En);
    }
}
