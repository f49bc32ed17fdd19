//! Messages for the stable error codes of `contract::codes`, and field labels for summaries.

use super::{Lang, Msg, t};
use crate::contract::codes;

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
        codes::BOARD_CLOSED => t(lang, Msg::ActivityClosed),
        codes::DUPLICATE_SUPPORT => {
            if en {
                "You already support this idea."
            } else {
                "Sie unterstützen diese Idee bereits."
            }
        }
        codes::DATABASE_UNAVAILABLE => {
            if en {
                "We cannot save or show this for a moment. Please try again in a minute."
            } else {
                "Das können wir gerade kurz weder speichern noch anzeigen. Bitte versuchen Sie es in einer Minute erneut."
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
        codes::SUPPORTER_LIMIT => {
            if en {
                "Enough people on this connection support this idea already."
            } else {
                "Von diesem Anschluss aus unterstützen schon genug Personen diese Idee."
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        for code in ["required", "too_long", "duplicate_support", "rate_limited"] {
            assert_ne!(error_message(Lang::De, code), error_message(Lang::En, code));
        }
    }
}
