//! Idea boards: a question an organisation asks.

use coproduce_widgets::contract::Moderation;
use serde::Deserialize;

use super::{StorageError, Store, one, rows};
use crate::domain::idea::{BoardQuestion, BoardTitle};
use crate::domain::{OrgId, now_ms, random_key};
use crate::vars;

#[derive(Debug, Clone, Deserialize)]
pub struct BoardRow {
    pub key: String,
    pub title: String,
    pub question: String,
    pub open: bool,
    pub moderation: String,
    pub created_at: i64,
}

impl BoardRow {
    pub fn moderation(&self) -> Moderation {
        Moderation::parse(&self.moderation).unwrap_or_default()
    }
}

impl Store {
    pub async fn create_board(
        &self,
        org: &OrgId,
        key: Option<&str>,
        title: &BoardTitle,
        question: &BoardQuestion,
        moderation: Moderation,
    ) -> Result<BoardRow, StorageError> {
        // A chosen key (e.g. the demo's `youth-centre`) or a random one.
        let key = key.map(str::to_owned).unwrap_or_else(|| random_key(10));
        let mut res = self
            .db
            .query("CREATE type::record('board', [$org, $key]) SET org = $org, key = $key, title = $title, question = $question, open = true, moderation = $moderation, created_at = $now")
            .bind(vars!(
                "org" => org.as_str(), "key" => key, "title" => title.as_str(),
                "question" => question.as_str(), "moderation" => moderation.as_str(), "now" => now_ms()
            ))
            .await?
            .check()?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    pub async fn board(&self, org: &OrgId, key: &str) -> Result<BoardRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('board', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    pub async fn boards(&self, org: &OrgId) -> Result<Vec<BoardRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM board WHERE org = $org ORDER BY created_at")
            .bind(("org", org.as_str().to_string()))
            .await?;
        rows(&mut res, 0)
    }

    pub async fn update_board(
        &self,
        org: &OrgId,
        key: &str,
        title: &BoardTitle,
        question: &BoardQuestion,
        open: bool,
        moderation: Moderation,
    ) -> Result<(), StorageError> {
        let mut res = self
            .db
            .query("UPDATE type::record('board', [$org, $key]) SET title = $title, question = $question, open = $open, moderation = $moderation WHERE org = $org RETURN VALUE key")
            .bind(vars!(
                "org" => org.as_str(), "key" => key, "title" => title.as_str(),
                "question" => question.as_str(), "open" => open, "moderation" => moderation.as_str()
            ))
            .await?
            .check()?;
        let updated: Vec<String> = rows(&mut res, 0)?;
        if updated.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }
}
