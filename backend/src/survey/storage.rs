//! Surveys in the database: the draft and settings beside the activity, the versions that
//! publishing froze, responses (each tied to its version) with their receipts and who
//! answered. Every response appends its counts to the survey's ledger in its own transaction
//! (`storage::ledger`, `survey::counts`). The only place the survey activity speaks SurrealQL.

use std::collections::BTreeMap;

use coproduce_widgets::contract::{ActivityKind, Moderation};
use coproduce_widgets::survey::definition::Definition;
use coproduce_widgets::survey::response::{Answer, Answers};
use serde::{Deserialize, Serialize};

use crate::domain::activity::{ActivityIntro, ActivityTitle};
use crate::domain::counts::Counts;
use crate::domain::{OrgId, now_ms, random_key};
use crate::storage::group_commit::Pending;
use crate::storage::receipts::{RECEIPT, receipt_doc};
use crate::storage::{
    ActivityRow, NewActivity, StorageError, Store, Tx, ledger, one, rows, tx_query,
};
use crate::survey::counts::{count_versioned, day_scope};
use crate::vars;

const RESPONSE: &str = "survey_response";
const PARTICIPANT: &str = "survey_participant";

/// A survey's draft and settings (the activity holds its title, introduction and whether it
/// is open).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SurveyRow {
    /// What staff edit; publishing freezes it as the next version.
    pub draft: Definition,
    /// The version citizens answer; 0 before the first publication.
    pub version: i64,
    pub settings: SurveySettings,
    pub changed_at: i64,
}

/// A survey's settings and the version answered, as the cache in `AppState` keeps them.
pub struct Published {
    pub survey: SurveyRow,
    pub definition: Definition,
}

/// When and how often a survey may be answered, and who sees its results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveySettings {
    /// Unix ms; before it the survey takes no answers.
    pub opens_at: Option<i64>,
    /// Unix ms; from it on the survey takes no answers.
    pub closes_at: Option<i64>,
    /// Responses taken at most.
    pub max_responses: Option<i64>,
    /// One response per participant (best effort: a keyed hash of the browser and address).
    pub once_per_person: bool,
    /// Participants see the results (a page, the embed's end screen).
    pub results_public: bool,
}

impl Default for SurveySettings {
    fn default() -> Self {
        Self {
            opens_at: None,
            closes_at: None,
            max_responses: None,
            once_per_person: true,
            results_public: false,
        }
    }
}

/// What the stored record holds: the row's fields side by side.
#[derive(Debug, Deserialize)]
struct StoredSurvey {
    draft: Definition,
    version: i64,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    max_responses: Option<i64>,
    once_per_person: bool,
    results_public: bool,
    changed_at: i64,
}

impl From<StoredSurvey> for SurveyRow {
    fn from(s: StoredSurvey) -> Self {
        Self {
            draft: s.draft,
            version: s.version,
            settings: SurveySettings {
                opens_at: s.opens_at,
                closes_at: s.closes_at,
                max_responses: s.max_responses,
                once_per_person: s.once_per_person,
                results_public: s.results_public,
            },
            changed_at: s.changed_at,
        }
    }
}

/// A version as publishing froze it.
#[derive(Debug, Clone, Deserialize)]
pub struct VersionRow {
    pub n: i64,
    pub definition: Definition,
    pub published_at: i64,
}

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

/// Where a page of responses goes on: at time `at` (Unix ms), after the first `skip` responses
/// of that millisecond (the index keeps responses of one millisecond in one order, so a page
/// boundary among them neither skips nor repeats one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: i64,
    pub skip: usize,
}

impl Cursor {
    /// The cursor after a page whose responses were given at `times` (in order), which
    /// started at `from`.
    pub fn after(from: Option<Cursor>, times: &[i64]) -> Option<Cursor> {
        let last = *times.last()?;
        let ties = times.iter().rev().take_while(|t| **t == last).count();
        let carried = match from {
            Some(c) if c.at == last && ties == times.len() => c.skip,
            _ => 0,
        };
        Some(Cursor {
            at: last,
            skip: ties + carried,
        })
    }
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
    /// Adds a survey: its activity (whose introduction is the survey's) and an empty draft.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn create_survey(
        &self,
        org: &OrgId,
        key: Option<&str>,
        title: &ActivityTitle,
        intro: &ActivityIntro,
    ) -> Result<ActivityRow, StorageError> {
        let new = NewActivity {
            kind: ActivityKind::Survey,
            key,
            title,
            intro,
            moderation: Moderation::Post,
        };
        let activity = self.create_activity(org, new).await?;
        self.put_survey(org, &activity.key, &SurveyRow::default())
            .await?;
        Ok(activity)
    }

    async fn put_survey(
        &self,
        org: &OrgId,
        key: &str,
        row: &SurveyRow,
    ) -> Result<(), StorageError> {
        let draft =
            serde_json::to_value(&row.draft).map_err(|e| StorageError::Decode(e.to_string()))?;
        let s = &row.settings;
        self.db
            .query("UPSERT type::record('survey', [$org, $key]) SET org = $org, key = $key, draft = $draft, version = $version, opens_at = $opens_at, closes_at = $closes_at, max_responses = $max, once_per_person = $once, results_public = $public, changed_at = $now RETURN NONE")
            .bind(vars!(
                "org" => org.as_str(), "key" => key, "draft" => draft, "version" => row.version,
                "opens_at" => s.opens_at, "closes_at" => s.closes_at, "max" => s.max_responses,
                "once" => s.once_per_person, "public" => s.results_public, "now" => now_ms()
            ))
            .await?
            .check()?;
        Ok(())
    }

    /// The survey's draft and settings; a survey of this organisation only.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn survey(&self, org: &OrgId, key: &str) -> Result<SurveyRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('survey', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        let stored: Option<StoredSurvey> = one(&mut res, 0)?;
        stored.map(SurveyRow::from).ok_or(StorageError::NotFound)
    }

    /// Replaces the draft (checked by the caller); what citizens answer changes only when it
    /// is published.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn save_draft(
        &self,
        org: &OrgId,
        key: &str,
        draft: &Definition,
    ) -> Result<(), StorageError> {
        let draft = serde_json::to_value(draft).map_err(|e| StorageError::Decode(e.to_string()))?;
        let mut res = self
            .db
            .query("UPDATE type::record('survey', [$org, $key]) SET draft = $draft, changed_at = $now WHERE org = $org RETURN VALUE key")
            .bind(vars!("org" => org.as_str(), "key" => key, "draft" => draft, "now" => now_ms()))
            .await?
            .check()?;
        let updated: Vec<String> = rows(&mut res, 0)?;
        if updated.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn save_survey_settings(
        &self,
        org: &OrgId,
        key: &str,
        s: &SurveySettings,
    ) -> Result<(), StorageError> {
        let mut res = self
            .db
            .query("UPDATE type::record('survey', [$org, $key]) SET opens_at = $opens_at, closes_at = $closes_at, max_responses = $max, once_per_person = $once, results_public = $public WHERE org = $org RETURN VALUE key")
            .bind(vars!(
                "org" => org.as_str(), "key" => key, "opens_at" => s.opens_at,
                "closes_at" => s.closes_at, "max" => s.max_responses,
                "once" => s.once_per_person, "public" => s.results_public
            ))
            .await?
            .check()?;
        let updated: Vec<String> = rows(&mut res, 0)?;
        if updated.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Freezes the draft (checked by the caller) as the next version, unless it equals the
    /// current one; returns the version citizens now answer.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn publish_survey(&self, org: &OrgId, key: &str) -> Result<i64, StorageError> {
        self.write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                "SELECT * FROM ONLY type::record('survey', [$org, $key]);",
                vars!("org" => org.as_str(), "key" => key),
            )
            .await?;
            let survey: SurveyRow = match one::<StoredSurvey>(&mut res, 0) {
                Ok(Some(s)) => s.into(),
                Ok(None) => return Err((Some(tx), StorageError::NotFound)),
                Err(e) => return Err((Some(tx), e)),
            };
            if survey.version > 0 {
                let (tx2, mut res) = tx_query(
                    tx,
                    "SELECT VALUE definition FROM ONLY type::record('survey_version', [$org, $key, $n])",
                    vars!("org" => org.as_str(), "key" => key, "n" => survey.version),
                )
                .await?;
                let current: Option<Definition> = match one(&mut res, 0) {
                    Ok(d) => d,
                    Err(e) => return Err((Some(tx2), e)),
                };
                if current.as_ref() == Some(&survey.draft) {
                    return Ok((tx2, survey.version));
                }
                return new_version(tx2, org, key, &survey).await;
            }
            new_version(tx, org, key, &survey).await
        })
        .await
    }

    /// One version of the survey.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn survey_version(
        &self,
        org: &OrgId,
        key: &str,
        n: i64,
    ) -> Result<VersionRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT record::id(id)[2] AS n, definition, published_at FROM ONLY type::record('survey_version', [$org, $key, $n])")
            .bind(vars!("org" => org.as_str(), "key" => key, "n" => n))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    /// Every version of the survey, oldest first.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn survey_versions(
        &self,
        org: &OrgId,
        key: &str,
    ) -> Result<Vec<VersionRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT record::id(id)[2] AS n, definition, published_at FROM survey_version:[$org, $key, NONE]..=[$org, $key, ..]")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        rows(&mut res, 0)
    }

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

/// Writes the draft as version `survey.version + 1` and makes it the one citizens answer.
async fn new_version(
    tx: Tx,
    org: &OrgId,
    key: &str,
    survey: &SurveyRow,
) -> Result<(Tx, i64), (Option<Tx>, StorageError)> {
    let n = survey.version + 1;
    let definition = match serde_json::to_value(&survey.draft) {
        Ok(d) => d,
        Err(e) => return Err((Some(tx), StorageError::Decode(e.to_string()))),
    };
    let (tx, _) = tx_query(
        tx,
        "CREATE type::record('survey_version', [$org, $key, $n]) SET definition = $definition, published_at = $now RETURN NONE;
         UPDATE type::record('survey', [$org, $key]) SET version = $n RETURN NONE;",
        vars!("org" => org.as_str(), "key" => key, "n" => n, "definition" => definition, "now" => now_ms()),
    )
    .await?;
    Ok((tx, n))
}
