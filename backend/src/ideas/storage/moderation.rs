//! What staff do to ideas: hide, restore, publish, set a status with an answer, merge.

use serde::Deserialize;

use super::{HistoryRow, IdeaRow, read_idea, write_idea};
use crate::domain::counts::Counts;
use crate::domain::moderation::{HideReason, Visibility};
use crate::domain::{OrgId, now_ms};
use crate::ideas::counts::SupportFacts;
use crate::ideas::domain::StatusChange;
use crate::storage::{StorageError, Store, ledger, rows, tx_query};
use crate::vars;

/// A support as a merge moves it.
#[derive(Debug, Deserialize)]
struct SupportRow {
    voter: String,
    created_at: i64,
}

/// The result of merging: the duplicate and the idea that absorbed it.
#[derive(Debug, Clone)]
pub struct Moderated {
    pub from: IdeaRow,
    pub into: IdeaRow,
}

impl Store {
    /// Ideas waiting for a moderator, oldest first, at most `limit`.
    #[tracing::instrument(skip_all, fields(org = %org))]
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

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn hide_idea(
        &self,
        org: &OrgId,
        key: &str,
        reason: &HideReason,
    ) -> Result<IdeaRow, StorageError> {
        self.modify_idea(org, key, |idea| match idea.visibility {
            Visibility::Public | Visibility::Pending => {
                idea.visibility = Visibility::Hidden;
                idea.hidden_reason = Some(reason.as_str().to_string());
                Ok(())
            }
            Visibility::Hidden => Ok(()),
            Visibility::Withdrawn | Visibility::Merged => Err(StorageError::NotFound),
        })
        .await
    }

    /// Makes a hidden or pending idea public.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn publish_idea(&self, org: &OrgId, key: &str) -> Result<IdeaRow, StorageError> {
        self.modify_idea(org, key, |idea| match idea.visibility {
            Visibility::Hidden | Visibility::Pending => {
                idea.visibility = Visibility::Public;
                idea.hidden_reason = None;
                Ok(())
            }
            Visibility::Public => Ok(()),
            Visibility::Withdrawn | Visibility::Merged => Err(StorageError::NotFound),
        })
        .await
    }

    /// Sets the status with a public answer; the first answer starts the responsiveness clock.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn set_status(
        &self,
        org: &OrgId,
        key: &str,
        change: &StatusChange,
    ) -> Result<IdeaRow, StorageError> {
        let now = now_ms();
        self.modify_idea(org, key, |idea| {
            if matches!(idea.visibility, Visibility::Withdrawn | Visibility::Merged) {
                return Err(StorageError::NotFound);
            }
            idea.status = change.status;
            idea.history.push(HistoryRow {
                status: change.status,
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

    /// Merges the duplicate `from` into `into` (both public, same board). Supports move over
    /// with the time they were given, except from people who already support `into`; the
    /// duplicate leaves the public list.
    #[tracing::instrument(skip_all, fields(org = %org))]
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
            let both_public = a.visibility == Visibility::Public && b.visibility == Visibility::Public;
            if !both_public || a.board != b.board {
                return Err((Some(tx), StorageError::NotFound));
            }
            let (tx, mut res) = tx_query(
                tx,
                "SELECT voter, created_at FROM support WHERE org = $org AND idea = $from;
                 SELECT VALUE voter FROM support WHERE org = $org AND idea = $into;",
                vars!("org" => org.as_str(), "from" => from, "into" => into),
            )
            .await?;
            let read = rows::<SupportRow>(&mut res, 0).and_then(|f| Ok((f, rows::<String>(&mut res, 1)?)));
            let (from_supports, into_voters) = match read {
                Ok(r) => r,
                Err(e) => return Err((Some(tx), e)),
            };
            let (moving, dropped): (Vec<&SupportRow>, Vec<&SupportRow>) =
                from_supports.iter().partition(|s| !into_voters.contains(&s.voter));
            let moving: Vec<serde_json::Value> = moving
                .iter()
                .map(|s| serde_json::json!({ "voter": s.voter, "at": s.created_at }))
                .collect();
            let (tx, _) = tx_query(
                tx,
                "DELETE support WHERE org = $org AND idea = $from RETURN NONE;
                 FOR $s IN $moving { CREATE type::record('support', [$org, $into, $s.voter]) SET org = $org, board = $board, idea = $into, voter = $s.voter, created_at = $s.at RETURN NONE; };",
                vars!("org" => org.as_str(), "from" => from, "into" => into, "board" => a.board, "moving" => moving),
            )
            .await?;
            let mut a2 = a.clone();
            a2.visibility = Visibility::Merged;
            a2.merged_into = Some(into.to_string());
            let mut b2 = b.clone();
            b2.supports = into_voters.len() as i64 + moving.len() as i64;
            let tx = write_idea(tx, org, &a2).await?;
            let tx = write_idea(tx, org, &b2).await?;
            let mut delta = Counts::change(Some(&a), Some(&a2));
            delta.merge(&Counts::change(Some(&b), Some(&b2)));
            for gone in dropped {
                delta.subtract(&Counts::of(&SupportFacts { created_at: gone.created_at }));
            }
            let tx = ledger::append(tx, org, &a.board, &delta).await?;
            Ok((tx, Moderated { from: a2, into: b2 }))
        })
        .await
    }
}
