//! The survey's own texts, in German and English: its buttons and progress, and the messages
//! of its answer and logic error codes (the common codes' messages are `i18n`'s).

use super::answers::answer_codes;
use super::contract::survey_codes;
use crate::i18n::{Lang, Text, error_message};

/// A text of a survey. Names say where the text is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyMsg {
    Next,
    Back,
    Send,
    /// Before "2 / 5": the progress through the survey's pages.
    Progress,
    Other,
    OtherLabel,
    Yes,
    No,
    ChooseOne,
    Required,
    PlainLanguage,
    StandardLanguage,
    Thanks,
    ReceiptHint,
    ReceiptHeading,
    Withdrawn,
    WithdrawButton,
    ResultsLink,
    ResultsHeading,
    Responses,
    NoAnswers,
}

impl Text for SurveyMsg {
    #[inline(never)]
    fn text(self, lang: Lang) -> &'static str {
        use SurveyMsg::*;
        match (lang, self) {
            (Lang::En, Next) => "Next",
            (Lang::De, Next) => "Weiter",
            (Lang::En, Back) => "Back",
            (Lang::De, Back) => "Zurück",
            (Lang::En, Send) => "Send my answers",
            (Lang::De, Send) => "Antworten absenden",
            (Lang::En, Progress) => "Page",
            (Lang::De, Progress) => "Seite",
            (Lang::En, Other) => "Other",
            (Lang::De, Other) => "Anderes",
            (Lang::En, OtherLabel) => "Your other answer",
            (Lang::De, OtherLabel) => "Ihre andere Antwort",
            (Lang::En, Yes) => "Yes",
            (Lang::De, Yes) => "Ja",
            (Lang::En, No) => "No",
            (Lang::De, No) => "Nein",
            (Lang::En, ChooseOne) => "Please choose",
            (Lang::De, ChooseOne) => "Bitte wählen",
            (Lang::En, Required) => "required",
            (Lang::De, Required) => "Pflichtfeld",
            (Lang::En, PlainLanguage) => "Plain language",
            (Lang::De, PlainLanguage) => "Leichte Sprache",
            (Lang::En, StandardLanguage) => "Standard language",
            (Lang::De, StandardLanguage) => "Standardsprache",
            (Lang::En, Thanks) => "Thank you! Your answers were sent.",
            (Lang::De, Thanks) => "Danke! Ihre Antworten wurden gesendet.",
            (Lang::En, ReceiptHint) => {
                "Keep this private link: with it you can read or withdraw your answers."
            }
            (Lang::De, ReceiptHint) => {
                "Bewahren Sie diesen privaten Link auf: Mit ihm können Sie Ihre Antworten lesen oder zurückziehen."
            }
            (Lang::En, ReceiptHeading) => "Your answers",
            (Lang::De, ReceiptHeading) => "Ihre Antworten",
            (Lang::En, Withdrawn) => {
                "You withdrew these answers. They are deleted and no longer counted."
            }
            (Lang::De, Withdrawn) => {
                "Sie haben diese Antworten zurückgezogen. Sie sind gelöscht und zählen nicht mehr."
            }
            (Lang::En, WithdrawButton) => "Withdraw my answers",
            (Lang::De, WithdrawButton) => "Meine Antworten zurückziehen",
            (Lang::En, ResultsLink) => "See the results",
            (Lang::De, ResultsLink) => "Ergebnisse ansehen",
            (Lang::En, ResultsHeading) => "Results",
            (Lang::De, ResultsHeading) => "Ergebnisse",
            (Lang::En, Responses) => "responses",
            (Lang::De, Responses) => "Antworten",
            (Lang::En, NoAnswers) => "No answers yet.",
            (Lang::De, NoAnswers) => "Noch keine Antworten.",
        }
    }
}

/// The message of an answer's error code in `lang`: the survey's own codes here, the common
/// ones (`required`, `invalid`, `too_long`, …) from `i18n`.
pub fn answer_error(lang: Lang, code: &str) -> &'static str {
    let en = lang == Lang::En;
    match code {
        answer_codes::OUT_OF_RANGE => {
            if en {
                "This answer is outside the allowed range."
            } else {
                "Diese Antwort liegt außerhalb des erlaubten Bereichs."
            }
        }
        answer_codes::TOO_FEW_CHOICES => {
            if en {
                "Please choose more answers."
            } else {
                "Bitte wählen Sie mehr Antworten."
            }
        }
        answer_codes::TOO_MANY_CHOICES => {
            if en {
                "Please choose fewer answers."
            } else {
                "Bitte wählen Sie weniger Antworten."
            }
        }
        answer_codes::NOT_SHOWN => {
            if en {
                "This question was not asked, so it cannot be answered."
            } else {
                "Diese Frage wurde nicht gestellt und kann nicht beantwortet werden."
            }
        }
        answer_codes::UNKNOWN_QUESTION => {
            if en {
                "This question is not part of the survey."
            } else {
                "Diese Frage gehört nicht zur Umfrage."
            }
        }
        survey_codes::INVALID_ANSWERS => {
            if en {
                "Some answers need another look."
            } else {
                "Einige Antworten müssen Sie noch einmal ansehen."
            }
        }
        survey_codes::NOT_YET_OPEN => {
            if en {
                "This survey is not open yet."
            } else {
                "Diese Umfrage ist noch nicht geöffnet."
            }
        }
        survey_codes::SURVEY_FULL => {
            if en {
                "This survey has received all the answers it takes. Thank you for your interest."
            } else {
                "Diese Umfrage hat schon alle Antworten erhalten, die sie annimmt. Danke für Ihr Interesse."
            }
        }
        survey_codes::ALREADY_ANSWERED => {
            if en {
                "You have already answered this survey. Your receipt link lets you see or withdraw your answers."
            } else {
                "Sie haben diese Umfrage schon beantwortet. Mit Ihrem Beleg-Link können Sie Ihre Antworten ansehen oder zurückziehen."
            }
        }
        survey_codes::VERSION_CHANGED => {
            if en {
                "This survey has changed. Please load it again."
            } else {
                "Diese Umfrage wurde geändert. Bitte laden Sie sie neu."
            }
        }
        survey_codes::NOT_SENT => {
            if en {
                "Your answers could not be sent. They are kept in this browser: please try again."
            } else {
                "Ihre Antworten konnten nicht gesendet werden. Sie bleiben in diesem Browser gespeichert: Bitte versuchen Sie es noch einmal."
            }
        }
        other => error_message(lang, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::codes;
    use crate::i18n::t;
    use crate::survey::contract::survey_codes;

    #[test]
    fn every_answer_error_has_its_own_message_in_both_languages() {
        let all = [
            answer_codes::OUT_OF_RANGE,
            answer_codes::TOO_FEW_CHOICES,
            answer_codes::TOO_MANY_CHOICES,
            answer_codes::NOT_SHOWN,
            answer_codes::UNKNOWN_QUESTION,
            codes::REQUIRED,
            codes::INVALID,
            codes::TOO_LONG,
            survey_codes::INVALID_ANSWERS,
            survey_codes::NOT_YET_OPEN,
            survey_codes::SURVEY_FULL,
            survey_codes::ALREADY_ANSWERED,
            survey_codes::VERSION_CHANGED,
            survey_codes::NOT_SENT,
        ];
        let fallback = error_message(Lang::En, "no such code");
        for (i, code) in all.iter().enumerate() {
            let (en, de) = (answer_error(Lang::En, code), answer_error(Lang::De, code));
            assert_ne!(en, de, "{code}");
            assert_ne!(en, fallback, "{code} has a message of its own");
            for other in &all[i + 1..] {
                assert_ne!(en, answer_error(Lang::En, other), "{code} / {other}");
            }
        }
        assert_eq!(t(Lang::De, SurveyMsg::Back), "Zurück");
    }
}
