//! Organisations: the tenants.

use serde::Deserialize;

use super::{StorageError, Store, one, rows};
use crate::domain::now_ms;
use crate::domain::org::{OrgName, Origin};
use crate::domain::{OrgId, OrgSlug};
use crate::vars;

#[derive(Debug, Clone, Deserialize)]
pub struct OrgRow {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub origins: Vec<String>,
    /// The licence of its open data (an SPDX id; `None` until chosen).
    #[serde(default)]
    pub licence: Option<String>,
    /// Switched off by the installation's operator: nothing of it is served, no one of it
    /// logs in; everything is kept.
    #[serde(default)]
    pub disabled: Option<bool>,
}

impl OrgRow {
    pub fn is_disabled(&self) -> bool {
        self.disabled == Some(true)
    }
}

/// How much an organisation holds, for the installation's operator.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrgSizes {
    pub activities: i64,
    pub staff: i64,
    /// Ideas, survey responses, map reports and rating stories, whatever their state.
    pub contributions: i64,
}

impl Store {
    /// Creates an organisation; `AlreadyExists` if the slug is taken.
    pub async fn create_org(&self, slug: &OrgSlug, name: &OrgName) -> Result<OrgId, StorageError> {
        self.db
            .query("CREATE type::record('org', $slug) SET slug = $slug, name = $name, origins = [], created_at = $now")
            .bind(vars!("slug" => slug.as_str(), "name" => name.as_str(), "now" => now_ms()))
            .await?
            .check()?;
        Ok(OrgId::existing(slug.clone()))
    }

    /// The organisation behind a slug from a URL, if it exists.
    pub async fn find_org(&self, slug: &OrgSlug) -> Result<Option<(OrgId, OrgRow)>, StorageError> {
        let mut res = self
            .db
            .query("SELECT slug, name, origins, licence, disabled FROM ONLY type::record('org', $slug)")
            .bind(("slug", slug.as_str().to_string()))
            .await?;
        let row: Option<OrgRow> = one(&mut res, 0)?;
        Ok(row.map(|r| (OrgId::existing(slug.clone()), r)))
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn org(&self, org: &OrgId) -> Result<OrgRow, StorageError> {
        let slug = OrgSlug::parse(org.as_str()).map_err(|e| StorageError::Decode(e.to_string()))?;
        self.find_org(&slug)
            .await?
            .map(|(_, row)| row)
            .ok_or(StorageError::NotFound)
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn set_origins(&self, org: &OrgId, origins: &[Origin]) -> Result<(), StorageError> {
        let list: Vec<&str> = origins.iter().map(Origin::as_str).collect();
        self.db
            .query("UPDATE type::record('org', $org) SET origins = $origins")
            .bind(vars!("org" => org.as_str(), "origins" => list))
            .await?
            .check()?;
        Ok(())
    }

    /// The licence of the organisation's open data (an SPDX id checked by the caller).
    pub async fn set_licence(&self, org: &OrgId, licence: &str) -> Result<(), StorageError> {
        self.db
            .query("UPDATE type::record('org', $org) SET licence = $licence")
            .bind(vars!("org" => org.as_str(), "licence" => licence))
            .await?
            .check()?;
        Ok(())
    }

    /// Every organisation, for the CLI and the operator.
    pub async fn list_orgs(&self) -> Result<Vec<OrgRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT slug, name, origins, licence, disabled FROM org ORDER BY slug")
            .await?;
        rows(&mut res, 0)
    }

    /// Switches an organisation off (or on again). Off, its staff's sessions end at once.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn set_org_disabled(&self, org: &OrgId, disabled: bool) -> Result<(), StorageError> {
        self.db
            .query(
                "BEGIN;
                 UPDATE type::record('org', $org) SET disabled = $disabled;
                 IF $disabled { DELETE session WHERE org = $org; };
                 COMMIT;",
            )
            .bind(vars!("org" => org.as_str(), "disabled" => disabled))
            .await?
            .check()?;
        Ok(())
    }

    /// How many activities, staff and contributions an organisation has.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn org_sizes(&self, org: &OrgId) -> Result<OrgSizes, StorageError> {
        let mut res = self
            .db
            .query(
                "RETURN {
                    activities: count(SELECT VALUE id FROM activity WHERE org = $org),
                    staff: count(SELECT VALUE id FROM staff WHERE org = $org),
                    contributions: count(SELECT VALUE id FROM idea WHERE org = $org)
                        + count(SELECT VALUE id FROM survey_response WHERE org = $org)
                        + count(SELECT VALUE id FROM map_report WHERE org = $org)
                        + count(SELECT VALUE id FROM story WHERE org = $org)
                 }",
            )
            .bind(vars!("org" => org.as_str()))
            .await?;
        let sizes: Option<OrgSizes> = one(&mut res, 0)?;
        Ok(sizes.unwrap_or_default())
    }
}
