//! Board counters from durable logs, never from a shared record every write updates.
//!
//! Two logs feed the counters, both written in the writer's own transaction:
//! - a new idea is stored with `folded = false`: it *is* its own entry, so a submission writes
//!   nothing but the idea (SurrealKV makes one hot record cost 32 writers ~20 retries each);
//! - any other change (a support, a status, a hide, a merge) appends a small `board_delta`
//!   record with its change to the counters and to the week's participation. Appends never
//!   conflict with each other.
//!
//! A reader sums the folded counters (`board_stat`, `board_week`), the deltas and the counters
//! of the ideas not folded yet, in one snapshot. `fold_counters` adds deltas and new ideas to the
//! folded records, deletes those deltas and marks those ideas folded, in one transaction. So
//! every change is counted exactly once at any moment, whatever runs concurrently: a write to an
//! idea that a fold also marks conflicts with it, and one of them tries again.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ideas::{stored_facts, week_of};
use super::{StorageError, Store, Tx, rows, tx_query};
use crate::domain::aggregate::Counters;
use crate::domain::{OrgId, random_key};
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

/// Records `delta` (and the week's participation) inside the caller's transaction: one new
/// `board_delta` record, nothing when nothing changes.
pub(super) async fn append_delta(
    tx: Tx,
    org: &OrgId,
    board: &str,
    delta: &Counters,
    week: Option<WeekDelta>,
) -> Result<Tx, (Option<Tx>, StorageError)> {
    let week = week.filter(|w| w.ideas != 0 || w.supports != 0);
    if delta.is_zero() && week.is_none() {
        return Ok(tx);
    }
    // `week` stays NONE (not JSON null, which the schema refuses) when there is none.
    let sql = if week.is_some() {
        "CREATE type::record('board_delta', $id) SET c = $c, week = $week, ideas = $ideas, supports = $supports RETURN NONE"
    } else {
        "CREATE type::record('board_delta', $id) SET c = $c, ideas = 0, supports = 0 RETURN NONE"
    };
    let vars = vars!(
        "id" => [org.as_str(), board, random_key(16).as_str()],
        "c" => delta.values(),
        "week" => week.map(|w| w.week),
        "ideas" => week.map(|w| w.ideas).unwrap_or(0),
        "supports" => week.map(|w| w.supports).unwrap_or(0)
    );
    let (tx, _) = tx_query(tx, sql, vars).await?;
    Ok(tx)
}

#[derive(Debug, Deserialize)]
struct DeltaRow {
    c: Vec<i64>,
    week: Option<i64>,
    ideas: i64,
    supports: i64,
}

#[derive(Debug, Deserialize)]
struct FoldRow {
    #[serde(flatten)]
    delta: DeltaRow,
    /// The record id: `[org, board, key]`.
    k: (String, String, String),
}

/// Deltas folded in one transaction at most.
const FOLD_MAX: usize = 500;

/// What the counters need of an idea not folded yet (reading whole ideas cost the fold time).
#[derive(Debug, Deserialize)]
struct UnfoldedIdea {
    org: String,
    board: String,
    key: String,
    visibility: String,
    status: String,
    supports: i64,
    created_at: i64,
    #[serde(default)]
    first_answer_at: Option<i64>,
}

impl UnfoldedIdea {
    fn counters(&self) -> Counters {
        Counters::of(&stored_facts(
            &self.visibility,
            &self.status,
            self.supports,
            self.created_at,
            self.first_answer_at,
        ))
    }
}

const UNFOLDED_FIELDS: &str =
    "org, board, key, visibility, status, supports, created_at, first_answer_at";

/// The ideas of one board not folded yet, for its readers (few: folding runs every second).
const BOARD_UNFOLDED: &str = "FROM idea WHERE folded = false AND org = $org AND board = $board";

/// The deltas of one board, for its readers.
const BOARD_DELTAS: &str =
    "SELECT c, week, ideas, supports FROM board_delta:[$org, $board, NONE]..=[$org, $board, ..]";

impl Store {
    /// The board's counters: the folded counters, the deltas and the ideas not folded yet, read
    /// in one snapshot.
    pub async fn board_counters(&self, org: &OrgId, board: &str) -> Result<Counters, StorageError> {
        let mut res = self
            .snapshot(
                &format!(
                    "SELECT * OMIT id FROM board_stat WHERE org = $org AND board = $board; {BOARD_DELTAS}; SELECT {UNFOLDED_FIELDS} {BOARD_UNFOLDED};"
                ),
                vars!("org" => org.as_str(), "board" => board),
            )
            .await?;
        let folded: Vec<serde_json::Map<String, serde_json::Value>> = rows(&mut res, 0)?;
        let deltas: Vec<DeltaRow> = rows(&mut res, 1)?;
        let ideas: Vec<UnfoldedIdea> = rows(&mut res, 2)?;
        let folded = Counters::from_columns(|col| {
            folded
                .iter()
                .map(|s| s.get(col).and_then(serde_json::Value::as_i64).unwrap_or(0))
                .sum()
        });
        let pending = deltas
            .iter()
            .map(|d| Counters::from_values(&d.c))
            .chain(ideas.iter().map(UnfoldedIdea::counters));
        Ok(pending.fold(folded, |acc, c| acc.plus(&c)))
    }

    /// Ideas and supports per week, oldest first.
    pub async fn board_weeks(
        &self,
        org: &OrgId,
        board: &str,
    ) -> Result<Vec<WeekCount>, StorageError> {
        let mut res = self
            .snapshot(
                &format!(
                    "SELECT week, ideas, supports FROM board_week WHERE org = $org AND board = $board; {BOARD_DELTAS}; SELECT {UNFOLDED_FIELDS} {BOARD_UNFOLDED};"
                ),
                vars!("org" => org.as_str(), "board" => board),
            )
            .await?;
        let folded: Vec<WeekCount> = rows(&mut res, 0)?;
        let deltas: Vec<DeltaRow> = rows(&mut res, 1)?;
        let ideas: Vec<UnfoldedIdea> = rows(&mut res, 2)?;
        let mut weeks: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
        let stored = folded.iter().map(|w| (w.week, w.ideas, w.supports));
        let logged = deltas
            .iter()
            .filter_map(|d| d.week.map(|w| (w, d.ideas, d.supports)));
        let new = ideas.iter().map(|i| (week_of(i.created_at), 1, 0));
        for (week, ideas, supports) in stored.chain(logged).chain(new) {
            let entry = weeks.entry(week).or_default();
            entry.0 += ideas;
            entry.1 += supports;
        }
        Ok(weeks
            .into_iter()
            .map(|(week, (ideas, supports))| WeekCount {
                week,
                ideas,
                supports,
            })
            .collect())
    }

    /// Folds up to `max` deltas and `max` new ideas (of any board) into the boards' counters,
    /// deleting the deltas and marking the ideas folded, in one transaction. Returns how many
    /// were folded. Readers are exact before, during and after; folding keeps their work small.
    pub async fn fold_counters(&self, max: usize) -> Result<usize, StorageError> {
        self.write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                &format!(
                    "SELECT c, week, ideas, supports, record::id(id) AS k FROM board_delta LIMIT $max;
                     SELECT {UNFOLDED_FIELDS} FROM idea WHERE folded = false LIMIT $max;"
                ),
                vars!("max" => max as i64),
            )
            .await?;
            let read = rows::<FoldRow>(&mut res, 0)
                .and_then(|deltas| Ok((deltas, rows::<UnfoldedIdea>(&mut res, 1)?)));
            let (deltas, ideas) = match read {
                Ok(r) => r,
                Err(e) => return Err((Some(tx), e)),
            };
            if deltas.is_empty() && ideas.is_empty() {
                return Ok((tx, 0));
            }
            let (sql, vars) = fold_sql(&deltas, &ideas);
            let (tx, _) = tx_query(tx, &sql, vars).await?;
            Ok((tx, deltas.len() + ideas.len()))
        })
        .await
    }

    /// Folds deltas every `every` until the task is dropped, so readers sum few of them. Any
    /// number of backends may do this at once: two folds of the same delta conflict and one
    /// tries again.
    pub async fn keep_folding(self, every: std::time::Duration) {
        loop {
            tokio::time::sleep(every).await;
            loop {
                match self.fold_counters(FOLD_MAX).await {
                    Ok(n) if n == FOLD_MAX => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "folding counter deltas failed; trying later");
                        break;
                    }
                }
            }
        }
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

/// The statements that add `deltas` and `ideas` to the folded records, delete the deltas and
/// mark the ideas folded.
fn fold_sql(deltas: &[FoldRow], ideas: &[UnfoldedIdea]) -> (String, serde_json::Value) {
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
    let keys: Vec<serde_json::Value> = ideas
        .iter()
        .map(|i| serde_json::json!([i.org, i.key]))
        .collect();
    vars.insert("ideas".into(), keys.into());
    sql.push_str(
        "FOR $k IN $ideas { UPDATE type::record('idea', $k) SET folded = true RETURN NONE; };\n",
    );
    (sql, vars.into())
}
