//! The console's and the page frame's own strings, in German and English. Kept out of the
//! widget crate so they never reach the WASM bundle; a missing translation is a compile error.

use coproduce_widgets::i18n::Lang;

use coproduce_widgets::contract::codes;

use crate::domain::staff::Role;

/// A server-side UI text. Names say where the text is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    ConsoleTitle,
    LoginHeading,
    EmailLabel,
    PasswordLabel,
    LoginButton,
    LogoutButton,
    DashboardHeading,
    Ideas,
    SupportsTotal,
    AnsweredShare,
    MedianAnswerTime,
    TopIdeas,
    ByStatus,
    ParticipationOverTime,
    ModerationQueue,
    HideButton,
    RestoreButton,
    ApproveButton,
    ReasonLabel,
    StatusLabel,
    SetStatusButton,
    MergeIntoLabel,
    MergeButton,
    ExportCsv,
    ExportJson,
    EmbedSnippet,
    Preview,
    BoardsHeading,
    NothingToModerate,
    Saved,
    NotYet,
    AllIdeasHeading,
    StaffHeading,
    RoleLabel,
    RoleAdmin,
    RoleModerator,
    AddStaffButton,
    OriginsHeading,
    OriginsHint,
    SaveButton,
    BoardSettingsHeading,
    OpenLabel,
    ModerationLabel,
    PreModeration,
    PostModeration,
    QuestionLabel,
    ActivityTitleLabel,
    CreateBoardButton,
    KindLabel,
    KindIdeas,
    KindSurvey,
    KindMap,
    KindRatings,
    RedactedNote,
    PhotoHiddenNote,
    Week,
    SkipToContent,
    LanguagesLabel,
    AccountHeading,
    CurrentPasswordLabel,
    NewPasswordLabel,
    RepeatPasswordLabel,
    ChangePasswordButton,
    PasswordChanged,
    ChangeRoleButton,
    RemoveButton,
    ResetPasswordButton,
    NewPasswordOnce,
    ActionsLabel,
    StaffRemoved,
    RoleChanged,
    YouLabel,
    CrossSiteHeading,
    FirstPage,
    NextPage,
    MergeHint,
    MergeChooseHeading,
    NoMatches,
    MoreMatch,
    Showing,
}

/// The message for an error code: the server's own codes (never sent to the widget, so
/// kept out of its bundle), else the shared table.
pub fn server_error_message(lang: Lang, code: &str) -> &'static str {
    let en = lang == Lang::En;
    match code {
        codes::CROSS_SITE if en => {
            "This form was sent from another website, so nothing was done. \
If you meant to send it, open this page directly and send it from here."
        }
        codes::CROSS_SITE => {
            "Dieses Formular wurde von einer anderen Website gesendet, deshalb wurde nichts gespeichert. \
Wenn Sie es senden wollten, öffnen Sie diese Seite direkt und senden Sie es von hier."
        }
        codes::REQUEST_TIMEOUT if en => {
            "The request took too long and was stopped. Please try again."
        }
        codes::REQUEST_TIMEOUT => {
            "Die Anfrage hat zu lange gedauert und wurde abgebrochen. Bitte versuchen Sie es erneut."
        }
        codes::MALFORMED_QUERY if en => "The address has parameters that are not valid.",
        codes::MALFORMED_QUERY => "Die Adresse enthält ungültige Parameter.",
        codes::METHOD_NOT_ALLOWED if en => "This address does not accept this kind of request.",
        codes::METHOD_NOT_ALLOWED => "Diese Adresse nimmt diese Art von Anfrage nicht an.",
        codes::BAD_REQUEST if en => "This request is not valid.",
        codes::BAD_REQUEST => "Diese Anfrage ist ungültig.",
        codes::LAST_ADMIN if en => {
            "This would leave the organisation without an admin. Make someone else admin first."
        }
        codes::LAST_ADMIN => {
            "Dann hätte die Organisation keine Admin-Person mehr. Machen Sie zuerst jemand anderen zum Admin."
        }
        codes::WRONG_PASSWORD if en => "This is not your current password.",
        codes::WRONG_PASSWORD => "Das ist nicht Ihr aktuelles Passwort.",
        codes::PASSWORDS_DIFFER if en => "The two new passwords are not the same.",
        codes::PASSWORDS_DIFFER => "Die beiden neuen Passwörter sind nicht gleich.",
        // Every kind's codes: the map's, then the survey's, then the common ones.
        _ => kind_error(lang, code),
    }
}

/// A code of one kind: the map's, the ratings', then the survey's and the common ones.
fn kind_error(lang: Lang, code: &str) -> &'static str {
    let common = coproduce_widgets::survey::texts::answer_error(lang, code);
    let map = coproduce_widgets::map::texts::map_error(lang, code);
    if map != common {
        return map;
    }
    coproduce_widgets::ratings::texts::ratings_error(lang, code)
}

pub fn text(lang: Lang, msg: Text) -> &'static str {
    use Text::*;
    match (lang, msg) {
        (Lang::En, CrossSiteHeading) => "Sent from another website",
        (Lang::De, CrossSiteHeading) => "Von einer anderen Website gesendet",
        (Lang::En, FirstPage) => "Newest ideas",
        (Lang::De, FirstPage) => "Neueste Ideen",
        (Lang::En, NextPage) => "Next page",
        (Lang::De, NextPage) => "Nächste Seite",
        (Lang::En, MergeHint) => "The ID or words of the title of the idea to keep",
        (Lang::De, MergeHint) => "ID oder Wörter aus dem Titel der Idee, die bleiben soll",
        (Lang::En, MergeChooseHeading) => "Which idea is it a duplicate of?",
        (Lang::De, MergeChooseHeading) => "Zu welcher Idee ist sie doppelt?",
        (Lang::En, NoMatches) => "No public idea of this board matches.",
        (Lang::De, NoMatches) => "Keine öffentliche Idee dieser Sammlung passt.",
        (Lang::En, MoreMatch) => "More ideas match: add words of the title to narrow it down.",
        (Lang::De, MoreMatch) => {
            "Weitere Ideen passen: Ergänzen Sie Wörter aus dem Titel, um die Auswahl einzugrenzen."
        }
        (Lang::En, Showing) => "Ideas shown",
        (Lang::De, Showing) => "Angezeigte Ideen",
        (Lang::En, ConsoleTitle) => "coproduce console",
        (Lang::De, ConsoleTitle) => "coproduce-Konsole",
        (Lang::En, LoginHeading) => "Staff login",
        (Lang::De, LoginHeading) => "Anmeldung für das Team",
        (Lang::En, EmailLabel) => "E-mail",
        (Lang::De, EmailLabel) => "E-Mail",
        (Lang::En, PasswordLabel) => "Password",
        (Lang::De, PasswordLabel) => "Passwort",
        (Lang::En, LoginButton) => "Log in",
        (Lang::De, LoginButton) => "Anmelden",
        (Lang::En, LogoutButton) => "Log out",
        (Lang::De, LogoutButton) => "Abmelden",
        (Lang::En, DashboardHeading) => "Dashboard",
        (Lang::De, DashboardHeading) => "Übersicht",
        (Lang::En, Ideas) => "Ideas",
        (Lang::De, Ideas) => "Ideen",
        (Lang::En, SupportsTotal) => "Supports",
        (Lang::De, SupportsTotal) => "Unterstützungen",
        (Lang::En, AnsweredShare) => "Answered",
        (Lang::De, AnsweredShare) => "Beantwortet",
        (Lang::En, MedianAnswerTime) => "Median time to first answer",
        (Lang::De, MedianAnswerTime) => "Mittlere Zeit bis zur ersten Antwort",
        (Lang::En, TopIdeas) => "Most supported ideas",
        (Lang::De, TopIdeas) => "Meistunterstützte Ideen",
        (Lang::En, ByStatus) => "By status",
        (Lang::De, ByStatus) => "Nach Status",
        (Lang::En, ParticipationOverTime) => "New ideas per week",
        (Lang::De, ParticipationOverTime) => "Neue Ideen pro Woche",
        (Lang::En, ModerationQueue) => "Waiting for moderation",
        (Lang::De, ModerationQueue) => "Warten auf Freigabe",
        (Lang::En, HideButton) => "Hide",
        (Lang::De, HideButton) => "Verbergen",
        (Lang::En, RestoreButton) => "Restore",
        (Lang::De, RestoreButton) => "Wiederherstellen",
        (Lang::En, ApproveButton) => "Publish",
        (Lang::De, ApproveButton) => "Veröffentlichen",
        (Lang::En, ReasonLabel) => "Reason",
        (Lang::De, ReasonLabel) => "Begründung",
        (Lang::En, StatusLabel) => "Status",
        (Lang::De, StatusLabel) => "Status",
        (Lang::En, SetStatusButton) => "Save status and answer",
        (Lang::De, SetStatusButton) => "Status und Antwort speichern",
        (Lang::En, MergeIntoLabel) => "Duplicate of",
        (Lang::De, MergeIntoLabel) => "Doppelt zu",
        (Lang::En, MergeButton) => "Merge",
        (Lang::De, MergeButton) => "Zusammenführen",
        (Lang::En, ExportCsv) => "Export CSV",
        (Lang::De, ExportCsv) => "Als CSV exportieren",
        (Lang::En, ExportJson) => "Export JSON",
        (Lang::De, ExportJson) => "Als JSON exportieren",
        (Lang::En, EmbedSnippet) => "Embed on your website",
        (Lang::De, EmbedSnippet) => "Auf Ihrer Website einbinden",
        (Lang::En, Preview) => "Preview",
        (Lang::De, Preview) => "Vorschau",
        (Lang::En, BoardsHeading) => "Idea boards",
        (Lang::De, BoardsHeading) => "Ideensammlungen",
        (Lang::En, NothingToModerate) => "Nothing waits for moderation.",
        (Lang::De, NothingToModerate) => "Nichts wartet auf Freigabe.",
        (Lang::En, Saved) => "Saved.",
        (Lang::De, Saved) => "Gespeichert.",
        (Lang::En, NotYet) => "not yet",
        (Lang::De, NotYet) => "noch nicht",
        (Lang::En, AllIdeasHeading) => "All ideas",
        (Lang::De, AllIdeasHeading) => "Alle Ideen",
        (Lang::En, StaffHeading) => "Staff",
        (Lang::De, StaffHeading) => "Team",
        (Lang::En, RoleLabel) => "Role",
        (Lang::De, RoleLabel) => "Rolle",
        (Lang::En, RoleAdmin) => "Administrator",
        (Lang::De, RoleAdmin) => "Administrator:in",
        (Lang::En, RoleModerator) => "Moderator",
        (Lang::De, RoleModerator) => "Moderator:in",
        (Lang::En, AddStaffButton) => "Add staff member",
        (Lang::De, AddStaffButton) => "Teammitglied hinzufügen",
        (Lang::En, OriginsHeading) => "Websites allowed to embed",
        (Lang::De, OriginsHeading) => "Websites, die einbinden dürfen",
        (Lang::En, OriginsHint) => "One origin per line, e.g. https://www.example.org",
        (Lang::De, OriginsHint) => "Eine Adresse pro Zeile, z. B. https://www.example.org",
        (Lang::En, SaveButton) => "Save",
        (Lang::De, SaveButton) => "Speichern",
        (Lang::En, BoardSettingsHeading) => "Board settings",
        (Lang::De, BoardSettingsHeading) => "Einstellungen der Sammlung",
        (Lang::En, OpenLabel) => "Open for new ideas and supports",
        (Lang::De, OpenLabel) => "Offen für neue Ideen und Unterstützungen",
        (Lang::En, ModerationLabel) => "Moderation",
        (Lang::De, ModerationLabel) => "Moderation",
        (Lang::En, PreModeration) => "Check ideas before they appear",
        (Lang::De, PreModeration) => "Ideen vor dem Erscheinen prüfen",
        (Lang::En, PostModeration) => "Show ideas at once, check afterwards",
        (Lang::De, PostModeration) => "Ideen sofort zeigen, danach prüfen",
        (Lang::En, QuestionLabel) => "Question",
        (Lang::De, QuestionLabel) => "Frage",
        (Lang::En, ActivityTitleLabel) => "Title",
        (Lang::De, ActivityTitleLabel) => "Titel",
        (Lang::En, CreateBoardButton) => "Create board",
        (Lang::De, CreateBoardButton) => "Sammlung anlegen",
        (Lang::En, KindLabel) => "Kind of activity",
        (Lang::De, KindLabel) => "Art der Beteiligung",
        (Lang::En, KindIdeas) => "Ideas board",
        (Lang::De, KindIdeas) => "Ideensammlung",
        (Lang::En, KindSurvey) => "Survey",
        (Lang::De, KindSurvey) => "Umfrage",
        (Lang::En, KindMap) => "Map of reports",
        (Lang::De, KindMap) => "Karte mit Meldungen",
        (Lang::En, KindRatings) => "Ratings of services",
        (Lang::De, KindRatings) => "Bewertungen von Angeboten",
        (Lang::En, RedactedNote) => "Personal data was removed from this text:",
        (Lang::De, RedactedNote) => "Aus diesem Text wurden persönliche Daten entfernt:",
        (Lang::En, PhotoHiddenNote) => "A photo was hidden:",
        (Lang::De, PhotoHiddenNote) => "Ein Foto wurde verborgen:",
        (Lang::En, Week) => "Week of",
        (Lang::De, Week) => "Woche ab",
        (Lang::En, LanguagesLabel) => "Offered in",
        (Lang::De, LanguagesLabel) => "Angeboten auf",
        (Lang::En, SkipToContent) => "Skip to content",
        (Lang::De, SkipToContent) => "Zum Inhalt springen",
        (Lang::En, AccountHeading) => "Your account",
        (Lang::De, AccountHeading) => "Ihr Konto",
        (Lang::En, CurrentPasswordLabel) => "Current password",
        (Lang::De, CurrentPasswordLabel) => "Aktuelles Passwort",
        (Lang::En, NewPasswordLabel) => "New password (at least 10 characters)",
        (Lang::De, NewPasswordLabel) => "Neues Passwort (mindestens 10 Zeichen)",
        (Lang::En, RepeatPasswordLabel) => "New password again",
        (Lang::De, RepeatPasswordLabel) => "Neues Passwort noch einmal",
        (Lang::En, ChangePasswordButton) => "Change password",
        (Lang::De, ChangePasswordButton) => "Passwort ändern",
        (Lang::En, PasswordChanged) => "Your password is changed. Your other sessions have ended.",
        (Lang::De, PasswordChanged) => {
            "Ihr Passwort ist geändert. Ihre anderen Sitzungen sind beendet."
        }
        (Lang::En, ChangeRoleButton) => "Change role",
        (Lang::De, ChangeRoleButton) => "Rolle ändern",
        (Lang::En, RemoveButton) => "Remove",
        (Lang::De, RemoveButton) => "Entfernen",
        (Lang::En, ResetPasswordButton) => "Set a new password",
        (Lang::De, ResetPasswordButton) => "Neues Passwort setzen",
        (Lang::En, NewPasswordOnce) => {
            "New password, shown only now (pass it on in person or by phone; their sessions have ended):"
        }
        (Lang::De, NewPasswordOnce) => {
            "Neues Passwort, nur jetzt zu sehen (persönlich oder am Telefon weitergeben; die Sitzungen sind beendet):"
        }
        (Lang::En, ActionsLabel) => "Actions",
        (Lang::De, ActionsLabel) => "Aktionen",
        (Lang::En, StaffRemoved) => "Removed. Their sessions have ended.",
        (Lang::De, StaffRemoved) => "Entfernt. Die Sitzungen sind beendet.",
        (Lang::En, RoleChanged) => "Role changed. It applies to open sessions at once.",
        (Lang::De, RoleChanged) => "Rolle geändert. Sie gilt sofort, auch in offenen Sitzungen.",
        (Lang::En, YouLabel) => "you",
        (Lang::De, YouLabel) => "Sie",
    }
}

/// A staff role's name as the console shows it (forms send `Role::as_str`).
pub fn role_name(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Admin => text(lang, Text::RoleAdmin),
        Role::Moderator => text(lang, Text::RoleModerator),
    }
}

/// The median time to first answer: the bound of the bucket that holds it (the last bucket
/// has none, so it reads "more than" the one before).
pub fn answer_time_text(lang: Lang, hours: Option<i64>) -> String {
    match hours {
        None => text(lang, Text::NotYet).to_string(),
        Some(i64::MAX) => {
            let buckets = crate::domain::answered::BUCKET_HOURS;
            let longest = buckets[buckets.len() - 2];
            format!("> {}", span(lang, longest))
        }
        Some(h) => format!("≤ {}", span(lang, h)),
    }
}

/// A time span of whole hours as people say it: "1 hour", "12 hours", "2 days", "1 week".
pub fn span(lang: Lang, hours: i64) -> String {
    let (n, unit) = if hours > 0 && hours % 168 == 0 {
        (hours / 168, Unit::Week)
    } else if hours > 0 && hours % 24 == 0 {
        (hours / 24, Unit::Day)
    } else {
        (hours, Unit::Hour)
    };
    let word = match (lang, unit, n == 1) {
        (Lang::En, Unit::Hour, true) => "hour",
        (Lang::En, Unit::Hour, false) => "hours",
        (Lang::En, Unit::Day, true) => "day",
        (Lang::En, Unit::Day, false) => "days",
        (Lang::En, Unit::Week, true) => "week",
        (Lang::En, Unit::Week, false) => "weeks",
        (Lang::De, Unit::Hour, true) => "Stunde",
        (Lang::De, Unit::Hour, false) => "Stunden",
        (Lang::De, Unit::Day, true) => "Tag",
        (Lang::De, Unit::Day, false) => "Tage",
        (Lang::De, Unit::Week, true) => "Woche",
        (Lang::De, Unit::Week, false) => "Wochen",
    };
    format!("{n} {word}")
}

#[derive(Clone, Copy)]
enum Unit {
    Hour,
    Day,
    Week,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_take_the_largest_whole_unit_and_its_number() {
        let en: Vec<String> = [1, 4, 24, 48, 168, 336, 720, 2160, 30]
            .iter()
            .map(|&h| span(Lang::En, h))
            .collect();
        assert_eq!(
            en,
            [
                "1 hour", "4 hours", "1 day", "2 days", "1 week", "2 weeks", "30 days", "90 days",
                "30 hours"
            ]
        );
        let de: Vec<String> = [1, 12, 24, 72, 168, 336]
            .iter()
            .map(|&h| span(Lang::De, h))
            .collect();
        assert_eq!(
            de,
            [
                "1 Stunde",
                "12 Stunden",
                "1 Tag",
                "3 Tage",
                "1 Woche",
                "2 Wochen"
            ]
        );
    }
}
