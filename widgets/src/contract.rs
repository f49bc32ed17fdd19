//! The wire contract between widget, standalone page and server: request and response bodies,
//! error codes and every field limit. It depends on serde only and compiles for wasm and native,
//! so changing it is a compile error on both sides.

use serde::{Deserialize, Serialize};

/// Field limits, counted in characters (not bytes), shared by widget and server.
pub mod limits {
    pub const IDEA_TITLE_MIN: usize = 3;
    pub const IDEA_TITLE_MAX: usize = 120;
    pub const IDEA_BODY_MAX: usize = 2_000;
    pub const DISPLAY_NAME_MAX: usize = 60;
    pub const ANSWER_MAX: usize = 2_000;
    pub const HIDE_REASON_MAX: usize = 300;
    pub const BOARD_TITLE_MAX: usize = 120;
    pub const BOARD_QUESTION_MAX: usize = 300;
    pub const ORG_NAME_MAX: usize = 120;
    pub const ORG_SLUG_MAX: usize = 40;
    pub const EMAIL_MAX: usize = 254;
    pub const PASSWORD_MIN: usize = 10;
    pub const PASSWORD_MAX: usize = 200;
    pub const ORIGIN_MAX: usize = 200;
    /// Largest request body the API accepts, in bytes.
    pub const BODY_BYTES_MAX: usize = 16 * 1024;
    /// Ideas shown on one board page.
    pub const IDEAS_PER_PAGE: usize = 50;
    /// A form must be at least this old before it is accepted (bots post at once).
    pub const FORM_MIN_AGE_SECS: u64 = 2;
    /// A form older than this must be reloaded (the signed render time expired).
    pub const FORM_MAX_AGE_SECS: u64 = 24 * 3600;
}

/// Stable machine codes of errors; the human message comes from `i18n`.
pub mod codes {
    pub const REQUIRED: &str = "required";
    pub const TOO_SHORT: &str = "too_short";
    pub const TOO_LONG: &str = "too_long";
    pub const INVALID: &str = "invalid";
    pub const NOT_FOUND: &str = "not_found";
    pub const BOARD_CLOSED: &str = "board_closed";
    pub const DUPLICATE_SUPPORT: &str = "duplicate_support";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const SPAM_SUSPECTED: &str = "spam_suspected";
    pub const FORM_EXPIRED: &str = "form_expired";
    pub const TOO_FAST: &str = "too_fast";
    pub const MALFORMED: &str = "malformed_body";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const FORBIDDEN: &str = "forbidden";
    pub const CSRF: &str = "csrf_failed";
    pub const CONFLICT: &str = "conflict";
    pub const INTERNAL: &str = "internal";
    pub const BAD_LOGIN: &str = "bad_login";
    pub const LOGIN_THROTTLED: &str = "login_throttled";
    pub const REASON_REQUIRED: &str = "reason_required";
    /// As many people at one address (a household, a library) support the idea as allowed.
    pub const SUPPORTER_LIMIT: &str = "supporter_limit";
    /// A form post to a page or the console sent by another website (server pages only).
    pub const CROSS_SITE: &str = "cross_site";
    pub const REQUEST_TIMEOUT: &str = "request_timeout";
    pub const MALFORMED_QUERY: &str = "malformed_query";
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// A request that is wrong in some other way (an address that does not decode).
    pub const BAD_REQUEST: &str = "bad_request";
    /// One address holds as many connections as it may (`http.max_connections_per_address`).
    pub const TOO_MANY_CONNECTIONS: &str = "too_many_connections";
    /// The change would leave the organisation without an admin (console only).
    pub const LAST_ADMIN: &str = "last_admin";
    /// The password given as the current one is not (console only).
    pub const WRONG_PASSWORD: &str = "wrong_password";
    /// The two new passwords differ (console only).
    pub const PASSWORDS_DIFFER: &str = "passwords_differ";
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

/// What an activity is. Each kind has its own widget bundle, standalone page and console page;
/// the embed snippet names it (`data-kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A board on a question: citizens submit and support ideas.
    Ideas,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 1] = [Self::Ideas];

    /// The kind's name in addresses (`/o/{org}/ideas/{key}`) and snippets (`data-kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ideas => "ideas",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// Whether new ideas are visible at once or only after a moderator approved them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    #[default]
    Post,
    Pre,
}

impl Moderation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Pre => "pre",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "post" => Some(Self::Post),
            "pre" => Some(Self::Pre),
            _ => None,
        }
    }
}

/// One step of an idea's public history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusEntry {
    pub status: IdeaStatus,
    /// The organisation's public answer, if any.
    pub answer: Option<String>,
    /// Unix milliseconds.
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submitted {
    pub idea: IdeaView,
    /// Whether the idea is public now (post-moderation) or waits for a moderator.
    pub published: bool,
    /// The private address where the contributor can follow or withdraw the idea.
    pub receipt_url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supported {
    pub idea_id: String,
    pub supports: u64,
}

/// Every error the API sends: a stable code, a message in the request's language and,
/// for a bad field, which field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Counts characters the way the server does, so the widget can tell before sending.
pub fn char_len(s: &str) -> usize {
    s.trim().chars().count()
}

/// Checks a text field against its limits; the widget uses this before sending, the server's
/// domain types use it when parsing. Returns an error code.
pub fn check_text(value: &str, required: bool, min: usize, max: usize) -> Result<(), &'static str> {
    let n = char_len(value);
    if n == 0 {
        return if required {
            Err(codes::REQUIRED)
        } else {
            Ok(())
        };
    }
    if n < min {
        return Err(codes::TOO_SHORT);
    }
    if n > max {
        return Err(codes::TOO_LONG);
    }
    Ok(())
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
    if let Err(code) = check_text(&idea.name, false, 0, limits::DISPLAY_NAME_MAX) {
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

    #[test]
    fn a_blank_title_is_required_and_counts_characters_not_bytes() {
        assert_eq!(check_text("   ", true, 3, 5), Err(codes::REQUIRED));
        assert_eq!(check_text("äöü", true, 3, 3), Ok(()));
        assert_eq!(check_text("äöüß", true, 3, 3), Err(codes::TOO_LONG));
        assert_eq!(check_text("", false, 3, 3), Ok(()));
    }
}
