//! The ratings' own texts, in German and English: the form, the summary and its plain-words
//! explanation of the average, story states, and the messages of its error codes (the common
//! codes' messages are `i18n`'s, through the survey's).

use super::contract::{StoryState, ratings_codes};
use crate::i18n::{Lang, Text};
use crate::survey::texts::answer_error;

/// A text of ratings. Names say where the text is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingsMsg {
    Service,
    Overall,
    Stars,
    NotRated,
    Story,
    When,
    Part,
    Name,
    NameHint,
    Send,
    Ratings,
    Average,
    AverageExplained,
    NoRatings,
    Answered,
    Stories,
    NoStories,
    AnswerFrom,
    Thanks,
    ReceiptHint,
    ReceiptHeading,
    Waiting,
    Rejected,
    Withdrawn,
    WithdrawButton,
    Anonymous,
    NeedsEdit,
    EditHeading,
    EditButton,
    ReplyHeading,
    ReplyButton,
    ReplyFrom,
    ChangesMade,
    ChangesPlanned,
    ByDimension,
    ByMonth,
    Month,
    Mean,
    Redacted,
    FoundHelpful,
    HelpfulButton,
    Newest,
    MostHelpful,
    HelpfulThanks,
    FirstAnswer,
    HelpfulBefore,
}

impl Text for RatingsMsg {
    #[inline(never)]
    fn text(self, lang: Lang) -> &'static str {
        use RatingsMsg::*;
        let (e, d) = match self {
            Service => ("Which service?", "Welcher Dienst?"),
            Overall => ("Your overall rating", "Ihre Gesamtbewertung"),
            Stars => ("stars", "Sterne"),
            NotRated => ("not rated", "nicht bewertet"),
            Story => ("Your story", "Ihre Geschichte"),
            When => (
                "When was it? (year and month)",
                "Wann war das? (Jahr und Monat)",
            ),
            Part => ("Which part of the service?", "Welcher Teil des Angebots?"),
            Name => ("Name shown with your story", "Name zu Ihrer Geschichte"),
            NameHint => (
                "Leave it empty to stay anonymous.",
                "Leer lassen, um anonym zu bleiben.",
            ),
            Send => ("Send my rating", "Bewertung senden"),
            Ratings => ("ratings", "Bewertungen"),
            Average => ("of 5", "von 5"),
            AverageExplained => (
                "With few ratings this figure stays near 3: each service counts as if it had five more ratings of 3, so a handful of ratings cannot make it look better or worse than it is.",
                "Bei wenigen Bewertungen bleibt dieser Wert nahe 3: Jeder Dienst zählt so, als hätte er fünf Bewertungen mit 3 mehr. So können ein paar Bewertungen ihn nicht besser oder schlechter aussehen lassen, als er ist.",
            ),
            NoRatings => ("No ratings yet.", "Noch keine Bewertungen."),
            Answered => ("answered", "beantwortet"),
            Stories => ("Stories", "Geschichten"),
            NoStories => ("No stories yet.", "Noch keine Geschichten."),
            AnswerFrom => ("Answer from", "Antwort von"),
            Thanks => (
                "Thank you! Your rating was sent. It is shown once a moderator has read it.",
                "Danke! Ihre Bewertung wurde gesendet. Sie erscheint, sobald jemand sie gelesen hat.",
            ),
            ReceiptHint => (
                "Keep this private link: with it you can see your story and the answers, or take it back.",
                "Bewahren Sie diesen privaten Link auf: Mit ihm sehen Sie Ihre Geschichte und die Antworten oder ziehen sie zurück.",
            ),
            ReceiptHeading => ("Your rating", "Ihre Bewertung"),
            Waiting => (
                "Waiting to be read by a moderator.",
                "Wartet darauf, gelesen zu werden.",
            ),
            Rejected => ("Not published, because:", "Nicht veröffentlicht, weil:"),
            Withdrawn => (
                "You took this rating back. It is no longer shown or counted.",
                "Sie haben diese Bewertung zurückgezogen. Sie wird nicht mehr gezeigt oder gezählt.",
            ),
            WithdrawButton => ("Take my rating back", "Meine Bewertung zurückziehen"),
            Anonymous => ("Anonymous", "Anonym"),
            NeedsEdit => (
                "The moderators ask you to edit your story:",
                "Die Moderation bittet Sie, Ihre Geschichte zu bearbeiten:",
            ),
            EditHeading => ("Edit your story", "Ihre Geschichte bearbeiten"),
            EditButton => ("Save my changes", "Änderungen speichern"),
            ReplyHeading => ("Answer the organisation", "Der Organisation antworten"),
            ReplyButton => ("Send my answer", "Antwort senden"),
            ReplyFrom => ("The author's answer", "Antwort der Person"),
            ChangesMade => ("changes made", "Änderungen umgesetzt"),
            ChangesPlanned => ("changes planned", "Änderungen geplant"),
            ByDimension => (
                "By aspect (plain means)",
                "Nach Aspekt (einfache Mittelwerte)",
            ),
            ByMonth => ("By month", "Nach Monat"),
            Month => ("Month", "Monat"),
            Mean => ("Mean", "Mittelwert"),
            Redacted => (
                "Personal data of others was taken out of this story:",
                "Aus dieser Geschichte wurden persönliche Daten anderer entfernt:",
            ),
            FoundHelpful => ("people found this helpful", "Personen fanden das hilfreich"),
            HelpfulButton => ("Helpful", "Hilfreich"),
            Newest => ("Newest first", "Neueste zuerst"),
            MostHelpful => ("Most helpful first", "Hilfreichste zuerst"),
            FirstAnswer => ("first answer (median)", "erste Antwort (Median)"),
            HelpfulThanks => (
                "Thank you: your \"helpful\" was counted.",
                "Danke: Ihr „hilfreich“ wurde gezählt.",
            ),
            HelpfulBefore => (
                "You said before that this story was helpful.",
                "Sie haben diese Geschichte schon als hilfreich markiert.",
            ),
        };
        if lang == Lang::En { e } else { d }
    }
}

/// A story state's name in `lang`.
pub fn state_label(lang: Lang, s: StoryState) -> &'static str {
    let (e, d) = match s {
        StoryState::Pending => ("Waiting for moderation", "Wartet auf Moderation"),
        StoryState::Published => ("Published", "Veröffentlicht"),
        StoryState::NeedsEdit => ("Sent back to edit", "Zur Bearbeitung zurückgegeben"),
        StoryState::Rejected => ("Not published", "Nicht veröffentlicht"),
        StoryState::Withdrawn => ("Withdrawn", "Zurückgezogen"),
    };
    if lang == Lang::En { e } else { d }
}

/// The message of a ratings error code in `lang`; other codes from the survey's texts and
/// `i18n`.
pub fn ratings_error(lang: Lang, code: &str) -> &'static str {
    let (e, d) = match code {
        ratings_codes::INVALID_STORY => (
            "Please check the marked fields.",
            "Bitte prüfen Sie die markierten Felder.",
        ),
        "unknown_service" => ("Please choose a service.", "Bitte wählen Sie einen Dienst."),
        ratings_codes::EDIT_WINDOW_CLOSED => (
            "This story can no longer be edited.",
            "Diese Geschichte kann nicht mehr bearbeitet werden.",
        ),
        ratings_codes::ALREADY_REPLIED => (
            "You have already answered the organisation.",
            "Sie haben der Organisation schon geantwortet.",
        ),
        "unknown_dimension" => (
            "This is not one of the things rated here.",
            "Das gehört nicht zu dem, was hier bewertet wird.",
        ),
        other => return answer_error(lang, other),
    };
    if lang == Lang::En { e } else { d }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::error_message;

    #[test]
    fn every_ratings_error_has_its_own_message_and_shadows_no_other_code() {
        let fallback = error_message(Lang::En, "no such code");
        for code in [
            ratings_codes::INVALID_STORY,
            "unknown_service",
            "unknown_dimension",
        ] {
            assert_ne!(ratings_error(Lang::En, code), ratings_error(Lang::De, code));
            assert_ne!(ratings_error(Lang::En, code), fallback);
            assert_eq!(
                answer_error(Lang::En, code),
                fallback,
                "{code} is ratings' own"
            );
        }
    }
}
