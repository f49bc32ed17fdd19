//! The ratings activity's part of the wire contract: where a story stands, a story and a
//! service as readers see them, and the activity's error codes.

use serde::{Deserialize, Serialize};

/// Error codes of the ratings activity, beside the shared ones (`contract::codes`).
pub mod ratings_codes {
    /// One or more fields of a story are wrong (`errors` says which and why).
    pub const INVALID_STORY: &str = "invalid_story";
    /// The author may edit a story only within the days the organisation set.
    pub const EDIT_WINDOW_CLOSED: &str = "edit_window_closed";
    /// The author answers the organisation once.
    pub const ALREADY_REPLIED: &str = "already_replied";
}

/// Where a story stands. Every story is moderated before it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StoryState {
    /// Waits for a moderator.
    Pending,
    Published,
    /// Sent back to the author to edit, with the reason.
    NeedsEdit,
    /// Refused, with a reason the author sees.
    Rejected,
    /// The author took it back.
    Withdrawn,
}

impl StoryState {
    pub const ALL: [StoryState; 4] = [
        Self::Pending,
        Self::Published,
        Self::Rejected,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Published => "published",
            Self::NeedsEdit => "needs_edit",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// The author's one answer to the organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorReply {
    pub text: String,
    pub at: i64,
}

/// The organisation's public answer to a story, signed with a role and maybe a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAnswer {
    pub text: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub at: i64,
}
