//! Board counters, spread over shard records and summed on read (a handful of rows per board,
//! never a scan of the ideas).

use serde::Deserialize;

use super::{STAT_SHARDS, StorageError, Store, Tx, rows, tx_query};
use crate::domain::OrgId;
use crate::domain::aggregate::Counters;
use crate::vars;

/// Participation to add to a week's counts.
#[derive(Debug, Clone, Copy)]
pub struct WeekDelta {
    pub week: i64,
    pub ideas: i64,
    pub supports: i64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct WeekCount {
    pub week: i64,
    pub ideas: i64,
    pub supports: i64,
}

/// SurrealQL and variables that add `delta` to one random shard of the board's counters (and
/// the week's participation). Empty when nothing changes.
pub(super) fn stats_sql(
    org: &OrgId,
    board: &str,
    delta: &Counters,
    week: Option<WeekDelta>,
) -> (String, serde_json::Value) {
    let shard = rand::random_range(0..STAT_SHARDS) as i64;
    let mut vars = vars!("org" => org.as_str(), "board" => board, "shard" => shard);
    let mut sql = String::new();
    let changed: Vec<(String, i64)> = delta
        .columns()
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .collect();
    if !changed.is_empty() {
        // Column names come from `Counters::columns`, never from input.
        let sets: Vec<String> = changed
            .iter()
            .map(|(c, _)| format!("{c} += $d_{c}"))
            .collect();
        for (c, v) in &changed {
            vars[format!("d_{c}")] = (*v).into();
        }
        sql.push_str(&format!(
            "UPSERT type::record('board_stat', [$org, $board, $shard]) SET org = $org, board = $board, {} RETURN NONE;",
            sets.join(", ")
        ));
    }
    if let Some(w) = week {
        vars["week"] = w.week.into();
        vars["w_ideas"] = w.ideas.into();
        vars["w_supports"] = w.supports.into();
        sql.push_str("UPSERT type::record('board_week', [$org, $board, $week, $shard]) SET org = $org, board = $board, week = $week, ideas += $w_ideas, supports += $w_supports RETURN NONE;");
    }
    (sql, vars)
}

/// Adds `delta` to the board's counters inside the caller's transaction.
pub(super) async fn apply_stats(
    tx: Tx,
    org: &OrgId,
    board: &str,
    delta: &Counters,
    week: Option<WeekDelta>,
) -> Result<Tx, (Option<Tx>, StorageError)> {
    let (sql, vars) = stats_sql(org, board, delta, week);
    if sql.is_empty() {
        return Ok(tx);
    }
    let (tx, _) = tx_query(tx, &sql, vars).await?;
    Ok(tx)
}

impl Store {
    /// The board's counters: the sum of its shards.
    pub async fn board_counters(&self, org: &OrgId, board: &str) -> Result<Counters, StorageError> {
        let mut res = self
            .db
            .query("SELECT * OMIT id FROM board_stat WHERE org = $org AND board = $board")
            .bind(vars!("org" => org.as_str(), "board" => board))
            .await?;
        let shards: Vec<serde_json::Map<String, serde_json::Value>> = rows(&mut res, 0)?;
        Ok(Counters::from_columns(|col| {
            shards
                .iter()
                .map(|s| s.get(col).and_then(serde_json::Value::as_i64).unwrap_or(0))
                .sum()
        }))
    }

    /// Ideas and supports per week, oldest first.
    pub async fn board_weeks(
        &self,
        org: &OrgId,
        board: &str,
    ) -> Result<Vec<WeekCount>, StorageError> {
        let mut res = self
            .db
            .query("SELECT week, math::sum(ideas) AS ideas, math::sum(supports) AS supports FROM board_week WHERE org = $org AND board = $board GROUP BY week ORDER BY week")
            .bind(vars!("org" => org.as_str(), "board" => board))
            .await?;
        rows(&mut res, 0)
    }

    /// Counts the board again from its ideas: the check that the counters are exact.
    pub async fn recount(&self, org: &OrgId, board: &str) -> Result<Counters, StorageError> {
        Ok(self
            .all_ideas(org, board)
            .await?
            .iter()
            .fold(Counters::default(), |acc, idea| {
                acc.plus(&Counters::of(&idea.facts()))
            }))
    }
}
