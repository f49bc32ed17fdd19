//! Sending a report from the widget: checked here first (the server checks it again), its
//! photos shrunk on a canvas, all of it one multipart request with a progress bar, and the
//! server's field errors read back.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;

use super::{Map, Said, load_list};
use crate::i18n::t;
use crate::json::ToJs;
use crate::map::browser::{self, get};
use crate::map::contract::map_codes;
use crate::map::definition::{NewReportWire, ReportErrors};
use crate::map::form::report_from_form;
use crate::map::limits::{PHOTO_QUALITY, PHOTO_SIDE};
use crate::map::texts::MapMsg;
use crate::runtime::Widget;

/// Checks the report here (the server checks it again), shrinks the photos, and sends all of
/// it as one multipart request with a progress bar.
pub(super) fn submit(w: &Rc<Widget<Map>>, fields: Vec<(String, String)>, files: JsValue) {
    let Some(Ok(view)) = w.with(|s| s.data.clone()) else {
        return;
    };
    let def = &view.definition;
    let (mut wire, mut errors) = report_from_form(&fields, def);
    wire.form_token = w.with(|s| s.state.token.clone()).unwrap_or_default();
    if let Err(more) = wire.check(def) {
        for (f, c) in more {
            if !errors.iter().any(|(x, _)| *x == f) {
                errors.push((f, c));
            }
        }
    }
    let count = get(&files, "length").as_f64().unwrap_or(0.0) as u32;
    if count as usize > crate::map::limits::PHOTOS_MAX {
        errors.push(("photos".into(), map_codes::TOO_MANY_PHOTOS));
    }
    if !errors.is_empty() {
        w.update(|s| {
            s.state.errors = errors;
            s.state.said = Some(Said::Failed(map_codes::INVALID_REPORT.into()));
        });
        return;
    }
    w.update(|s| {
        s.state.busy = true;
        s.state.errors.clear();
        s.state.progress = Some(0.0);
        s.state.said = Some(Said::Text(t(w.lang, MapMsg::Shrinking).into()));
    });
    let url = format!("{}/reports?lang={}", w.api, w.lang.code());
    let w = w.clone();
    spawn_local(async move {
        let sent = send(&w, &url, &wire, &files, count).await;
        w.update(|s| {
            s.state.busy = false;
            s.state.progress = None;
            match sent {
                Ok(receipt) => {
                    s.state.said = Some(Said::Receipt(receipt));
                    s.state.at = None;
                    s.state.nearby.clear();
                    s.state.found = None;
                }
                Err(Sent::Fields(errors)) => {
                    s.state.errors = errors;
                    s.state.said = Some(Said::Failed(map_codes::INVALID_REPORT.into()));
                }
                Err(Sent::Failed(code)) => s.state.said = Some(Said::Failed(code)),
            }
        });
        if let Some(m) = w.with(|s| s.state.map.clone()).0.borrow().as_ref() {
            m.pin(None);
        }
        load_list(&w, false);
    });
}

enum Sent {
    Fields(ReportErrors),
    Failed(String),
}

/// The report's field errors as the API sends them (field or question, code).
fn read_errors(body: &JsValue) -> Option<ReportErrors> {
    let list: Vec<JsValue> = crate::json::field(body, "errors")?;
    let codes = [
        "unknown_category",
        "unknown_place",
        "outside_area",
        "coordinate_out_of_range",
        "out_of_range",
        "too_few_choices",
        "too_many_choices",
        "location_required",
        "photo_too_large",
        "photo_not_an_image",
        "photo_too_many_pixels",
        "photo_damaged",
        "required",
        "invalid",
        "too_long",
        "too_short",
        map_codes::TOO_MANY_PHOTOS,
    ];
    Some(
        list.iter()
            .filter_map(|e| {
                let field: String = crate::json::field(e, "question")?;
                let code: String = crate::json::field(e, "code")?;
                let known = codes
                    .iter()
                    .find(|c| **c == code)
                    .copied()
                    .unwrap_or("invalid");
                Some((field, known))
            })
            .collect(),
    )
}

async fn send(
    w: &Rc<Widget<Map>>,
    url: &str,
    wire: &NewReportWire,
    files: &JsValue,
    count: u32,
) -> Result<String, Sent> {
    let failed = || Sent::Failed(crate::contract::codes::INTERNAL.into());
    let form = web_sys::FormData::new().map_err(|_| failed())?;
    let json = js_sys::JSON::stringify(&wire.to_js()).map_err(|_| failed())?;
    form.append_with_str("report", &String::from(json))
        .map_err(|_| failed())?;
    for i in 0..count {
        let file = browser::call(files, "item", &[JsValue::from_f64(f64::from(i))])
            .map_err(|_| failed())?;
        let small = browser::shrink(&file, PHOTO_SIDE, f64::from(PHOTO_QUALITY) / 100.0).await;
        let blob: web_sys::Blob = small.unwrap_or(file).dyn_into().map_err(|_| failed())?;
        form.append_with_blob_and_filename("photo", &blob, &format!("photo{}.jpg", i + 1))
            .map_err(|_| failed())?;
    }
    let progress = w.clone();
    let (status, body) = browser::upload(url, &form.into(), move |share| {
        progress.update(|s| s.state.progress = Some(share));
    })
    .await
    .map_err(|_| failed())?;
    match status {
        201 => {
            let receipt: Option<String> = crate::json::field(&body, "receipt_url");
            receipt.ok_or_else(failed)
        }
        422 => match read_errors(&body) {
            Some(errors) if !errors.is_empty() => Err(Sent::Fields(errors)),
            _ => Err(Sent::Failed(
                crate::json::field::<String>(&body, "code").unwrap_or_else(|| "invalid".into()),
            )),
        },
        _ => Err(Sent::Failed(
            crate::json::field::<String>(&body, "code")
                .unwrap_or_else(|| crate::contract::codes::INTERNAL.into()),
        )),
    }
}
