//! The ideas activity's part of the wire contract: a board, its ideas, what a contributor
//! sends, what the server answers.

use serde::{Deserialize, Serialize};

use crate::contract::limits::DISPLAY_NAME_MAX;
use crate::contract::{Moderation, check_text};

/// Field limits of ideas, counted in characters (not bytes).
pub mod limits {
    pub const IDEA_TITLE_MIN: usize = 3;
    pub const IDEA_TITLE_MAX: usize = 120;
    pub const IDEA_BODY_MAX: usize = 2_000;
    /// Ideas shown on one board page.
    pub const IDEAS_PER_PAGE: usize = 50;
}

/// Where an idea stands; the organisation moves it and answers in public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdeaStatus {
    New,
    UnderReview,
    Planned,
    InProgress,
    Done,
    Declined,
}

impl IdeaStatus {
    pub const ALL: [IdeaStatus; 6] = [
        Self::New,
        Self::UnderReview,
        Self::Planned,
        Self::InProgress,
        Self::Done,
        Self::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::UnderReview => "under_review",
            Self::Planned => "planned",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Declined => "declined",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Order of the ideas list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Newest,
    MostSupported,
    RecentlyAnswered,
}

crate::wire_enum!(IdeaStatus);

impl Sort {
    pub const ALL: [Sort; 3] = [Self::Newest, Self::MostSupported, Self::RecentlyAnswered];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::MostSupported => "most_supported",
            Self::RecentlyAnswered => "recently_answered",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

crate::wire! {
    /// One step of an idea's public history.
    pub struct StatusEntry {
        pub status: IdeaStatus,
        /// The organisation's public answer, if any.
        pub answer: Option<String>,
        /// Unix milliseconds.
        pub at: i64,
    }
}

crate::wire! {
    pub struct IdeaView {
        pub id: String,
        pub title: String,
        pub body: String,
        pub author: Option<String>,
        pub status: IdeaStatus,
        pub supports: u64,
        /// Unix milliseconds.
        pub created_at: i64,
        pub history: Vec<StatusEntry>,
    }
}

crate::wire! {
    pub struct BoardView {
        pub org: String,
        pub org_name: String,
        pub id: String,
        pub title: String,
        pub question: String,
        pub open: bool,
        pub moderation: Moderation,
        /// Published ideas on the board (not only those listed).
        pub idea_count: u64,
        pub ideas: Vec<IdeaView>,
        /// Where the next page of this list starts (`after=`), when there is one.
        pub next: Option<String>,
        /// A signed render time; send it back with every write (anti-abuse).
        pub form_token: String,
    }
}

/// A new idea as the form or widget sends it. Plain strings: the server parses them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewIdea {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub name: String,
    /// Honeypot: people never see this field, so it must stay empty.
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub form_token: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSupport {
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub form_token: String,
}

crate::wire! {
    pub struct Submitted {
        pub idea: IdeaView,
        /// Whether the idea is public now (post-moderation) or waits for a moderator.
        pub published: bool,
        /// The private address where the contributor can follow or withdraw the idea.
        pub receipt_url: String,
    }
}

crate::wire! {
    pub struct Supported {
        pub idea_id: String,
        pub supports: u64,
    }
}

/// Client-side check of a new idea; same rules as the server's parser.
pub fn check_new_idea(idea: &NewIdea) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    if let Err(code) = check_text(
        &idea.title,
        true,
        limits::IDEA_TITLE_MIN,
        limits::IDEA_TITLE_MAX,
    ) {
        errors.push(("title", code));
    }
    if let Err(code) = check_text(&idea.body, false, 0, limits::IDEA_BODY_MAX) {
        errors.push(("body", code));
    }
    if let Err(code) = check_text(&idea.name, false, 0, DISPLAY_NAME_MAX) {
        errors.push(("name", code));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in IdeaStatus::ALL {
            assert_eq!(IdeaStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(IdeaStatus::parse("nope"), None);
    }
}
