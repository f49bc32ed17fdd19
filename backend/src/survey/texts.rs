//! The survey console's texts in German and English, and the messages of the codes its forms
//! answer with (the logic's `logic_*`, the definition's bounds, the import's).

use coproduce_widgets::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyText {
    Saved,
    ImportSkipped,
    NotPublished,
    PublishedVersion,
    Unpublished,
    Publish,
    Preview,
    OpenPage,
    Results,
    ResponsesCounted,
    TextAnswers,
    NoTextAnswers,
    HiddenBecause,
    ShowAgain,
    HideReason,
    Hide,
    ExportCsv,
    ExportJson,
    ExportDefinition,
    EmbedSnippet,
    Version,
    From,
    To,
    Show,
    Builder,
    PageLabel,
    MoveUp,
    MoveDown,
    Delete,
    AddQuestion,
    AddPage,
    QuestionType,
    QuestionId,
    QuestionTextDe,
    QuestionTextEn,
    OptionsLabel,
    OptionsHint,
    RequiredLabel,
    OtherLabel,
    OnPage,
    DefinitionJson,
    DefinitionJsonHint,
    SaveDefinition,
    ImportSurveyJs,
    ImportSurveyJsHint,
    Import,
    Settings,
    OpensAt,
    ClosesAt,
    MaxResponses,
    OncePerPerson,
    ResultsPublic,
    Save,
    CrossTab,
    Rules,
    NoRules,
    CreateSurvey,
    PreviewNote,
}

pub fn text(lang: Lang, t: SurveyText) -> &'static str {
    use SurveyText::*;
    let en = lang == Lang::En;
    let (e, d) = match t {
        Saved => ("Saved.", "Gespeichert."),
        ImportSkipped => (
            "Imported. These parts of the SurveyJS definition have no equivalent here and were left out:",
            "Importiert. Diese Teile der SurveyJS-Definition haben hier keine Entsprechung und wurden ausgelassen:",
        ),
        NotPublished => (
            "Not published yet: citizens cannot answer it until you publish it.",
            "Noch nicht veröffentlicht: Bürgerinnen und Bürger können erst antworten, wenn Sie veröffentlichen.",
        ),
        PublishedVersion => ("Citizens answer version", "Beantwortet wird Version"),
        Unpublished => (
            "The draft has changes that are not published yet.",
            "Der Entwurf hat Änderungen, die noch nicht veröffentlicht sind.",
        ),
        Publish => ("Publish the draft", "Entwurf veröffentlichen"),
        Preview => ("Preview the draft", "Vorschau des Entwurfs"),
        OpenPage => ("Open the public page", "Öffentliche Seite öffnen"),
        Results => ("Results", "Ergebnisse"),
        ResponsesCounted => ("responses to this version", "Antworten auf diese Version"),
        TextAnswers => ("Text answers", "Textantworten"),
        NoTextAnswers => ("No text answers yet.", "Noch keine Textantworten."),
        HiddenBecause => ("Hidden:", "Verborgen:"),
        ShowAgain => ("Show again", "Wieder zeigen"),
        HideReason => ("Reason for hiding", "Grund für das Verbergen"),
        Hide => ("Hide", "Verbergen"),
        ExportCsv => ("Responses as CSV", "Antworten als CSV"),
        ExportJson => ("Responses as JSON", "Antworten als JSON"),
        ExportDefinition => ("Definition as JSON", "Definition als JSON"),
        EmbedSnippet => ("Embed on your website", "Auf Ihrer Website einbinden"),
        Version => ("Version", "Version"),
        From => ("From", "Von"),
        To => ("To", "Bis"),
        Show => ("Show", "Anzeigen"),
        Builder => ("Questions", "Fragen"),
        PageLabel => ("Page", "Seite"),
        MoveUp => ("Move up", "Nach oben"),
        MoveDown => ("Move down", "Nach unten"),
        Delete => ("Delete", "Löschen"),
        AddQuestion => ("Add a question", "Frage hinzufügen"),
        AddPage => ("Add a page", "Seite hinzufügen"),
        QuestionType => ("Type", "Art"),
        QuestionId => (
            "Short name (used in results and rules)",
            "Kurzname (für Ergebnisse und Regeln)",
        ),
        QuestionTextDe => ("Question in German", "Frage auf Deutsch"),
        QuestionTextEn => ("Question in English", "Frage auf Englisch"),
        OptionsLabel => ("Answers to choose from", "Antworten zur Auswahl"),
        OptionsHint => (
            "One per line (choice, ranking, matrix rows, scale points).",
            "Eine pro Zeile (Auswahl, Rangfolge, Matrix-Zeilen, Skalenpunkte).",
        ),
        RequiredLabel => ("Answer required", "Antwort erforderlich"),
        OtherLabel => ("Offer an \"other\" answer", "Antwort „Anderes“ anbieten"),
        OnPage => ("On page", "Auf Seite"),
        DefinitionJson => ("The draft as JSON", "Der Entwurf als JSON"),
        DefinitionJsonHint => (
            "Every page, question and rule; edit it or paste an exported survey, then save.",
            "Alle Seiten, Fragen und Regeln; bearbeiten Sie sie oder fügen Sie eine exportierte Umfrage ein und speichern Sie.",
        ),
        SaveDefinition => ("Save the draft", "Entwurf speichern"),
        ImportSurveyJs => ("Import from SurveyJS", "Aus SurveyJS importieren"),
        ImportSurveyJsHint => (
            "Paste a SurveyJS survey (JSON). It replaces the draft.",
            "Fügen Sie eine SurveyJS-Umfrage (JSON) ein. Sie ersetzt den Entwurf.",
        ),
        Import => ("Import", "Importieren"),
        Settings => ("Answering", "Beantworten"),
        OpensAt => ("Opens on", "Öffnet am"),
        ClosesAt => (
            "Closes on (the day it closes)",
            "Schließt am (ab diesem Tag)",
        ),
        MaxResponses => (
            "Responses at most (empty: no limit)",
            "Höchstens Antworten (leer: ohne Grenze)",
        ),
        OncePerPerson => ("One response per person", "Eine Antwort pro Person"),
        ResultsPublic => (
            "Participants see the results",
            "Teilnehmende sehen die Ergebnisse",
        ),
        Save => ("Save", "Speichern"),
        CrossTab => ("Cross-tab", "Kreuztabelle"),
        Rules => ("Rules", "Regeln"),
        NoRules => (
            "No rules: everyone sees every page.",
            "Keine Regeln: Alle sehen jede Seite.",
        ),
        CreateSurvey => ("Create a survey", "Umfrage anlegen"),
        PreviewNote => (
            "Preview: this is how citizens see the draft. Nothing is sent.",
            "Vorschau: So sehen Bürgerinnen und Bürger den Entwurf. Nichts wird gesendet.",
        ),
    };
    if en { e } else { d }
}

/// The message of a code the survey's console forms answer with.
pub fn message(lang: Lang, code: &str) -> &'static str {
    let en = lang == Lang::En;
    let (e, d) = match code {
        "logic_duplicate_id" => (
            "Two pages, questions or rules have the same short name",
            "Zwei Seiten, Fragen oder Regeln haben denselben Kurznamen",
        ),
        "logic_unknown_question" => (
            "A rule asks about a question that does not exist (deleted?)",
            "Eine Regel fragt nach einer Frage, die es nicht gibt (gelöscht?)",
        ),
        "logic_unknown_target" => (
            "A rule shows a page or question that does not exist",
            "Eine Regel zeigt eine Seite oder Frage, die es nicht gibt",
        ),
        "logic_bad_test" => (
            "A rule's test does not fit its question",
            "Der Test einer Regel passt nicht zu ihrer Frage",
        ),
        "logic_cycle" => (
            "The rules go round in a circle",
            "Die Regeln drehen sich im Kreis",
        ),
        "logic_not_before" => (
            "A rule asks about a question that comes after what it shows",
            "Eine Regel fragt nach einer Frage, die nach dem kommt, was sie zeigt",
        ),
        "definition_json" => (
            "This is not a survey definition in JSON",
            "Das ist keine Umfrage-Definition in JSON",
        ),
        "surveyjs_json" => ("This is not SurveyJS JSON", "Das ist kein SurveyJS-JSON"),
        "definition_empty" => (
            "A survey needs at least one question before it is published",
            "Eine Umfrage braucht mindestens eine Frage, bevor sie veröffentlicht wird",
        ),
        "too_large" => (
            "The survey is larger than allowed",
            "Die Umfrage ist größer als erlaubt",
        ),
        "question_id" => (
            "Give the question a short name that no page, question or rule has yet",
            "Geben Sie der Frage einen Kurznamen, den noch keine Seite, Frage oder Regel hat",
        ),
        "question_text" => (
            "Write the question in at least one language",
            "Schreiben Sie die Frage in mindestens einer Sprache",
        ),
        "question_options" => (
            "This type of question needs answers to choose from, one per line",
            "Diese Art Frage braucht Antworten zur Auswahl, eine pro Zeile",
        ),
        "settings_invalid" => (
            "Check the dates and the number of responses",
            "Prüfen Sie die Daten und die Zahl der Antworten",
        ),
        other => return crate::http::text::server_error_message(lang, other),
    };
    if en { e } else { d }
}
