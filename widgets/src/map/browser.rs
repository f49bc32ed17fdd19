//! The browser's APIs the map widget uses beyond web-sys's bindings, reached by name: Leaflet
//! (`window.L`, loaded on demand), the device's location, photos shrunk on a canvas, and an
//! upload with progress (`XMLHttpRequest`; `fetch` reports none). Each call fails softly: the
//! widget works on without the map, the location or the progress bar.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn set(v: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(v, &JsValue::from_str(key), value);
}

/// `v[method](...args)`.
pub fn call(v: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(v, method).dyn_into()?;
    f.apply(v, &args.iter().collect::<Array>())
}

/// `new window[name](...args)`.
pub fn construct(name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let f: Function = get(&window, name).dyn_into()?;
    Reflect::construct(&f, &args.iter().collect::<Array>())
}

/// An object of (key, value) pairs.
pub fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        set(&o, k, v);
    }
    o.into()
}

/// Waits for a promise-returning call.
pub async fn wait(p: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    let p: Promise = p?.dyn_into()?;
    JsFuture::from(p).await
}

/// Loads a classic script once (by its address) and waits for it.
pub async fn load_script(src: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    if !get(&window, "L").is_undefined() {
        return Ok(());
    }
    let document = window.document().ok_or(JsValue::NULL)?;
    let script = document.create_element("script")?;
    script.set_attribute("src", src)?;
    let done = Promise::new(&mut |resolve, reject| {
        set(&script, "onload", &resolve);
        set(&script, "onerror", &reject);
    });
    document
        .head()
        .ok_or(JsValue::NULL)?
        .append_child(&script)?;
    JsFuture::from(done).await.map(|_| ())
}

/// Adds a stylesheet to the shadow root the widget lives in (styles do not cross into it).
pub fn add_stylesheet(root: &web_sys::HtmlElement, href: &str) -> Result<(), JsValue> {
    let node = root.get_root_node();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(JsValue::NULL)?;
    let link = document.create_element("link")?;
    link.set_attribute("rel", "stylesheet")?;
    link.set_attribute("href", href)?;
    call(&node, "appendChild", &[link.into()]).map(|_| ())
}

/// The device's position (degrees), if the person allows it.
pub async fn device_location() -> Option<(f64, f64)> {
    let window = web_sys::window()?;
    let geo = get(&get(&window, "navigator"), "geolocation");
    if geo.is_undefined() {
        return None;
    }
    let found = Promise::new(&mut |resolve, reject| {
        let opts = obj(&[
            ("enableHighAccuracy", JsValue::TRUE),
            ("timeout", JsValue::from_f64(15_000.0)),
        ]);
        let _ = call(
            &geo,
            "getCurrentPosition",
            &[resolve.into(), reject.into(), opts],
        );
    });
    let pos = JsFuture::from(found).await.ok()?;
    let c = get(&pos, "coords");
    Some((
        get(&c, "latitude").as_f64()?,
        get(&c, "longitude").as_f64()?,
    ))
}

/// A photo as a JPEG whose long side is at most `side` pixels, turned upright, without its
/// metadata (a canvas keeps only pixels): a phone's 8 MB photo travels as a few hundred KB.
/// `None` when the browser cannot read it (the upload then sends the file as it is).
pub async fn shrink(file: &JsValue, side: u32, quality: f64) -> Option<JsValue> {
    let window = web_sys::window()?;
    let options = obj(&[("imageOrientation", JsValue::from_str("from-image"))]);
    let bitmap = wait(call(&window, "createImageBitmap", &[file.clone(), options]))
        .await
        .ok()?;
    let (w, h) = (
        get(&bitmap, "width").as_f64()?,
        get(&bitmap, "height").as_f64()?,
    );
    let scale = (f64::from(side) / w.max(h)).min(1.0);
    let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
    let document = window.document()?;
    let canvas: JsValue = document.create_element("canvas").ok()?.into();
    set(&canvas, "width", &JsValue::from_f64(cw));
    set(&canvas, "height", &JsValue::from_f64(ch));
    let ctx = call(&canvas, "getContext", &[JsValue::from_str("2d")]).ok()?;
    call(
        &ctx,
        "drawImage",
        &[
            bitmap.clone(),
            JsValue::from_f64(0.0),
            JsValue::from_f64(0.0),
            JsValue::from_f64(cw),
            JsValue::from_f64(ch),
        ],
    )
    .ok()?;
    let _ = call(&bitmap, "close", &[]);
    let blob = Promise::new(&mut |resolve, _| {
        let _ = call(
            &canvas,
            "toBlob",
            &[
                resolve.into(),
                JsValue::from_str("image/jpeg"),
                JsValue::from_f64(quality),
            ],
        );
    });
    let blob = JsFuture::from(blob).await.ok()?;
    (!blob.is_null()).then_some(blob)
}

/// Sends `body` (a FormData) to `url` as a POST; `progress` hears the share sent (0 to 1).
/// Resolves to (status, parsed JSON answer or null).
pub async fn upload(
    url: &str,
    body: &JsValue,
    progress: impl Fn(f64) + 'static,
) -> Result<(u16, JsValue), JsValue> {
    let xhr = construct("XMLHttpRequest", &[])?;
    call(
        &xhr,
        "open",
        &[JsValue::from_str("POST"), JsValue::from_str(url)],
    )?;
    set(&xhr, "responseType", &JsValue::from_str("json"));
    let on_progress = Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
        let (sent, total) = (get(&ev, "loaded").as_f64(), get(&ev, "total").as_f64());
        if let (Some(sent), Some(total)) = (sent, total)
            && total > 0.0
        {
            progress(sent / total);
        }
    });
    set(&get(&xhr, "upload"), "onprogress", on_progress.as_ref());
    let done = Promise::new(&mut |resolve, reject| {
        set(&xhr, "onload", &resolve);
        set(&xhr, "onerror", &reject);
        set(&xhr, "ontimeout", &reject);
    });
    call(&xhr, "send", std::slice::from_ref(body))?;
    JsFuture::from(done).await?;
    drop(on_progress);
    let status = get(&xhr, "status").as_f64().unwrap_or(0.0) as u16;
    Ok((status, get(&xhr, "response")))
}
