//! The UI strings every kind's widget and page share, in German and English; each kind has its
//! own (`ideas::texts`), and the console's own strings live with the console, so they stay out
//! of the WASM bundle. A `match` rather than a catalogue file: no parser in the WASM bundle,
//! and a missing translation is a compile error.

mod errors;
mod lang;

pub use errors::error_message;
pub use lang::Lang;

/// A set of UI texts: one enum per kind (and this one, shared), each text in every language.
pub trait Text: Copy {
    fn text(self, lang: Lang) -> &'static str;
}

/// The text `msg` in `lang`.
pub fn t(lang: Lang, msg: impl Text) -> &'static str {
    msg.text(lang)
}

/// A UI text every kind uses. Names say where the text is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    OptionalHint,
    HoneypotLabel,
    Anonymous,
    Loading,
    LoadFailed,
    ErrorSummary,
    LanguageLabel,
    PoweredBy,
    FirstPage,
    PagesLabel,
    SortLabel,
    FilterLabel,
    AllStatuses,
    ApplyButton,
    ActivityClosed,
}

impl Text for Msg {
    // Never inlined: the whole table would be copied into each caller that inlines it (the
    // WASM bundle was 0.3 KB gzip larger with a second caller).
    #[inline(never)]
    fn text(self, lang: Lang) -> &'static str {
        use Msg::*;
        match (lang, self) {
            (Lang::En, OptionalHint) => "optional",
            (Lang::De, OptionalHint) => "freiwillig",
            (Lang::En, HoneypotLabel) => "Leave this field empty",
            (Lang::De, HoneypotLabel) => "Dieses Feld bitte leer lassen",
            (Lang::En, FirstPage) => "Back to the start of the list",
            (Lang::De, FirstPage) => "Zurück zum Anfang der Liste",
            (Lang::En, PagesLabel) => "Pages of the list",
            (Lang::De, PagesLabel) => "Seiten der Liste",
            (Lang::En, SortLabel) => "Sort",
            (Lang::De, SortLabel) => "Sortieren",
            (Lang::En, FilterLabel) => "Status",
            (Lang::De, FilterLabel) => "Status",
            (Lang::En, AllStatuses) => "All",
            (Lang::De, AllStatuses) => "Alle",
            (Lang::En, ApplyButton) => "Show",
            (Lang::De, ApplyButton) => "Anzeigen",
            (Lang::En, Anonymous) => "Anonymous",
            (Lang::De, Anonymous) => "Anonym",
            (Lang::En, Loading) => "Loading…",
            (Lang::De, Loading) => "Wird geladen …",
            (Lang::En, LoadFailed) => "This could not be loaded. Please try again later.",
            (Lang::De, LoadFailed) => {
                "Das konnte nicht geladen werden. Bitte versuchen Sie es später noch einmal."
            }
            (Lang::En, ErrorSummary) => "Please check your entry:",
            (Lang::De, ErrorSummary) => "Bitte prüfen Sie Ihre Eingabe:",
            (Lang::En, LanguageLabel) => "Language",
            (Lang::De, LanguageLabel) => "Sprache",
            (Lang::En, PoweredBy) => "Participation with coproduce",
            (Lang::De, PoweredBy) => "Beteiligung mit coproduce",
            (Lang::En, ActivityClosed) => "This is closed: nothing new can be sent here.",
            (Lang::De, ActivityClosed) => {
                "Hier ist geschlossen: Neues kann nicht mehr gesendet werden."
            }
        }
    }
}
