//! Ratings in the database: the set-up beside the activity, stories with their receipts,
//! staff's answers, and what moderation decided. Every write appends the change of the
//! counts in its own transaction (`ratings::counts`). The only place the ratings activity
//! speaks SurrealQL.

use std::collections::BTreeMap;

use coproduce_widgets::contract::{ActivityKind, Moderation};
use coproduce_widgets::ratings::contract::{AuthorReply, StaffAnswer, StoryState};
use coproduce_widgets::ratings::definition::{NewStory, RatingsDefinition};
use serde::{Deserialize, Serialize};

use super::counts::{Change, StoryFacts};
use crate::domain::activity::{ActivityIntro, ActivityTitle};
use crate::domain::counts::Counts;
use crate::domain::{OrgId, now_ms, random_key};
use crate::storage::receipts::receipt_doc;
use crate::storage::{
    ActivityRow, Cursor, NewActivity, StorageError, Store, Tx, ledger, one, rows, tx_query,
};
use crate::vars;

mod readers;
pub use readers::AuthorRefused;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoryRow {
    pub activity: String,
    pub key: String,
    pub service: String,
    pub overall: u8,
    pub ratings: BTreeMap<String, u8>,
    pub story: String,
    /// `YYYY-MM` of when it happened, as the author said.
    pub when: Option<String>,
    pub part: Option<String>,
    pub name: Option<String>,
    pub state: StoryState,
    /// Why it was not published (the author sees it).
    pub reason: Option<String>,
    pub answers: Vec<StaffAnswer>,
    pub reply: Option<AuthorReply>,
    /// Staff took personal data of others out of the story, for this reason (shown).
    pub redacted: Option<String>,
    pub helpful: i64,
    pub change: Option<ChangeRow>,
    pub created_at: i64,
    pub first_answer_at: Option<i64>,
}

/// A change the organisation planned or made because of a story.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChangeRow {
    pub made: bool,
    pub description: String,
    pub at: i64,
}

fn month_of(ms: i64) -> String {
    let (y, m, _) = coproduce_widgets::fmt::civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}")
}

impl StoryRow {
    pub fn facts(&self) -> StoryFacts {
        StoryFacts {
            published: self.state == StoryState::Published,
            service: self.service.clone(),
            overall: self.overall,
            ratings: self.ratings.clone(),
            month: month_of(self.created_at),
            created_at: self.created_at,
            first_answer_at: self.first_answer_at,
            change: self.change.as_ref().map(|c| {
                if c.made {
                    Change::Made
                } else {
                    Change::Planned
                }
            }),
        }
    }
}

/// What moderation decides about a story.
pub enum Decision<'a> {
    Publish,
    /// Back to the author to edit, with the reason.
    AskEdit(&'a str),
    Reject(&'a str),
}

async fn read_story(
    tx: Tx,
    org: &OrgId,
    key: &str,
) -> Result<(Tx, StoryRow), (Option<Tx>, StorageError)> {
    let (tx, mut res) = tx_query(
        tx,
        "SELECT * OMIT id FROM ONLY type::record('story', [$org, $key])",
        vars!("org" => org.as_str(), "key" => key),
    )
    .await?;
    match one::<StoryRow>(&mut res, 0) {
        Ok(Some(row)) => Ok((tx, row)),
        Ok(None) => Err((Some(tx), StorageError::NotFound)),
        Err(e) => Err((Some(tx), e)),
    }
}

impl Store {
    /// Adds a ratings activity with its set-up (checked by the caller).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn create_ratings(
        &self,
        org: &OrgId,
        key: Option<&str>,
        title: &ActivityTitle,
        intro: &ActivityIntro,
        definition: &RatingsDefinition,
    ) -> Result<ActivityRow, StorageError> {
        let new = NewActivity {
            kind: ActivityKind::Ratings,
            key,
            title,
            intro,
            moderation: Moderation::Pre,
        };
        let activity = self.create_activity(org, new).await?;
        self.save_ratings(org, &activity.key, definition).await?;
        Ok(activity)
    }

    /// Replaces the set-up (checked by the caller).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn save_ratings(
        &self,
        org: &OrgId,
        key: &str,
        def: &RatingsDefinition,
    ) -> Result<(), StorageError> {
        let definition =
            serde_json::to_value(def).map_err(|e| StorageError::Decode(e.to_string()))?;
        self.db
            .query("UPSERT type::record('ratings', [$org, $key]) SET org = $org, key = $key, definition = $definition, changed_at = $now RETURN NONE")
            .bind(vars!("org" => org.as_str(), "key" => key, "definition" => definition, "now" => now_ms()))
            .await?
            .check()?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn ratings(&self, org: &OrgId, key: &str) -> Result<RatingsDefinition, StorageError> {
        let mut res = self
            .db
            .query("SELECT VALUE definition FROM ONLY type::record('ratings', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    /// Stores a story (waiting for moderation) and its receipt.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn submit_story(
        &self,
        org: &OrgId,
        activity: &str,
        story: &NewStory,
        receipt_hash: &str,
    ) -> Result<StoryRow, StorageError> {
        let row = StoryRow {
            activity: activity.to_string(),
            key: random_key(12),
            service: story.service.clone(),
            overall: story.overall,
            ratings: story.ratings.clone(),
            story: story.story.clone(),
            when: story.when.map(|(y, m)| format!("{y:04}-{m:02}")),
            part: story.part.clone(),
            name: story.name.clone(),
            state: StoryState::Pending,
            reason: None,
            answers: Vec::new(),
            reply: None,
            redacted: None,
            helpful: 0,
            change: None,
            created_at: now_ms(),
            first_answer_at: None,
        };
        let mut doc =
            serde_json::to_value(&row).map_err(|e| StorageError::Decode(e.to_string()))?;
        doc["id"] = serde_json::json!([org.as_str(), row.key]);
        doc["org"] = serde_json::json!(org.as_str());
        let receipt = receipt_doc(org, receipt_hash, ActivityKind::Ratings, activity, &row.key);
        let delta = Counts::of(&row.facts());
        let (doc, receipt, delta) = (&doc, &receipt, &delta);
        self.write(move |tx| async move {
            let (tx, _) = tx_query(
                tx,
                "INSERT INTO story $doc RETURN NONE; INSERT INTO receipt $receipt RETURN NONE;",
                vars!("doc" => doc, "receipt" => receipt),
            )
            .await?;
            let tx = ledger::append(tx, org, activity, delta).await?;
            Ok((tx, ()))
        })
        .await?;
        Ok(row)
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn story(&self, org: &OrgId, key: &str) -> Result<StoryRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * OMIT id FROM ONLY type::record('story', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    /// Reads a story, lets `change` edit it, writes it back and appends the difference in
    /// counts, all in one transaction.
    pub(crate) async fn modify_story<F>(
        &self,
        org: &OrgId,
        key: &str,
        change: F,
    ) -> Result<StoryRow, StorageError>
    where
        F: Fn(&mut StoryRow) -> Result<(), StorageError>,
    {
        let change = &change;
        self.write(move |tx| async move {
            let (tx, before) = read_story(tx, org, key).await?;
            let mut after = before.clone();
            if let Err(e) = change(&mut after) {
                return Err((Some(tx), e));
            }
            if after == before {
                return Ok((tx, after));
            }
            let doc = match serde_json::to_value(&after) {
                Ok(d) => d,
                Err(e) => return Err((Some(tx), StorageError::Decode(e.to_string()))),
            };
            let (tx, _) = tx_query(
                tx,
                "UPDATE type::record('story', [$org, $key]) MERGE $doc RETURN NONE",
                vars!("org" => org.as_str(), "key" => key, "doc" => doc),
            )
            .await?;
            let delta = Counts::change(Some(&before.facts()), Some(&after.facts()));
            let tx = ledger::append(tx, org, &after.activity, &delta).await?;
            Ok((tx, after))
        })
        .await
    }

    /// Publishes a pending story, or rejects it with the reason its author sees.
    pub async fn moderate_story(
        &self,
        org: &OrgId,
        key: &str,
        decision: Decision<'_>,
    ) -> Result<StoryRow, StorageError> {
        self.modify_story(org, key, |s| {
            if s.state == StoryState::Withdrawn {
                return Err(StorageError::Closed);
            }
            match decision {
                Decision::Publish => {
                    s.state = StoryState::Published;
                    s.reason = None;
                }
                Decision::AskEdit(why) => {
                    s.state = StoryState::NeedsEdit;
                    s.reason = Some(why.to_string());
                }
                Decision::Reject(why) => {
                    s.state = StoryState::Rejected;
                    s.reason = Some(why.to_string());
                }
            }
            Ok(())
        })
        .await
    }

    /// A public answer of staff; the first is the story's first answer.
    pub async fn answer_story(
        &self,
        org: &OrgId,
        key: &str,
        answer: StaffAnswer,
    ) -> Result<StoryRow, StorageError> {
        self.modify_story(org, key, |s| {
            if s.state == StoryState::Withdrawn {
                return Err(StorageError::Closed);
            }
            s.first_answer_at.get_or_insert(answer.at);
            s.answers.push(answer.clone());
            Ok(())
        })
        .await
    }

    /// Replaces the story's text with `text` (others' personal data taken out) and says why.
    pub async fn redact_story(
        &self,
        org: &OrgId,
        key: &str,
        text: &str,
        reason: &str,
    ) -> Result<StoryRow, StorageError> {
        self.modify_story(org, key, |s| {
            s.story = text.to_string();
            s.redacted = Some(reason.to_string());
            Ok(())
        })
        .await
    }

    /// Marks a change planned or made because of the story.
    pub async fn mark_change(
        &self,
        org: &OrgId,
        key: &str,
        made: bool,
        description: &str,
    ) -> Result<StoryRow, StorageError> {
        let now = now_ms();
        self.modify_story(org, key, |s| {
            s.change = Some(ChangeRow {
                made,
                description: description.to_string(),
                at: now,
            });
            Ok(())
        })
        .await
    }

    /// The author takes the story back (found through the receipt): it leaves every count.
    pub async fn withdraw_story(&self, org: &OrgId, key: &str) -> Result<StoryRow, StorageError> {
        self.modify_story(org, key, |s| {
            s.state = StoryState::Withdrawn;
            s.story.clear();
            s.name = None;
            s.part = None;
            s.reply = None;
            Ok(())
        })
        .await
    }

    /// A page of the activity's stories in `states`, newest first (optionally of one service),
    /// from `after`; and where the next page starts.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn stories(
        &self,
        org: &OrgId,
        activity: &str,
        (states, service): (&[StoryState], Option<&str>),
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<(Vec<StoryRow>, Option<Cursor>), StorageError> {
        let mut sql = String::from(
            "SELECT * OMIT id FROM story WHERE org = $org AND activity = $activity AND state IN $states",
        );
        if service.is_some() {
            sql.push_str(" AND service = $service");
        }
        sql.push_str(" AND rank_new >= $at ORDER BY rank_new LIMIT $limit START $skip");
        self.read_stories(&sql, (org, activity), (states, service), after, limit)
            .await
    }

    /// The most helpful published stories first (newest first among equals), at most `limit`.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn most_helpful(
        &self,
        org: &OrgId,
        activity: &str,
        limit: usize,
    ) -> Result<Vec<StoryRow>, StorageError> {
        let sql = "SELECT * OMIT id FROM story WHERE org = $org AND activity = $activity AND state IN $states AND rank_new >= $at ORDER BY helpful DESC, rank_new LIMIT $limit START $skip";
        let published = [StoryState::Published];
        let (found, _) = self
            .read_stories(sql, (org, activity), (&published, None), None, limit)
            .await?;
        Ok(found)
    }

    async fn read_stories(
        &self,
        sql: &str,
        (org, activity): (&OrgId, &str),
        (states, service): (&[StoryState], Option<&str>),
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<(Vec<StoryRow>, Option<Cursor>), StorageError> {
        let Cursor { at, skip } = after.unwrap_or(Cursor {
            at: i64::MIN / 2,
            skip: 0,
        });
        let mut res = self
            .db
            .query(sql.to_string())
            .bind(vars!(
                "org" => org.as_str(), "activity" => activity, "states" => states,
                "service" => service, "at" => at, "skip" => skip, "limit" => limit + 1
            ))
            .await?;
        let mut found: Vec<StoryRow> = rows(&mut res, 0)?;
        let more = found.len() > limit;
        found.truncate(limit);
        let ranks: Vec<i64> = found.iter().map(|s| -s.created_at).collect();
        Ok((
            found,
            if more {
                Cursor::after(after, &ranks)
            } else {
                None
            },
        ))
    }

    /// Counts the activity again from its stories (tests: the ledger is exact).
    pub async fn recount_ratings(
        &self,
        org: &OrgId,
        activity: &str,
    ) -> Result<Counts, StorageError> {
        let mut res = self
            .snapshot(
                "SELECT * OMIT id FROM story WHERE org = $org AND activity = $activity;",
                vars!("org" => org.as_str(), "activity" => activity),
            )
            .await?;
        let stories: Vec<StoryRow> = rows(&mut res, 0)?;
        let mut counts = Counts::default();
        for s in &stories {
            counts.merge(&Counts::of(&s.facts()));
        }
        Ok(counts)
    }
}

/// What a new ratings activity starts with: one service to rename.
pub fn starter_definition() -> RatingsDefinition {
    RatingsDefinition {
        groups: Vec::new(),
        services: vec![coproduce_widgets::ratings::definition::Service {
            id: "service".into(),
            label: coproduce_widgets::survey::definition::Texts {
                de: "Unser Angebot".into(),
                en: "Our service".into(),
                plain_de: None,
                plain_en: None,
            },
            group: None,
        }],
        dimensions: Vec::new(),
        edit_days: 7,
    }
}
