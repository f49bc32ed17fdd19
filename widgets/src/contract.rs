//! The wire contract between widget, standalone page and server, the part every kind shares:
//! error codes and bodies, common field limits, what an activity is; each kind's bodies are in
//! its own module (`ideas::contract`). It depends on serde only and compiles for wasm and
//! native, so changing it is a compile error on both sides.

use serde::{Deserialize, Serialize};

/// Declares a body of the wire contract: the struct with its serde (and OpenAPI) derives and,
/// in the embed, its reader from the browser's parsed JSON (`json::FromJs`), field by field
/// from the same declaration. Extra derives and attributes go before `pub struct`.
#[macro_export]
#[doc(hidden)]
macro_rules! wire {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty),*
        }

        #[cfg(feature = "csr")]
        impl $crate::json::FromJs for $name {
            fn from_js(v: &wasm_bindgen::JsValue) -> Option<Self> {
                Some(Self {
                    $($field: $crate::json::field(v, stringify!($field))?),*
                })
            }
        }
    };
}

/// An enum of the contract read from its name (`parse`) in the embed.
#[macro_export]
#[doc(hidden)]
macro_rules! wire_enum {
    ($($name:ty),*) => {
        $(
            #[cfg(feature = "csr")]
            impl $crate::json::FromJs for $name {
                fn from_js(v: &wasm_bindgen::JsValue) -> Option<Self> {
                    Self::parse(&v.as_string()?)
                }
            }
        )*
    };
}

/// Field limits, counted in characters (not bytes), shared by widget and server.
pub mod limits {
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
    /// Largest survey response (all its answers, long texts included), in bytes.
    pub const LARGE_BODY_BYTES_MAX: usize = 128 * 1024;
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
    /// The database server does not answer for the moment; nothing stored is lost.
    pub const DATABASE_UNAVAILABLE: &str = "database_unavailable";
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

/// What an activity is. Each kind has its own widget bundle, standalone page and console page;
/// the embed snippet names it (`data-kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A board on a question: citizens submit and support ideas.
    Ideas,
    /// Pages of questions with skip logic; citizens answer, staff see live results.
    Survey,
    /// Reports of places (with photos) on a public map; the organisation answers each.
    Map,
    /// Ratings and stories of the organisation's services, answered in public.
    Ratings,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 4] = [Self::Ideas, Self::Survey, Self::Map, Self::Ratings];

    /// The kind's name in addresses (`/o/{org}/ideas/{key}`) and snippets (`data-kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ideas => "ideas",
            Self::Survey => "survey",
            Self::Map => "map",
            Self::Ratings => "ratings",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// The kind's part of its standalone pages' addresses (`/o/{org}/{segment}/{key}`).
    pub fn page_segment(self) -> &'static str {
        match self {
            Self::Ideas => "ideas",
            Self::Survey => "surveys",
            Self::Map => "map",
            Self::Ratings => "ratings",
        }
    }
}

crate::wire! {
    /// What an activity is, for whoever knows only its key (the loader of a snippet that
    /// names no kind).
    pub struct ActivityAbout {
        pub kind: ActivityKind,
        pub title: String,
        pub open: bool,
        /// The standalone page.
        pub page_url: String,
    }
}

crate::wire_enum!(ActivityKind);

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

crate::wire_enum!(Moderation);

crate::wire! {
    /// Every error the API sends: a stable code, a message in the request's language and,
    /// for a bad field, which field.
    pub struct ErrorBody {
        pub code: String,
        pub message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub field: Option<String>,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_title_is_required_and_counts_characters_not_bytes() {
        assert_eq!(check_text("   ", true, 3, 5), Err(codes::REQUIRED));
        assert_eq!(check_text("äöü", true, 3, 3), Ok(()));
        assert_eq!(check_text("äöüß", true, 3, 3), Err(codes::TOO_LONG));
        assert_eq!(check_text("", false, 3, 3), Ok(()));
    }
}
