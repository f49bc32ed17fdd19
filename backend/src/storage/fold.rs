//! Folding the counters' logs (`stats`) into the folded counters, by epoch.
//!
//! Why an epoch can be folded exactly. A submission tags its ideas with the open epoch, and no
//! idea may join an epoch once its close has committed: then every idea of it committed before
//! the close, and any transaction that starts after the close sees all of them. Folding only
//! closed epochs, from a later transaction, misses none and counts none twice. Two ways to
//! make sure of that (`group_commit::EpochCheck`):
//! - several backends share the database: the submission checks the epoch in its own
//!   transaction with a locked read (`SELECT … FOR UPDATE`). Concurrent submissions do not
//!   conflict with each other, but any of them fails and tries again if the epoch record was
//!   written after its snapshot, and closing an epoch writes that record;
//! - this process is the database's only client (an embedded engine): commits hold a shared
//!   lock in the process and closing an epoch takes it exclusively, so no commit is under way
//!   while an epoch closes, and every later commit reads the new epoch.

use std::collections::BTreeMap;

use serde::Deserialize;
use surrealdb::Surreal;
use surrealdb::engine::any::Any;

use super::ideas::week_of;
use super::stats::{DeltaRow, NewIdea};
use super::{StorageError, Store, one, rows, tx_query};
use crate::domain::aggregate::Counters;
use crate::vars;

#[derive(Debug, Deserialize)]
struct FoldRow {
    #[serde(flatten)]
    delta: DeltaRow,
    /// The record id: `[org, board, key]`.
    k: (String, String, String),
}

/// The closed epoch to fold next (if any) and the open one.
#[derive(Debug, Deserialize)]
struct Epochs {
    next: Option<i64>,
    open: i64,
}

/// Deltas folded in one transaction at most (an epoch's ideas are folded whole: about a
/// second's worth of submissions).
const FOLD_MAX: usize = 500;

/// What one fold did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Folded {
    pub deltas: usize,
    pub ideas: usize,
    /// The epoch it folded, if one was closed (possibly without ideas).
    pub epoch: Option<i64>,
    /// Whether more was waiting when it folded: a later closed epoch, or deltas beyond `max`.
    pub more: bool,
}

impl Folded {
    pub fn any(&self) -> bool {
        self.deltas > 0 || self.epoch.is_some()
    }
}

/// Where the epochs stand: `open` is the one new ideas join, every epoch up to `folded` is in
/// the folded counters (so `folded < open`; the epochs in between are closed, waiting).
const OPEN: &str = "fold_state:open";
pub(super) const FOLDED: &str = "fold_state:folded";

/// What a group of new ideas runs in its transaction where backends share the database: a
/// locked read of the open epoch, which must still be the one (`$epoch`) the ideas are tagged
/// with (see the module comment). Tagging
/// them in the query instead (`$ideas.map(…)`) cost 0.2 ms more per commit.
pub(super) const INSERT_IDEAS: &str = "BEGIN;
IF (SELECT VALUE epoch FROM ONLY fold_state:open FOR UPDATE) != $epoch { THROW 'coproduce: epoch closed' };
INSERT INTO idea $ideas RETURN NONE;
COMMIT;";

/// The same where this process is the database's only client: the epoch is guarded in the
/// process (`group_commit::EpochCheck::InProcess`), so the transaction is the insert alone.
pub(super) const INSERT_IDEAS_SOLE: &str = "INSERT INTO idea $ideas RETURN NONE;";

/// What `INSERT_IDEAS` throws when the epoch has closed since it was read.
const EPOCH_CLOSED: &str = "coproduce: epoch closed";

/// Whether a group commit failed because its epoch closed (read the open one, try again).
pub(super) fn epoch_closed(e: &StorageError) -> bool {
    matches!(e, StorageError::Db(e) if e.message().contains(EPOCH_CLOSED))
}

/// The epoch new ideas join now.
pub(super) async fn open_epoch(db: &Surreal<Any>) -> Result<i64, StorageError> {
    let mut res = db
        .query(format!("SELECT VALUE epoch FROM ONLY {OPEN}"))
        .await?;
    one(&mut res, 0)?.ok_or(StorageError::NotFound)
}

impl Store {
    /// Closes the open epoch if any idea joined it, so the next fold can take it. Submissions
    /// of this process wait meanwhile (embedded database); those committing against it from
    /// other backends (shared database) conflict and try again in the new epoch.
    pub async fn close_epoch(&self) -> Result<bool, StorageError> {
        self.end_epoch(false).await
    }

    /// Where this process keeps tallies, closes the open epoch even if no idea joined it: that
    /// epoch was open before this process started, so it has no tally and its fold would read
    /// its ideas back (8 ms for 320 ideas, BENCHMARKS.md); the one this opens has a tally.
    pub async fn open_own_epoch(&self) -> Result<bool, StorageError> {
        if !self.ideas.keeps_tallies() {
            return Ok(false);
        }
        self.end_epoch(true).await
    }

    /// Closes the open epoch if an idea joined it or `always`.
    async fn end_epoch(&self, always: bool) -> Result<bool, StorageError> {
        // No commit of this process may run while the epoch closes, where none checks it in
        // its transaction; held until the commits know the new epoch.
        let _closing = self.ideas.closing().await;
        let opened = self.write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                &format!(
                    "LET $open = (SELECT VALUE epoch FROM ONLY {OPEN});
                     LET $used = (SELECT VALUE id FROM idea WITH INDEX idea_epoch WHERE epoch = $open LIMIT 1);
                     LET $close = $always OR array::len($used) > 0;
                     IF $close {{ UPDATE {OPEN} SET epoch += 1 RETURN NONE; }};
                     RETURN IF $close {{ $open + 1 }} ELSE {{ NONE }};"
                ),
                vars!("always" => always),
            )
            .await?;
            match one::<i64>(&mut res, 4) {
                Ok(opened) => Ok((tx, opened)),
                Err(e) => Err((Some(tx), e)),
            }
        })
        .await?;
        if let Some(opened) = opened {
            // This backend's next commit reads the new epoch instead of failing on the old one.
            self.ideas.forget_epoch();
            self.ideas.opened(opened);
        }
        Ok(opened.is_some())
    }

    /// Folds the oldest closed epoch (if any) and up to `max` deltas (of any board) into the
    /// boards' counters, deleting the deltas and moving the folded mark, in one transaction.
    /// Readers are exact before, during and after.
    pub async fn fold_counters(&self, max: usize) -> Result<Folded, StorageError> {
        let folded = self
            .write(move |tx| async move {
                let (tx, mut res) = tx_query(
                    tx,
                    &format!(
                        "SELECT c, week, ideas, supports, record::id(id) AS k FROM board_delta LIMIT $max;
                         LET $next = (SELECT VALUE epoch FROM ONLY {FOLDED}) + 1;
                         LET $open = (SELECT VALUE epoch FROM ONLY {OPEN});
                         RETURN {{ next: IF $next < $open {{ $next }} ELSE {{ NONE }}, open: $open }};"
                    ),
                    vars!("max" => max as i64),
                )
                .await?;
                let read = rows::<FoldRow>(&mut res, 0).and_then(|deltas| {
                    let epochs = one::<Epochs>(&mut res, 3)?.ok_or(StorageError::NotFound)?;
                    Ok((deltas, epochs))
                });
                let (deltas, Epochs { next: epoch, open }) = match read {
                    Ok(r) => r,
                    Err(e) => return Err((Some(tx), e)),
                };
                // Where this fold stops short; a round that knows nothing is left saves the
                // transaction that would find out (BENCHMARKS.md: 0.4 ms a round).
                let more = deltas.len() >= max || epoch.is_some_and(|next| next + 1 < open);
                // The closed epoch's ideas: as this process committed them, or read back.
                let (tx, ideas) = match epoch.map(|e| (e, self.ideas.tallied(e))) {
                    None => (tx, Vec::new()),
                    Some((_, Some(tallied))) => (tx, tallied),
                    Some((next, None)) => {
                        let (tx, mut res) = tx_query(
                            tx,
                            "SELECT org, board, born, created_at FROM idea WITH INDEX idea_epoch WHERE epoch = $next",
                            vars!("next" => next),
                        )
                        .await?;
                        match rows::<NewIdea>(&mut res, 0) {
                            Ok(ideas) => (tx, ideas),
                            Err(e) => return Err((Some(tx), e)),
                        }
                    }
                };
                let folded = Folded {
                    deltas: deltas.len(),
                    ideas: ideas.len(),
                    epoch,
                    more,
                };
                if !folded.any() {
                    return Ok((tx, folded));
                }
                let (sql, vars) = fold_sql(&deltas, &ideas, epoch);
                let (tx, _) = tx_query(tx, &sql, vars).await?;
                Ok((tx, folded))
            })
            .await?;
        if let Some(epoch) = folded.epoch {
            self.ideas.folded(epoch);
        }
        Ok(folded)
    }

    /// Closes the open epoch and folds everything there is to fold: what a fold round does.
    /// Returns how many ideas and deltas it folded.
    pub async fn fold_all(&self) -> Result<usize, StorageError> {
        self.close_epoch().await?;
        let mut total = 0;
        loop {
            let folded = self.fold_counters(FOLD_MAX).await?;
            total += folded.deltas + folded.ideas;
            if !folded.more {
                return Ok(total);
            }
        }
    }

    /// Folds every `every` until the task is dropped, so readers sum few entries. Any number
    /// of backends may do this at once: two closes, or two folds, of the same epoch conflict
    /// and one tries again.
    pub async fn keep_folding(self, every: std::time::Duration) {
        if let Err(e) = self.open_own_epoch().await {
            tracing::warn!(error = %e, "opening an epoch failed; folding reads the open one back");
        }
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = self.fold_all().await {
                tracing::warn!(error = %e, "folding the counters' logs failed; trying later");
            }
        }
    }
}

/// The statements that add `deltas` and `ideas` to the folded records, delete the deltas and
/// mark `epoch` (the ideas' epoch) folded.
fn fold_sql(
    deltas: &[FoldRow],
    ideas: &[NewIdea],
    epoch: Option<i64>,
) -> (String, serde_json::Value) {
    // (org, board, counters, week participation) of each delta and idea.
    let logged = deltas.iter().map(|d| {
        let week = d.delta.week.map(|w| (w, d.delta.ideas, d.delta.supports));
        (
            d.k.0.as_str(),
            d.k.1.as_str(),
            Counters::from_values(&d.delta.c),
            week,
        )
    });
    let new = ideas.iter().map(|i| {
        let week = Some((week_of(i.created_at), 1, 0));
        (i.org.as_str(), i.board.as_str(), i.counters(), week)
    });
    let mut boards: BTreeMap<(&str, &str), Counters> = BTreeMap::new();
    let mut weeks: BTreeMap<(&str, &str, i64), (i64, i64)> = BTreeMap::new();
    for (org, board, counters, week) in logged.chain(new) {
        let sum = boards.entry((org, board)).or_default();
        *sum = sum.plus(&counters);
        if let Some((week, ideas, supports)) = week {
            let w = weeks.entry((org, board, week)).or_default();
            w.0 += ideas;
            w.1 += supports;
        }
    }
    let mut vars = serde_json::Map::new();
    let mut sql = String::new();
    for (i, ((org, board), sum)) in boards.iter().enumerate() {
        let changed: Vec<(String, i64)> =
            sum.columns().into_iter().filter(|(_, v)| *v != 0).collect();
        if changed.is_empty() {
            continue;
        }
        // Column names come from `Counters::columns`, never from input.
        let sets: Vec<String> = changed
            .iter()
            .map(|(c, v)| {
                vars.insert(format!("s{i}_{c}"), (*v).into());
                format!("{c} += $s{i}_{c}")
            })
            .collect();
        vars.insert(format!("s{i}"), serde_json::json!([org, board]));
        vars.insert(format!("s{i}_org"), (*org).into());
        vars.insert(format!("s{i}_board"), (*board).into());
        sql.push_str(&format!(
            "UPSERT type::record('board_stat', $s{i}) SET org = $s{i}_org, board = $s{i}_board, {} RETURN NONE;\n",
            sets.join(", ")
        ));
    }
    for (i, ((org, board, week), (ideas, supports))) in weeks.iter().enumerate() {
        vars.insert(format!("w{i}"), serde_json::json!([org, board, week]));
        vars.insert(
            format!("w{i}_v"),
            serde_json::json!({"org": org, "board": board, "week": week, "ideas": ideas, "supports": supports}),
        );
        sql.push_str(&format!(
            "UPSERT type::record('board_week', $w{i}) SET org = $w{i}_v.org, board = $w{i}_v.board, week = $w{i}_v.week, ideas += $w{i}_v.ideas, supports += $w{i}_v.supports RETURN NONE;\n"
        ));
    }
    let keys: Vec<serde_json::Value> = deltas
        .iter()
        .map(|d| serde_json::json!([d.k.0, d.k.1, d.k.2]))
        .collect();
    vars.insert("deltas".into(), keys.into());
    sql.push_str("FOR $k IN $deltas { DELETE type::record('board_delta', $k) RETURN NONE; };\n");
    if let Some(epoch) = epoch {
        vars.insert("epoch".into(), epoch.into());
        sql.push_str(&format!(
            "UPDATE {FOLDED} SET epoch = $epoch RETURN NONE;\n"
        ));
    }
    (sql, vars.into())
}
