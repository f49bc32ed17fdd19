//! Maps in the database: a map's set-up (categories, places, area) and where its tiles and
//! address lookups come from, beside its activity; its reports, photos and "me too"s in the
//! modules below. The only place the map activity speaks SurrealQL.

mod keys;
mod lists;
mod reports;
mod triage;

pub use keys::KeyRow;
pub use lists::{ReportFilter, cell14};
pub use reports::{NewReportRecord, ReportRow, StoredPhoto};
pub use triage::StatusChange;

use coproduce_widgets::contract::{ActivityKind, Moderation};
use coproduce_widgets::map::definition::MapDefinition;
use serde::{Deserialize, Serialize};

use crate::domain::activity::{ActivityIntro, ActivityTitle};
use crate::domain::{OrgId, now_ms};
use crate::map::tiles::TileSource;
use crate::storage::{ActivityRow, NewActivity, StorageError, Store, one, rows};
use crate::vars;

/// A map's set-up and sources (the activity holds its title, introduction, whether it is open
/// and how it is moderated).
#[derive(Debug, Clone, PartialEq)]
pub struct MapRow {
    pub definition: MapDefinition,
    pub tiles: TileSource,
    /// A Nominatim-compatible server's address; none: typed addresses are kept as typed.
    pub geocoder: Option<String>,
    pub changed_at: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredMap {
    definition: MapDefinition,
    tiles_template: String,
    tiles_attribution: String,
    tiles_max_zoom: u8,
    geocoder: Option<String>,
    changed_at: i64,
}

impl From<StoredMap> for MapRow {
    fn from(s: StoredMap) -> Self {
        MapRow {
            definition: s.definition,
            tiles: TileSource {
                template: s.tiles_template,
                attribution: s.tiles_attribution,
                max_zoom: s.tiles_max_zoom,
            },
            geocoder: s.geocoder,
            changed_at: s.changed_at,
        }
    }
}

impl Store {
    /// Adds a map: its activity and a set-up (checked by the caller) with the default tiles.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn create_map(
        &self,
        org: &OrgId,
        key: Option<&str>,
        title: &ActivityTitle,
        intro: &ActivityIntro,
        definition: &MapDefinition,
    ) -> Result<ActivityRow, StorageError> {
        let new = NewActivity {
            kind: ActivityKind::Map,
            key,
            title,
            intro,
            moderation: Moderation::Post,
        };
        let activity = self.create_activity(org, new).await?;
        let row = MapRow {
            definition: definition.clone(),
            tiles: TileSource::default(),
            geocoder: None,
            changed_at: now_ms(),
        };
        self.save_map(org, &activity.key, &row).await?;
        Ok(activity)
    }

    /// Replaces a map's set-up and sources (checked by the caller).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn save_map(&self, org: &OrgId, key: &str, row: &MapRow) -> Result<(), StorageError> {
        let definition = serde_json::to_value(&row.definition)
            .map_err(|e| StorageError::Decode(e.to_string()))?;
        self.db
            .query("UPSERT type::record('map', [$org, $key]) SET org = $org, key = $key, definition = $definition, tiles_template = $template, tiles_attribution = $attribution, tiles_max_zoom = $max_zoom, geocoder = $geocoder, changed_at = $now RETURN NONE")
            .bind(vars!(
                "org" => org.as_str(), "key" => key, "definition" => definition,
                "template" => row.tiles.template, "attribution" => row.tiles.attribution,
                "max_zoom" => row.tiles.max_zoom, "geocoder" => row.geocoder, "now" => now_ms()
            ))
            .await?
            .check()?;
        Ok(())
    }

    /// A map of this organisation only.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn map(&self, org: &OrgId, key: &str) -> Result<MapRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('map', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        let stored: Option<StoredMap> = one(&mut res, 0)?;
        stored.map(MapRow::from).ok_or(StorageError::NotFound)
    }

    /// Keys of the organisation's maps (the Open311 endpoint serves one of them).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn maps(&self, org: &OrgId) -> Result<Vec<String>, StorageError> {
        let mut res = self
            .db
            .query("SELECT VALUE key FROM map WHERE org = $org ORDER BY key")
            .bind(vars!("org" => org.as_str()))
            .await?;
        rows(&mut res, 0)
    }
}

/// What a new map starts with: one category to rename, no places, no area.
pub fn starter_definition() -> MapDefinition {
    MapDefinition {
        categories: vec![coproduce_widgets::map::definition::Category {
            id: "general".into(),
            label: coproduce_widgets::survey::definition::Texts {
                de: "Allgemein".into(),
                en: "General".into(),
                plain_de: None,
                plain_en: None,
            },
            questions: Vec::new(),
        }],
        places: Vec::new(),
        area: None,
    }
}
