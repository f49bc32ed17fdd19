//! A map's set-up in the console: categories, places and area as JSON (checked whole by the
//! map's own rules), the tile server and its credit, and the address lookup. Upstream
//! addresses must be http(s) and, unless the installation allows it, not in its own network.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::map::definition::MapDefinition;
use coproduce_widgets::map::geo::ZOOM_MAX;
use maud::{Markup, html};
use serde::Deserialize;

use super::actions::{back, map_activity};
use super::{MapPageQuery, render};
use crate::domain::now_ms;
use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::error::ApiError;
use crate::http::input::LargeInput;
use crate::http::kind::encode;
use crate::map::storage::MapRow;
use crate::map::texts::{MapText, text};
use crate::map::tiles::TileSource;

/// Characters of the tile server's address, its credit and the geocoder's address at most.
const SOURCE_MAX: usize = 500;

#[derive(Debug, Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub tiles: String,
    #[serde(default)]
    pub attribution: String,
    #[serde(default)]
    pub max_zoom: String,
    #[serde(default)]
    pub geocoder: String,
}

impl SetupForm {
    /// The set-up, or the code of what is wrong with it.
    fn parse(&self, state: &AppState) -> Result<MapRow, String> {
        let definition: MapDefinition =
            serde_json::from_str(&self.definition).map_err(|_| "definition_invalid".to_string())?;
        definition
            .check()
            .map_err(|e| format!("definition_invalid:{}:{}", e.code, e.at))?;
        let template = self.tiles.trim().to_string();
        let ok_template = template.contains("{z}")
            && template.contains("{x}")
            && template.contains("{y}")
            && template.chars().count() <= SOURCE_MAX
            && state.maps.upstream_allowed(&template);
        if !ok_template {
            return Err("tiles_invalid".into());
        }
        let max_zoom = self
            .max_zoom
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|z| *z <= ZOOM_MAX)
            .ok_or_else(|| "tiles_invalid".to_string())?;
        let attribution = self.attribution.trim().to_string();
        if attribution.is_empty() || attribution.chars().count() > SOURCE_MAX {
            return Err("tiles_invalid".into());
        }
        let geocoder = Some(self.geocoder.trim().to_string()).filter(|g| !g.is_empty());
        if let Some(g) = &geocoder
            && (g.chars().count() > SOURCE_MAX || !state.maps.upstream_allowed(g))
        {
            return Err("geocoder_invalid".into());
        }
        Ok(MapRow {
            definition,
            tiles: TileSource {
                template,
                attribution,
                max_zoom,
            },
            geocoder,
            changed_at: now_ms(),
        })
    }
}

#[tracing::instrument(skip_all, fields(org = %staff.org))]
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
    LargeInput(form): LargeInput<SetupForm>,
) -> Result<Response, ApiError> {
    staff.admin_form(&form.csrf)?;
    let row = map_activity(&state, &staff, &key).await?;
    match form.parse(&state) {
        Ok(map) => {
            state.store.save_map(&staff.org, &key, &map).await?;
            Ok(back(&staff, &key))
        }
        Err(code) => {
            let q = MapPageQuery::default();
            render(
                &state,
                &staff,
                &row,
                &q,
                Some((&code, &form)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The set-up form, filled from the map or from what was typed.
pub fn form(
    lang: Lang,
    staff: &Staff,
    key: &str,
    map: &MapRow,
    typed: Option<&SetupForm>,
) -> Markup {
    let stored = SetupForm {
        csrf: String::new(),
        definition: serde_json::to_string_pretty(&map.definition).unwrap_or_default(),
        tiles: map.tiles.template.clone(),
        attribution: map.tiles.attribution.clone(),
        max_zoom: map.tiles.max_zoom.to_string(),
        geocoder: map.geocoder.clone().unwrap_or_default(),
    };
    let f = typed.unwrap_or(&stored);
    html! {
        h2 id="setup" { (text(lang, MapText::SetupHeading)) }
        form.cp-form method="post" action=(format!("/console/activities/{}/map/setup?lang={}", encode(key), lang.code())) {
            input type="hidden" name="csrf" value=(staff.csrf);
            label for="map-definition" { "JSON" }
            p.cp-hint id="map-definition-hint" { (text(lang, MapText::SetupHint)) }
            textarea id="map-definition" name="definition" rows="14" class="wide" aria-describedby="map-definition-hint" { (f.definition) }
            label for="map-tiles" { (text(lang, MapText::TilesTemplate)) }
            input id="map-tiles" type="url" name="tiles" value=(f.tiles) class="wide";
            label for="map-attribution" { (text(lang, MapText::TilesAttribution)) }
            input id="map-attribution" type="text" name="attribution" value=(f.attribution) class="wide";
            label for="map-zoom" { (text(lang, MapText::TilesMaxZoom)) }
            input id="map-zoom" type="number" name="max_zoom" min="0" max=(ZOOM_MAX) value=(f.max_zoom);
            label for="map-geocoder" { (text(lang, MapText::Geocoder)) }
            input id="map-geocoder" type="url" name="geocoder" value=(f.geocoder) class="wide";
            button.cp-button type="submit" { (text(lang, MapText::Save)) }
        }
    }
}
