//! The organisation: the tenant of every record.

use coproduce_widgets::contract::{codes, limits};

use super::Invalid;
use super::text::checked_text;

/// A URL slug such as `stadtteilhaus-nord`: lower-case letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgSlug(String);

impl OrgSlug {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if s.is_empty() {
            return Err(Invalid::new("slug", codes::REQUIRED));
        }
        if s.len() < 2 {
            return Err(Invalid::new("slug", codes::TOO_SHORT));
        }
        if s.len() > limits::ORG_SLUG_MAX {
            return Err(Invalid::new("slug", codes::TOO_LONG));
        }
        if !ok_chars || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(Invalid::new("slug", codes::INVALID));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An organisation known to exist. Only the HTTP extractors, the session and the CLI make one
/// (after loading the organisation), and every storage function takes it first: a query for
/// another organisation's data cannot be written by accident.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgId(OrgSlug);

impl OrgId {
    /// For the storage layer, after it has found the organisation.
    pub(crate) fn existing(slug: OrgSlug) -> Self {
        Self(slug)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl std::fmt::Display for OrgId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

checked_text!(
    /// The organisation's display name.
    OrgName, "name", required = true, min = 2, max = limits::ORG_NAME_MAX, multiline = false
);

/// A web origin allowed to embed the widgets, e.g. `https://www.example.org`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim().trim_end_matches('/');
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"));
        let valid = match rest {
            Some(host) => {
                !host.is_empty()
                    && host.len() <= limits::ORIGIN_MAX
                    && host
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
            }
            None => false,
        };
        if valid {
            Ok(Self(s.to_ascii_lowercase()))
        } else {
            Err(Invalid::new("origins", codes::INVALID))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_single_hyphens() {
        assert!(OrgSlug::parse("stadtteilhaus-nord").is_ok());
        for bad in ["", "a", "Stadt", "-a", "a-", "a--b", "a b", "ä-b"] {
            assert!(OrgSlug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn origins_are_scheme_and_host_only() {
        assert_eq!(
            Origin::parse("https://Example.org/").map(|o| o.0),
            Ok("https://example.org".into())
        );
        assert!(Origin::parse("http://127.0.0.1:8081").is_ok());
        assert!(Origin::parse("example.org").is_err());
        assert!(Origin::parse("https://a.org/path").is_err());
        assert!(Origin::parse("javascript:alert(1)").is_err());
    }

    proptest! {
        #[test]
        fn a_parsed_slug_is_always_url_safe(raw in "\\PC{0,50}") {
            if let Ok(slug) = OrgSlug::parse(&raw) {
                prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            }
        }
    }
}
