//! Checked text: trimmed, within the shared limits, free of control characters.

use coproduce_widgets::contract::{check_text, codes};

use super::Invalid;

/// Trims, checks the limits from `contract::limits` and rejects control characters
/// (newlines and tabs are allowed only where `multiline`).
pub fn parse_text(
    field: &'static str,
    raw: &str,
    required: bool,
    min: usize,
    max: usize,
    multiline: bool,
) -> Result<String, Invalid> {
    check_text(raw, required, min, max).map_err(|code| Invalid::new(field, code))?;
    let text = raw.trim().replace("\r\n", "\n");
    let bad = text
        .chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t')));
    if bad {
        return Err(Invalid::new(field, codes::INVALID));
    }
    Ok(text)
}

/// Declares a newtype around checked text with its limits.
macro_rules! checked_text {
    ($(#[$doc:meta])* $name:ident, $field:literal, required = $req:expr, min = $min:expr, max = $max:expr, multiline = $ml:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, $crate::domain::Invalid> {
                $crate::domain::text::parse_text($field, raw, $req, $min, $max, $ml).map(Self)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}
pub(crate) use checked_text;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_refused_but_newlines_pass_in_multiline_fields() {
        assert!(parse_text("t", "a\u{0007}b", true, 1, 10, false).is_err());
        assert!(parse_text("t", "a\nb", true, 1, 10, false).is_err());
        assert_eq!(
            parse_text("t", " a\r\nb ", true, 1, 10, true),
            Ok("a\nb".into())
        );
    }

    proptest! {
        #[test]
        fn parsed_text_is_trimmed_and_within_limits(raw in "\\PC{0,80}", min in 0usize..5, max in 5usize..40) {
            if let Ok(text) = parse_text("t", &raw, true, min, max, true) {
                let n = text.chars().count();
                prop_assert!(n >= min.max(1) && n <= max);
                prop_assert_eq!(text.trim(), text.as_str());
            }
        }
    }
}
