//! Browser-only helpers used by the shared components' event handlers. Handlers never run on
//! the server (SSR renders no listeners), so the server build has no DOM to read.

/// The named fields of the form a submit event came from.
#[cfg(feature = "csr")]
pub fn form_fields(ev: &leptos::ev::SubmitEvent) -> Vec<(String, String)> {
    use wasm_bindgen::JsCast;
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return Vec::new();
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return Vec::new();
    };
    [
        "title",
        "body",
        "name",
        "website",
        "form_token",
        "sort",
        "status",
    ]
    .iter()
    .filter_map(|k| data.get(k).as_string().map(|v| ((*k).to_string(), v)))
    .collect()
}

#[cfg(not(feature = "csr"))]
pub fn form_fields(_ev: &leptos::ev::SubmitEvent) -> Vec<(String, String)> {
    Vec::new()
}
