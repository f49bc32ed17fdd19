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
        // One of the two given alone: the other is missing (unless it was given wrong).
        (lat, lon) => {
            for (field, read) in [("lat", lat), ("lon", lon)] {
                let given = !one(field).trim().is_empty();
                if read.is_none() && !given && (lat.is_some() || lon.is_some()) {
                    errors.push((field.into(), codes::REQUIRED));
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn def() -> MapDefinition {
        serde_json::from_value(serde_json::json!({
            "categories": [ { "id": "step", "label": { "de": "Stufe", "en": "Step" }, "questions": [
                { "id": "height", "type": "number", "required": true, "min": 1, "max": 200,
                  "text": { "de": "Wie hoch?", "en": "How high?" } } ] } ]
        }))
        .unwrap()
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn half_a_point_or_words_for_numbers_are_errors_of_their_field() {
        let (wire, errors) =
            report_from_form(&fields(&[("category", "step"), ("lat", "52.5")]), &def());
        assert_eq!(
            (wire.at, errors),
            (None, vec![("lon".to_string(), codes::REQUIRED)])
        );
        let (_, errors) = report_from_form(&fields(&[("lat", "north"), ("lon", "13")]), &def());
        assert_eq!(errors, vec![("lat".to_string(), codes::INVALID)]);
        let (wire, errors) =
            report_from_form(&fields(&[("category", "step"), ("q.height", "12")]), &def());
        assert!(errors.is_empty());
        assert_eq!(wire.answers.values.len(), 1, "the category's extra answer");
    }

    proptest! {
        /// Coordinates typed with a decimal point or a comma (as German keyboards give them)
        /// read back as the same point.
        #[test]
        fn typed_coordinates_read_back_as_the_point(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0, comma in any::<bool>()) {
            let typed = |v: f64| {
                let s = format!("{v:.6}");
                if comma { s.replace('.', ",") } else { s }
            };
            let (lat_s, lon_s) = (typed(lat), typed(lon));
            let (wire, errors) = report_from_form(&fields(&[("lat", &lat_s), ("lon", &lon_s)]), &def());
            prop_assert!(errors.is_empty());
            let at = wire.at.unwrap();
            prop_assert!((at.lat - lat).abs() < 1e-6 && (at.lon - lon).abs() < 1e-6);
        }
    }
}
