//! The map's JSON in the embed, read from the browser's own parsed values (`json::FromJs`) in
//! the shapes serde gives them on the server (contract.rs, definition.rs), and a report as the
//! widget sends it (`json::ToJs`).

use wasm_bindgen::JsValue;

use super::contract::{
    ClusterView, MapView, ReportStatus, ReportStored, ReportUpdate, ReportView, TilesView,
};
use super::definition::{Category, LatLon, MapDefinition, NewReportWire, Place};
use crate::json::{FromJs, ToJs, field, object};

crate::wire_enum!(ReportStatus);

impl FromJs for LatLon {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            lat: field(v, "lat")?,
            lon: field(v, "lon")?,
        })
    }
}

impl ToJs for LatLon {
    fn to_js(&self) -> JsValue {
        object(&[("lat", self.lat.to_js()), ("lon", self.lon.to_js())])
    }
}

impl FromJs for Category {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            id: field(v, "id")?,
            label: field(v, "label")?,
            questions: field::<Option<_>>(v, "questions")?.unwrap_or_default(),
        })
    }
}

impl FromJs for Place {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            id: field(v, "id")?,
            label: field(v, "label")?,
            at: field(v, "at")?,
        })
    }
}

impl FromJs for MapDefinition {
    fn from_js(v: &JsValue) -> Option<Self> {
        let area: Option<Vec<LatLon>> = field(v, "area")?;
        let area = match area.as_deref() {
            None => None,
            Some([sw, ne]) => Some((*sw, *ne)),
            Some(_) => return None,
        };
        Some(Self {
            categories: field(v, "categories")?,
            places: field::<Option<_>>(v, "places")?.unwrap_or_default(),
            area,
        })
    }
}

impl FromJs for ReportUpdate {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            status: field(v, "status")?,
            note: field(v, "note")?,
            at: field(v, "at")?,
        })
    }
}

impl FromJs for ReportView {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            id: field(v, "id")?,
            category: field(v, "category")?,
            description: field(v, "description")?,
            at: field(v, "at")?,
            address: field(v, "address")?,
            place: field(v, "place")?,
            status: field(v, "status")?,
            me_too: field(v, "me_too")?,
            photos: field(v, "photos")?,
            created_at: field(v, "created_at")?,
            history: field(v, "history")?,
        })
    }
}

impl FromJs for TilesView {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            url: field(v, "url")?,
            attribution: field(v, "attribution")?,
            max_zoom: field(v, "max_zoom")?,
        })
    }
}

impl FromJs for MapView {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            org: field(v, "org")?,
            org_name: field(v, "org_name")?,
            id: field(v, "id")?,
            title: field(v, "title")?,
            intro: field(v, "intro")?,
            open: field(v, "open")?,
            definition: field(v, "definition")?,
            tiles: field(v, "tiles")?,
            geocoder: field(v, "geocoder")?,
            report_count: field(v, "report_count")?,
            reports: field(v, "reports")?,
            next: field(v, "next")?,
            form_token: field(v, "form_token")?,
        })
    }
}

impl FromJs for ReportStored {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            id: field(v, "id")?,
            receipt_url: field(v, "receipt_url")?,
        })
    }
}

impl FromJs for ClusterView {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            count: field(v, "count")?,
            at: field(v, "at")?,
            reports: field(v, "reports")?,
        })
    }
}

impl ToJs for NewReportWire {
    fn to_js(&self) -> JsValue {
        object(&[
            ("category", self.category.to_js()),
            ("description", self.description.to_js()),
            ("at", self.at.map_or(JsValue::NULL, |p| p.to_js())),
            ("address", self.address.to_js()),
            ("place", self.place.to_js()),
            ("answers", self.answers.to_js()),
            ("website", self.website.to_js()),
            ("form_token", self.form_token.to_js()),
        ])
    }
}

/// A place the geocoder found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub at: LatLon,
    pub label: String,
}

impl FromJs for Found {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            at: LatLon {
                lat: field(v, "lat")?,
                lon: field(v, "lon")?,
            },
            label: field(v, "label")?,
        })
    }
}

/// A page of reports (`GET …/reports`).
#[derive(Clone, Debug, PartialEq)]
pub struct ReportPage {
    pub reports: Vec<ReportView>,
    pub next: Option<String>,
}

impl FromJs for ReportPage {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            reports: field(v, "reports")?,
            next: field(v, "next")?,
        })
    }
}

/// The new count after a "me too".
pub struct MeToo {
    pub me_too: i64,
}

impl FromJs for MeToo {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            me_too: field(v, "me_too")?,
        })
    }
}
