//! The map the widget draws with Leaflet (`window.L`, loaded when a citizen opens the map):
//! tiles through the backend, clusters as numbered circles, the chosen point as a pin. The
//! keyboard moves the map under a fixed cross-hair (Leaflet's arrow keys and +/-), Enter or
//! Space places the point there; a click or tap places it where it lands.

use wasm_bindgen::prelude::*;

use super::browser::{call, get, obj};
use super::contract::{ClusterView, TilesView};
use super::definition::LatLon;
use crate::escape::escape_html;

/// What the map tells the widget.
pub struct Events {
    /// The view moved: west, south, east, north (degrees) and the zoom.
    pub moved: Box<dyn Fn([f64; 4], u8)>,
    /// A point was placed.
    pub picked: Box<dyn Fn(LatLon)>,
}

/// A drawn map and what it holds.
pub struct Drawn {
    map: JsValue,
    clusters: JsValue,
    pin: JsValue,
    /// The event handlers, alive as long as the map.
    _handlers: Vec<Closure<dyn Fn(JsValue)>>,
}

fn l() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let l = get(&window, "L");
    if l.is_undefined() {
        Err(JsValue::NULL)
    } else {
        Ok(l)
    }
}

fn latlng(p: LatLon) -> JsValue {
    js_sys::Array::of2(&JsValue::from_f64(p.lat), &JsValue::from_f64(p.lon)).into()
}

fn read_latlng(v: &JsValue) -> Option<LatLon> {
    Some(LatLon {
        lat: get(v, "lat").as_f64()?,
        lon: get(v, "lng").as_f64()?,
    })
}

/// The view's bounds and zoom.
fn view_of(map: &JsValue) -> Option<([f64; 4], u8)> {
    let b = call(map, "getBounds", &[]).ok()?;
    let n = |m: &str| call(&b, m, &[]).ok()?.as_f64();
    let zoom = call(map, "getZoom", &[]).ok()?.as_f64()?;
    Some((
        [n("getWest")?, n("getSouth")?, n("getEast")?, n("getNorth")?],
        zoom.clamp(0.0, 19.0) as u8,
    ))
}

/// Draws the map in `container`, showing `area` (south-west, north-east) or the world.
pub fn draw(
    container: &JsValue,
    tiles: &TilesView,
    area: Option<(LatLon, LatLon)>,
    events: Events,
) -> Result<Drawn, JsValue> {
    let l = l()?;
    let options = obj(&[
        ("keyboard", JsValue::TRUE),
        ("keyboardPanDelta", JsValue::from_f64(60.0)),
        ("maxZoom", JsValue::from_f64(f64::from(tiles.max_zoom))),
    ]);
    let map = call(&l, "map", &[container.clone(), options])?;
    let tile_options = obj(&[
        // Leaflet writes the credit as HTML: the organisation's text goes in as text.
        (
            "attribution",
            JsValue::from_str(&escape_html(&tiles.attribution)),
        ),
        ("maxZoom", JsValue::from_f64(f64::from(tiles.max_zoom))),
    ]);
    let layer = call(
        &l,
        "tileLayer",
        &[JsValue::from_str(&tiles.url), tile_options],
    )?;
    call(&layer, "addTo", std::slice::from_ref(&map))?;
    let clusters = call(&l, "layerGroup", &[])?;
    call(&clusters, "addTo", std::slice::from_ref(&map))?;
    let pin = call(&l, "layerGroup", &[])?;
    call(&pin, "addTo", std::slice::from_ref(&map))?;
    match area {
        Some((sw, ne)) => {
            let bounds = js_sys::Array::of2(&latlng(sw), &latlng(ne));
            call(&map, "fitBounds", &[bounds.into()])?;
        }
        None => {
            call(
                &map,
                "setView",
                &[
                    latlng(LatLon {
                        lat: 20.0,
                        lon: 0.0,
                    }),
                    JsValue::from_f64(2.0),
                ],
            )?;
        }
    }
    let Events { moved, picked } = events;
    let picked = std::rc::Rc::new(picked);
    let m = map.clone();
    let on_move = Closure::<dyn Fn(JsValue)>::new(move |_| {
        if let Some((bbox, zoom)) = view_of(&m) {
            moved(bbox, zoom);
        }
    });
    call(
        &map,
        "on",
        &[JsValue::from_str("moveend"), on_move.as_ref().clone()],
    )?;
    let p = picked.clone();
    let on_click = Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
        if let Some(at) = read_latlng(&get(&ev, "latlng")) {
            p(at);
        }
    });
    call(
        &map,
        "on",
        &[JsValue::from_str("click"), on_click.as_ref().clone()],
    )?;
    let m = map.clone();
    let on_key = Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
        let key = get(&ev, "key").as_string().unwrap_or_default();
        if key == "Enter" || key == " " {
            let _ = call(&ev, "preventDefault", &[]);
            if let Some(at) = call(&m, "getCenter", &[])
                .ok()
                .as_ref()
                .and_then(read_latlng)
            {
                picked(at);
            }
        }
    });
    call(
        container,
        "addEventListener",
        &[JsValue::from_str("keydown"), on_key.as_ref().clone()],
    )?;
    let drawn = Drawn {
        map,
        clusters,
        pin,
        _handlers: vec![on_move, on_click, on_key],
    };
    Ok(drawn)
}

impl Drawn {
    /// The view now: bounds and zoom.
    pub fn view(&self) -> Option<([f64; 4], u8)> {
        view_of(&self.map)
    }

    /// Shows `found` as numbered circles (a single report as a small one).
    pub fn clusters(&self, found: &[ClusterView]) {
        let Ok(l) = l() else { return };
        let _ = call(&self.clusters, "clearLayers", &[]);
        for c in found {
            let radius = if c.count == 1 {
                7.0
            } else {
                10.0 + (c.count as f64).log10() * 6.0
            };
            let style = obj(&[
                ("radius", JsValue::from_f64(radius)),
                ("color", JsValue::from_str("#ffffff")),
                ("weight", JsValue::from_f64(2.0)),
                ("fillColor", JsValue::from_str("#be123c")),
                ("fillOpacity", JsValue::from_f64(0.85)),
            ]);
            if let Ok(marker) = call(&l, "circleMarker", &[latlng(c.at), style]) {
                let label = JsValue::from_str(&c.count.to_string());
                let tip = obj(&[
                    ("permanent", JsValue::from_bool(c.count > 1)),
                    ("direction", JsValue::from_str("center")),
                    ("className", JsValue::from_str("cp-count-tip")),
                ]);
                let _ = call(&marker, "bindTooltip", &[label, tip]);
                let _ = call(&marker, "addTo", std::slice::from_ref(&self.clusters));
            }
        }
    }

    /// Shows the chosen point (or none).
    pub fn pin(&self, at: Option<LatLon>) {
        let _ = call(&self.pin, "clearLayers", &[]);
        let (Some(at), Ok(l)) = (at, l()) else { return };
        let style = obj(&[
            ("radius", JsValue::from_f64(9.0)),
            ("color", JsValue::from_str("#1d4ed8")),
            ("weight", JsValue::from_f64(3.0)),
            ("fillColor", JsValue::from_str("#ffffff")),
            ("fillOpacity", JsValue::from_f64(1.0)),
        ]);
        if let Ok(marker) = call(&l, "circleMarker", &[latlng(at), style]) {
            let _ = call(&marker, "addTo", std::slice::from_ref(&self.pin));
        }
    }

    /// Centres the map on a point (a found address, the device's location).
    pub fn go_to(&self, at: LatLon) {
        let zoom = JsValue::from_f64(17.0);
        let _ = call(&self.map, "setView", &[latlng(at), zoom]);
    }
}

/// A map whose widget is gone takes its handlers and tiles with it.
impl Drop for Drawn {
    fn drop(&mut self) {
        let _ = call(&self.map, "remove", &[]);
    }
}
