//! Board counters from durable logs, never from a shared record every write updates.
//!
//! Two logs feed the counters, both written in the writer's own transaction:
//! - a new idea is its own entry: it carries the facts it was born with (`born`) and the
//!   *epoch* it was committed in, so a submission writes the idea and nothing else (SurrealKV
//!   makes one hot record cost 32 writers ~20 retries each);
//! - any later change (a support, a status, a hide, a merge) appends a small `board_delta`
//!   record with its change to the counters and to the week's participation. Appends never
//!   conflict with each other.
//!
//! Readers sum the folded counters (`board_stat`, `board_week`), the deltas and the born facts
//! of the ideas in epochs not folded yet, in one snapshot. The fold adds a closed epoch's ideas
//! and some deltas to the folded records, deletes those deltas and moves the folded-epoch mark,
//! in one transaction (`fold`). It never rewrites an idea: that cost as much as the insert
//! itself. Where this process is the database's only client it does not read the epoch's ideas
//! back either, but takes them from the tally the commits kept (`tally`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fold::FOLDED;
use super::ideas::{IdeaRow, stored_facts, week_of};
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

/// A `board_delta` record as readers and the fold read it.
#[derive(Debug, Deserialize)]
pub(super) struct DeltaRow {
    pub c: Vec<i64>,
    pub week: Option<i64>,
    pub ideas: i64,
    pub supports: i64,
}

/// The facts an idea was born with: what it adds to the counters until its epoch is folded,
/// whatever happens to it later (later changes append deltas).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(super) struct Born {
    pub visibility: String,
    pub status: String,
    pub supports: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_answer_at: Option<i64>,
}

impl Born {
    pub(super) fn of(idea: &IdeaRow) -> Self {
        Self {
            visibility: idea.visibility.clone(),
            status: idea.status.clone(),
            supports: idea.supports,
            first_answer_at: idea.first_answer_at,
        }
    }
}

/// What the counters need of an idea in an epoch not folded yet.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct NewIdea {
    pub org: String,
    pub board: String,
    pub born: Born,
    pub created_at: i64,
}

impl NewIdea {
    pub(super) fn counters(&self) -> Counters {
        let b = &self.born;
        Counters::of(&stored_facts(
            &b.visibility,
            &b.status,
            b.supports,
            self.created_at,
            b.first_answer_at,
        ))
    }
}

/// The ideas of one board in epochs not folded yet, for its readers (few: the fold runs every
/// second). Follows a `LET $folded`. Left to itself the planner also scans `idea_board`: all of
/// the board's ideas.
const BOARD_NEW_IDEAS: &str = "SELECT org, board, born, created_at FROM idea WITH INDEX idea_epoch WHERE epoch > $folded AND org = $org AND board = $board";

/// The deltas of one board, for its readers.
const BOARD_DELTAS: &str =
    "SELECT c, week, ideas, supports FROM board_delta:[$org, $board, NONE]..=[$org, $board, ..]";

/// What a reader sums: folded records, deltas, new ideas (statements 0, 1 and 3).
fn board_log_sql(folded: &str) -> String {
    format!(
        "{folded}; {BOARD_DELTAS}; LET $folded = (SELECT VALUE epoch FROM ONLY {FOLDED}); {BOARD_NEW_IDEAS};"
    )
}

impl Store {
    /// The board's counters: the folded counters, the deltas and the new ideas, read in one
    /// snapshot.
    pub async fn board_counters(&self, org: &OrgId, board: &str) -> Result<Counters, StorageError> {
        let mut res = self
            .snapshot(
                &board_log_sql(
                    "SELECT * OMIT id FROM board_stat WHERE org = $org AND board = $board",
                ),
                vars!("org" => org.as_str(), "board" => board),
            )
            .await?;
        let folded: Vec<serde_json::Map<String, serde_json::Value>> = rows(&mut res, 0)?;
        let deltas: Vec<DeltaRow> = rows(&mut res, 1)?;
        let ideas: Vec<NewIdea> = rows(&mut res, 3)?;
        let folded = Counters::from_columns(|col| {
            folded
                .iter()
                .map(|s| s.get(col).and_then(serde_json::Value::as_i64).unwrap_or(0))
                .sum()
        });
        let pending = deltas
            .iter()
            .map(|d| Counters::from_values(&d.c))
            .chain(ideas.iter().map(NewIdea::counters));
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
                &board_log_sql(
                    "SELECT week, ideas, supports FROM board_week WHERE org = $org AND board = $board",
                ),
                vars!("org" => org.as_str(), "board" => board),
            )
            .await?;
        let folded: Vec<WeekCount> = rows(&mut res, 0)?;
        let deltas: Vec<DeltaRow> = rows(&mut res, 1)?;
        let ideas: Vec<NewIdea> = rows(&mut res, 3)?;
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
