//! The ledger: every activity's counts, exact at every moment, and no record that every write
//! updates (SurrealDB's optimistic transactions make such a record cost each of 32 writers
//! about twenty retries).
//!
//! - Every write appends its change to the counts (`Counts`, named keys) as a new
//!   `ledger_delta` record, in the write's own transaction; appends never conflict with each
//!   other. A group commit appends one summed delta for its whole group.
//! - A fold adds some deltas into the `ledger_count` records (one per activity and key) and
//!   deletes them, in one transaction. Two folds at once conflict, and one tries again.
//! - Readers add the counts and the pending deltas of an activity in one snapshot, so they see
//!   each delta exactly once, before or after its fold.
//!
//! The same code runs on the embedded engine and on a SurrealDB server shared by backends.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{StorageError, Store, Tx, rows, tx_query};
use crate::domain::counts::Counts;
use crate::domain::{OrgId, random_key};
use crate::vars;

/// Deltas folded in one transaction at most.
const FOLD_MAX: usize = 500;

/// A delta as `INSERT INTO ledger_delta` takes it: a fresh id under its activity.
pub(crate) fn delta_doc(org: &OrgId, scope: &str, counts: &Counts) -> serde_json::Value {
    serde_json::json!({
        "id": [org.as_str(), scope, random_key(16)],
        "counts": counts,
    })
}

/// Appends `counts` to the activity's ledger inside the caller's transaction (nothing when
/// nothing changes).
#[tracing::instrument(skip_all, fields(org = %org))]
pub(crate) async fn append(
    tx: Tx,
    org: &OrgId,
    scope: &str,
    counts: &Counts,
) -> Result<Tx, (Option<Tx>, StorageError)> {
    if counts.is_empty() {
        return Ok(tx);
    }
    let (tx, _) = tx_query(
        tx,
        "INSERT INTO ledger_delta $delta RETURN NONE",
        vars!("delta" => delta_doc(org, scope, counts)),
    )
    .await?;
    Ok(tx)
}

#[derive(Debug, Deserialize)]
struct CountRow {
    name: String,
    n: i64,
}

#[derive(Debug, Deserialize)]
struct DeltaRow {
    /// The record id: `[org, scope, key]`.
    k: (String, String, String),
    counts: Counts,
}

/// What one fold did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    pub deltas: usize,
    /// Whether more deltas were waiting beyond the ones it took.
    pub more: bool,
}

impl Store {
    /// An activity's counts: the folded counts and the pending deltas, in one snapshot.
    #[tracing::instrument(skip_all, fields(org = %org, scope))]
    pub async fn counts(&self, org: &OrgId, scope: &str) -> Result<Counts, StorageError> {
        let mut res = self
            .snapshot(
                "SELECT name, n FROM ledger_count:[$org, $scope, NONE]..=[$org, $scope, ..];
                 SELECT VALUE counts FROM ledger_delta:[$org, $scope, NONE]..=[$org, $scope, ..];",
                vars!("org" => org.as_str(), "scope" => scope),
            )
            .await?;
        let folded: Vec<CountRow> = rows(&mut res, 0)?;
        let pending: Vec<Counts> = rows(&mut res, 1)?;
        let mut counts: Counts = folded.into_iter().map(|c| (c.name, c.n)).collect();
        for delta in &pending {
            counts.merge(delta);
        }
        Ok(counts)
    }

    /// The counts of `scope` whose names start with `prefix` (which ends with `:`): a part of
    /// a large scope, such as one zoom of a map's grid, read by the range of its names.
    #[tracing::instrument(skip_all, fields(org = %org, scope))]
    pub async fn counts_named(
        &self,
        org: &OrgId,
        scope: &str,
        prefix: &str,
    ) -> Result<Counts, StorageError> {
        // `:` + 1 is `;`: every name with the prefix sorts before it.
        let end = format!("{};", prefix.trim_end_matches(':'));
        let mut res = self
            .snapshot(
                "SELECT name, n FROM ledger_count:[$org, $scope, $from]..[$org, $scope, $to];
                 SELECT VALUE counts FROM ledger_delta:[$org, $scope, NONE]..=[$org, $scope, ..];",
                vars!("org" => org.as_str(), "scope" => scope, "from" => prefix, "to" => end),
            )
            .await?;
        let folded: Vec<CountRow> = rows(&mut res, 0)?;
        let pending: Vec<Counts> = rows(&mut res, 1)?;
        let mut counts: Counts = folded.into_iter().map(|c| (c.name, c.n)).collect();
        for delta in &pending {
            for (name, n) in delta.iter() {
                if name.starts_with(prefix) {
                    counts.add(name, n);
                }
            }
        }
        Ok(counts)
    }

    /// The counts of every scope from `first` to `last` (both included, in string order)
    /// added together, in one snapshot: a survey's days, for instance.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn counts_between(
        &self,
        org: &OrgId,
        first: &str,
        last: &str,
    ) -> Result<Counts, StorageError> {
        let mut res = self
            .snapshot(
                "SELECT name, n FROM ledger_count:[$org, $first, NONE]..=[$org, $last, ..];
                 SELECT VALUE counts FROM ledger_delta:[$org, $first, NONE]..=[$org, $last, ..];",
                vars!("org" => org.as_str(), "first" => first, "last" => last),
            )
            .await?;
        let folded: Vec<CountRow> = rows(&mut res, 0)?;
        let pending: Vec<Counts> = rows(&mut res, 1)?;
        let mut counts = Counts::default();
        for c in folded {
            counts.add(c.name, c.n);
        }
        for delta in &pending {
            counts.merge(delta);
        }
        Ok(counts)
    }

    /// Folds up to `max` deltas (of any activity) into the counts and deletes them, in one
    /// transaction.
    #[tracing::instrument(skip_all)]
    pub async fn fold(&self, max: usize) -> Result<Folded, StorageError> {
        self.write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                "SELECT record::id(id) AS k, counts FROM ledger_delta LIMIT $max",
                vars!("max" => max as i64 + 1),
            )
            .await?;
            let mut deltas: Vec<DeltaRow> = match rows(&mut res, 0) {
                Ok(d) => d,
                Err(e) => return Err((Some(tx), e)),
            };
            let more = deltas.len() > max;
            deltas.truncate(max);
            if deltas.is_empty() {
                return Ok((tx, Folded { deltas: 0, more }));
            }
            let (sums, done) = fold_plan(&deltas);
            let (tx, _) = tx_query(
                tx,
                "FOR $c IN $sums { UPSERT type::record('ledger_count', $c.id) SET name = $c.name, n = (n ?? 0) + $c.n RETURN NONE; };
                 FOR $d IN $done { DELETE type::record('ledger_delta', $d) RETURN NONE; };",
                vars!("sums" => sums, "done" => done),
            )
            .await?;
            Ok((
                tx,
                Folded {
                    deltas: deltas.len(),
                    more,
                },
            ))
        })
        .await
    }

    /// Folds until no delta is left (those appended meanwhile included); returns how many.
    #[tracing::instrument(skip_all)]
    pub async fn fold_all(&self) -> Result<usize, StorageError> {
        let mut total = 0;
        loop {
            let folded = self.fold(FOLD_MAX).await?;
            total += folded.deltas;
            if !folded.more {
                return Ok(total);
            }
        }
    }

    /// Folds every `every` until the task is dropped, so that readers add few deltas. Any
    /// number of backends may do this at once.
    pub async fn keep_folding(self, every: std::time::Duration) {
        loop {
            tokio::time::sleep(every).await;
            match self.fold_all().await {
                Ok(folded) => {
                    let m = &crate::metrics::STORAGE;
                    m.ledger_pending.set(folded as i64);
                    m.ledger_folded.inc_by(folded as u64);
                }
                Err(e) => tracing::warn!(error = %e, "folding the ledger failed; trying later"),
            }
        }
    }
}

/// The sums to add per (org, scope, key) and the deltas to delete.
fn fold_plan(deltas: &[DeltaRow]) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let mut sums: BTreeMap<(&str, &str, &str), i64> = BTreeMap::new();
    for d in deltas {
        for (name, n) in d.counts.iter() {
            *sums.entry((&d.k.0, &d.k.1, name)).or_default() += n;
        }
    }
    let sums = sums
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((org, scope, name), n)| {
            serde_json::json!({ "id": [org, scope, name], "name": name, "n": n })
        })
        .collect();
    let done = deltas
        .iter()
        .map(|d| serde_json::json!([d.k.0, d.k.1, d.k.2]))
        .collect();
    (sums, done)
}
