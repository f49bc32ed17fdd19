//! Moderation shared by every activity kind: who can see a contribution, and why staff hid it.

use coproduce_widgets::contract::limits;

use super::text::checked_text;

checked_text!(
    HideReason,
    "reason",
    required = true,
    min = 1,
    max = limits::HIDE_REASON_MAX,
    multiline = true
);
/// Who can see a contribution (an idea; later a survey's free text, a report, a story). Stored by name; an unknown stored name is an error, not a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    /// Waits for a moderator (pre-moderated boards).
    Pending,
    Hidden,
    /// The contributor took it back.
    Withdrawn,
    /// Merged into another idea as a duplicate.
    Merged,
}

impl Visibility {
    pub const ALL: [Visibility; 5] = [
        Self::Public,
        Self::Pending,
        Self::Hidden,
        Self::Withdrawn,
        Self::Merged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Pending => "pending",
            Self::Hidden => "hidden",
            Self::Withdrawn => "withdrawn",
            Self::Merged => "merged",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == raw)
    }
}
