//! What coproduce knows, free of HTTP and storage: checked values, ideas, staff, counts.

pub mod activity;
pub mod answered;
pub mod counts;
pub mod moderation;
pub mod open_data;
pub mod org;
pub mod responsiveness;
pub mod staff;
pub mod text;

pub use org::{OrgId, OrgSlug};

/// A field that failed to parse: which field, and a stable code from `contract::codes`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {code}")]
pub struct Invalid {
    pub field: &'static str,
    pub code: &'static str,
}

/// All field errors of a form at once, so a person can fix them in one go.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid fields: {0:?}")]
pub struct InvalidFields(pub Vec<Invalid>);

impl Invalid {
    pub fn new(field: &'static str, code: &'static str) -> Self {
        Self { field, code }
    }
}

/// Unix milliseconds now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// A random, URL-safe identifier of `len` characters (lower-case letters and digits).
pub fn random_key(len: usize) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}
