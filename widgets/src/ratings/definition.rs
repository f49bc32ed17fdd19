//! What an organisation sets up for ratings: its services (a day care centre, debt
//! counselling), grouped (organisation → area → service), the dimensions they are rated on
//! ("treated with respect", "waiting time"), the window in which an author may edit a story;
//! then a new story as sent, and its check against the set-up.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::contract::codes;
use crate::survey::definition::Texts;

pub mod limits {
    pub const SERVICES_MAX: usize = 200;
    pub const GROUPS_MAX: usize = 50;
    pub const DIMENSIONS_MAX: usize = 10;
    /// Characters of a label, in each language.
    pub const LABEL_MAX: usize = 200;
    /// Ratings go from 1 to this.
    pub const STARS_MAX: u8 = 5;
    /// Characters of a story.
    pub const STORY_MAX: usize = 5_000;
    /// Characters of "which part of the service".
    pub const PART_MAX: usize = 200;
    /// Characters of the name an author shows.
    pub const NAME_MAX: usize = 60;
    /// Days an author may edit a story at most (the organisation picks up to this).
    pub const EDIT_DAYS_MAX: u32 = 90;
}

/// A group of services (an area of the organisation's work).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub label: Texts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: String,
    pub label: Texts,
    /// The group it belongs to, if any.
    #[serde(default)]
    pub group: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    pub id: String,
    pub label: Texts,
}

/// The set-up as staff save it (JSON in the console).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingsDefinition {
    #[serde(default)]
    pub groups: Vec<Group>,
    pub services: Vec<Service>,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// Days after sending in which the author may edit the story through the receipt.
    #[serde(default = "seven")]
    pub edit_days: u32,
}

fn seven() -> u32 {
    7
}

/// Why a set-up is refused: a stable code and the id (or field) it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError {
    pub code: &'static str,
    pub at: String,
}

fn refuse(code: &'static str, at: &str) -> Result<(), SetupError> {
    Err(SetupError {
        code,
        at: at.to_string(),
    })
}

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= crate::survey::definition::limits::ID_MAX
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn label_ok(t: &Texts) -> bool {
    let len = |s: &str| s.chars().count();
    (!t.de.trim().is_empty() || !t.en.trim().is_empty())
        && len(&t.de) <= limits::LABEL_MAX
        && len(&t.en) <= limits::LABEL_MAX
}

/// Checks ids (plain, unique within their list) and labels of one list.
fn check_list<'a>(
    items: impl Iterator<Item = (&'a str, &'a Texts)>,
    what: &str,
    max: usize,
) -> Result<(), SetupError> {
    let mut seen: Vec<&str> = Vec::new();
    for (id, label) in items {
        if seen.len() == max {
            return refuse("too_many", what);
        }
        if !id_ok(id) {
            return refuse("invalid_id", id);
        }
        if seen.contains(&id) {
            return refuse("duplicate_id", id);
        }
        if !label_ok(label) {
            return refuse("invalid_label", id);
        }
        seen.push(id);
    }
    Ok(())
}

impl RatingsDefinition {
    /// Checks everything staff saved: at least one service, ids plain and unique, labels
    /// given and bounded, every service's group one of the groups, the edit window bounded.
    pub fn check(&self) -> Result<(), SetupError> {
        use limits::*;
        if self.services.is_empty() {
            return refuse("required", "services");
        }
        check_list(
            self.groups.iter().map(|g| (g.id.as_str(), &g.label)),
            "groups",
            GROUPS_MAX,
        )?;
        check_list(
            self.services.iter().map(|s| (s.id.as_str(), &s.label)),
            "services",
            SERVICES_MAX,
        )?;
        check_list(
            self.dimensions.iter().map(|d| (d.id.as_str(), &d.label)),
            "dimensions",
            DIMENSIONS_MAX,
        )?;
        for s in &self.services {
            if let Some(g) = &s.group
                && !self.groups.iter().any(|x| &x.id == g)
            {
                return refuse("unknown_group", &s.id);
            }
        }
        if self.edit_days > EDIT_DAYS_MAX {
            return refuse("too_long", "edit_days");
        }
        Ok(())
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }
}

/// A story as a citizen sends it (the widget's JSON, the page's form).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewStoryWire {
    pub service: String,
    /// The overall rating, 1 to 5.
    #[serde(default)]
    pub overall: Option<i64>,
    /// Ratings on the set-up's dimensions, each 1 to 5; a dimension left out is not rated.
    #[serde(default)]
    pub ratings: BTreeMap<String, i64>,
    #[serde(default)]
    pub story: String,
    /// When it happened, `YYYY-MM`.
    #[serde(default)]
    pub when: String,
    /// Which part of the service.
    #[serde(default)]
    pub part: String,
    /// The name shown; empty: anonymous.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub form_token: String,
}

/// A story checked against the set-up.
#[derive(Clone, Debug, PartialEq)]
pub struct NewStory {
    pub service: String,
    pub overall: u8,
    pub ratings: BTreeMap<String, u8>,
    pub story: String,
    /// (year, month)
    pub when: Option<(u16, u8)>,
    pub part: Option<String>,
    pub name: Option<String>,
}

/// Why a story is refused: (field or dimension, code), every one at once.
pub type StoryErrors = Vec<(String, &'static str)>;

/// A rating from 1 to `STARS_MAX`.
fn stars(v: i64) -> Option<u8> {
    u8::try_from(v)
        .ok()
        .filter(|s| (1..=limits::STARS_MAX).contains(s))
}

/// `YYYY-MM` of a year from 1900 to 2999.
fn month(raw: &str) -> Option<(u16, u8)> {
    let (y, m) = raw.split_once('-')?;
    let (y, m) = (y.parse::<u16>().ok()?, m.parse::<u8>().ok()?);
    (y.to_string().len() == 4
        && (1900..3000).contains(&y)
        && (1..=12).contains(&m)
        && raw.len() == 7)
        .then_some((y, m))
}

/// Text with its surrounding space taken off; `None` when nothing is left.
fn text(raw: &str) -> Option<String> {
    Some(raw.trim().to_string()).filter(|t| !t.is_empty())
}

impl NewStoryWire {
    /// The form's fields as a story (the page's POST, the embed's form): `d.{aspect}` fields
    /// are the aspects' ratings, an empty one not rated.
    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let one = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map_or("", |(_, v)| v.as_str())
                .to_string()
        };
        let number = |v: &str| v.trim().parse::<i64>().ok();
        Self {
            service: one("service"),
            overall: number(&one("overall")),
            ratings: fields
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("d.")?.to_string(), number(v)?)))
                .collect(),
            story: one("story"),
            when: one("when"),
            part: one("part"),
            name: one("name"),
            website: one("website"),
            form_token: one("form_token"),
        }
    }

    pub fn check(&self, def: &RatingsDefinition) -> Result<NewStory, StoryErrors> {
        let mut errors: StoryErrors = Vec::new();
        let service = self.service.trim();
        if def.service(service).is_none() {
            errors.push(("service".into(), "unknown_service"));
        }
        let overall = match self.overall {
            None => {
                errors.push(("overall".into(), codes::REQUIRED));
                0
            }
            Some(v) => stars(v).unwrap_or_else(|| {
                errors.push(("overall".into(), "out_of_range"));
                0
            }),
        };
        let mut ratings = BTreeMap::new();
        for (dim, v) in &self.ratings {
            if !def.dimensions.iter().any(|d| &d.id == dim) {
                errors.push((dim.clone(), "unknown_dimension"));
            } else if let Some(s) = stars(*v) {
                ratings.insert(dim.clone(), s);
            } else {
                errors.push((dim.clone(), "out_of_range"));
            }
        }
        let story = self.story.trim().to_string();
        if story.chars().count() > limits::STORY_MAX {
            errors.push(("story".into(), codes::TOO_LONG));
        }
        let when = match self.when.trim() {
            "" => None,
            raw => month(raw).or_else(|| {
                errors.push(("when".into(), codes::INVALID));
                None
            }),
        };
        let part = text(&self.part);
        if part
            .as_ref()
            .is_some_and(|p| p.chars().count() > limits::PART_MAX)
        {
            errors.push(("part".into(), codes::TOO_LONG));
        }
        let name = text(&self.name);
        if name
            .as_ref()
            .is_some_and(|n| n.chars().count() > limits::NAME_MAX)
        {
            errors.push(("name".into(), codes::TOO_LONG));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewStory {
            service: service.to_string(),
            overall,
            ratings,
            story,
            when,
            part,
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn setup() -> RatingsDefinition {
        serde_json::from_value(json!({
            "groups": [ { "id": "youth", "label": { "de": "Jugend", "en": "Youth" } } ],
            "services": [
                { "id": "daycare-nord", "label": { "de": "Kita Nord", "en": "Day care centre Nord" }, "group": "youth" },
                { "id": "debt", "label": { "de": "Schuldnerberatung", "en": "Debt counselling" } }
            ],
            "dimensions": [
                { "id": "respect", "label": { "de": "Respekt", "en": "Treated with respect" } },
                { "id": "waiting", "label": { "de": "Wartezeit", "en": "Waiting time" } }
            ]
        }))
        .unwrap()
    }

    #[test]
    fn a_set_up_is_checked_whole_and_its_faults_named() {
        assert_eq!(setup().check(), Ok(()));
        assert_eq!(setup().edit_days, 7, "a week unless staff say otherwise");
        let fault = |change: &dyn Fn(&mut RatingsDefinition)| {
            let mut d = setup();
            change(&mut d);
            d.check().map_err(|e| (e.code, e.at))
        };
        assert_eq!(
            fault(&|d| d.services.clear()),
            Err(("required", "services".into()))
        );
        assert_eq!(
            fault(&|d| d.services[1].group = Some("elderly".into())),
            Err(("unknown_group", "debt".into()))
        );
        assert_eq!(
            fault(&|d| d.dimensions[1].id = "respect".into()),
            Err(("duplicate_id", "respect".into()))
        );
        assert_eq!(
            fault(&|d| d.services[0].id = "kita nord".into()),
            Err(("invalid_id", "kita nord".into()))
        );
        assert_eq!(
            fault(&|d| d.edit_days = 400),
            Err(("too_long", "edit_days".into()))
        );
    }

    #[test]
    fn a_story_is_checked_against_the_set_up_with_every_error_at_once() {
        let good: NewStoryWire = serde_json::from_value(json!({
            "service": "debt", "overall": 4, "ratings": { "respect": 5 },
            "story": "  They listened.  ", "when": "2026-11", "name": " "
        }))
        .unwrap();
        let s = good.check(&setup()).unwrap();
        assert_eq!(
            (s.overall, s.ratings["respect"], s.story.as_str()),
            (4, 5, "They listened.")
        );
        assert_eq!((s.when, s.name), (Some((2026, 11)), None));
        let bad: NewStoryWire = serde_json::from_value(json!({
            "service": "library", "overall": 6, "ratings": { "respect": 0, "parking": 3 },
            "when": "11/2026", "name": "x".repeat(61)
        }))
        .unwrap();
        let mut errors = bad.check(&setup()).unwrap_err();
        errors.sort();
        assert_eq!(
            errors,
            vec![
                ("name".to_string(), "too_long"),
                ("overall".to_string(), "out_of_range"),
                ("parking".to_string(), "unknown_dimension"),
                ("respect".to_string(), "out_of_range"),
                ("service".to_string(), "unknown_service"),
                ("when".to_string(), "invalid"),
            ]
        );
        let missing = NewStoryWire {
            service: "debt".into(),
            ..NewStoryWire::default()
        };
        assert_eq!(
            missing.check(&setup()).unwrap_err(),
            vec![("overall".to_string(), "required")]
        );
    }
}
