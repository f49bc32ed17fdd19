//! Ideas: submission, listing, receipts. Every write records its change to the board counters
//! in the same transaction (see `domain::aggregate` and `stats`).

use coproduce_widgets::contract::{IdeaStatus, Moderation, Sort, StatusEntry};
use serde::{Deserialize, Serialize};

use super::group_commit::Pending;
use super::stats::append_delta;
use super::{StorageError, Store, Tx, one, rows, tx_query};
use crate::domain::aggregate::{Counters, IdeaFacts};
use crate::domain::idea::{IdeaDraft, Visibility};
use crate::domain::{OrgId, now_ms, random_key};
use crate::vars;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HistoryRow {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    pub at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IdeaRow {
    pub org: String,
    pub board: String,
    pub key: String,
    pub title: String,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub status: String,
    pub supports: i64,
    pub visibility: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_answer_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_answer_at: Option<i64>,
    pub receipt: String,
    #[serde(default)]
    pub history: Vec<HistoryRow>,
}

/// An unknown stored visibility counts as hidden: never shown, never counted as public.
fn parse_visibility(stored: &str) -> Visibility {
    Visibility::parse(stored).unwrap_or(Visibility::Hidden)
}

/// What an idea says about its board, from its stored fields.
pub(super) fn stored_facts(
    visibility: &str,
    status: &str,
    supports: i64,
    created_at: i64,
    first_answer_at: Option<i64>,
) -> IdeaFacts {
    IdeaFacts {
        visibility: parse_visibility(visibility),
        status: IdeaStatus::parse(status).unwrap_or(IdeaStatus::New),
        supports,
        first_answer_after_ms: first_answer_at.map(|t| t - created_at),
    }
}

impl IdeaRow {
    pub fn status(&self) -> IdeaStatus {
        IdeaStatus::parse(&self.status).unwrap_or(IdeaStatus::New)
    }

    pub fn visibility(&self) -> Visibility {
        parse_visibility(&self.visibility)
    }

    /// What a change from `before` to `after` adds to the counters (a new idea counts with
    /// the facts it was born with, so every later change is a delta, folded or not).
    pub fn counted_change(before: &Self, after: &Self) -> Counters {
        Counters::delta(Some(&before.facts()), Some(&after.facts()))
    }

    pub fn facts(&self) -> IdeaFacts {
        stored_facts(
            &self.visibility,
            &self.status,
            self.supports,
            self.created_at,
            self.first_answer_at,
        )
    }

    pub fn history(&self) -> Vec<StatusEntry> {
        self.history
            .iter()
            .map(|h| StatusEntry {
                status: IdeaStatus::parse(&h.status).unwrap_or(IdeaStatus::New),
                answer: h.answer.clone(),
                at: h.at,
            })
            .collect()
    }
}

/// What a submission stores besides the draft.
pub struct NewIdeaRecord<'a> {
    pub board: &'a str,
    pub draft: &'a IdeaDraft,
    /// SHA-256 of the receipt token; the token itself is only given to the contributor.
    pub receipt_hash: &'a str,
    /// The board's moderation as the caller read it.
    pub moderation: Moderation,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ListFilter {
    pub sort: Sort,
    pub status: Option<IdeaStatus>,
    pub limit: usize,
}

/// Monday-based week number of a Unix-millisecond time.
pub fn week_of(ms: i64) -> i64 {
    (ms.div_euclid(86_400_000) + 3).div_euclid(7)
}

/// Where a chunk of a board's ideas (newest first) ended: the creation time of its last idea,
/// and how many ideas of exactly that time it held, which the next chunk skips. Ideas of
/// one time keep one order in the index (by record id), so none is read twice or missed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    at: i64,
    skip: usize,
}

impl Cursor {
    /// Written into a page address: `time.skip`.
    pub fn to_param(self) -> String {
        format!("{}.{}", self.at, self.skip)
    }

    /// Read from a page address; `None` for anything else, a skip beyond any run of ideas
    /// of one millisecond included.
    pub fn parse(param: &str) -> Option<Self> {
        let (at, skip) = param.split_once('.')?;
        let skip: u32 = skip.parse().ok()?;
        Some(Self {
            at: at.parse().ok()?,
            skip: usize::try_from(skip).ok()?,
        })
    }

    /// The cursor after `chunk`, read from `after`; `None` when the chunk was empty.
    pub fn after(after: Option<&Cursor>, chunk: &[IdeaRow]) -> Option<Cursor> {
        let last = chunk.last()?.created_at;
        let same = chunk
            .iter()
            .rev()
            .take_while(|i| i.created_at == last)
            .count();
        // The whole chunk at the time where the last one ended: those skipped then, too.
        let carried = match after {
            Some(c) if c.at == last && same == chunk.len() => c.skip,
            _ => 0,
        };
        Some(Cursor {
            at: last,
            skip: carried + same,
        })
    }
}

/// Words of a title search that count; more are ignored.
const MAX_SEARCH_WORDS: usize = 8;

impl Store {
    /// Stores a new idea: public at once, or pending on a pre-moderated board.
    ///
    /// The caller has checked that the board exists and is open, and read how it moderates.
    /// The idea is its own entry in the counters' log (`stats`), so the write is the idea
    /// alone, possibly committed together with other submissions (`group_commit`).
    pub async fn submit_idea(
        &self,
        org: &OrgId,
        new: NewIdeaRecord<'_>,
    ) -> Result<IdeaRow, StorageError> {
        let now = now_ms();
        let visibility = match new.moderation {
            Moderation::Pre => Visibility::Pending,
            Moderation::Post => Visibility::Public,
        };
        let row = IdeaRow {
            org: org.as_str().to_string(),
            board: new.board.to_string(),
            key: random_key(12),
            title: new.draft.title.as_str().to_string(),
            body: new.draft.body.as_str().to_string(),
            author: new.draft.author.as_ref().map(|a| a.as_str().to_string()),
            status: IdeaStatus::New.as_str().to_string(),
            supports: 0,
            visibility: visibility.as_str().to_string(),
            hidden_reason: None,
            merged_into: None,
            created_at: now,
            first_answer_at: None,
            last_answer_at: None,
            receipt: new.receipt_hash.to_string(),
            history: vec![HistoryRow {
                status: IdeaStatus::New.as_str().to_string(),
                answer: None,
                at: now,
            }],
        };
        self.ideas
            .submit(Pending {
                org: org.clone(),
                row,
            })
            .await
    }

    /// Public ideas of a board, as the reader asked.
    pub async fn public_ideas(
        &self,
        org: &OrgId,
        board: &str,
        filter: ListFilter,
    ) -> Result<Vec<IdeaRow>, StorageError> {
        // Only fixed fragments are joined into the query; every value is bound.
        let mut sql = String::from(
            "SELECT * FROM idea WHERE org = $org AND board = $board AND visibility = 'public'",
        );
        if filter.status.is_some() {
            sql.push_str(" AND status = $status");
        }
        sql.push_str(match filter.sort {
            Sort::Newest => " ORDER BY created_at DESC",
            Sort::MostSupported => " ORDER BY supports DESC, created_at DESC",
            Sort::RecentlyAnswered => " ORDER BY last_answer_at DESC, created_at DESC",
        });
        sql.push_str(" LIMIT $limit");
        let mut res = self
            .db
            .query(sql)
            .bind(vars!(
                "org" => org.as_str(), "board" => board,
                "status" => filter.status.map(|s| s.as_str()).unwrap_or(""),
                "limit" => filter.limit.max(1) as i64
            ))
            .await?;
        rows(&mut res, 0)
    }

    /// Every idea of a board whatever its visibility, newest first (console and export).
    pub async fn all_ideas(&self, org: &OrgId, board: &str) -> Result<Vec<IdeaRow>, StorageError> {
        let mut res = self
            .db
            .query(
                "SELECT * FROM idea WHERE org = $org AND board = $board ORDER BY created_at DESC",
            )
            .bind(vars!("org" => org.as_str(), "board" => board))
            .await?;
        rows(&mut res, 0)
    }

    /// The next `limit` of a board's ideas whatever their visibility, newest first, after
    /// `after` (where the previous chunk ended): a range of the index each time, however far
    /// into the board (the console's pages, the exports).
    pub async fn ideas_after(
        &self,
        org: &OrgId,
        board: &str,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<IdeaRow>, Option<Cursor>), StorageError> {
        let sql = match after {
            None => {
                "SELECT * FROM idea WHERE org = $org AND board = $board ORDER BY created_at DESC LIMIT $limit"
            }
            Some(_) => {
                "SELECT * FROM idea WHERE org = $org AND board = $board AND created_at <= $at ORDER BY created_at DESC LIMIT $limit START $skip"
            }
        };
        let mut res = self
            .db
            .query(sql)
            .bind(vars!(
                "org" => org.as_str(), "board" => board, "limit" => limit.max(1) as i64,
                "at" => after.map_or(0, |c| c.at), "skip" => after.map_or(0, |c| c.skip as i64)
            ))
            .await?;
        let ideas: Vec<IdeaRow> = rows(&mut res, 0)?;
        let next = Cursor::after(after, &ideas);
        Ok((ideas, next))
    }

    /// Public ideas of a board whose titles hold every one of `words` (any case), at most
    /// `limit`: how staff find the idea a duplicate belongs to.
    pub async fn find_public_ideas(
        &self,
        org: &OrgId,
        board: &str,
        words: &[String],
        limit: usize,
    ) -> Result<Vec<IdeaRow>, StorageError> {
        // Only fixed fragments are joined into the query; every word is bound. The board's
        // range of the plain index, read in one go, then filtered and the few matches sorted:
        // left to itself the planner walks the supports index backwards record by record,
        // ten times slower when few titles match (bench/bounds, 100,000 ideas).
        let mut sql = String::from(
            "SELECT * FROM idea WITH INDEX idea_board_created WHERE org = $org AND board = $board AND visibility = 'public'",
        );
        let mut vars = vars!(
            "org" => org.as_str(), "board" => board, "limit" => limit.max(1) as i64
        );
        for (i, word) in words.iter().take(MAX_SEARCH_WORDS).enumerate() {
            sql.push_str(&format!(
                " AND string::contains(string::lowercase(title), $w{i})"
            ));
            vars[format!("w{i}")] = serde_json::Value::String(word.to_lowercase());
        }
        sql.push_str(" ORDER BY supports DESC LIMIT $limit");
        let mut res = self.db.query(sql).bind(vars).await?;
        rows(&mut res, 0)
    }

    pub async fn idea(&self, org: &OrgId, key: &str) -> Result<IdeaRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('idea', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    pub async fn idea_by_receipt(
        &self,
        org: &OrgId,
        receipt_hash: &str,
    ) -> Result<IdeaRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM idea WHERE receipt = $receipt AND org = $org LIMIT 1")
            .bind(vars!("org" => org.as_str(), "receipt" => receipt_hash))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    /// The contributor takes an idea back; it leaves every public count.
    pub async fn withdraw_idea(
        &self,
        org: &OrgId,
        receipt_hash: &str,
    ) -> Result<IdeaRow, StorageError> {
        let row = self.idea_by_receipt(org, receipt_hash).await?;
        self.modify_idea(org, &row.key, |idea| {
            if idea.visibility() != Visibility::Merged {
                idea.visibility = Visibility::Withdrawn.as_str().to_string();
            }
            Ok(())
        })
        .await
    }

    /// Reads an idea, lets `change` edit it, writes back the fields moderation may change, and
    /// moves the board counters by the difference — all in one transaction.
    pub(super) async fn modify_idea<F>(
        &self,
        org: &OrgId,
        key: &str,
        change: F,
    ) -> Result<IdeaRow, StorageError>
    where
        F: Fn(&mut IdeaRow) -> Result<(), StorageError>,
    {
        let change = &change;
        self.write(move |tx| async move {
            let (tx, before) = read_idea(tx, org, key).await?;
            let mut after = before.clone();
            if let Err(e) = change(&mut after) {
                return Err((Some(tx), e));
            }
            if after == before {
                return Ok((tx, after));
            }
            let tx = write_idea(tx, org, &after).await?;
            let delta = IdeaRow::counted_change(&before, &after);
            let tx = append_delta(tx, org, &after.board, &delta, None).await?;
            Ok((tx, after))
        })
        .await
    }
}

pub(super) async fn read_idea(
    tx: Tx,
    org: &OrgId,
    key: &str,
) -> Result<(Tx, IdeaRow), (Option<Tx>, StorageError)> {
    let (tx, mut res) = tx_query(
        tx,
        "SELECT * FROM ONLY type::record('idea', [$org, $key])",
        vars!("org" => org.as_str(), "key" => key),
    )
    .await?;
    match one::<IdeaRow>(&mut res, 0) {
        Ok(Some(row)) => Ok((tx, row)),
        Ok(None) => Err((Some(tx), StorageError::NotFound)),
        Err(e) => Err((Some(tx), e)),
    }
}

/// Writes the mutable fields of an idea; an absent optional field is cleared (`NONE`).
pub(super) async fn write_idea(
    tx: Tx,
    org: &OrgId,
    row: &IdeaRow,
) -> Result<Tx, (Option<Tx>, StorageError)> {
    let mut sets = vec![
        "visibility = $visibility",
        "status = $status",
        "supports = $supports",
        "history = $history",
    ];
    sets.push(if row.hidden_reason.is_some() {
        "hidden_reason = $hidden_reason"
    } else {
        "hidden_reason = NONE"
    });
    sets.push(if row.merged_into.is_some() {
        "merged_into = $merged_into"
    } else {
        "merged_into = NONE"
    });
    sets.push(if row.first_answer_at.is_some() {
        "first_answer_at = $first_answer_at"
    } else {
        "first_answer_at = NONE"
    });
    sets.push(if row.last_answer_at.is_some() {
        "last_answer_at = $last_answer_at"
    } else {
        "last_answer_at = NONE"
    });
    let sql = format!(
        "UPDATE type::record('idea', [$org, $key]) SET {} RETURN NONE",
        sets.join(", ")
    );
    let history = serde_json::to_value(&row.history).unwrap_or_default();
    let (tx, _) = tx_query(
        tx,
        &sql,
        vars!(
            "org" => org.as_str(), "key" => row.key, "visibility" => row.visibility,
            "status" => row.status, "supports" => row.supports, "history" => history,
            "hidden_reason" => row.hidden_reason, "merged_into" => row.merged_into,
            "first_answer_at" => row.first_answer_at, "last_answer_at" => row.last_answer_at
        ),
    )
    .await?;
    Ok(tx)
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_nothing_out_of_range() {
        let c = Cursor::parse("1796194837751.3").unwrap();
        assert_eq!(Cursor::parse(&c.to_param()), Some(c));
        for bad in [
            "",
            "1",
            "x.1",
            "1.x",
            "1.-1",
            "1.18446744073709551615",
            "1.4294967296",
            "99999999999999999999.0",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }
}
