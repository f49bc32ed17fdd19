//! Ideas as the domain sees them: checked fields, drafts, status changes.

use coproduce_widgets::contract::{codes, limits};
use coproduce_widgets::ideas::contract::{self, IdeaStatus};

use crate::domain::text::checked_text;
use crate::domain::{Invalid, InvalidFields};

checked_text!(
    IdeaTitle,
    "title",
    required = true,
    min = contract::limits::IDEA_TITLE_MIN,
    max = contract::limits::IDEA_TITLE_MAX,
    multiline = false
);
checked_text!(
    IdeaBody,
    "body",
    required = false,
    min = 0,
    max = contract::limits::IDEA_BODY_MAX,
    multiline = true
);
checked_text!(
    DisplayName,
    "name",
    required = false,
    min = 0,
    max = limits::DISPLAY_NAME_MAX,
    multiline = false
);
checked_text!(
    /// The organisation's public answer when it sets a status.
    Answer, "answer", required = false, min = 0, max = limits::ANSWER_MAX, multiline = true
);
/// A new idea that passed every check.
#[derive(Debug, Clone)]
pub struct IdeaDraft {
    pub title: IdeaTitle,
    pub body: IdeaBody,
    /// `None` when the contributor stays anonymous.
    pub author: Option<DisplayName>,
}

impl TryFrom<&contract::NewIdea> for IdeaDraft {
    type Error = InvalidFields;

    fn try_from(wire: &contract::NewIdea) -> Result<Self, Self::Error> {
        let title = IdeaTitle::parse(&wire.title);
        let body = IdeaBody::parse(&wire.body);
        let name = DisplayName::parse(&wire.name);
        match (title, body, name) {
            (Ok(title), Ok(body), Ok(name)) => Ok(Self {
                title,
                body,
                author: (!name.as_str().is_empty()).then_some(name),
            }),
            (t, b, n) => Err(InvalidFields(
                [t.err(), b.err(), n.err()].into_iter().flatten().collect(),
            )),
        }
    }
}

/// A status change with its public answer; declining always needs a reason.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub status: IdeaStatus,
    pub answer: Option<Answer>,
}

impl StatusChange {
    pub fn parse(status: &str, answer: &str) -> Result<Self, Invalid> {
        let status =
            IdeaStatus::parse(status).ok_or_else(|| Invalid::new("status", codes::INVALID))?;
        let answer = Answer::parse(answer)?;
        let answer = (!answer.as_str().is_empty()).then_some(answer);
        if status == IdeaStatus::Declined && answer.is_none() {
            return Err(Invalid::new("answer", codes::REASON_REQUIRED));
        }
        Ok(Self { status, answer })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(title: &str, body: &str, name: &str) -> contract::NewIdea {
        contract::NewIdea {
            title: title.into(),
            body: body.into(),
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_idea_with_a_blank_title_is_rejected() {
        let err = IdeaDraft::try_from(&wire("  ", "", "")).unwrap_err();
        assert_eq!(err.0, vec![Invalid::new("title", codes::REQUIRED)]);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let long_body = "x".repeat(contract::limits::IDEA_BODY_MAX + 1);
        let long_name = "n".repeat(limits::DISPLAY_NAME_MAX + 1);
        let err = IdeaDraft::try_from(&wire("ab", &long_body, &long_name)).unwrap_err();
        assert_eq!(
            err.0,
            vec![
                Invalid::new("title", codes::TOO_SHORT),
                Invalid::new("body", codes::TOO_LONG),
                Invalid::new("name", codes::TOO_LONG)
            ]
        );
    }

    #[test]
    fn a_blank_name_means_anonymous() {
        let draft = IdeaDraft::try_from(&wire("Benches in the park", "", " ")).unwrap();
        assert!(draft.author.is_none());
    }

    #[test]
    fn declining_needs_a_reason_but_other_statuses_do_not() {
        assert_eq!(
            StatusChange::parse("declined", " ").unwrap_err(),
            Invalid::new("answer", codes::REASON_REQUIRED)
        );
        assert!(StatusChange::parse("declined", "No budget this year").is_ok());
        assert!(StatusChange::parse("planned", "").is_ok());
        assert!(StatusChange::parse("bogus", "x").is_err());
    }
}
