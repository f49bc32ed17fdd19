//! The ideas board's texts, in German and English.

use crate::i18n::{Lang, Text};
use crate::ideas::contract::{IdeaStatus, Sort};

/// A text of the ideas board. Names say where the text is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdeaMsg {
    IdeasHeading,
    SubmitHeading,
    TitleLabel,
    BodyLabel,
    NameLabel,
    TitleHint,
    SubmitButton,
    SupportButton,
    SupportedNotice,
    Supports,
    NoIdeas,
    MoreIdeas,
    BoardClosed,
    HistoryHeading,
    Answer,
    SubmittedPublished,
    SubmittedPending,
    ReceiptLinkText,
    ReceiptHint,
    ReceiptHeading,
    WithdrawButton,
    Withdrawn,
    PendingModeration,
    Hidden,
    IdeaCount,
    OneIdea,
    OneSupport,
}

impl Text for IdeaMsg {
    #[inline(never)]
    fn text(self, lang: Lang) -> &'static str {
        use IdeaMsg::*;
        match (lang, self) {
            (Lang::En, IdeasHeading) => "Ideas",
            (Lang::De, IdeasHeading) => "Ideen",
            (Lang::En, SubmitHeading) => "Share your idea",
            (Lang::De, SubmitHeading) => "Ihre Idee einreichen",
            (Lang::En, TitleLabel) => "Your idea in one sentence",
            (Lang::De, TitleLabel) => "Ihre Idee in einem Satz",
            (Lang::En, BodyLabel) => "Tell us more",
            (Lang::De, BodyLabel) => "Erzählen Sie mehr",
            (Lang::En, NameLabel) => "Your name as shown to others",
            (Lang::De, NameLabel) => "Ihr Name, wie andere ihn sehen",
            (Lang::En, TitleHint) => "3 to 120 characters",
            (Lang::De, TitleHint) => "3 bis 120 Zeichen",
            (Lang::En, SubmitButton) => "Submit idea",
            (Lang::De, SubmitButton) => "Idee einreichen",
            (Lang::En, SupportButton) => "Support",
            (Lang::De, SupportButton) => "Unterstützen",
            (Lang::En, SupportedNotice) => "Thank you, your support was counted.",
            (Lang::De, SupportedNotice) => "Danke, Ihre Unterstützung wurde gezählt.",
            (Lang::En, Supports) => "supports",
            (Lang::De, Supports) => "Unterstützungen",
            (Lang::En, NoIdeas) => "No ideas yet. Be the first!",
            (Lang::De, NoIdeas) => "Noch keine Ideen. Machen Sie den Anfang!",
            (Lang::En, MoreIdeas) => "More ideas",
            (Lang::De, MoreIdeas) => "Weitere Ideen",
            (Lang::En, BoardClosed) => "This board is closed for new ideas and supports.",
            (Lang::De, BoardClosed) => {
                "Diese Sammlung ist für neue Ideen und Unterstützungen geschlossen."
            }
            (Lang::En, HistoryHeading) => "What happened",
            (Lang::De, HistoryHeading) => "Verlauf",
            (Lang::En, Answer) => "Answer",
            (Lang::De, Answer) => "Antwort",
            (Lang::En, SubmittedPublished) => "Thank you! Your idea is now on the board.",
            (Lang::De, SubmittedPublished) => "Danke! Ihre Idee steht jetzt in der Sammlung.",
            (Lang::En, SubmittedPending) => {
                "Thank you! Your idea will appear once a moderator has read it."
            }
            (Lang::De, SubmittedPending) => {
                "Danke! Ihre Idee erscheint, sobald jemand aus dem Team sie gelesen hat."
            }
            (Lang::En, ReceiptLinkText) => "Follow your idea",
            (Lang::De, ReceiptLinkText) => "Ihre Idee verfolgen",
            (Lang::En, ReceiptHint) => {
                "Keep this private link: with it you can follow or withdraw your idea."
            }
            (Lang::De, ReceiptHint) => {
                "Bewahren Sie diesen privaten Link auf: damit können Sie Ihre Idee verfolgen oder zurückziehen."
            }
            (Lang::En, ReceiptHeading) => "Your idea",
            (Lang::De, ReceiptHeading) => "Ihre Idee",
            (Lang::En, WithdrawButton) => "Withdraw my idea",
            (Lang::De, WithdrawButton) => "Meine Idee zurückziehen",
            (Lang::En, Withdrawn) => "You withdrew this idea. It is no longer shown.",
            (Lang::De, Withdrawn) => {
                "Sie haben diese Idee zurückgezogen. Sie wird nicht mehr gezeigt."
            }
            (Lang::En, PendingModeration) => "Waiting for moderation",
            (Lang::De, PendingModeration) => "Wartet auf Freigabe",
            (Lang::En, Hidden) => "Hidden",
            (Lang::De, Hidden) => "Verborgen",
            (Lang::En, IdeaCount) => "ideas",
            (Lang::De, IdeaCount) => "Ideen",
            (Lang::En, OneIdea) => "idea",
            (Lang::De, OneIdea) => "Idee",
            (Lang::En, OneSupport) => "support",
            (Lang::De, OneSupport) => "Unterstützung",
        }
    }
}

/// The noun after a count, singular for one: "1 idea", "2 ideas"; "1 Unterstützung".
pub fn counted(msg: IdeaMsg, n: u64) -> IdeaMsg {
    match (msg, n) {
        (IdeaMsg::Supports, 1) => IdeaMsg::OneSupport,
        (IdeaMsg::IdeaCount, 1) => IdeaMsg::OneIdea,
        _ => msg,
    }
}

pub fn status_name(lang: Lang, status: IdeaStatus) -> &'static str {
    match (lang, status) {
        (Lang::En, IdeaStatus::New) => "New",
        (Lang::De, IdeaStatus::New) => "Neu",
        (Lang::En, IdeaStatus::UnderReview) => "Under review",
        (Lang::De, IdeaStatus::UnderReview) => "Wird geprüft",
        (Lang::En, IdeaStatus::Planned) => "Planned",
        (Lang::De, IdeaStatus::Planned) => "Geplant",
        (Lang::En, IdeaStatus::InProgress) => "In progress",
        (Lang::De, IdeaStatus::InProgress) => "In Arbeit",
        (Lang::En, IdeaStatus::Done) => "Done",
        (Lang::De, IdeaStatus::Done) => "Umgesetzt",
        (Lang::En, IdeaStatus::Declined) => "Declined",
        (Lang::De, IdeaStatus::Declined) => "Abgelehnt",
    }
}

pub fn sort_name(lang: Lang, sort: Sort) -> &'static str {
    match (lang, sort) {
        (Lang::En, Sort::Newest) => "Newest",
        (Lang::De, Sort::Newest) => "Neueste",
        (Lang::En, Sort::MostSupported) => "Most supported",
        (Lang::De, Sort::MostSupported) => "Meiste Unterstützung",
        (Lang::En, Sort::RecentlyAnswered) => "Recently answered",
        (Lang::De, Sort::RecentlyAnswered) => "Zuletzt beantwortet",
    }
}

/// The label of a form field of the ideas board, for error summaries.
pub fn field_label(lang: Lang, field: &str) -> &'static str {
    match field {
        "title" => IdeaMsg::TitleLabel.text(lang),
        "body" => IdeaMsg::BodyLabel.text(lang),
        "name" => IdeaMsg::NameLabel.text(lang),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::t;

    #[test]
    fn one_is_counted_in_the_singular_and_every_other_number_in_the_plural() {
        let said = |lang, msg, n| format!("{n} {}", t(lang, counted(msg, n)));
        assert_eq!(said(Lang::En, IdeaMsg::IdeaCount, 1), "1 idea");
        assert_eq!(said(Lang::En, IdeaMsg::IdeaCount, 0), "0 ideas");
        assert_eq!(said(Lang::De, IdeaMsg::IdeaCount, 1), "1 Idee");
        assert_eq!(said(Lang::De, IdeaMsg::IdeaCount, 2), "2 Ideen");
        assert_eq!(said(Lang::En, IdeaMsg::Supports, 1), "1 support");
        assert_eq!(said(Lang::De, IdeaMsg::Supports, 1), "1 Unterstützung");
        assert_eq!(said(Lang::De, IdeaMsg::Supports, 11), "11 Unterstützungen");
    }
}
