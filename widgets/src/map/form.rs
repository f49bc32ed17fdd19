//! A report from a form's fields, one reading for the page without JavaScript (the server
//! reads the posted form), Open311 (its parameters renamed to these) and the embed (it reads
//! the same form): `category`, `description`, `address`, `place`, `lat` and `lon` (both or
//! neither), the category's extra questions named as the survey's (`q.{id}`), and the
//! guard's `website` and `form_token`.

use super::definition::{LatLon, MapDefinition, NewReportWire, ReportErrors};
use crate::contract::codes;
use crate::survey::form::read_page;
use crate::survey::response::Answers;

/// The report the fields hold, and the fields that could not be read.
pub fn report_from_form(
    fields: &[(String, String)],
    def: &MapDefinition,
) -> (NewReportWire, ReportErrors) {
    let one = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let mut errors: ReportErrors = Vec::new();
    let degrees = |name: &'static str, errors: &mut ReportErrors| {
        let raw = one(name).trim().replace(',', ".");
        if raw.is_empty() {
            return None;
        }
        let read = raw.parse::<f64>().ok().filter(|v| v.is_finite());
        if read.is_none() {
            errors.push((name.to_string(), codes::INVALID));
        }
        read
    };
    let at = match (degrees("lat", &mut errors), degrees("lon", &mut errors)) {
        (Some(lat), Some(lon)) => Some(LatLon { lat, lon }),
        (None, None) => None,
        (Some(_), None) => {
            errors.push(("lon".into(), codes::REQUIRED));
            None
        }
        (None, Some(_)) => {
            errors.push(("lat".into(), codes::REQUIRED));
            None
        }
    };
    let category = one("category").trim().to_string();
    let mut answers = Answers::default();
    if let Some(c) = def.category(&category) {
        errors.extend(read_page(&c.questions_as_survey(), 0, fields, &mut answers));
    }
    let wire = NewReportWire {
        category,
        description: one("description").to_string(),
        at,
        address: one("address").to_string(),
        place: one("place").to_string(),
        answers,
        website: one("website").to_string(),
        form_token: one("form_token").to_string(),
    };
    (wire, errors)
}
