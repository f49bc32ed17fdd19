//! The operator's console in German and English.

use coproduce_widgets::i18n::Lang;

#[derive(Clone, Copy)]
pub enum Say {
    LoginTitle,
    LoginHeading,
    TokenLabel,
    TokenHint,
    LogIn,
    LogOut,
    TooManyTokens,
    WrongToken,
    PleaseLogIn,
    OrgsTitle,
    OrgsHeading,
    Organisation,
    Activities,
    Contributions,
    Staff,
    State,
    On,
    Off,
    SwitchOn,
    SwitchOff,
    WhatOffMeans,
    NewOrgHeading,
    SlugLabel,
    NameLabel,
    AdminEmailLabel,
    Create,
    NotCreated,
    SlugTaken,
}

pub fn say(lang: Lang, what: Say) -> &'static str {
    use Say::*;
    match (lang, what) {
        (Lang::En, LoginTitle) => "Operator",
        (Lang::De, LoginTitle) => "Betrieb",
        (Lang::En, LoginHeading) => "The installation's operator",
        (Lang::De, LoginHeading) => "Betrieb dieser Installation",
        (Lang::En, TokenLabel) => "Operator token",
        (Lang::De, TokenLabel) => "Betriebs-Token",
        (Lang::En, TokenHint) => {
            "The token is in the server's setting operator_token, or in the file operator of its data directory while it runs with the embedded database."
        }
        (Lang::De, TokenHint) => {
            "Das Token steht in der Einstellung operator_token des Servers oder, solange er mit der eingebetteten Datenbank läuft, in der Datei operator seines Datenverzeichnisses."
        }
        (Lang::En, LogIn) => "Log in",
        (Lang::De, LogIn) => "Anmelden",
        (Lang::En, LogOut) => "Log out",
        (Lang::De, LogOut) => "Abmelden",
        (Lang::En, TooManyTokens) => {
            "Too many wrong tokens from this address. Please wait 15 minutes."
        }
        (Lang::De, TooManyTokens) => {
            "Zu viele falsche Tokens von dieser Adresse. Bitte warten Sie 15 Minuten."
        }
        (Lang::En, WrongToken) => "This is not the operator's token.",
        (Lang::De, WrongToken) => "Das ist nicht das Betriebs-Token.",
        (Lang::En, PleaseLogIn) => "Please log in first.",
        (Lang::De, PleaseLogIn) => "Bitte melden Sie sich zuerst an.",
        (Lang::En, OrgsTitle) => "Organisations",
        (Lang::De, OrgsTitle) => "Organisationen",
        (Lang::En, OrgsHeading) => "Organisations of this installation",
        (Lang::De, OrgsHeading) => "Organisationen dieser Installation",
        (Lang::En, Organisation) => "Organisation",
        (Lang::De, Organisation) => "Organisation",
        (Lang::En, Activities) => "Activities",
        (Lang::De, Activities) => "Beteiligungen",
        (Lang::En, Contributions) => "Contributions",
        (Lang::De, Contributions) => "Beiträge",
        (Lang::En, Staff) => "Staff",
        (Lang::De, Staff) => "Mitarbeitende",
        (Lang::En, State) => "State",
        (Lang::De, State) => "Zustand",
        (Lang::En, On) => "On",
        (Lang::De, On) => "Eingeschaltet",
        (Lang::En, Off) => "Switched off",
        (Lang::De, Off) => "Ausgeschaltet",
        (Lang::En, SwitchOn) => "Switch on",
        (Lang::De, SwitchOn) => "Einschalten:",
        (Lang::En, SwitchOff) => "Switch off",
        (Lang::De, SwitchOff) => "Ausschalten:",
        (Lang::En, WhatOffMeans) => {
            "Switched off, an organisation's pages, widgets and API answer as if it did not exist and its staff cannot log in; everything it holds is kept."
        }
        (Lang::De, WhatOffMeans) => {
            "Ausgeschaltet antworten Seiten, Widgets und API einer Organisation, als gäbe es sie nicht, und ihre Mitarbeitenden können sich nicht anmelden; alles, was sie gespeichert hat, bleibt erhalten."
        }
        (Lang::En, NewOrgHeading) => "A new organisation",
        (Lang::De, NewOrgHeading) => "Eine neue Organisation",
        (Lang::En, SlugLabel) => "Address name (letters, digits, dashes), e.g. stadtteilhaus-nord",
        (Lang::De, SlugLabel) => {
            "Name in der Adresse (Buchstaben, Ziffern, Bindestriche), z. B. stadtteilhaus-nord"
        }
        (Lang::En, NameLabel) => "Name",
        (Lang::De, NameLabel) => "Name",
        (Lang::En, AdminEmailLabel) => "The first admin's e-mail address",
        (Lang::De, AdminEmailLabel) => "E-Mail-Adresse der ersten Administration",
        (Lang::En, Create) => "Create the organisation",
        (Lang::De, Create) => "Organisation anlegen",
        (Lang::En, NotCreated) => "Not created",
        (Lang::De, NotCreated) => "Nicht angelegt",
        (Lang::En, SlugTaken) => "an organisation with this address name exists already.",
        (Lang::De, SlugTaken) => "Eine Organisation mit diesem Namen in der Adresse gibt es schon.",
    }
}

pub fn caption(lang: Lang, count: usize) -> String {
    match (lang, count) {
        (Lang::En, 1) => "1 organisation".into(),
        (Lang::En, n) => format!("{n} organisations"),
        (Lang::De, 1) => "1 Organisation".into(),
        (Lang::De, n) => format!("{n} Organisationen"),
    }
}

pub fn created(lang: Lang, org: &str, email: &str, password: &str) -> String {
    match lang {
        Lang::En => format!(
            "Created {org}. Its admin {email} logs in at /console with this password, shown once: {password}"
        ),
        Lang::De => format!(
            "{org} ist angelegt. Die Administration {email} meldet sich unter /console mit diesem Passwort an, das nur jetzt angezeigt wird: {password}"
        ),
    }
}

pub fn switched(lang: Lang, name: &str, off: bool) -> String {
    match (lang, off) {
        (Lang::En, true) => format!("{name} is switched off."),
        (Lang::En, false) => format!("{name} is switched on."),
        (Lang::De, true) => format!("{name} ist ausgeschaltet."),
        (Lang::De, false) => format!("{name} ist eingeschaltet."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words_do() {
        assert_eq!(caption(Lang::En, 1), "1 organisation");
        assert_eq!(caption(Lang::De, 3), "3 Organisationen");
    }
}
