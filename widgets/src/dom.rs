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
    // The button that sent the form counts with its name and value, as without JavaScript.
    if let Some(button) = ev.submitter()
        && let Some(name) = button.get_attribute("name")
    {
        let _ = data.append_with_str(&name, &button.get_attribute("value").unwrap_or_default());
    }
    [
        "title",
        "body",
        "name",
        "website",
        "form_token",
        "sort",
        "status",
        "after",
    ]
    .iter()
    .filter_map(|k| data.get(k).as_string().map(|v| ((*k).to_string(), v)))
    .collect()
}

#[cfg(not(feature = "csr"))]
pub fn form_fields(_ev: &leptos::ev::SubmitEvent) -> Vec<(String, String)> {
    Vec::new()
}

/// Every named field of the form a submit event came from, in order, the pressed button's
/// included (a survey page's fields are named after its questions).
#[cfg(feature = "csr")]
pub fn all_form_fields(ev: &leptos::ev::SubmitEvent) -> Vec<(String, String)> {
    use wasm_bindgen::JsCast;
    let mut out = Vec::new();
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return out;
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return out;
    };
    if let Ok(Some(entries)) = js_sys::try_iter(&data) {
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    if let Some(button) = ev.submitter()
        && let Some(name) = button.get_attribute("name")
    {
        out.push((name, button.get_attribute("value").unwrap_or_default()));
    }
    out
}

#[cfg(not(feature = "csr"))]
pub fn all_form_fields(_ev: &leptos::ev::SubmitEvent) -> Vec<(String, String)> {
    Vec::new()
}

/// Moves the focus to the element `id` in the tree the click happened in. In a shadow root a
/// link to `#id` finds nothing (the browser looks in the host page) and rewrites the host
/// page's address, so the embed's error summary links focus their field themselves.
#[cfg(feature = "csr")]
pub fn focus_in_root(ev: &leptos::ev::MouseEvent, id: &str) {
    use wasm_bindgen::JsCast;
    let Some(node) = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) else {
        return;
    };
    let root = node.get_root_node();
    let found = match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.get_element_by_id(id),
        None => root
            .dyn_ref::<web_sys::Document>()
            .and_then(|d| d.get_element_by_id(id)),
    };
    if let Some(el) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        ev.prevent_default();
        let _ = el.focus();
    }
}

#[cfg(not(feature = "csr"))]
pub fn focus_in_root(_ev: &leptos::ev::MouseEvent, _id: &str) {}
