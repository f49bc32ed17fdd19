//! Reports in the database: stored with their photos, receipt and counts in one transaction
//! (no half report and no photo without its report), read one by one, a page at a time for the
//! list, or as points for the clusters; "me too"s, one per person; taken back by receipt.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use coproduce_widgets::contract::{ActivityKind, Moderation};
use coproduce_widgets::map::contract::{ReportStatus, ReportUpdate};
use coproduce_widgets::map::definition::NewReport;
use coproduce_widgets::map::geo::Point;
use coproduce_widgets::survey::response::Answers;
use serde::{Deserialize, Serialize};

use super::lists::cell14;
use crate::domain::counts::Counts;
use crate::domain::moderation::Visibility;
use crate::domain::{OrgId, now_ms, random_key};
use crate::map::counts::{GridFacts, MeTooFacts, ReportFacts, grid_scope};
use crate::map::photo::Photo;
use crate::storage::receipts::receipt_doc;
use crate::storage::{StorageError, Store, Tx, ledger, one, rows, tx_query};
use crate::vars;

/// One public update: the status from then on and the organisation's note.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HistoryRow {
    pub status: ReportStatus,
    pub note: Option<String>,
    pub at: i64,
}

impl HistoryRow {
    pub fn to_update(&self) -> ReportUpdate {
        ReportUpdate {
            status: self.status,
            note: self.note.clone(),
            at: self.at,
        }
    }
}

/// A photo of a report as listed on it; staff may hide one (with the reason, shown instead).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoredPhoto {
    pub id: String,
    pub width: u32,
    pub height: u32,
    pub hidden: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportRow {
    pub org: String,
    pub map: String,
    pub key: String,
    pub category: String,
    pub description: String,
    pub lat_e6: Option<i32>,
    pub lon_e6: Option<i32>,
    /// The zoom-14 map tile that holds its point (`cell14`), which deep views read it by.
    pub cell14: Option<i64>,
    pub address: Option<String>,
    pub place: Option<String>,
    pub answers: Answers,
    pub status: ReportStatus,
    pub me_too: i64,
    pub visibility: Visibility,
    pub hidden_reason: Option<String>,
    /// Staff removed personal data from the description, for this reason (shown as such).
    pub redacted: Option<String>,
    pub merged_into: Option<String>,
    pub photos: Vec<StoredPhoto>,
    pub created_at: i64,
    pub first_answer_at: Option<i64>,
    pub history: Vec<HistoryRow>,
}

impl ReportRow {
    pub fn facts(&self) -> ReportFacts<'_> {
        ReportFacts {
            visibility: self.visibility,
            status: self.status,
            category: &self.category,
            me_too: self.me_too,
            created_at: self.created_at,
            first_answer_at: self.first_answer_at,
        }
    }

    pub fn point(&self) -> Option<Point> {
        Point::from_e6(self.lat_e6?, self.lon_e6?).ok()
    }

    pub fn grid_facts(&self) -> GridFacts {
        GridFacts {
            public: self.visibility == Visibility::Public,
            at: self.point(),
        }
    }

    /// The changes of counts from `before` to `after`: the map's and its grid's.
    pub fn deltas(
        map: &str,
        before: Option<&ReportRow>,
        after: Option<&ReportRow>,
    ) -> [(String, Counts); 2] {
        [
            (
                map.to_string(),
                Counts::change(
                    before.map(ReportRow::facts).as_ref(),
                    after.map(ReportRow::facts).as_ref(),
                ),
            ),
            (
                grid_scope(map),
                Counts::change(
                    before.map(ReportRow::grid_facts).as_ref(),
                    after.map(ReportRow::grid_facts).as_ref(),
                ),
            ),
        ]
    }
}

/// What a submission stores besides the checked report.
pub struct NewReportRecord<'a> {
    pub map: &'a str,
    pub report: &'a NewReport,
    pub photos: &'a [Photo],
    pub receipt_hash: &'a str,
    pub moderation: Moderation,
}

pub(super) async fn read_report(
    tx: Tx,
    org: &OrgId,
    key: &str,
) -> Result<(Tx, ReportRow), (Option<Tx>, StorageError)> {
    let (tx, mut res) = tx_query(
        tx,
        "SELECT * OMIT id FROM ONLY type::record('map_report', [$org, $key])",
        vars!("org" => org.as_str(), "key" => key),
    )
    .await?;
    match one::<ReportRow>(&mut res, 0) {
        Ok(Some(row)) => Ok((tx, row)),
        Ok(None) => Err((Some(tx), StorageError::NotFound)),
        Err(e) => Err((Some(tx), e)),
    }
}

/// Writes a whole report back (the fields a report has never change their names).
pub(super) async fn write_report(
    tx: Tx,
    org: &OrgId,
    row: &ReportRow,
) -> Result<Tx, (Option<Tx>, StorageError)> {
    let doc = match serde_json::to_value(row) {
        Ok(d) => d,
        Err(e) => return Err((Some(tx), StorageError::Decode(e.to_string()))),
    };
    let (tx, _) = tx_query(
        tx,
        "UPDATE type::record('map_report', [$org, $key]) CONTENT $doc RETURN NONE",
        vars!("org" => org.as_str(), "key" => row.key, "doc" => doc),
    )
    .await?;
    Ok(tx)
}

impl Store {
    /// Stores a report checked against its map, with its photos (already written anew by
    /// `map::photo`), its receipt and its counts, all in one transaction.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn submit_report(
        &self,
        org: &OrgId,
        new: NewReportRecord<'_>,
    ) -> Result<ReportRow, StorageError> {
        let now = now_ms();
        let r = new.report;
        let photos: Vec<(StoredPhoto, String)> = new
            .photos
            .iter()
            .map(|p| {
                let stored = StoredPhoto {
                    id: random_key(12),
                    width: p.width,
                    height: p.height,
                    hidden: None,
                };
                (stored, STANDARD.encode(&p.jpeg))
            })
            .collect();
        let row = ReportRow {
            org: org.as_str().to_string(),
            map: new.map.to_string(),
            key: random_key(12),
            category: r.category.clone(),
            description: r.description.clone(),
            lat_e6: r.location.point.map(Point::lat_e6),
            lon_e6: r.location.point.map(Point::lon_e6),
            cell14: r.location.point.map(cell14),
            address: r.location.address.clone(),
            place: r.location.place.clone(),
            answers: r.answers.clone(),
            status: ReportStatus::Open,
            me_too: 0,
            visibility: match new.moderation {
                Moderation::Pre => Visibility::Pending,
                Moderation::Post => Visibility::Public,
            },
            hidden_reason: None,
            redacted: None,
            merged_into: None,
            photos: photos.iter().map(|(p, _)| p.clone()).collect(),
            created_at: now,
            first_answer_at: None,
            history: vec![HistoryRow {
                status: ReportStatus::Open,
                note: None,
                at: now,
            }],
        };
        let mut doc =
            serde_json::to_value(&row).map_err(|e| StorageError::Decode(e.to_string()))?;
        doc["id"] = serde_json::json!([org.as_str(), row.key]);
        let photo_docs: Vec<serde_json::Value> = photos
            .iter()
            .map(|(p, b64)| {
                serde_json::json!({
                    "id": [org.as_str(), row.key, p.id],
                    "jpeg": b64,
                })
            })
            .collect();
        let receipt = receipt_doc(org, new.receipt_hash, ActivityKind::Map, &row.map, &row.key);
        let deltas = ReportRow::deltas(&row.map, None, Some(&row));
        let (doc, photo_docs, receipt, deltas) = (&doc, &photo_docs, &receipt, &deltas);
        self.write(move |tx| async move {
            let (tx, _) = tx_query(
                tx,
                "INSERT INTO map_report $doc RETURN NONE;
                 INSERT INTO map_photo $photos RETURN NONE;
                 INSERT INTO receipt $receipt RETURN NONE;",
                vars!("doc" => doc, "photos" => photo_docs, "receipt" => receipt),
            )
            .await?;
            let mut tx = tx;
            for (scope, delta) in deltas {
                tx = ledger::append(tx, org, scope, delta).await?;
            }
            Ok((tx, ()))
        })
        .await?;
        Ok(row)
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn report(&self, org: &OrgId, key: &str) -> Result<ReportRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * OMIT id FROM ONLY type::record('map_report', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    /// A photo's JPEG, unless staff hid it, or (`public_only`) its report is not public.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn report_photo(
        &self,
        org: &OrgId,
        report: &str,
        photo: &str,
        public_only: bool,
    ) -> Result<Vec<u8>, StorageError> {
        let row = self.report(org, report).await?;
        let shown = (row.visibility == Visibility::Public || !public_only)
            && row
                .photos
                .iter()
                .any(|p| p.id == photo && p.hidden.is_none());
        if !shown {
            return Err(StorageError::NotFound);
        }
        let mut res = self
            .db
            .query("SELECT VALUE jpeg FROM ONLY type::record('map_photo', [$org, $report, $photo])")
            .bind(vars!("org" => org.as_str(), "report" => report, "photo" => photo))
            .await?;
        let b64: String = one(&mut res, 0)?.ok_or(StorageError::NotFound)?;
        STANDARD
            .decode(b64)
            .map_err(|e| StorageError::Decode(e.to_string()))
    }

    /// Counts a "me too" of `voter` (an HMAC, never an address) for a public, open report of
    /// an open map; `AlreadyExists` if this person said so before. Returns the new count.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn me_too(
        &self,
        org: &OrgId,
        map: &str,
        report: &str,
        voter: &str,
    ) -> Result<i64, StorageError> {
        let now = now_ms();
        self.write(move |tx| async move {
            let (tx, before) = read_report(tx, org, report).await?;
            if before.map != map || before.visibility != Visibility::Public {
                return Err((Some(tx), StorageError::NotFound));
            }
            let (tx, mut res) = tx_query(
                tx,
                "SELECT VALUE id FROM ONLY type::record('map_me_too', [$org, $report, $voter])",
                vars!("org" => org.as_str(), "report" => report, "voter" => voter),
            )
            .await?;
            match one::<serde_json::Value>(&mut res, 0) {
                Ok(None) => {}
                Ok(Some(_)) => return Err((Some(tx), StorageError::AlreadyExists)),
                Err(e) => return Err((Some(tx), e)),
            }
            let (tx, _) = tx_query(
                tx,
                "CREATE type::record('map_me_too', [$org, $report, $voter]) SET org = $org, map = $map, report = $report, created_at = $now RETURN NONE;
                 UPDATE type::record('map_report', [$org, $report]) SET me_too += 1 RETURN NONE;",
                vars!("org" => org.as_str(), "map" => map, "report" => report, "voter" => voter, "now" => now),
            )
            .await?;
            let mut after = before.clone();
            after.me_too += 1;
            let mut delta = Counts::change(Some(&before.facts()), Some(&after.facts()));
            delta.merge(&Counts::of(&MeTooFacts { created_at: now }));
            let tx = ledger::append(tx, org, map, &delta).await?;
            Ok((tx, after.me_too))
        })
        .await
    }

    /// The reporter takes a report back (found through its receipt): it leaves the map, the
    /// list and every public count; its photos are deleted.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn withdraw_report(&self, org: &OrgId, key: &str) -> Result<(), StorageError> {
        self.modify_report(org, key, |r| {
            if r.visibility != Visibility::Merged {
                r.visibility = Visibility::Withdrawn;
            }
            r.photos.clear();
            Ok(())
        })
        .await?;
        self.db
            .query("DELETE map_photo:[$org, $key, NONE]..=[$org, $key, ..] RETURN NONE")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?
            .check()?;
        Ok(())
    }

    /// Reads a report, lets `change` edit it, writes it back and appends the difference in
    /// counts, all in one transaction.
    pub(crate) async fn modify_report<F>(
        &self,
        org: &OrgId,
        key: &str,
        change: F,
    ) -> Result<ReportRow, StorageError>
    where
        F: Fn(&mut ReportRow) -> Result<(), StorageError>,
    {
        let change = &change;
        self.write(move |tx| async move {
            let (tx, before) = read_report(tx, org, key).await?;
            let mut after = before.clone();
            if let Err(e) = change(&mut after) {
                return Err((Some(tx), e));
            }
            if after == before {
                return Ok((tx, after));
            }
            let mut tx = write_report(tx, org, &after).await?;
            for (scope, delta) in ReportRow::deltas(&after.map, Some(&before), Some(&after)) {
                tx = ledger::append(tx, org, &scope, &delta).await?;
            }
            Ok((tx, after))
        })
        .await
    }

    /// Counts the map's grid again from its reports (tests: the grid is exact).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn recount_map_grid(&self, org: &OrgId, map: &str) -> Result<Counts, StorageError> {
        let mut res = self
            .snapshot(
                "SELECT * OMIT id FROM map_report WHERE org = $org AND map = $map;",
                vars!("org" => org.as_str(), "map" => map),
            )
            .await?;
        let reports: Vec<ReportRow> = rows(&mut res, 0)?;
        let mut counts = Counts::default();
        for r in &reports {
            counts.merge(&Counts::of(&r.grid_facts()));
        }
        Ok(counts)
    }

    /// Counts the map again from its reports and me-toos, in one snapshot: the check that the
    /// ledger is exact (tests, the benchmark).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn recount_map(&self, org: &OrgId, map: &str) -> Result<Counts, StorageError> {
        let mut res = self
            .snapshot(
                "SELECT * OMIT id FROM map_report WHERE org = $org AND map = $map;
                 SELECT VALUE created_at FROM map_me_too WHERE org = $org AND map = $map;",
                vars!("org" => org.as_str(), "map" => map),
            )
            .await?;
        let reports: Vec<ReportRow> = rows(&mut res, 0)?;
        let me_toos: Vec<i64> = rows(&mut res, 1)?;
        let mut counts = Counts::default();
        for r in &reports {
            counts.merge(&Counts::of(&r.facts()));
        }
        for created_at in me_toos {
            counts.merge(&Counts::of(&MeTooFacts { created_at }));
        }
        Ok(counts)
    }
}
