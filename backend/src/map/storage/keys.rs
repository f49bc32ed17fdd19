//! Open311 API keys: a city system sends one with every new request. Staff issue a key per
//! map and see it once; only its SHA-256 is kept, under the organisation and the map.

use serde::Deserialize;

use crate::domain::{OrgId, now_ms, random_key};
use crate::storage::{StorageError, Store, one, rows};
use crate::vars;

/// A key as the console lists it: the start of its hash (to revoke it by), its label, when.
#[derive(Debug, Clone, Deserialize)]
pub struct KeyRow {
    pub hash: String,
    pub label: String,
    pub created_at: i64,
}

impl Store {
    /// Issues a key for the map; returns it (the only time it is seen).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn issue_open311_key(
        &self,
        org: &OrgId,
        map: &str,
        label: &str,
    ) -> Result<String, StorageError> {
        let key = random_key(32);
        let hash = crate::http::abuse::sha256_hex(&key);
        self.db
            .query("CREATE type::record('open311_key', [$org, $map, $hash]) SET label = $label, created_at = $now RETURN NONE")
            .bind(vars!("org" => org.as_str(), "map" => map, "hash" => hash, "label" => label, "now" => now_ms()))
            .await?
            .check()?;
        Ok(key)
    }

    /// Whether `key` is a key of this map.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn open311_key_valid(
        &self,
        org: &OrgId,
        map: &str,
        key: &str,
    ) -> Result<bool, StorageError> {
        let hash = crate::http::abuse::sha256_hex(key);
        let mut res = self
            .db
            .query("SELECT VALUE created_at FROM ONLY type::record('open311_key', [$org, $map, $hash])")
            .bind(vars!("org" => org.as_str(), "map" => map, "hash" => hash))
            .await?;
        Ok(one::<i64>(&mut res, 0)?.is_some())
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn open311_keys(&self, org: &OrgId, map: &str) -> Result<Vec<KeyRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT record::id(id)[2] AS hash, label, created_at FROM open311_key:[$org, $map, NONE]..=[$org, $map, ..]")
            .bind(vars!("org" => org.as_str(), "map" => map))
            .await?;
        rows(&mut res, 0)
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn revoke_open311_key(
        &self,
        org: &OrgId,
        map: &str,
        hash: &str,
    ) -> Result<(), StorageError> {
        self.db
            .query("DELETE type::record('open311_key', [$org, $map, $hash]) RETURN NONE")
            .bind(vars!("org" => org.as_str(), "map" => map, "hash" => hash))
            .await?
            .check()?;
        Ok(())
    }
}
