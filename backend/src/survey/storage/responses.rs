//! Survey responses in the database: stored with their receipt and who answered in one group
//! commit, their counts appended to the survey's ledger and its day's; withdrawn, hidden, and
//! read page by page from their index.

use std::collections::BTreeMap;

use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::survey::definition::Definition;
use coproduce_widgets::survey::response::{Answer, Answers};
use serde::{Deserialize, Serialize};

use super::{PARTICIPANT, RESPONSE};
use crate::domain::counts::Counts;
use crate::domain::{OrgId, now_ms, random_key};
use crate::storage::group_commit::Pending;
use crate::storage::receipts::{RECEIPT, receipt_doc};
use crate::storage::{Cursor, StorageError, Store, ledger, one, rows, tx_query};
use crate::survey::counts::{count_versioned, day_scope};
use crate::vars;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResponseRow {
    pub survey: String,
    pub key: String,
    pub version: i64,
    pub answers: Answers,
    pub withdrawn: bool,
    /// Text answers staff hid from the results, with the reason: question id → reason.
    #[serde(default)]
    pub hidden: BTreeMap<String, String>,
    pub created_at: i64,
}

/// Two answers of one response, for a cross-tab.
#[derive(Debug, Deserialize)]
pub struct AnswerPair {
    pub key: String,
    pub created_at: i64,
    pub withdrawn: bool,
    pub a: Option<Answer>,
    pub b: Option<Answer>,
}

/// A response ready to store.
pub struct NewResponse<'a> {
    pub survey: &'a str,
    pub version: i64,
    /// The version's definition, which the answers were checked against.
    pub definition: &'a Definition,
    pub answers: &'a Answers,
    /// The keyed hash of who answered, when the survey takes one response per person.
    pub participant: Option<&'a str>,
    pub receipt_hash: &'a str,
}

/// Responses read per page of a list or an export.
pub const RESPONSES_PER_READ: usize = 500;

impl Store {
    /// Stores a response (checked by the caller against its version), its receipt and who
    /// gave it, in one transaction; `AlreadyExists` when that participant answered before.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn submit_response(
        &self,
        org: &OrgId,
        new: NewResponse<'_>,
    ) -> Result<ResponseRow, StorageError> {
        let row = ResponseRow {
            survey: new.survey.to_string(),
            key: random_key(12),
            version: new.version,
            answers: new.answers.clone(),
            withdrawn: false,
            hidden: BTreeMap::new(),
            created_at: now_ms(),
        };
        let mut doc =
            serde_json::to_value(&row).map_err(|e| StorageError::Decode(e.to_string()))?;
        doc["id"] = serde_json::json!([org.as_str(), row.survey, row.key]);
        doc["org"] = serde_json::json!(org.as_str());
        doc["participant"] = serde_json::json!(new.participant);
        let mut records = vec![
            (RESPONSE, doc),
            (
                RECEIPT,
                receipt_doc(
                    org,
                    new.receipt_hash,
                    ActivityKind::Survey,
                    &row.survey,
                    &row.key,
                ),
            ),
        ];
        if let Some(p) = new.participant {
            records.push((
                PARTICIPANT,
                serde_json::json!({ "id": [org.as_str(), row.survey, p], "response": row.key }),
            ));
        }
        let mut counts = Counts::default();
        count_versioned(
            new.definition,
            row.version,
            &row.answers,
            row.created_at,
            1,
            &mut counts,
        );
        let day = day_scope(&row.survey, row.created_at);
        self.group
            .submit(Pending {
                records,
                org: org.clone(),
                deltas: vec![(row.survey.clone(), counts.clone()), (day, counts)],
            })
            .await?;
        Ok(row)
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn response(
        &self,
        org: &OrgId,
        survey: &str,
        key: &str,
    ) -> Result<ResponseRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('survey_response', [$org, $survey, $key])")
            .bind(vars!("org" => org.as_str(), "survey" => survey, "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    /// The participant takes their response back: it leaves the results, and they may
    /// answer again.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn withdraw_response(
        &self,
        org: &OrgId,
        survey: &str,
        key: &str,
        definition: &Definition,
    ) -> Result<(), StorageError> {
        self.write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                "SELECT * FROM ONLY type::record('survey_response', [$org, $survey, $key]);
                 SELECT VALUE participant FROM ONLY type::record('survey_response', [$org, $survey, $key]);",
                vars!("org" => org.as_str(), "survey" => survey, "key" => key),
            )
            .await?;
            let row: ResponseRow = match one(&mut res, 0) {
                Ok(Some(r)) => r,
                Ok(None) => return Err((Some(tx), StorageError::NotFound)),
                Err(e) => return Err((Some(tx), e)),
            };
            if row.withdrawn {
                return Ok((tx, ()));
            }
            let participant: Option<String> = one(&mut res, 1).ok().flatten();
            // Who answered goes with the answers: they may answer again.
            let forget = if participant.is_some() {
                "DELETE type::record('survey_participant', [$org, $survey, $p]) RETURN NONE;"
            } else {
                ""
            };
            let (tx, _) = tx_query(
                tx,
                &format!("UPDATE type::record('survey_response', [$org, $survey, $key]) SET withdrawn = true, answers = {{ values: {{}}, other: {{}} }}, hidden = {{}}, participant = NULL RETURN NONE; {forget}"),
                vars!("org" => org.as_str(), "survey" => survey, "key" => key, "p" => participant),
            )
            .await?;
            let mut counts = Counts::default();
            count_versioned(definition, row.version, &row.answers, row.created_at, -1, &mut counts);
            let tx = ledger::append(tx, org, survey, &counts).await?;
            let day = day_scope(survey, row.created_at);
            let tx = ledger::append(tx, org, &day, &counts).await?;
            Ok((tx, ()))
        })
        .await
    }

    /// Hides a text answer from the results (`reason` Some) or shows it again (`None`).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn hide_survey_answer(
        &self,
        org: &OrgId,
        survey: &str,
        key: &str,
        question: &str,
        reason: Option<&str>,
    ) -> Result<(), StorageError> {
        let mut res = self
            .db
            .query("UPDATE type::record('survey_response', [$org, $survey, $key]) SET hidden = object::from_entries(array::concat(object::entries(hidden ?? {}).filter(|$e| $e[0] != $q), IF $reason == NONE { [] } ELSE { [[$q, $reason]] })) WHERE org = $org AND withdrawn = false RETURN VALUE key")
            .bind(vars!("org" => org.as_str(), "survey" => survey, "key" => key, "q" => question, "reason" => reason))
            .await?
            .check()?;
        let updated: Vec<String> = rows(&mut res, 0)?;
        if updated.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// The newest responses, at most `limit`.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn latest_responses(
        &self,
        org: &OrgId,
        survey: &str,
        limit: usize,
    ) -> Result<Vec<ResponseRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM survey_response WHERE org = $org AND survey = $survey ORDER BY created_at DESC LIMIT $limit")
            .bind(vars!("org" => org.as_str(), "survey" => survey, "limit" => limit.max(1) as i64))
            .await?;
        rows(&mut res, 0)
    }

    /// A survey's responses given in `[from, to)`, in time order, from `after` on (see
    /// [`Cursor`]), at most `limit`: withdrawn ones included (as empty), so that paging never
    /// skips. One forward range of the `(org, survey, created_at)` index a page, however deep.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn responses(
        &self,
        org: &OrgId,
        survey: &str,
        range: (i64, i64),
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<Vec<ResponseRow>, StorageError> {
        self.response_page("*", org, survey, &[], range, after, limit)
            .await
    }

    /// Question `a`'s and `b`'s answers of each response, as `responses` pages them: what a
    /// cross-tab counts, without the other answers.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn answer_pairs(
        &self,
        org: &OrgId,
        survey: &str,
        (a, b): (&str, &str),
        range: (i64, i64),
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<Vec<AnswerPair>, StorageError> {
        let fields = "key, created_at, withdrawn, answers.values[$a] AS a, answers.values[$b] AS b";
        self.response_page(
            fields,
            org,
            survey,
            &[("a", a), ("b", b)],
            range,
            after,
            limit,
        )
        .await
    }

    /// `fields` (a constant of this module, never input) of a page of responses.
    #[allow(clippy::too_many_arguments)]
    async fn response_page<T: serde::de::DeserializeOwned>(
        &self,
        fields: &'static str,
        org: &OrgId,
        survey: &str,
        params: &[(&'static str, &str)],
        (from, to): (i64, i64),
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<Vec<T>, StorageError> {
        let Cursor { at, skip } = after.unwrap_or(Cursor { at: from, skip: 0 });
        let sql = format!(
            "SELECT {fields} FROM survey_response WITH INDEX survey_response_created WHERE org = $org AND survey = $survey AND created_at >= $at AND created_at < $to ORDER BY created_at LIMIT $limit START $skip"
        );
        let mut vars = vars!(
            "org" => org.as_str(), "survey" => survey, "at" => at.max(from), "to" => to,
            "skip" => skip as i64, "limit" => limit.max(1) as i64
        );
        if let serde_json::Value::Object(m) = &mut vars {
            for (k, v) in params {
                m.insert((*k).to_string(), serde_json::json!(v));
            }
        }
        let mut res = self.db.query(sql).bind(vars).await?;
        rows(&mut res, 0)
    }
}
