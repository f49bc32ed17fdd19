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
    pub const ALL: [StoryState; 5] = [
        Self::Pending,
        Self::Published,
        Self::NeedsEdit,
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

crate::wire! {
    /// The author's one answer to the organisation.
    pub struct AuthorReply {
        pub text: String,
        pub at: i64,
    }
}

crate::wire! {
    /// The organisation's public answer to a story, signed with a role and maybe a name.
    pub struct StaffAnswer {
        pub text: String,
        pub role: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        pub at: i64,
    }
}

crate::wire! {
    /// Something of the set-up by its id, with its label in the reader's language.
    pub struct Named {
        pub id: String,
        pub label: String,
    }
}

crate::wire! {
    /// An aspect's plain mean for one service (none without ratings of it).
    pub struct AspectMean {
        pub id: String,
        pub label: String,
        pub mean: Option<f64>,
    }
}

crate::wire! {
    /// A month of a service's ratings (`YYYY-MM`, by when it happened).
    pub struct MonthFigure {
        pub month: String,
        pub ratings: u64,
        pub mean: Option<f64>,
    }
}

crate::wire! {
    /// A service with its figures, as readers see it.
    pub struct ServiceView {
        pub id: String,
        pub label: String,
        pub group: Option<String>,
        pub ratings: u64,
        /// The Bayesian average (`summary::Tally::bayesian`).
        pub average: Option<f64>,
        /// Ratings of 1, 2, … 5 stars.
        pub distribution: Vec<u64>,
        pub dimensions: Vec<AspectMean>,
        /// The months with ratings, oldest first.
        pub months: Vec<MonthFigure>,
        pub answered_percent: u64,
        /// The median time to a first answer, in words ("≤ 1 day"), in the reader's language.
        pub first_answer: String,
        pub change_planned: u64,
        pub change_made: u64,
    }
}

crate::wire! {
    /// A group of services with their figures added up.
    pub struct GroupView {
        pub id: String,
        pub label: String,
        pub ratings: u64,
        pub average: Option<f64>,
        pub answered_percent: u64,
        pub change_made: u64,
    }
}

crate::wire! {
    /// A published story as readers see it.
    pub struct StoryView {
        pub id: String,
        pub service: String,
        pub overall: u8,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub ratings: std::collections::BTreeMap<String, u8>,
        pub story: String,
        pub when: Option<String>,
        pub part: Option<String>,
        pub name: Option<String>,
        pub answers: Vec<StaffAnswer>,
        /// The author's one answer to the organisation.
        pub reply: Option<AuthorReply>,
        pub change: Option<String>,
        pub change_made: bool,
        pub helpful: i64,
        /// Why staff took personal data out of it, if they did.
        pub redacted: Option<String>,
        pub created_at: i64,
    }
}

crate::wire! {
    /// A ratings activity as readers see it: its services with their figures, the aspects
    /// rated, and the newest (or most helpful) published stories.
    pub struct RatingsView {
        pub org: String,
        pub org_name: String,
        pub id: String,
        pub title: String,
        pub intro: String,
        pub open: bool,
        pub services: Vec<ServiceView>,
        pub groups: Vec<GroupView>,
        pub dimensions: Vec<Named>,
        pub stories: Vec<StoryView>,
        pub form_token: String,
    }
}

crate::wire! {
    /// What the server answers to a new story: its id and the author's private link.
    pub struct StoryStored {
        pub id: String,
        pub receipt_url: String,
    }
}

crate::wire! {
    /// A story's "helpful" count after the reader's vote.
    pub struct HelpfulCount {
        pub helpful: i64,
    }
}

crate::wire_enum!(StoryState);
