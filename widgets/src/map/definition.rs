//! What an organisation sets up for a map: the categories a report is filed under (each with
//! optional extra questions, of the survey's kinds and checked by the survey's code), the
//! places citizens may pick instead of a point (a library, a bus stop), and the area reports
//! must lie in. Then what a report's location is, and the checks of a new report against it.

use serde::{Deserialize, Serialize};

use super::geo::{Area, OutOfRange, Point};
use crate::survey::answers::{AnswerErrors, check_page};
use crate::survey::definition::{Definition, Page, Question, Texts, limits::ID_MAX};
use crate::survey::response::Answers;

pub mod limits {
    pub const CATEGORIES_MAX: usize = 50;
    pub const PLACES_MAX: usize = 1_000;
    /// Extra questions of one category.
    pub const EXTRA_QUESTIONS_MAX: usize = 10;
    /// Characters of a label, in each language.
    pub const LABEL_MAX: usize = 200;
    /// Characters of a report's description.
    pub const DESCRIPTION_MAX: usize = 5_000;
    /// Characters of a typed address or landmark.
    pub const ADDRESS_MAX: usize = 300;
}

/// A point as set up and sent: degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl TryFrom<LatLon> for Point {
    type Error = OutOfRange;
    fn try_from(p: LatLon) -> Result<Point, OutOfRange> {
        Point::from_degrees(p.lat, p.lon)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub label: Texts,
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: String,
    pub label: Texts,
    pub at: LatLon,
}

/// A map's set-up as staff save it (JSON in the console).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapDefinition {
    pub categories: Vec<Category>,
    #[serde(default)]
    pub places: Vec<Place>,
    /// South-west and north-east corners; reports with a point must lie within.
    #[serde(default)]
    pub area: Option<(LatLon, LatLon)>,
}

/// Why a set-up is refused: a stable code and the id (or field) it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError {
    pub code: &'static str,
    pub at: String,
}

fn refuse<T>(code: &'static str, at: &str) -> Result<T, SetupError> {
    Err(SetupError {
        code,
        at: at.to_string(),
    })
}

fn label_ok(t: &Texts) -> bool {
    let len = |s: &str| s.chars().count();
    (!t.de.trim().is_empty() || !t.en.trim().is_empty())
        && len(&t.de) <= limits::LABEL_MAX
        && len(&t.en) <= limits::LABEL_MAX
}

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= ID_MAX
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Category {
    /// Its extra questions as a one-page survey, so that the survey's checks apply.
    pub fn questions_as_survey(&self) -> Definition {
        Definition {
            pages: vec![Page {
                id: "extra".into(),
                title: None,
                questions: self.questions.clone(),
            }],
            rules: Vec::new(),
        }
    }
}

impl MapDefinition {
    /// The area, parsed.
    pub fn area(&self) -> Result<Option<Area>, SetupError> {
        let Some((sw, ne)) = self.area else {
            return Ok(None);
        };
        let corner =
            |p: LatLon| Point::try_from(p).or_else(|_| refuse("coordinate_out_of_range", "area"));
        Area::new(corner(sw)?, corner(ne)?)
            .map(Some)
            .or_else(|_| refuse("coordinate_out_of_range", "area"))
    }

    /// Checks everything staff saved: at least one category, ids unique and plain, labels
    /// given and bounded, places inside the area, extra questions within the survey's bounds.
    pub fn check(&self) -> Result<(), SetupError> {
        use limits::*;
        if self.categories.is_empty() {
            return refuse("required", "categories");
        }
        if self.categories.len() > CATEGORIES_MAX {
            return refuse("too_many", "categories");
        }
        if self.places.len() > PLACES_MAX {
            return refuse("too_many", "places");
        }
        let area = self.area()?;
        let mut seen: Vec<&str> = Vec::new();
        for c in &self.categories {
            if !id_ok(&c.id) {
                return refuse("invalid_id", &c.id);
            }
            if seen.contains(&c.id.as_str()) {
                return refuse("duplicate_id", &c.id);
            }
            seen.push(&c.id);
            if !label_ok(&c.label) {
                return refuse("invalid_label", &c.id);
            }
            if c.questions.len() > EXTRA_QUESTIONS_MAX {
                return refuse("too_many", &c.id);
            }
            if let Err(e) = c.questions_as_survey().check_bounds() {
                return refuse("too_large", &format!("{} {}", c.id, e.at));
            }
        }
        let mut places: Vec<&str> = Vec::new();
        for p in &self.places {
            if !id_ok(&p.id) {
                return refuse("invalid_id", &p.id);
            }
            if places.contains(&p.id.as_str()) {
                return refuse("duplicate_id", &p.id);
            }
            places.push(&p.id);
            if !label_ok(&p.label) {
                return refuse("invalid_label", &p.id);
            }
            let at = Point::try_from(p.at).or_else(|_| refuse("coordinate_out_of_range", &p.id))?;
            if area.is_some_and(|a| !a.contains(at)) {
                return refuse("outside_area", &p.id);
            }
        }
        Ok(())
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// Where a report is: at least one of a point, a typed address or landmark, or a place of the
/// organisation's list. The map is never required.
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub point: Option<Point>,
    pub address: Option<String>,
    pub place: Option<String>,
}

/// A report as a citizen sends it (the widget's JSON, the page's form, Open311 mapped onto it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewReportWire {
    pub category: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub at: Option<LatLon>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub answers: Answers,
    /// The honeypot: people leave it empty.
    #[serde(default)]
    pub website: String,
    /// The signed time the form was shown (`contract::limits::FORM_MIN_AGE_SECS`).
    #[serde(default)]
    pub form_token: String,
}

/// A report checked against the map's set-up.
#[derive(Clone, Debug, PartialEq)]
pub struct NewReport {
    pub category: String,
    pub description: String,
    pub location: Location,
    pub answers: Answers,
}

/// Why a report is refused: per field (`category`, `description`, `location`, `lat`, `lon`,
/// `address`, `place`) or per extra question, each with a stable code.
pub type ReportErrors = AnswerErrors;

impl NewReportWire {
    /// The report, or every error at once (a field or question once, its first error).
    pub fn check(&self, def: &MapDefinition) -> Result<NewReport, ReportErrors> {
        let mut errors: ReportErrors = Vec::new();
        let category = def.category(self.category.trim());
        if category.is_none() {
            errors.push(("category".into(), "unknown_category"));
        }
        let description = self.description.trim().to_string();
        if description.chars().count() > limits::DESCRIPTION_MAX {
            errors.push(("description".into(), "too_long"));
        }
        let address = Some(self.address.trim().to_string()).filter(|a| !a.is_empty());
        if address
            .as_ref()
            .is_some_and(|a| a.chars().count() > limits::ADDRESS_MAX)
        {
            errors.push(("address".into(), "too_long"));
        }
        let place = Some(self.place.trim().to_string()).filter(|p| !p.is_empty());
        if let Some(p) = &place
            && !def.places.iter().any(|x| &x.id == p)
        {
            errors.push(("place".into(), "unknown_place"));
        }
        let point = match self.at.map(Point::try_from) {
            None => None,
            Some(Ok(p)) => {
                match def.area() {
                    Ok(Some(area)) if !area.contains(p) => {
                        errors.push(("location".into(), "outside_area"));
                    }
                    _ => {}
                }
                Some(p)
            }
            Some(Err(e)) => {
                errors.push((e.field.into(), "coordinate_out_of_range"));
                None
            }
        };
        if self.at.is_none() && address.is_none() && place.is_none() {
            errors.push(("location".into(), "location_required"));
        }
        if let Some(c) = category {
            let extra = c.questions_as_survey();
            errors.extend(check_page(&extra, &self.answers, 0));
            let known = |q: &String| c.questions.iter().any(|x| &x.id == q);
            if self.answers.values.keys().any(|q| !known(q)) {
                errors.push(("answers".into(), "unknown_question"));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewReport {
            category: self.category.trim().to_string(),
            description,
            location: Location {
                point,
                address,
                place,
            },
            answers: self.answers.clone(),
        })
    }
}

#[cfg(test)]
mod tests;
