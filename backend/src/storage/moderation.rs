//! What staff do to ideas: hide, restore, publish, set a status with an answer, merge.

use super::ideas::{HistoryRow, IdeaRow, read_idea, write_idea};
use super::stats::append_delta;
use super::{StorageError, Store, rows, tx_query};
use crate::domain::idea::{HideReason, StatusChange, Visibility};
use crate::domain::{OrgId, now_ms};
use crate::vars;

/// The result of merging: the duplicate and the idea that absorbed it.
#[derive(Debug, Clone)]
pub struct Moderated {
    pub from: IdeaRow,
    pub into: IdeaRow,
}

impl Store {
    /// Ideas waiting for a moderator, oldest first, at most `limit`.
    pub async fn pending_ideas(
        &self,
        org: &OrgId,
        limit: usize,
    ) -> Result<Vec<IdeaRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM idea WHERE org = $org AND visibility = 'pending' ORDER BY created_at LIMIT $limit")
            .bind(crate::vars!("org" => org.as_str(), "limit" => limit.max(1) as i64))
            .await?;
        rows(&mut res, 0)
    }

    pub async fn hide_idea(
        &self,
        org: &OrgId,
        key: &str,
        reason: &HideReason,
    ) -> Result<IdeaRow, StorageError> {
        self.modify_idea(org, key, |idea| match idea.visibility() {
            Visibility::Public | Visibility::Pending => {
                idea.visibility = Visibility::Hidden.as_str().to_string();
                idea.hidden_reason = Some(reason.as_str().to_string());
                Ok(())
            }
            Visibility::Hidden => Ok(()),
            Visibility::Withdrawn | Visibility::Merged => Err(StorageError::NotFound),
        })
        .await
    }

    /// Makes a hidden or pending idea public.
    pub async fn publish_idea(&self, org: &OrgId, key: &str) -> Result<IdeaRow, StorageError> {
        self.modify_idea(org, key, |idea| match idea.visibility() {
            Visibility::Hidden | Visibility::Pending => {
                idea.visibility = Visibility::Public.as_str().to_string();
                idea.hidden_reason = None;
                Ok(())
            }
            Visibility::Public => Ok(()),
            Visibility::Withdrawn | Visibility::Merged => Err(StorageError::NotFound),
        })
        .await
    }

    /// Sets the status with a public answer; the first answer starts the responsiveness clock.
    pub async fn set_status(
        &self,
        org: &OrgId,
        key: &str,
        change: &StatusChange,
    ) -> Result<IdeaRow, StorageError> {
        let now = now_ms();
        self.modify_idea(org, key, |idea| {
            if matches!(
                idea.visibility(),
                Visibility::Withdrawn | Visibility::Merged
            ) {
                return Err(StorageError::NotFound);
            }
            idea.status = change.status.as_str().to_string();
            idea.history.push(HistoryRow {
                status: change.status.as_str().to_string(),
                answer: change.answer.as_ref().map(|a| a.as_str().to_string()),
                at: now,
            });
            if change.answer.is_some() {
                idea.first_answer_at.get_or_insert(now);
                idea.last_answer_at = Some(now);
            }
            Ok(())
        })
        .await
    }

    /// Merges the duplicate `from` into `into` (both public, same board). Supports move over,
    /// except from people who already support `into`; the duplicate leaves the public list.
    pub async fn merge_ideas(
        &self,
        org: &OrgId,
        from: &str,
        into: &str,
    ) -> Result<Moderated, StorageError> {
        if from == into {
            return Err(StorageError::NotFound);
        }
        self.write(move |tx| async move {
            let (tx, a) = read_idea(tx, org, from).await?;
            let (tx, b) = read_idea(tx, org, into).await?;
            let both_public = a.visibility() == Visibility::Public && b.visibility() == Visibility::Public;
            if !both_public || a.board != b.board {
                return Err((Some(tx), StorageError::NotFound));
            }
            let (tx, mut res) = tx_query(
                tx,
                "SELECT VALUE voter FROM support WHERE org = $org AND idea = $from;
                 SELECT VALUE voter FROM support WHERE org = $org AND idea = $into;",
                vars!("org" => org.as_str(), "from" => from, "into" => into),
            )
            .await?;
            let (from_voters, into_voters): (Vec<String>, Vec<String>) = match (rows(&mut res, 0), rows(&mut res, 1)) {
                (Ok(x), Ok(y)) => (x, y),
                (Err(e), _) | (_, Err(e)) => return Err((Some(tx), e)),
            };
            let moving: Vec<&String> = from_voters.iter().filter(|v| !into_voters.contains(v)).collect();
            let now = now_ms();
            let (tx, _) = tx_query(
                tx,
                "FOR $v IN $moving { CREATE type::record('support', [$org, $into, $v]) SET org = $org, board = $board, idea = $into, voter = $v, created_at = $now RETURN NONE; };
                 DELETE support WHERE org = $org AND idea = $from RETURN NONE;",
                vars!("org" => org.as_str(), "from" => from, "into" => into, "board" => a.board, "moving" => moving, "now" => now),
            )
            .await?;
            let mut a2 = a.clone();
            a2.visibility = Visibility::Merged.as_str().to_string();
            a2.merged_into = Some(into.to_string());
            let mut b2 = b.clone();
            b2.supports = into_voters.len() as i64 + moving.len() as i64;
            let tx = write_idea(tx, org, &a2).await?;
            let tx = write_idea(tx, org, &b2).await?;
            let delta = IdeaRow::counted_change(&a, &a2).plus(&IdeaRow::counted_change(&b, &b2));
            let tx = append_delta(tx, org, &a.board, &delta, None).await?;
            Ok((tx, Moderated { from: a2, into: b2 }))
        })
        .await
    }
}
