//! The map as the embed runs it (`runtime::Activity`): the list of reports with filters and
//! "me too" (first, and without the map), the report form (category and its extra questions,
//! an address to look up, a place from the list, the device's location, coordinates, photos
//! shrunk in the browser and sent with a progress bar, nearby open reports offered first), and
//! the map itself, drawn with Leaflet only when the citizen opens it.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use super::browser;
use super::contract::{ClusterView, MapView, ReportView};
use super::definition::{LatLon, ReportErrors};
use super::js::{Found, MeToo, ReportPage};
use super::leaflet::{Drawn, Events};
use super::texts::MapMsg;
use crate::contract::ActivityKind;
use crate::fetch::{get_json_asked, post_form};
use crate::i18n::t;
use crate::runtime::{Activity, Widget, encode};

mod send;
mod view;

use send::submit;
use view::map_view;

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
