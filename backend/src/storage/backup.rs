//! Backups: the whole database as SurrealQL (its schema, every record, the ledger's counts and
//! pending deltas, the migrations applied), written while serving from one read of the engine;
//! and a backup restored into an empty installation.

use std::path::Path;

use futures_util::{Stream, StreamExt};

use super::{StorageError, Store, migrations};
use crate::config::DatabaseSettings;

impl Store {
    /// The database as SurrealQL, a chunk at a time (the embedded engines; SurrealDB's
    /// WebSocket protocol has no export: back a server up with `surreal export`).
    pub async fn export(
        &self,
    ) -> Result<impl Stream<Item = Result<Vec<u8>, StorageError>> + use<>, StorageError> {
        let backup = self.db.export(()).await?;
        Ok(backup.map(|chunk| chunk.map_err(StorageError::from)))
    }

    /// Restores the backup `file` into the empty database of `settings`, then brings its
    /// schema up to date (a backup of an older release is migrated as that release's
    /// database would be).
    pub async fn restore(settings: &DatabaseSettings, file: &Path) -> Result<Self, StorageError> {
        let raw = Self::open(settings).await?;
        raw.restore_into(file).await?;
        Ok(raw)
    }

    /// Restores `file` into this database if it holds nothing (no table): nothing is merged.
    pub async fn restore_into(&self, file: &Path) -> Result<(), StorageError> {
        let mut res = self.db.query("INFO FOR DB").await?;
        let info: Option<serde_json::Value> = res.take(0)?;
        let tables = info
            .as_ref()
            .and_then(|i| i.get("tables"))
            .and_then(|t| t.as_object())
            .map_or(0, |t| t.len());
        if tables > 0 {
            return Err(StorageError::NotEmpty);
        }
        self.db.import(file).await?;
        migrations::run(self).await
    }
}
