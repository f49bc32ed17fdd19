//! Ideas in the database: submission, a single idea, receipts; lists, supports and moderation
//! in the modules below. Every write appends its change to the board's counts in the same
//! transaction (`storage::ledger`, `ideas::counts`). This and the modules below are the only
//! places the ideas activity speaks SurrealQL.

mod lists;
mod moderation;
mod supports;

#[cfg(test)]
pub(crate) use lists::page_sql as lists_page_sql;
pub use lists::{Cursor, ListFilter, PageCursor};
pub use moderation::Moderated;
pub use supports::SupporterAddress;

use coproduce_widgets::contract::{ActivityKind, Moderation};
use coproduce_widgets::ideas::contract::{IdeaStatus, StatusEntry};
use serde::{Deserialize, Serialize};

use crate::domain::activity::{ActivityIntro, ActivityTitle};
use crate::domain::counts::{Counted, Counts};
use crate::domain::moderation::Visibility;
use crate::domain::{OrgId, now_ms, random_key};
use crate::ideas::counts::{IdeaFacts, SupportFacts};
use crate::ideas::domain::IdeaDraft;
use crate::storage::group_commit::Pending;
use crate::storage::receipts::{RECEIPT, receipt_doc};
use crate::storage::{
    ActivityRow, NewActivity, StorageError, Store, Tx, ledger, one, rows, tx_query,
};
use crate::vars;

/// The table ideas are stored in.
const IDEA: &str = "idea";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HistoryRow {
    pub status: IdeaStatus,
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
    pub status: IdeaStatus,
    pub supports: i64,
    pub visibility: Visibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_answer_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_answer_at: Option<i64>,
    #[serde(default)]
    pub history: Vec<HistoryRow>,
}

impl IdeaRow {
    pub fn facts(&self) -> IdeaFacts {
        IdeaFacts {
            visibility: self.visibility,
            status: self.status,
            supports: self.supports,
            created_at: self.created_at,
            first_answer_at: self.first_answer_at,
        }
    }

    pub fn history(&self) -> Vec<StatusEntry> {
        self.history
            .iter()
            .map(|h| StatusEntry {
                status: h.status,
                answer: h.answer.clone(),
                at: h.at,
            })
            .collect()
    }
}

impl Counted for IdeaRow {
    fn count(&self, into: &mut Counts) {
        self.facts().count(into);
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

impl Store {
    /// Adds an ideas board: an activity of kind `ideas` whose invitation is its question.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn create_board(
        &self,
        org: &OrgId,
        key: Option<&str>,
        title: &ActivityTitle,
        question: &ActivityIntro,
        moderation: Moderation,
    ) -> Result<ActivityRow, StorageError> {
        let new = NewActivity {
            kind: ActivityKind::Ideas,
            key,
            title,
            intro: question,
            moderation,
        };
        self.create_activity(org, new).await
    }

    /// Stores a new idea: public at once, or pending on a pre-moderated board.
    ///
    /// The caller has checked that the board exists and is open, and read how it moderates.
    /// The idea may be committed together with other submissions (`group_commit`).
    #[tracing::instrument(skip_all, fields(org = %org))]
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
            status: IdeaStatus::New,
            supports: 0,
            visibility,
            hidden_reason: None,
            merged_into: None,
            created_at: now,
            first_answer_at: None,
            last_answer_at: None,
            history: vec![HistoryRow {
                status: IdeaStatus::New,
                answer: None,
                at: now,
            }],
        };
        let mut doc =
            serde_json::to_value(&row).map_err(|e| StorageError::Decode(e.to_string()))?;
        doc["id"] = serde_json::json!([org.as_str(), row.key]);
        let receipt = receipt_doc(
            org,
            new.receipt_hash,
            ActivityKind::Ideas,
            &row.board,
            &row.key,
        );
        self.group
            .submit(Pending {
                records: vec![(IDEA, doc), (RECEIPT, receipt)],
                org: org.clone(),
                deltas: vec![(row.board.clone(), Counts::of(&row))],
            })
            .await?;
        Ok(row)
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn idea(&self, org: &OrgId, key: &str) -> Result<IdeaRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('idea', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn idea_by_receipt(
        &self,
        org: &OrgId,
        receipt_hash: &str,
    ) -> Result<IdeaRow, StorageError> {
        let receipt = self.receipt(org, receipt_hash).await?;
        if receipt.kind != ActivityKind::Ideas {
            return Err(StorageError::NotFound);
        }
        self.idea(org, &receipt.record).await
    }

    /// The contributor takes an idea back (the caller found it through its receipt); it leaves
    /// every public count.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn withdraw_idea(&self, org: &OrgId, key: &str) -> Result<IdeaRow, StorageError> {
        self.modify_idea(org, key, |idea| {
            if idea.visibility != Visibility::Merged {
                idea.visibility = Visibility::Withdrawn;
            }
            Ok(())
        })
        .await
    }

    /// Reads an idea, lets `change` edit it, writes back the fields moderation may change, and
    /// appends the difference in counts — all in one transaction.
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
            let delta = Counts::change(Some(&before), Some(&after));
            let tx = ledger::append(tx, org, &after.board, &delta).await?;
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

impl Store {
    /// Counts the board again from its ideas and supports, in one snapshot: the check that
    /// the ledger is exact (tests, the benchmark), and how an upgrade builds the counts.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn recount(&self, org: &OrgId, board: &str) -> Result<Counts, StorageError> {
        let mut res = self
            .snapshot(
                "SELECT * FROM idea WHERE org = $org AND board = $board;
                 SELECT VALUE created_at FROM support WHERE org = $org AND board = $board;",
                vars!("org" => org.as_str(), "board" => board),
            )
            .await?;
        let ideas: Vec<IdeaRow> = rows(&mut res, 0)?;
        let supports: Vec<i64> = rows(&mut res, 1)?;
        let mut counts = Counts::default();
        for idea in &ideas {
            counts.merge(&Counts::of(idea));
        }
        for created_at in supports {
            counts.merge(&Counts::of(&SupportFacts { created_at }));
        }
        Ok(counts)
    }
}
