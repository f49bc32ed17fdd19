//! Activities: what an organisation asks citizens to take part in, whatever the kind.

use coproduce_widgets::contract::{ActivityKind, Moderation};
use coproduce_widgets::i18n::Lang;
use serde::Deserialize;

use super::{StorageError, Store, one, rows};
use crate::domain::activity::{ActivityIntro, ActivityTitle};
use crate::domain::{OrgId, OrgSlug, now_ms, random_key};
use crate::vars;

#[derive(Debug, Clone, Deserialize)]
pub struct ActivityRow {
    pub kind: ActivityKind,
    pub key: String,
    pub title: String,
    /// The invitation: a board's question, a survey's introduction.
    pub intro: String,
    pub open: bool,
    pub moderation: Moderation,
    /// The languages it is offered in, the first being its own.
    pub languages: Vec<Lang>,
    pub created_at: i64,
}

impl ActivityRow {
    /// `wanted` if the activity is offered in it, else the activity's own language.
    pub fn language(&self, wanted: Lang) -> Lang {
        if self.languages.contains(&wanted) {
            wanted
        } else {
            self.languages.first().copied().unwrap_or(wanted)
        }
    }
}

/// A new activity as staff describe it.
pub struct NewActivity<'a> {
    pub kind: ActivityKind,
    /// A chosen key (e.g. the demo's `youth-centre`), else one made of the title's words.
    pub key: Option<&'a str>,
    pub title: &'a ActivityTitle,
    pub intro: &'a ActivityIntro,
    pub moderation: Moderation,
}

/// What staff may change about an activity.
pub struct ActivityChange<'a> {
    pub title: &'a ActivityTitle,
    pub intro: &'a ActivityIntro,
    pub open: bool,
    pub moderation: Moderation,
    /// `None` keeps the languages it has.
    pub languages: Option<&'a [Lang]>,
}

impl Store {
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn create_activity(
        &self,
        org: &OrgId,
        new: NewActivity<'_>,
    ) -> Result<ActivityRow, StorageError> {
        // A chosen key is taken or refused. Otherwise the address is made of the title's words
        // (`spielplatz`, then `spielplatz-2` …), and random when the title leaves no such
        // words or all of them are taken.
        let candidates: Vec<String> = match new.key {
            Some(key) => vec![key.to_owned()],
            None => {
                let words = OrgSlug::from_words(new.title.as_str());
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
                .query("CREATE type::record('activity', [$org, $key]) SET org = $org, kind = $kind, key = $key, title = $title, intro = $intro, open = true, moderation = $moderation, languages = $languages, created_at = $now")
                .bind(vars!(
                    "org" => org.as_str(), "kind" => new.kind, "key" => key,
                    "title" => new.title.as_str(), "intro" => new.intro.as_str(),
                    "moderation" => new.moderation, "languages" => Lang::ALL, "now" => now_ms()
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

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn activity(&self, org: &OrgId, key: &str) -> Result<ActivityRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('activity', [$org, $key])")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    /// The organisation's activities, oldest first.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn activities(&self, org: &OrgId) -> Result<Vec<ActivityRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM activity WHERE org = $org ORDER BY created_at")
            .bind(("org", org.as_str().to_string()))
            .await?;
        rows(&mut res, 0)
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn update_activity(
        &self,
        org: &OrgId,
        key: &str,
        change: ActivityChange<'_>,
    ) -> Result<(), StorageError> {
        let languages = if change.languages.is_some() {
            ", languages = $languages"
        } else {
            ""
        };
        let mut res = self
            .db
            .query(format!("UPDATE type::record('activity', [$org, $key]) SET title = $title, intro = $intro, open = $open, moderation = $moderation{languages} WHERE org = $org RETURN VALUE key"))
            .bind(vars!(
                "org" => org.as_str(), "key" => key, "title" => change.title.as_str(),
                "intro" => change.intro.as_str(), "open" => change.open,
                "moderation" => change.moderation, "languages" => change.languages
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
