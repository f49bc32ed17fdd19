//! The map as the embed runs it (`runtime::Activity`): the list of reports with filters and
//! "me too" (first, and without the map), the report form (category and its extra questions,
//! an address to look up, a place from the list, the device's location, coordinates, photos
//! shrunk in the browser and sent with a progress bar, nearby open reports offered first), and
//! the map itself, drawn with Leaflet only when the citizen opens it.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;

use super::browser::{self, get};
use super::contract::{ClusterView, MapView, ReportStatus, ReportView, map_codes};
use super::definition::{LatLon, NewReportWire, ReportErrors};
use super::form::report_from_form;
use super::js::{Found, MeToo, ReportPage};
use super::leaflet::{Drawn, Events};
use super::limits::{PHOTO_QUALITY, PHOTO_SIDE};
use super::texts::{MapMsg, map_error, status_label};
use crate::contract::ActivityKind;
use crate::fetch::{get_json_asked, post_form};
use crate::i18n::{Lang, t};
use crate::json::ToJs;
use crate::runtime::{Activity, Widget, encode};
use crate::survey::view::questions_view;
use crate::ui::{Handlers, busy_attr, form_guard};

pub struct Map;

/// What a citizen does in the widget.
pub enum Action {
    OpenMap,
    Moved([f64; 4], u8),
    Pick(LatLon),
    Locate,
    LookUp(String),
    Category(String),
    Submit(Vec<(String, String)>, JsValue),
    MeToo(String),
    Filter(String, String),
    More,
}

/// The drawn map, shared by the screens (it lives outside the view's patches).
#[derive(Clone, Default)]
pub struct MapHandle(Rc<RefCell<Option<Drawn>>>);

#[derive(Clone, Default)]
pub struct State {
    token: Option<String>,
    map: MapHandle,
    map_open: bool,
    map_failed: bool,
    /// The map's view: reports listed are those in it.
    bbox: Option<[f64; 4]>,
    /// (category, status) of the list.
    filter: (String, String),
    list: Option<(Vec<ReportView>, Option<String>)>,
    category: String,
    at: Option<LatLon>,
    errors: ReportErrors,
    found: Option<Vec<Found>>,
    nearby: Vec<ReportView>,
    busy: bool,
    /// Share of the upload sent, while sending.
    progress: Option<f64>,
    /// What happened last, said in words (or an error code).
    said: Option<Said>,
}

#[derive(Clone)]
enum Said {
    Text(String),
    Failed(String),
    Receipt(String),
}

impl Activity for Map {
    const KIND: ActivityKind = ActivityKind::Map;
    type Data = MapView;
    type State = State;
    type Action = Action;

    fn start(w: &Rc<Widget<Self>>) {
        let url = format!("{}?lang={}", w.api, w.lang.code());
        let asked = w.take_first_view();
        let w = w.clone();
        spawn_local(async move {
            let result = get_json_asked::<MapView>(asked, &url)
                .await
                .map_err(|e| e.code);
            w.update(|s| {
                if let Ok(v) = &result {
                    s.state.token = Some(v.form_token.clone());
                    if v.definition.categories.len() == 1 {
                        s.state.category = v.definition.categories[0].id.clone();
                    }
                }
                s.data = Some(result);
            });
        });
    }

    fn on(w: &Rc<Widget<Self>>, action: Action) {
        match action {
            Action::OpenMap => open_map(w),
            Action::Moved(bbox, zoom) => {
                w.update(|s| s.state.bbox = Some(bbox));
                load_view(w, bbox, zoom);
            }
            Action::Pick(at) => pick(w, at),
            Action::Locate => {
                let w = w.clone();
                spawn_local(async move {
                    match browser::device_location().await {
                        Some((lat, lon)) => {
                            let at = LatLon { lat, lon };
                            if let Some(m) = w.with(|s| s.state.map.clone()).0.borrow().as_ref() {
                                m.go_to(at);
                            }
                            pick(&w, at);
                        }
                        None => w.update(|s| {
                            s.state.said = Some(Said::Text(t(w.lang, MapMsg::NoLocation).into()));
                        }),
                    }
                });
            }
            Action::LookUp(q) => look_up(w, q),
            Action::Category(c) => {
                w.update(|s| {
                    s.state.category = c;
                    s.state.errors.clear();
                });
                nearby(w);
            }
            Action::Submit(fields, files) => {
                if !w.with(|s| s.state.busy) {
                    submit(w, fields, files);
                }
            }
            Action::MeToo(id) => me_too(w, id),
            Action::Filter(category, status) => {
                w.update(|s| s.state.filter = (category, status));
                load_list(w, false);
            }
            Action::More => load_list(w, true),
        }
    }

    fn view(w: &Widget<Self>, data: MapView, s: State) -> impl IntoView + use<> {
        map_view(w.lang, &w.uid, &w.page, w.handlers(), data, s)
    }
}

/// Loads Leaflet (once per page) and draws the map into its element.
fn open_map(w: &Rc<Widget<Map>>) {
    if w.with(|s| s.state.map_open) {
        return;
    }
    w.update(|s| s.state.map_open = true);
    let Some(Ok(view)) = w.with(|s| s.data.clone()) else {
        return;
    };
    let backend = w
        .api
        .split("/api/v1/")
        .next()
        .unwrap_or_default()
        .to_string();
    let w = w.clone();
    spawn_local(async move {
        let script = format!("{backend}/widget/leaflet/leaflet.js");
        let css = format!("{backend}/widget/leaflet/leaflet.css");
        let loaded = browser::add_stylesheet(&w.root, &css).is_ok()
            && browser::load_script(&script).await.is_ok();
        // The element is there once the render that opened the map ran.
        let node = w.root.get_root_node();
        let id = format!("{}-canvas", w.uid);
        let el = browser::call(&node, "getElementById", &[JsValue::from_str(&id)]).ok();
        let drawn = match (loaded, el) {
            (true, Some(el)) if !el.is_null() => {
                let moved = w.clone();
                let picked = w.clone();
                super::leaflet::draw(
                    &el,
                    &view.tiles,
                    view.definition.area,
                    Events {
                        moved: Box::new(move |bbox, zoom| {
                            let h = moved.handlers();
                            h.run(Action::Moved(bbox, zoom));
                        }),
                        picked: Box::new(move |at| picked.handlers().run(Action::Pick(at))),
                    },
                )
                .ok()
            }
            _ => None,
        };
        let first = drawn.as_ref().and_then(Drawn::view);
        let failed = drawn.is_none();
        w.update(|s| {
            *s.state.map.0.borrow_mut() = drawn;
            s.state.map_failed = failed;
        });
        if let Some((bbox, zoom)) = first {
            w.handlers().run(Action::Moved(bbox, zoom));
        }
    });
}

fn bbox_param(b: [f64; 4]) -> String {
    format!("{:.6},{:.6},{:.6},{:.6}", b[0], b[1], b[2], b[3])
}

/// The clusters and the list of the map's view.
fn load_view(w: &Rc<Widget<Map>>, bbox: [f64; 4], zoom: u8) {
    let (category, status) = w.with(|s| s.state.filter.clone());
    let url = format!(
        "{}/clusters?zoom={zoom}&bbox={}&category={}&status={}",
        w.api,
        bbox_param(bbox),
        encode(&category),
        encode(&status)
    );
    let w2 = w.clone();
    spawn_local(async move {
        if let Ok(found) = get_json_asked::<Vec<ClusterView>>(None, &url).await
            && let Some(m) = w2.with(|s| s.state.map.clone()).0.borrow().as_ref()
        {
            m.clusters(&found);
        }
    });
    load_list(w, false);
}

/// The list from its start (in the map's view when the map is open), or its next page.
fn load_list(w: &Rc<Widget<Map>>, more: bool) {
    let (filter, bbox, next) = w.with(|s| {
        let next = match (&s.state.list, &s.data) {
            (Some((_, n)), _) => n.clone(),
            (None, Some(Ok(v))) => v.next.clone(),
            _ => None,
        };
        (s.state.filter.clone(), s.state.bbox, next)
    });
    let mut url = format!(
        "{}/reports?lang={}&category={}&status={}",
        w.api,
        w.lang.code(),
        encode(&filter.0),
        encode(&filter.1)
    );
    if let Some(b) = bbox {
        url.push_str("&bbox=");
        url.push_str(&bbox_param(b));
    }
    if more {
        let Some(next) = next else { return };
        url.push_str("&after=");
        url.push_str(&encode(&next));
    }
    let w = w.clone();
    spawn_local(async move {
        let Ok(page) = get_json_asked::<ReportPage>(None, &url).await else {
            return;
        };
        w.update(|s| {
            let mut shown = if more {
                s.state
                    .list
                    .take()
                    .map(|(r, _)| r)
                    .or_else(|| match &s.data {
                        Some(Ok(v)) => Some(v.reports.clone()),
                        _ => None,
                    })
            } else {
                None
            }
            .unwrap_or_default();
            shown.extend(page.reports);
            s.state.list = Some((shown, page.next));
        });
    });
}

/// A point chosen (map, keyboard, location, a found address): into the form and on the map.
fn pick(w: &Rc<Widget<Map>>, at: LatLon) {
    let at = LatLon {
        lat: (at.lat * 1e6).round() / 1e6,
        lon: (at.lon * 1e6).round() / 1e6,
    };
    if let Some(m) = w.with(|s| s.state.map.clone()).0.borrow().as_ref() {
        m.pin(Some(at));
    }
    w.update(|s| {
        s.state.at = Some(at);
        s.state.said = Some(Said::Text(format!(
            "{} {:.5}, {:.5}",
            t(w.lang, MapMsg::PointPlaced),
            at.lat,
            at.lon
        )));
    });
    nearby(w);
}

/// Open reports of the chosen category near the chosen point.
fn nearby(w: &Rc<Widget<Map>>) {
    let (category, at) = w.with(|s| (s.state.category.clone(), s.state.at));
    let (false, Some(at)) = (category.is_empty(), at) else {
        return;
    };
    let url = format!(
        "{}/nearby?category={}&lat={}&lon={}",
        w.api,
        encode(&category),
        at.lat,
        at.lon
    );
    let w = w.clone();
    spawn_local(async move {
        let found = get_json_asked::<Vec<ReportView>>(None, &url)
            .await
            .unwrap_or_default();
        w.update(|s| s.state.nearby = found);
    });
}

fn look_up(w: &Rc<Widget<Map>>, q: String) {
    if q.trim().is_empty() {
        return;
    }
    let url = format!("{}/geocode?q={}&lang={}", w.api, encode(&q), w.lang.code());
    let w = w.clone();
    spawn_local(async move {
        let found = get_json_asked::<Vec<Found>>(None, &url).await;
        w.update(|s| {
            s.state.found = Some(found.unwrap_or_default());
        });
    });
}

fn me_too(w: &Rc<Widget<Map>>, id: String) {
    let token = w.with(|s| s.state.token.clone()).unwrap_or_default();
    let url = format!("{}/reports/{}/me-too", w.api, encode(&id));
    let w = w.clone();
    spawn_local(async move {
        let done = post_form::<MeToo>(&url, &[("form_token", &token)]).await;
        w.update(|s| match done {
            Ok(n) => {
                let count = n.me_too.max(0) as u64;
                let bump = |r: &mut ReportView| {
                    if r.id == id {
                        r.me_too = count;
                    }
                };
                if let Some((list, _)) = &mut s.state.list {
                    list.iter_mut().for_each(bump);
                }
                if let Some(Ok(v)) = &mut s.data {
                    v.reports.iter_mut().for_each(bump);
                }
                s.state.nearby.iter_mut().for_each(bump);
                s.state.said = Some(Said::Text(t(w.lang, MapMsg::MeTooDone).into()));
            }
            Err(e) => s.state.said = Some(Said::Failed(e.code)),
        });
    });
}

/// Checks the report here (the server checks it again), shrinks the photos, and sends all of
/// it as one multipart request with a progress bar.
fn submit(w: &Rc<Widget<Map>>, fields: Vec<(String, String)>, files: JsValue) {
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
    if count as usize > super::limits::PHOTOS_MAX {
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

fn select_value(ev: &leptos::ev::Event) -> String {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|el| get(&el, "value").as_string().unwrap_or_default())
        .unwrap_or_default()
}

/// A report in the list, with its "me too" button.
fn report_item(
    lang: Lang,
    v: &MapView,
    r: ReportView,
    h: Handlers<Action>,
    busy: bool,
) -> impl IntoView + use<> {
    let label = v.definition.category(&r.category).map_or_else(
        || r.category.clone(),
        |c| c.label.get(lang, false).to_string(),
    );
    let place = r.place.as_ref().and_then(|p| {
        v.definition
            .places
            .iter()
            .find(|x| &x.id == p)
            .map(|x| x.label.get(lang, false).to_string())
    });
    let location = [
        place,
        r.address.clone(),
        r.at.map(|p| format!("{:.5}, {:.5}", p.lat, p.lon)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let id = r.id.clone();
    let count = format!("{} {}", r.me_too, t(lang, MapMsg::MeTooCount));
    let status = format!(
        "{}: {}",
        t(lang, MapMsg::Status),
        status_label(lang, r.status)
    );
    let history = (r.history.len() > 1).then(|| {
        let items = r
            .history
            .iter()
            .skip(1)
            .map(|u| {
                let line = format!("{} · {}", status_label(lang, u.status), crate::fmt::date(u.at));
                let note = u.note.clone();
                view! { <li><strong>{line}</strong>{note.map(|n| view! { <br/>{n} })}</li> }
            })
            .collect_view();
        view! { <h4 class="cp-h">{t(lang, MapMsg::Updates)}</h4><ol class="cp-history">{items}</ol> }
    });
    let photos = r
        .photos
        .iter()
        .enumerate()
        .map(|(i, url)| {
            let alt = format!("{} {}", t(lang, MapMsg::Photos), i + 1);
            view! { <li><a href=url.clone()><img src=url.clone() width="160" loading="lazy" alt=alt/></a></li> }
        })
        .collect_view();
    let open = r.status.is_open();
    view! {
        <article class="cp-report">
            <h3 class="cp-h">{label}</h3>
            <p class="cp-meta">{status}" · "{crate::fmt::date(r.created_at)}</p>
            <p class="cp-where">{location}</p>
            <p class="cp-body">{r.description.clone()}</p>
            <ul class="cp-photos">{photos}</ul>
            <p class="cp-count">{count}</p>
            {history}
            <button type="button" class="cp-button cp-secondary" hidden=!open aria-disabled=busy_attr(busy)
                on:click=move |_| h.run(Action::MeToo(id.clone()))>{t(lang, MapMsg::MeToo)}</button>
        </article>
    }
}

fn map_view(
    lang: Lang,
    uid: &str,
    page: &str,
    h: Handlers<Action>,
    v: MapView,
    s: State,
) -> impl IntoView + use<> {
    let def = v.definition.clone();
    let (reports, next) = match &s.list {
        Some((r, n)) => (r.clone(), n.clone()),
        None => (v.reports.clone(), v.next.clone()),
    };
    let error_of = |field: &str| {
        s.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| map_error(lang, c))
    };
    let said = s.said.clone().map(|said| match said {
        Said::Text(text) => view! { <p>{text}</p> }.into_any(),
        Said::Failed(code) => view! { <p class="cp-error">{map_error(lang, &code).to_string()}</p> }.into_any(),
        Said::Receipt(url) => view! {
            <p>{t(lang, MapMsg::Thanks)}</p>
            <p><a href=url class="cp-receipt">{t(lang, MapMsg::ReceiptHeading)}</a>" – "{t(lang, MapMsg::ReceiptHint)}</p>
        }
        .into_any(),
    });
    let canvas = format!("{uid}-canvas");
    let hint = format!("{uid}-map-hint");
    let map_section = if s.map_open {
        let failed = s
            .map_failed
            .then(|| view! { <p class="cp-error">{t(lang, MapMsg::MapFailed)}</p> });
        view! {
            <div class="cp-map-wrap">
                <div id=canvas class="cp-map-canvas" tabindex="0" role="application"
                    aria-label=t(lang, MapMsg::MapLabel) aria-describedby=hint.clone()></div>
                <p id=hint class="cp-hint">{t(lang, MapMsg::MapHint)}</p>
                {failed}
            </div>
        }
        .into_any()
    } else {
        view! {
            <button type="button" class="cp-button cp-secondary" on:click=move |_| h.run(Action::OpenMap)>
                {t(lang, MapMsg::ShowMap)}
            </button>
        }
        .into_any()
    };
    let category = def.category(&s.category).cloned();
    let extra = category.as_ref().map(|c| {
        let survey = c.questions_as_survey();
        questions_view(
            &survey,
            0,
            &Default::default(),
            &s.errors,
            lang,
            &format!("{uid}-extra"),
        )
    });
    let options = def
        .categories
        .iter()
        .map(|c| {
            let selected = c.id == s.category;
            view! { <option value=c.id.clone() selected=selected>{c.label.get(lang, false).to_string()}</option> }
        })
        .collect_view();
    let places = (!def.places.is_empty()).then(|| {
        let items = def
            .places
            .iter()
            .map(|p| view! { <option value=p.id.clone()>{p.label.get(lang, false).to_string()}</option> })
            .collect_view();
        let id = format!("{uid}-place");
        view! {
            <div class="cp-field">
                <label for=id.clone()>{t(lang, MapMsg::Place)}</label>
                <select id=id name="place"><option value="">{t(lang, MapMsg::NoPlace)}</option>{items}</select>
            </div>
        }
    });
    let address_id = format!("{uid}-address");
    let look_up = v.geocoder.then(|| {
        let address_id = address_id.clone();
        view! {
            <button type="button" class="cp-button cp-secondary" on:click=move |ev: leptos::ev::MouseEvent| {
                let node = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|e| e.get_root_node());
                let q = node
                    .and_then(|n| browser::call(&n, "getElementById", &[JsValue::from_str(&address_id)]).ok())
                    .map(|el| get(&el, "value").as_string().unwrap_or_default())
                    .unwrap_or_default();
                h.run(Action::LookUp(q));
            }>{t(lang, MapMsg::LookUp)}</button>
        }
    });
    let found = s.found.clone().map(|found| {
        if found.is_empty() {
            view! { <p>{t(lang, MapMsg::NothingFound)}</p> }.into_any()
        } else {
            let items = found
                .into_iter()
                .map(|f| {
                    let at = f.at;
                    view! { <li>{f.label}" "<button type="button" class="cp-button cp-secondary"
                        on:click=move |_| h.run(Action::Pick(at))>{t(lang, MapMsg::UseThis)}</button></li> }
                })
                .collect_view();
            view! { <ul class="cp-found">{items}</ul> }.into_any()
        }
    });
    let (lat, lon) = s.at.map_or((String::new(), String::new()), |p| {
        (p.lat.to_string(), p.lon.to_string())
    });
    let nearby = (!s.nearby.is_empty()).then(|| {
        let items = s.nearby.iter().cloned().map(|r| report_item(lang, &v, r, h, s.busy)).collect_view();
        view! { <section class="cp-nearby" aria-label=t(lang, MapMsg::Nearby)><p>{t(lang, MapMsg::Nearby)}</p>{items}</section> }
    });
    let progress = s.progress.map(|p| {
        let pct = (p * 100.0).round() as u32;
        view! { <p class="cp-progress">{t(lang, MapMsg::Sending)}" "<progress max="100" value=pct.to_string()>{format!("{pct} %")}</progress></p> }
    });
    let field_error =
        move |field: &str| error_of(field).map(|m| view! { <p class="cp-error">{m}</p> });
    let photo_errors = (1..=super::limits::PHOTOS_MAX)
        .filter_map(|i| field_error(&format!("photo{i}")))
        .collect_view();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = crate::dom::all_form_fields(&ev);
        let files = ev
            .target()
            .map(|f| get(&get(&get(&f, "elements"), "photo"), "files"))
            .unwrap_or(JsValue::UNDEFINED);
        h.run(Action::Submit(fields, files));
    };
    let on_category = move |ev: leptos::ev::Event| h.run(Action::Category(select_value(&ev)));
    let list_form = format!("{uid}-filter");
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = crate::dom::all_form_fields(&ev);
        let one = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        h.run(Action::Filter(one("category"), one("status")));
    };
    let filter_categories = def
        .categories
        .iter()
        .map(|c| view! { <option value=c.id.clone() selected=c.id == s.filter.0>{c.label.get(lang, false).to_string()}</option> })
        .collect_view();
    let filter_statuses = ReportStatus::ALL
        .iter()
        .map(|st| view! { <option value=st.as_str() selected=st.as_str() == s.filter.1>{status_label(lang, *st)}</option> })
        .collect_view();
    let items = reports
        .into_iter()
        .map(|r| report_item(lang, &v, r, h, s.busy))
        .collect_view();
    let heading = if s.bbox.is_some() {
        t(lang, MapMsg::InView)
    } else {
        t(lang, MapMsg::Reports)
    };
    let token = s.token.clone().unwrap_or_default();
    let id = |f: &str| format!("{uid}-{f}");
    let form = v.open.then(|| view! {
        <form class="cp-form" method="post" action=page.to_string() enctype="multipart/form-data" novalidate on:submit=on_submit>
            <h3 class="cp-h">{t(lang, MapMsg::NewReport)}</h3>
            <div class="cp-field">
                <label for=id("category")>{t(lang, MapMsg::Category)}</label>
                <select id=id("category") name="category" on:change=on_category>
                    <option value="">"–"</option>{options}
                </select>
                {field_error("category")}
            </div>
            {extra}
            <div class="cp-field">
                <label for=id("description")>{t(lang, MapMsg::Description)}</label>
                <textarea id=id("description") name="description" rows="3"></textarea>
                {field_error("description")}
            </div>
            <fieldset class="cp-where">
                <legend>{t(lang, MapMsg::WhereHeading)}</legend>
                <p class="cp-hint">{t(lang, MapMsg::WhereHint)}</p>
                {field_error("location")}
                <div class="cp-field">
                    <label for=address_id.clone()>{t(lang, MapMsg::Address)}</label>
                    <input id=address_id.clone() name="address" type="text" autocomplete="street-address"/>
                    {look_up}
                    {field_error("address")}
                </div>
                {found}
                {places}
                <button type="button" class="cp-button cp-secondary" on:click=move |_| h.run(Action::Locate)>
                    {t(lang, MapMsg::UseLocation)}
                </button>
                <div class="cp-field">
                    <label for=id("lat")>{t(lang, MapMsg::Latitude)}</label>
                    <input id=id("lat") name="lat" type="text" inputmode="decimal" prop:value=lat/>
                    {field_error("lat")}
                </div>
                <div class="cp-field">
                    <label for=id("lon")>{t(lang, MapMsg::Longitude)}</label>
                    <input id=id("lon") name="lon" type="text" inputmode="decimal" prop:value=lon/>
                    {field_error("lon")}
                </div>
            </fieldset>
            {nearby}
            <div class="cp-field">
                <label for=id("photos")>{t(lang, MapMsg::Photos)}</label>
                <p class="cp-hint">{t(lang, MapMsg::PhotosHint)}</p>
                <input id=id("photos") name="photo" type="file" multiple accept="image/jpeg,image/png,image/webp"/>
                {field_error("photos")}
                {photo_errors}
            </div>
            {form_guard(lang, uid, token)}
            {progress}
            <div class="cp-actions">
                <button type="submit" class="cp-button" aria-disabled=busy_attr(s.busy)>{t(lang, MapMsg::Send)}</button>
            </div>
        </form>
    });
    let more = next.map(|_| view! {
        <button type="button" class="cp-button cp-secondary cp-more" on:click=move |_| h.run(Action::More)>
            {t(lang, MapMsg::MoreReports)}
        </button>
    });
    view! {
        <section class="cp-board cp-map">
            <h2 class="cp-title">{v.title.clone()}</h2>
            <p class="cp-org">{v.org_name.clone()}</p>
            <p class="cp-question">{v.intro.clone()}</p>
            <div class="cp-notice" role="status" aria-live="polite">{said}</div>
            {map_section}
            {form}
            <h3 class="cp-h">{heading}" ("{v.report_count}")"</h3>
            <form id=list_form class="cp-filters" on:submit=on_filter>
                <label for=id("f-category")>{t(lang, MapMsg::FilterCategory)}</label>
                <select id=id("f-category") name="category">
                    <option value="">{t(lang, MapMsg::AllCategories)}</option>{filter_categories}
                </select>
                <label for=id("f-status")>{t(lang, MapMsg::Status)}</label>
                <select id=id("f-status") name="status">
                    <option value="">{t(lang, MapMsg::AllStatuses)}</option>{filter_statuses}
                </select>
                <button type="submit" class="cp-button cp-secondary">{t(lang, MapMsg::FilterButton)}</button>
            </form>
            {items}
            {more}
        </section>
    }
}
