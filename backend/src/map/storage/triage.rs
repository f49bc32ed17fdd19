//! What staff do with reports: move a report's status with a public note, hide a report or
//! remove personal data from its text or photos (with the reason, shown as such), change its
//! category, and merge a duplicate into the report it repeats (its "me too"s go along).

use coproduce_widgets::map::contract::ReportStatus;

use super::reports::{HistoryRow, ReportRow, read_report, write_report};
use crate::domain::counts::Counts;
use crate::domain::moderation::Visibility;
use crate::domain::{OrgId, now_ms};
use crate::map::counts::{MeTooFacts, grid_scope};
use crate::storage::{StorageError, Store, ledger, rows, tx_query};
use crate::vars;

/// A status change as staff send it.
pub struct StatusChange<'a> {
    pub status: ReportStatus,
    /// The public note; required for the statuses that need a reason.
    pub note: Option<&'a str>,
}

impl Store {
    /// Moves a report to a status with a public note (either may stay as it is: a note alone
    /// is an update too). The first such update is the report's first answer.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn update_report_status(
        &self,
        org: &OrgId,
        key: &str,
        change: StatusChange<'_>,
    ) -> Result<ReportRow, StorageError> {
        let now = now_ms();
        self.modify_report(org, key, |r| {
            if change.status == r.status && change.note.is_none() {
                return Ok(());
            }
            r.status = change.status;
            r.history.push(HistoryRow {
                status: change.status,
                note: change.note.map(str::to_string),
                at: now,
            });
            r.first_answer_at.get_or_insert(now);
            Ok(())
        })
        .await
    }

    /// Hides a report (`Some(reason)`) or shows it again.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn hide_report(
        &self,
        org: &OrgId,
        key: &str,
        reason: Option<&str>,
    ) -> Result<ReportRow, StorageError> {
        self.modify_report(org, key, |r| {
            match (reason, r.visibility) {
                (Some(why), Visibility::Public | Visibility::Pending) => {
                    r.visibility = Visibility::Hidden;
                    r.hidden_reason = Some(why.to_string());
                }
                (None, Visibility::Hidden | Visibility::Pending) => {
                    r.visibility = Visibility::Public;
                    r.hidden_reason = None;
                }
                _ => return Err(StorageError::Closed),
            }
            Ok(())
        })
        .await
    }

    /// Replaces the description with `text` (personal data taken out) and says why.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn redact_report(
        &self,
        org: &OrgId,
        key: &str,
        text: &str,
        reason: &str,
    ) -> Result<ReportRow, StorageError> {
        self.modify_report(org, key, |r| {
            r.description = text.to_string();
            r.redacted = Some(reason.to_string());
            Ok(())
        })
        .await
    }

    /// Hides one photo of a report for `reason` and deletes its picture.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn hide_photo(
        &self,
        org: &OrgId,
        key: &str,
        photo: &str,
        reason: &str,
    ) -> Result<ReportRow, StorageError> {
        let row = self
            .modify_report(org, key, |r| {
                let p = r
                    .photos
                    .iter_mut()
                    .find(|p| p.id == photo)
                    .ok_or(StorageError::NotFound)?;
                p.hidden = Some(reason.to_string());
                Ok(())
            })
            .await?;
        self.db
            .query("DELETE type::record('map_photo', [$org, $key, $photo]) RETURN NONE")
            .bind(vars!("org" => org.as_str(), "key" => key, "photo" => photo))
            .await?
            .check()?;
        Ok(row)
    }

    /// Files a report under another category (checked by the caller against the map).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn recategorise_report(
        &self,
        org: &OrgId,
        key: &str,
        category: &str,
    ) -> Result<ReportRow, StorageError> {
        self.modify_report(org, key, |r| {
            r.category = category.to_string();
            Ok(())
        })
        .await
    }

    /// Merges the duplicate `key` into `into` (a report of the same map): the duplicate leaves
    /// the map, its reporter and its "me too"s count on `into`, each person once.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn merge_report(
        &self,
        org: &OrgId,
        key: &str,
        into: &str,
    ) -> Result<ReportRow, StorageError> {
        if key == into {
            return Err(StorageError::Closed);
        }
        self.write(move |tx| async move {
            let (tx, dup) = read_report(tx, org, key).await?;
            let (tx, target) = read_report(tx, org, into).await?;
            let movable = |v: Visibility| matches!(v, Visibility::Public | Visibility::Pending | Visibility::Hidden);
            if dup.map != target.map || !movable(dup.visibility) || target.visibility != Visibility::Public {
                return Err((Some(tx), StorageError::Closed));
            }
            let (tx, mut res) = tx_query(
                tx,
                "SELECT record::id(id)[2] AS voter, created_at FROM map_me_too:[$org, $key, NONE]..=[$org, $key, ..];
                 SELECT VALUE record::id(id)[2] FROM map_me_too:[$org, $into, NONE]..=[$org, $into, ..];",
                vars!("org" => org.as_str(), "key" => key, "into" => into),
            )
            .await?;
            #[derive(serde::Deserialize)]
            struct Voter {
                voter: String,
                created_at: i64,
            }
            let moving: Vec<Voter> = match rows(&mut res, 0) {
                Ok(v) => v,
                Err(e) => return Err((Some(tx), e)),
            };
            let there: Vec<String> = match rows(&mut res, 1) {
                Ok(v) => v,
                Err(e) => return Err((Some(tx), e)),
            };
            let mut delta = Counts::default();
            let mut moved = Vec::new();
            for v in &moving {
                if there.contains(&v.voter) {
                    delta.subtract(&Counts::of(&MeTooFacts { created_at: v.created_at }));
                } else {
                    moved.push(serde_json::json!({
                        "id": [org.as_str(), into, v.voter],
                        "org": org.as_str(), "map": target.map, "report": into,
                        "created_at": v.created_at,
                    }));
                }
            }
            let (tx, _) = tx_query(
                tx,
                "DELETE map_me_too:[$org, $key, NONE]..=[$org, $key, ..] RETURN NONE;
                 INSERT INTO map_me_too $moved RETURN NONE;",
                vars!("org" => org.as_str(), "key" => key, "moved" => moved),
            )
            .await?;
            let mut merged = dup.clone();
            merged.visibility = Visibility::Merged;
            merged.merged_into = Some(into.to_string());
            let mut grown = target.clone();
            // The duplicate's reporter says "me too" as well.
            grown.me_too += i64::try_from(moved.len()).unwrap_or(0) + 1;
            let tx = write_report(tx, org, &merged).await?;
            let mut tx = write_report(tx, org, &grown).await?;
            let mut grid = Counts::default();
            for (before, after) in [(&dup, &merged), (&target, &grown)] {
                let [(_, map), (_, cells)] = ReportRow::deltas(&target.map, Some(before), Some(after));
                delta.merge(&map);
                grid.merge(&cells);
            }
            tx = ledger::append(tx, org, &target.map, &delta).await?;
            let tx = ledger::append(tx, org, &grid_scope(&target.map), &grid).await?;
            Ok((tx, grown))
        })
        .await
    }
}
