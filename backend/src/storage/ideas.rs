//! Ideas: submission, a single idea, receipts. Every write records its change to the board counters
//! in the same transaction (see `domain::aggregate` and `stats`).

use coproduce_widgets::contract::{IdeaStatus, Moderation, StatusEntry};
use serde::{Deserialize, Serialize};

use super::group_commit::Pending;
use super::stats::append_delta;
use super::{StorageError, Store, Tx, one, tx_query};
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

/// Monday-based week number of a Unix-millisecond time.
pub fn week_of(ms: i64) -> i64 {
    (ms.div_euclid(86_400_000) + 3).div_euclid(7)
}

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
