//! The organisation: the tenant of every record.

use coproduce_widgets::contract::{codes, limits};

use super::Invalid;
use super::text::checked_text;

/// A URL slug such as `stadtteilhaus-nord`: lower-case letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    /// A slug made of a title's words, for a readable address (`Neue Räume: Werkstatt` →
    /// `neue-raeume-werkstatt`): German letters spelled out (ä → ae, ß → ss), other accented
    /// Latin letters without their accent, anything else a break between words. Cut at a break
    /// to leave room for a `-2` … `-9` suffix; none when too little of the title is left.
    pub fn from_words(title: &str) -> Option<Self> {
        let max = limits::ORG_SLUG_MAX - 2;
        let mut words = vec![String::new()];
        for c in title.chars().flat_map(char::to_lowercase) {
            match ascii_spelling(c) {
                Some(spelled) => words.last_mut()?.push_str(&spelled),
                None if words.last().is_some_and(|w| !w.is_empty()) => words.push(String::new()),
                None => {}
            }
        }
        let mut slug = String::new();
        for word in words.iter().filter(|w| !w.is_empty()) {
            if slug.is_empty() {
                // A first word longer than the limit is cut; later ones are left out whole.
                slug = word.chars().take(max).collect();
            } else if slug.len() + 1 + word.len() <= max {
                slug.push('-');
                slug.push_str(word);
            } else {
                break;
            }
        }
        Self::parse(&slug).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a lower-case letter or digit is written in a slug; `None` for a break between words.
fn ascii_spelling(c: char) -> Option<String> {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        return Some(c.to_string());
    }
    let spelled = match c {
        'ä' | 'æ' => "ae",
        'ö' | 'œ' => "oe",
        'ü' => "ue",
        'ß' => "ss",
        'à' | 'á' | 'â' | 'ã' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'ù' | 'ú' | 'û' => "u",
        'ý' | 'ÿ' => "y",
        _ => return None,
    };
    Some(spelled.to_string())
}

/// An organisation known to exist. Only the HTTP extractors, the session and the CLI make one
/// (after loading the organisation), and every storage function takes it first: a query for
/// another organisation's data cannot be written by accident.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    #[test]
    fn a_title_makes_a_slug_of_its_words() {
        let slug = |t: &str| OrgSlug::from_words(t).map(|s| s.0);
        assert_eq!(slug("Spielplatz"), Some("spielplatz".into()));
        assert_eq!(
            slug("Neue Räume: Werkstatt & Café!"),
            Some("neue-raeume-werkstatt-cafe".into())
        );
        assert_eq!(slug("  Straße 12 "), Some("strasse-12".into()));
        assert_eq!(slug("?!"), None);
        assert_eq!(slug("Ü"), Some("ue".into()));
        assert_eq!(slug("日本語"), None);
        let long = slug("Wie soll das neue Jugendzentrum am Marktplatz arbeiten?").unwrap();
        assert_eq!(long, "wie-soll-das-neue-jugendzentrum-am");
    }

    proptest! {
        #[test]
        fn a_slug_from_any_title_parses_and_leaves_room_for_a_suffix(title in "\\PC{0,80}") {
            if let Some(slug) = OrgSlug::from_words(&title) {
                prop_assert_eq!(OrgSlug::parse(slug.as_str()), Ok(slug.clone()));
                prop_assert!(slug.as_str().len() + 2 <= limits::ORG_SLUG_MAX);
            }
        }

        #[test]
        fn a_parsed_slug_is_always_url_safe(raw in "\\PC{0,50}") {
            if let Ok(slug) = OrgSlug::parse(&raw) {
                prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            }
        }
    }
}
