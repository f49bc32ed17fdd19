//! What authors and readers change of a story: the author's edit within the window and one
//! answer to the organisation, readers' "helpful" (once per person).

use coproduce_widgets::ratings::contract::{AuthorReply, StoryState};
use coproduce_widgets::ratings::definition::NewStory;

use super::{StoryRow, read_story};
use crate::domain::{OrgId, now_ms};
use crate::storage::{StorageError, Store, one, tx_query};
use crate::vars;

/// Why an author's change is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorRefused {
    /// Past the organisation's edit window, or taken back.
    WindowClosed,
    /// Answered once already, or nothing to answer yet.
    AlreadyReplied,
    NotYetAnswered,
}

impl Store {
    /// The author edits the story (within `edit_days` of sending it): it waits for
    /// moderation again. The service stays.
    pub async fn author_edit(
        &self,
        org: &OrgId,
        key: &str,
        edited: &NewStory,
        edit_days: u32,
    ) -> Result<Result<StoryRow, AuthorRefused>, StorageError> {
        let now = now_ms();
        let window = i64::from(edit_days) * 86_400_000;
        let outcome = self
            .modify_story(org, key, |s| {
                if s.state == StoryState::Withdrawn || now > s.created_at + window {
                    return Err(StorageError::Closed);
                }
                s.overall = edited.overall;
                s.ratings = edited.ratings.clone();
                s.story = edited.story.clone();
                s.when = edited.when.map(|(y, m)| format!("{y:04}-{m:02}"));
                s.part = edited.part.clone();
                s.name = edited.name.clone();
                s.state = StoryState::Pending;
                s.reason = None;
                Ok(())
            })
            .await;
        match outcome {
            Err(StorageError::Closed) => Ok(Err(AuthorRefused::WindowClosed)),
            other => other.map(Ok),
        }
    }

    /// The author's one answer to the organisation (once it has answered).
    pub async fn author_reply(
        &self,
        org: &OrgId,
        key: &str,
        text: &str,
    ) -> Result<Result<StoryRow, AuthorRefused>, StorageError> {
        let now = now_ms();
        let outcome = self
            .modify_story(org, key, |s| {
                if s.reply.is_some() {
                    return Err(StorageError::AlreadyExists);
                }
                if s.answers.is_empty() || s.state == StoryState::Withdrawn {
                    return Err(StorageError::Closed);
                }
                s.reply = Some(AuthorReply {
                    text: text.to_string(),
                    at: now,
                });
                Ok(())
            })
            .await;
        match outcome {
            Err(StorageError::AlreadyExists) => Ok(Err(AuthorRefused::AlreadyReplied)),
            Err(StorageError::Closed) => Ok(Err(AuthorRefused::NotYetAnswered)),
            other => other.map(Ok),
        }
    }

    /// Counts a "helpful" of `voter` (a keyed hash, never an address) for a published story
    /// of `activity`; `AlreadyExists` when this person said so before. Returns the new count.
    pub async fn helpful(
        &self,
        org: &OrgId,
        activity: &str,
        key: &str,
        voter: &str,
    ) -> Result<i64, StorageError> {
        let now = now_ms();
        self.write(move |tx| async move {
            let (tx, story) = read_story(tx, org, key).await?;
            if story.activity != activity || story.state != StoryState::Published {
                return Err((Some(tx), StorageError::NotFound));
            }
            let (tx, mut res) = tx_query(
                tx,
                "SELECT VALUE created_at FROM ONLY type::record('story_helpful', [$org, $key, $voter])",
                vars!("org" => org.as_str(), "key" => key, "voter" => voter),
            )
            .await?;
            match one::<i64>(&mut res, 0) {
                Ok(None) => {}
                Ok(Some(_)) => return Err((Some(tx), StorageError::AlreadyExists)),
                Err(e) => return Err((Some(tx), e)),
            }
            let (tx, _) = tx_query(
                tx,
                "CREATE type::record('story_helpful', [$org, $key, $voter]) SET created_at = $now RETURN NONE;
                 UPDATE type::record('story', [$org, $key]) SET helpful += 1 RETURN NONE;",
                vars!("org" => org.as_str(), "key" => key, "voter" => voter, "now" => now),
            )
            .await?;
            Ok((tx, story.helpful + 1))
        })
        .await
    }
}
