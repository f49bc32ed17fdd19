//! The summary badge an organisation puts on its own pages: "4.3 of 5 from 128 ratings ·
//! 92 % answered", a link to the ratings page, as text. One small script per request
//! (`/o/{org}/ratings/{key}/badge.js?service=…&lang=…`), no WASM: it writes the text the
//! server worked out next to its own script tag, through `textContent` (no markup of ours or
//! of anyone's is parsed). Without JavaScript nothing shows; the organisation links its page.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::ratings::summary::one_decimal;
use coproduce_widgets::ratings::texts::RatingsMsg;

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::kind::encode;
use crate::http::lang::ReqLang;
use crate::http::tenant::Tenant;

/// The badge's words for a service (or, without one, the whole activity's first service).
pub fn words(lang: Lang, average: Option<f64>, ratings: u64, answered: u64) -> String {
    match average {
        None => t(lang, RatingsMsg::NoRatings).to_string(),
        Some(avg) => {
            let from = if lang == Lang::En { "from" } else { "aus" };
            format!(
                "{} {} {from} {ratings} {} · {answered} % {}",
                one_decimal(avg, lang),
                t(lang, RatingsMsg::Average),
                t(lang, RatingsMsg::Ratings),
                t(lang, RatingsMsg::Answered)
            )
        }
    }
}

/// A string as a JavaScript literal that cannot end the script it stands in.
fn js_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn script(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let now = state.current_ratings(&tenant.id, &key).await?;
    let (services, _) = state.services_view(&tenant.id, &now, lang).await?;
    let wanted: Option<String> = uri.query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "service")
            .map(|(_, v)| v)
    });
    let service = match &wanted {
        Some(id) => services
            .iter()
            .find(|s| &s.id == id)
            .ok_or_else(ApiError::not_found)?,
        None => services.first().ok_or_else(ApiError::not_found)?,
    };
    let text = format!(
        "{}: {}",
        service.label,
        words(
            lang,
            service.average,
            service.ratings,
            service.answered_percent
        )
    );
    let href = format!(
        "{}/o/{}/ratings/{}?lang={}",
        state.public_url,
        tenant.id,
        encode(&key),
        lang.code()
    );
    let body = format!(
        "(function(){{var s=document.currentScript;if(!s)return;var a=document.createElement(\"a\");a.className=\"coproduce-badge\";a.href={};a.textContent={};s.parentNode.insertBefore(a,s.nextSibling);}})();",
        js_string(&href),
        js_string(&text)
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_cannot_end_the_script_or_start_markup() {
        let s = js_string("</script><img src=x onerror=alert(1)> & \u{2028}");
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&') && !s.contains('\u{2028}')
        );
        assert_eq!(
            serde_json::from_str::<String>(&s).unwrap(),
            "</script><img src=x onerror=alert(1)> & \u{2028}"
        );
        assert_eq!(
            words(Lang::En, Some(4.25), 128, 92),
            "4.2 of 5 from 128 ratings · 92 % answered"
        );
        assert_eq!(
            words(Lang::De, Some(4.34), 3, 0),
            "4,3 von 5 aus 3 Bewertungen · 0 % beantwortet"
        );
    }
}
