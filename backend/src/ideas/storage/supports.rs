//! Supports: one per person per idea. The record id is `[org, idea, voter]`, so a second
//! support from the same person cannot be stored, even under concurrency.

use super::read_idea;
use crate::domain::counts::Counts;
use crate::domain::moderation::Visibility;
use crate::domain::{OrgId, now_ms};
use crate::ideas::counts::SupportFacts;
use crate::storage::{StorageError, Store, ledger, one, tx_query};
use crate::vars;

/// Where a support comes from: a keyed hash of the address, and how many people there may
/// support one idea.
pub struct SupporterAddress {
    pub key: String,
    pub max: u32,
}

impl Store {
    /// Counts a support of `voter` (an HMAC, never an address) for a public idea of an open
    /// board; `AlreadyExists` if this person supports it already. Returns the new count.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn support(
        &self,
        org: &OrgId,
        board: &str,
        idea: &str,
        voter: &str,
        address: &SupporterAddress,
    ) -> Result<i64, StorageError> {
        let now = now_ms();
        self.write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                "SELECT open FROM ONLY type::record('activity', [$org, $board])",
                vars!("org" => org.as_str(), "board" => board),
            )
            .await?;
            let open: Option<serde_json::Value> = match one(&mut res, 0) {
                Ok(v) => v,
                Err(e) => return Err((Some(tx), e)),
            };
            match open {
                None => return Err((Some(tx), StorageError::NotFound)),
                Some(v) if v["open"] != serde_json::Value::Bool(true) => {
                    return Err((Some(tx), StorageError::Closed));
                }
                Some(_) => {}
            }
            let (tx, before) = read_idea(tx, org, idea).await?;
            if before.board != board || before.visibility != Visibility::Public {
                return Err((Some(tx), StorageError::NotFound));
            }
            // One counter per idea and address: two supports from one address at once
            // conflict on it and one is tried again, so the bound is exact.
            let (tx, mut res) = tx_query(
                tx,
                "SELECT VALUE id FROM ONLY type::record('support', [$org, $idea, $voter]);
                 SELECT VALUE n FROM ONLY type::record('support_address', [$org, $idea, $address]);",
                vars!("org" => org.as_str(), "idea" => idea, "voter" => voter, "address" => address.key.as_str()),
            )
            .await?;
            let already: Option<serde_json::Value> = match one(&mut res, 0) {
                Ok(v) => v,
                Err(e) => return Err((Some(tx), e)),
            };
            if already.is_some() {
                return Err((Some(tx), StorageError::AlreadyExists));
            }
            let from_address: Option<i64> = match one(&mut res, 1) {
                Ok(v) => v,
                Err(e) => return Err((Some(tx), e)),
            };
            if from_address.unwrap_or(0) >= i64::from(address.max) {
                return Err((Some(tx), StorageError::AddressFull));
            }
            let (tx, _) = tx_query(
                tx,
                "UPSERT type::record('support_address', [$org, $idea, $address]) SET n = (n ?? 0) + 1 RETURN NONE;
                 CREATE type::record('support', [$org, $idea, $voter]) SET org = $org, board = $board, idea = $idea, voter = $voter, created_at = $now RETURN NONE;
                 UPDATE type::record('idea', [$org, $idea]) SET supports += 1 RETURN NONE;",
                vars!("org" => org.as_str(), "board" => board, "idea" => idea, "voter" => voter, "address" => address.key.as_str(), "now" => now),
            )
            .await?;
            let mut after = before.clone();
            after.supports += 1;
            let mut delta = Counts::change(Some(&before), Some(&after));
            delta.merge(&Counts::of(&SupportFacts { created_at: now }));
            let tx = ledger::append(tx, org, board, &delta).await?;
            Ok((tx, after.supports))
        })
        .await
    }
}
