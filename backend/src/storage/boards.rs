//! Idea boards: a question an organisation asks.

use coproduce_widgets::contract::Moderation;
use serde::Deserialize;

use super::{StorageError, Store, one, rows};
use crate::domain::activity::BoardQuestion;
use crate::domain::activity::BoardTitle;
use crate::domain::{OrgId, OrgSlug, now_ms, random_key};
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
        // A chosen key (e.g. the demo's `youth-centre`) is taken or refused. Otherwise the
        // board's address is made of its title's words (`spielplatz`, then `spielplatz-2` …),
        // and random when the title leaves no such words or all of them are taken.
        let candidates: Vec<String> = match key {
            Some(key) => vec![key.to_owned()],
            None => {
                let words = OrgSlug::from_words(title.as_str());
                let numbered = words.iter().flat_map(|w| {
                    (1..=9).map(move |n| match n {
                        1 => w.as_str().to_owned(),
                        n => format!("{}-{n}", w.as_str()),
                    })
                });
                numbered.chain([random_key(10)]).collect()
            }
        };
        let last = candidates.len() - 1;
        for (i, key) in candidates.into_iter().enumerate() {
            let created = self
                .db
                .query("CREATE type::record('board', [$org, $key]) SET org = $org, key = $key, title = $title, question = $question, open = true, moderation = $moderation, created_at = $now")
                .bind(vars!(
                    "org" => org.as_str(), "key" => key, "title" => title.as_str(),
                    "question" => question.as_str(), "moderation" => moderation.as_str(), "now" => now_ms()
                ))
                .await
                .and_then(|res| res.check());
            match created.map_err(StorageError::from) {
                Err(StorageError::AlreadyExists) if i < last => continue,
                Err(e) => return Err(e),
                Ok(mut res) => return one(&mut res, 0)?.ok_or(StorageError::NotFound),
            }
        }
        Err(StorageError::AlreadyExists)
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
