//! Receipts of every kind: a contributor's private token (only its SHA-256 is stored) leads to
//! what they gave, whatever the activity. Written in the same transaction as the record.

use coproduce_widgets::contract::ActivityKind;
use serde::Deserialize;

use super::{StorageError, Store, one};
use crate::domain::{OrgId, now_ms};
use crate::vars;

/// The table receipts are stored in.
pub(crate) const RECEIPT: &str = "receipt";

#[derive(Debug, Clone, Deserialize)]
pub struct ReceiptRow {
    pub kind: ActivityKind,
    pub activity: String,
    /// The record's key within its kind.
    pub record: String,
    pub created_at: i64,
}

/// A receipt as `INSERT INTO receipt` takes it.
pub(crate) fn receipt_doc(
    org: &OrgId,
    hash: &str,
    kind: ActivityKind,
    activity: &str,
    record: &str,
) -> serde_json::Value {
    serde_json::json!({
        "id": [org.as_str(), hash],
        "org": org.as_str(),
        "kind": kind,
        "activity": activity,
        "record": record,
        "created_at": now_ms(),
    })
}

impl Store {
    /// What the receipt with this token hash leads to, in this organisation only.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn receipt(&self, org: &OrgId, hash: &str) -> Result<ReceiptRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('receipt', [$org, $hash])")
            .bind(vars!("org" => org.as_str(), "hash" => hash))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }
}
