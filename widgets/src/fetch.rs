//! Talks to the API from the browser: form-encoded POSTs (CORS simple requests, no preflight),
//! JSON answers parsed by the browser's own `JSON.parse` and read through `js_read` (neither
//! serde_json nor serde-wasm-bindgen in the bundle).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, RequestMode, Response, UrlSearchParams};

use crate::contract::{ErrorBody, codes};
use crate::json::FromJs;

/// An API error as the widget shows it: a code for `i18n::error_message`, maybe a field.
#[derive(Clone, Debug)]
pub struct FetchError {
    pub code: String,
    #[cfg_attr(not(feature = "ideas"), allow(dead_code))]
    pub field: Option<String>,
    /// Each wrong field of a refused contribution (field, code), when the API lists them.
    #[cfg(feature = "ratings")]
    pub errors: Vec<(String, String)>,
}

impl FetchError {
    fn network() -> Self {
        Self {
            code: codes::INTERNAL.to_string(),
            field: None,
            #[cfg(feature = "ratings")]
            errors: Vec::new(),
        }
    }
}

/// The JSON at `url`, answered by `asked` when the loader asked for the same address (made the
/// same way: CORS, no cookies); otherwise, or when that request failed, asked here.
pub async fn get_json_asked<T: FromJs>(
    asked: Option<js_sys::Promise>,
    url: &str,
) -> Result<T, FetchError> {
    read(get_asked(asked, url).await?)
}

/// Not generic: one copy of its async state machine in the WASM.
async fn get_asked(asked: Option<js_sys::Promise>, url: &str) -> Result<JsValue, FetchError> {
    if let Some(promise) = asked
        && let Ok(response) = JsFuture::from(promise).await
        && let Ok(response) = response.dyn_into::<Response>()
        && response.url() == url
    {
        return answer(response).await;
    }
    send(url, "GET", Body::None).await
}

#[cfg_attr(not(feature = "ideas"), allow(dead_code))]
pub async fn post_form<T: FromJs>(url: &str, fields: &[(&str, &str)]) -> Result<T, FetchError> {
    read(send(url, "POST", Body::Form(fields)).await?)
}

/// A JSON POST (the browser asks first: a CORS preflight) of `body`, built by `ToJs`.
#[cfg(any(feature = "survey", feature = "ratings"))]
pub async fn post_json<T: FromJs>(url: &str, body: &JsValue) -> Result<T, FetchError> {
    let text = js_sys::JSON::stringify(body)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(FetchError::network)?;
    read(send(url, "POST", Body::Json(&text)).await?)
}

/// What a request sends.
enum Body<'a> {
    None,
    #[cfg_attr(not(feature = "ideas"), allow(dead_code))]
    Form(&'a [(&'a str, &'a str)]),
    #[cfg_attr(not(any(feature = "survey", feature = "ratings")), allow(dead_code))]
    Json(&'a str),
}

fn read<T: FromJs>(json: JsValue) -> Result<T, FetchError> {
    T::from_js(&json).ok_or_else(FetchError::network)
}

/// The request itself, not generic: one copy of its async state machine in the WASM.
async fn send(url: &str, method: &str, body: Body<'_>) -> Result<JsValue, FetchError> {
    let window = web_sys::window().ok_or_else(FetchError::network)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    // No cookies, ever: the embed must not track anybody.
    init.set_credentials(RequestCredentials::Omit);
    match body {
        Body::None => {}
        Body::Form(fields) => {
            let params = UrlSearchParams::new().map_err(|_| FetchError::network())?;
            for (k, v) in fields {
                params.append(k, v);
            }
            init.set_body(&JsValue::from(params));
        }
        Body::Json(text) => {
            let headers = web_sys::Headers::new().map_err(|_| FetchError::network())?;
            headers
                .set("content-type", "application/json")
                .map_err(|_| FetchError::network())?;
            init.set_headers(&headers);
            init.set_body(&JsValue::from_str(text));
        }
    }
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| FetchError::network())?
        .dyn_into()
        .map_err(|_| FetchError::network())?;
    answer(response).await
}

/// A request's answer: its JSON, or the API's error.
async fn answer(response: Response) -> Result<JsValue, FetchError> {
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    if response.ok() {
        json.ok_or_else(FetchError::network)
    } else {
        let body: Option<ErrorBody> = json.as_ref().and_then(ErrorBody::from_js);
        Err(match body {
            Some(b) => FetchError {
                code: b.code,
                field: b.field,
                #[cfg(feature = "ratings")]
                errors: json.as_ref().map(field_errors).unwrap_or_default(),
            },
            None => FetchError::network(),
        })
    }
}

/// The `errors` list of a refused contribution: (`question`, `code`) of each.
#[cfg(feature = "ratings")]
fn field_errors(body: &JsValue) -> Vec<(String, String)> {
    let list: Vec<JsValue> = crate::json::field(body, "errors").unwrap_or_default();
    list.iter()
        .filter_map(|e| {
            Some((
                crate::json::field(e, "question")?,
                crate::json::field(e, "code")?,
            ))
        })
        .collect()
}
