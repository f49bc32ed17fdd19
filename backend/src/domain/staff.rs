//! Staff accounts: roles, e-mail addresses and passwords (argon2id).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use coproduce_widgets::contract::{codes, limits};

use super::Invalid;

/// Stored by name; an unknown stored name is an error, not a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Board settings, staff, allowed origins, and everything a moderator does.
    Admin,
    /// Moderation, statuses and answers.
    Moderator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Moderator => "moderator",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "admin" => Some(Self::Admin),
            "moderator" => Some(Self::Moderator),
            _ => None,
        }
    }
}

/// A lower-cased e-mail address with one `@` and a dot in the domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(Invalid::new("email", codes::REQUIRED));
        }
        if s.chars().count() > limits::EMAIL_MAX {
            return Err(Invalid::new("email", codes::TOO_LONG));
        }
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control())
                    && !domain.contains('@')
            }
            None => false,
        };
        if valid {
            Ok(Self(s))
        } else {
            Err(Invalid::new("email", codes::INVALID))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password, checked for length only (NIST 800-63B: length beats composition rules).
/// No `Debug`: it never shows in a log.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let n = raw.chars().count();
        if n < limits::PASSWORD_MIN {
            return Err(Invalid::new("password", codes::TOO_SHORT));
        }
        if n > limits::PASSWORD_MAX {
            return Err(Invalid::new("password", codes::TOO_LONG));
        }
        Ok(Self(raw.to_owned()))
    }

    /// An argon2id PHC string.
    pub fn hash(&self) -> Result<String, argon2::password_hash::Error> {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())?;
        Ok(Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)?
            .to_string())
    }
}

/// Checks a password against a stored PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let hash = NewPassword::parse("correct horse battery")
            .unwrap()
            .hash()
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            Email::parse(" Ana@Example.ORG ").unwrap().as_str(),
            "ana@example.org"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.org",
            "ana@org",
            "a b@x.org",
            "a@x.org.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
