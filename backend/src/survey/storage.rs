//! Surveys in the database: the draft and settings beside the activity, the versions that
//! publishing froze, responses (each tied to its version) with their receipts and who
//! answered. Every response appends its counts to the survey's ledger in its own transaction
//! (`storage::ledger`, `survey::counts`). The only place the survey activity speaks SurrealQL.

use coproduce_widgets::contract::{ActivityKind, Moderation};
use coproduce_widgets::survey::definition::Definition;
use serde::{Deserialize, Serialize};

use crate::domain::activity::{ActivityIntro, ActivityTitle};
use crate::domain::{OrgId, now_ms};
use crate::storage::{ActivityRow, NewActivity, StorageError, Store, Tx, one, rows, tx_query};
use crate::vars;

mod responses;
pub use crate::storage::Cursor;
pub use responses::{AnswerPair, NewResponse, RESPONSES_PER_READ, ResponseRow};

pub(super) const RESPONSE: &str = "survey_response";
pub(super) const PARTICIPANT: &str = "survey_participant";

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
