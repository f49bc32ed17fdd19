//! Every UI string of the widgets and the standalone pages, in German and English (the
//! console's own strings live with the console, so they stay out of the WASM bundle). A `match` rather than a
//! catalogue file: no parser in the WASM bundle, and a missing translation is a compile error.

use crate::contract::{IdeaStatus, Sort, codes};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    De,
    #[default]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the language switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
        }
    }

    /// Accepts "de", "de-AT", "EN_gb"...; anything else is not a language we speak.
    pub fn parse(raw: &str) -> Option<Lang> {
        let primary = raw.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the first language we speak from an `Accept-Language` header, by q-value.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let q = (q.clamp(0.0, 1.0) * 1000.0) as u32;
            if let Some(lang) = Lang::parse(tag)
                && q > 0
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }
}

/// A UI text. Names say where the text is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    IdeasHeading,
    SubmitHeading,
    TitleLabel,
    BodyLabel,
    NameLabel,
    OptionalHint,
    TitleHint,
    HoneypotLabel,
    SubmitButton,
    SupportButton,
    SupportedNotice,
    Supports,
    NoIdeas,
    BoardClosed,
    SortLabel,
    FilterLabel,
    AllStatuses,
    ApplyButton,
    HistoryHeading,
    Answer,
    SubmittedPublished,
    SubmittedPending,
    ReceiptLinkText,
    ReceiptHint,
    Anonymous,
    Loading,
    LoadFailed,
    ErrorSummary,
    LanguageLabel,
    ReceiptHeading,
    WithdrawButton,
    Withdrawn,
    PendingModeration,
    Hidden,
    IdeaCount,
    PoweredBy,
}

pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    match (lang, msg) {
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
        (Lang::En, OptionalHint) => "optional",
        (Lang::De, OptionalHint) => "freiwillig",
        (Lang::En, TitleHint) => "3 to 120 characters",
        (Lang::De, TitleHint) => "3 bis 120 Zeichen",
        (Lang::En, HoneypotLabel) => "Leave this field empty",
        (Lang::De, HoneypotLabel) => "Dieses Feld bitte leer lassen",
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
        (Lang::En, BoardClosed) => "This board is closed for new ideas and supports.",
        (Lang::De, BoardClosed) => {
            "Diese Sammlung ist für neue Ideen und Unterstützungen geschlossen."
        }
        (Lang::En, SortLabel) => "Sort",
        (Lang::De, SortLabel) => "Sortieren",
        (Lang::En, FilterLabel) => "Status",
        (Lang::De, FilterLabel) => "Status",
        (Lang::En, AllStatuses) => "All",
        (Lang::De, AllStatuses) => "Alle",
        (Lang::En, ApplyButton) => "Show",
        (Lang::De, ApplyButton) => "Anzeigen",
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
        (Lang::En, Anonymous) => "Anonymous",
        (Lang::De, Anonymous) => "Anonym",
        (Lang::En, Loading) => "Loading ideas…",
        (Lang::De, Loading) => "Ideen werden geladen …",
        (Lang::En, LoadFailed) => "The ideas could not be loaded. Please try again later.",
        (Lang::De, LoadFailed) => {
            "Die Ideen konnten nicht geladen werden. Bitte versuchen Sie es später noch einmal."
        }
        (Lang::En, ErrorSummary) => "Please check your entry:",
        (Lang::De, ErrorSummary) => "Bitte prüfen Sie Ihre Eingabe:",
        (Lang::En, LanguageLabel) => "Language",
        (Lang::De, LanguageLabel) => "Sprache",
        (Lang::En, ReceiptHeading) => "Your idea",
        (Lang::De, ReceiptHeading) => "Ihre Idee",
        (Lang::En, WithdrawButton) => "Withdraw my idea",
        (Lang::De, WithdrawButton) => "Meine Idee zurückziehen",
        (Lang::En, Withdrawn) => "You withdrew this idea. It is no longer shown.",
        (Lang::De, Withdrawn) => "Sie haben diese Idee zurückgezogen. Sie wird nicht mehr gezeigt.",
        (Lang::En, PendingModeration) => "Waiting for moderation",
        (Lang::De, PendingModeration) => "Wartet auf Freigabe",
        (Lang::En, Hidden) => "Hidden",
        (Lang::De, Hidden) => "Verborgen",
        (Lang::En, IdeaCount) => "ideas",
        (Lang::De, IdeaCount) => "Ideen",
        (Lang::En, PoweredBy) => "Participation with coproduce",
        (Lang::De, PoweredBy) => "Beteiligung mit coproduce",
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

/// The human message for an error code, in the reader's language.
pub fn error_message(lang: Lang, code: &str) -> &'static str {
    let en = lang == Lang::En;
    match code {
        codes::REQUIRED => {
            if en {
                "Please fill in this field."
            } else {
                "Bitte füllen Sie dieses Feld aus."
            }
        }
        codes::TOO_SHORT => {
            if en {
                "This is too short."
            } else {
                "Das ist zu kurz."
            }
        }
        codes::TOO_LONG => {
            if en {
                "This is too long."
            } else {
                "Das ist zu lang."
            }
        }
        codes::INVALID => {
            if en {
                "This value is not valid."
            } else {
                "Dieser Wert ist ungültig."
            }
        }
        codes::NOT_FOUND => {
            if en {
                "This was not found."
            } else {
                "Das wurde nicht gefunden."
            }
        }
        codes::BOARD_CLOSED => t(lang, Msg::BoardClosed),
        codes::DUPLICATE_SUPPORT => {
            if en {
                "You already support this idea."
            } else {
                "Sie unterstützen diese Idee bereits."
            }
        }
        codes::RATE_LIMITED => {
            if en {
                "Too many requests. Please wait a moment and try again."
            } else {
                "Zu viele Anfragen. Bitte warten Sie kurz und versuchen Sie es erneut."
            }
        }
        codes::SPAM_SUSPECTED => {
            if en {
                "This looked automated and was not saved."
            } else {
                "Das sah automatisch aus und wurde nicht gespeichert."
            }
        }
        codes::FORM_EXPIRED => {
            if en {
                "This form has expired. Please reload the page and try again."
            } else {
                "Dieses Formular ist abgelaufen. Bitte laden Sie die Seite neu."
            }
        }
        codes::TOO_FAST => {
            if en {
                "That was very fast. Please check your entry and send it again."
            } else {
                "Das ging sehr schnell. Bitte prüfen Sie Ihre Eingabe und senden Sie sie erneut."
            }
        }
        codes::MALFORMED => {
            if en {
                "The request could not be read."
            } else {
                "Die Anfrage konnte nicht gelesen werden."
            }
        }
        codes::UNSUPPORTED_MEDIA_TYPE => {
            if en {
                "Please send a form or JSON."
            } else {
                "Bitte senden Sie ein Formular oder JSON."
            }
        }
        codes::PAYLOAD_TOO_LARGE => {
            if en {
                "What you sent is too large."
            } else {
                "Das Gesendete ist zu groß."
            }
        }
        codes::UNAUTHORIZED => {
            if en {
                "Please log in."
            } else {
                "Bitte melden Sie sich an."
            }
        }
        codes::FORBIDDEN => {
            if en {
                "You may not do this."
            } else {
                "Das dürfen Sie nicht."
            }
        }
        codes::CSRF => {
            if en {
                "This form is out of date. Please reload the page."
            } else {
                "Dieses Formular ist veraltet. Bitte laden Sie die Seite neu."
            }
        }
        codes::CONFLICT => {
            if en {
                "This already exists."
            } else {
                "Das gibt es schon."
            }
        }
        codes::BAD_LOGIN => {
            if en {
                "E-mail or password is wrong."
            } else {
                "E-Mail oder Passwort ist falsch."
            }
        }
        codes::LOGIN_THROTTLED => {
            if en {
                "Too many login attempts. Please wait a few minutes."
            } else {
                "Zu viele Anmeldeversuche. Bitte warten Sie einige Minuten."
            }
        }
        codes::REASON_REQUIRED => {
            if en {
                "Please give a reason."
            } else {
                "Bitte geben Sie eine Begründung an."
            }
        }
        _ => {
            if en {
                "Something went wrong. Please try again later."
            } else {
                "Etwas ist schiefgelaufen. Bitte versuchen Sie es später erneut."
            }
        }
    }
}

/// The label of a form field, for error summaries.
pub fn field_label(lang: Lang, field: &str) -> &'static str {
    match field {
        "title" => t(lang, Msg::TitleLabel),
        "body" => t(lang, Msg::BodyLabel),
        "name" => t(lang, Msg::NameLabel),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_language_we_speak() {
        assert_eq!(
            Lang::from_accept_language("fr-CH, de;q=0.8, en;q=0.7"),
            Some(Lang::De)
        );
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,de;q=0.95"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_accept_language("fr, it"), None);
        assert_eq!(
            Lang::from_accept_language("de;q=0, en;q=0.1"),
            Some(Lang::En)
        );
    }

    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        for code in ["required", "too_long", "duplicate_support", "rate_limited"] {
            assert_ne!(error_message(Lang::De, code), error_message(Lang::En, code));
        }
    }
}
