//! The builder's forms: every page and question with buttons to move it up or down and to
//! delete it (plain forms: they work with the keyboard and without JavaScript), a form that
//! adds a question, the draft as JSON, the SurveyJS import, and the survey's settings.

use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::survey::definition::{Definition, Effect, QuestionKind, Test};
use maud::{Markup, html};

use super::Echo;
use crate::http::console::session::Staff;
use crate::http::kind::encode;
use crate::survey::storage::SurveyRow;
use crate::survey::texts::{SurveyText, text};

/// The question types the add form offers: (value, English, German).
pub const TYPES: [(&str, &str, &str); 13] = [
    (
        "single_choice",
        "One choice (buttons)",
        "Eine Auswahl (Knöpfe)",
    ),
    ("dropdown", "One choice (list)", "Eine Auswahl (Liste)"),
    ("multiple_choice", "Several choices", "Mehrere Auswahlen"),
    ("text", "Short text", "Kurzer Text"),
    ("long_text", "Long text", "Langer Text"),
    ("number", "Number", "Zahl"),
    ("date", "Date", "Datum"),
    (
        "scale",
        "Scale (labelled points)",
        "Skala (benannte Punkte)",
    ),
    ("rating", "Stars (1–5)", "Sterne (1–5)"),
    ("nps", "0–10 (recommend)", "0–10 (Weiterempfehlung)"),
    ("ranking", "Ranking", "Rangfolge"),
    ("matrix", "Matrix (rows × scale)", "Matrix (Zeilen × Skala)"),
    ("yes_no", "Yes / no", "Ja / Nein"),
];

fn type_name(kind: &QuestionKind, lang: Lang) -> &'static str {
    let value = match kind {
        QuestionKind::SingleChoice { dropdown: true, .. } => "dropdown",
        QuestionKind::SingleChoice { .. } => "single_choice",
        QuestionKind::MultipleChoice { .. } => "multiple_choice",
        QuestionKind::Text { long: true, .. } => "long_text",
        QuestionKind::Text { .. } => "text",
        QuestionKind::Number { .. } => "number",
        QuestionKind::Date { .. } => "date",
        QuestionKind::Scale { .. } => "scale",
        QuestionKind::Rating { nps: true, .. } => "nps",
        QuestionKind::Rating { .. } => "rating",
        QuestionKind::Ranking { .. } => "ranking",
        QuestionKind::Matrix { .. } => "matrix",
        QuestionKind::YesNo => "yes_no",
    };
    TYPES
        .iter()
        .find(|(v, ..)| *v == value)
        .map_or(value, |(_, en, de)| if lang == Lang::En { en } else { de })
}

/// A rule in words, for the list of rules.
fn rule_words(rule: &coproduce_widgets::survey::definition::Rule, lang: Lang) -> String {
    let en = lang == Lang::En;
    let test = match &rule.when.test {
        Test::Answered => (if en { "is answered" } else { "ist beantwortet" }).to_string(),
        Test::Is(v) => format!("= {v}"),
        Test::IsNot(vs) => format!("≠ {}", vs.join(", ")),
        Test::Includes(v) => format!("∋ {v}"),
        Test::AtLeast(n) => format!("≥ {n}"),
        Test::AtMost(n) => format!("≤ {n}"),
    };
    let then = match &rule.then {
        Effect::ShowPage(p) => format!("{} {p}", if en { "show page" } else { "zeige Seite" }),
        Effect::ShowQuestion(q) => {
            format!("{} {q}", if en { "show question" } else { "zeige Frage" })
        }
        Effect::End => (if en {
            "end the survey"
        } else {
            "beende die Umfrage"
        })
        .to_string(),
    };
    let when = if en { "if" } else { "wenn" };
    format!("{}: {when} {} {test} → {then}", rule.id, rule.when.question)
}

/// A row of buttons acting on one page or question.
fn edit_buttons(staff: &Staff, action: &str, what: &str, id: &str, lang: Lang) -> Markup {
    let ops = [
        ("up", SurveyText::MoveUp),
        ("down", SurveyText::MoveDown),
        ("delete", SurveyText::Delete),
    ];
    html! {
        form method="post" action=(action) class="cp-inline" {
            input type="hidden" name="csrf" value=(staff.csrf);
            input type="hidden" name="what" value=(what);
            input type="hidden" name="id" value=(id);
            @for (op, label) in ops {
                // The name in the label: "Move up: q3" means something to a screen reader
                // that lists the page's buttons.
                button.cp-button.cp-secondary type="submit" name="op" value=(op) aria-label=(format!("{}: {id}", text(lang, label))) { (text(lang, label)) }
                " "
            }
        }
    }
}

pub fn builder(lang: Lang, staff: &Staff, key: &str, draft: &Definition, echo: &Echo) -> Markup {
    let base = format!("/console/activities/{}/survey", encode(key));
    let l = lang.code();
    let edit = format!("{base}/edit?lang={l}");
    let json = echo
        .json
        .clone()
        .unwrap_or_else(|| serde_json::to_string_pretty(draft).unwrap_or_default());
    html! {
        h2 { (text(lang, SurveyText::Builder)) }
        @for (pi, page) in draft.pages.iter().enumerate() {
            section.cp-builder-page aria-labelledby=(format!("page-{pi}")) {
                h3 id=(format!("page-{pi}")) {
                    (text(lang, SurveyText::PageLabel)) " " (pi + 1) " (" (page.id) ")"
                    @if let Some(t) = &page.title { ": " (t.get(lang, false)) }
                }
                (edit_buttons(staff, &edit, "page", &page.id, lang))
                ol {
                    @for q in &page.questions {
                        li {
                            strong { (q.text.get(lang, false)) }
                            " · " (type_name(&q.kind, lang)) " · " code { (q.id) }
                            @if q.required { " · " (text(lang, SurveyText::RequiredLabel)) }
                            (edit_buttons(staff, &edit, "question", &q.id, lang))
                        }
                    }
                }
            }
        }
        h3 { (text(lang, SurveyText::Rules)) }
        @if draft.rules.is_empty() {
            p { (text(lang, SurveyText::NoRules)) }
        } @else {
            ul { @for r in &draft.rules { li { (rule_words(r, lang)) } } }
        }
        (crate::http::console::view::button_form(staff, &format!("{base}/page?lang={l}"), &[], text(lang, SurveyText::AddPage)))
        h3 { (text(lang, SurveyText::AddQuestion)) }
        form method="post" action=(format!("{base}/question?lang={l}")) class="cp-form" {
            input type="hidden" name="csrf" value=(staff.csrf);
            div.cp-field {
                label for="nq-type" { (text(lang, SurveyText::QuestionType)) }
                select id="nq-type" name="type" {
                    @for (v, en, de) in TYPES { option value=(v) { (if lang == Lang::En { en } else { de }) } }
                }
            }
            div.cp-field {
                label for="nq-page" { (text(lang, SurveyText::OnPage)) }
                select id="nq-page" name="page" {
                    @for (pi, page) in draft.pages.iter().enumerate() {
                        option value=(page.id) selected[pi + 1 == draft.pages.len()] { (pi + 1) " (" (page.id) ")" }
                    }
                    @if draft.pages.is_empty() { option value="" { "1" } }
                }
            }
            div.cp-field { label for="nq-id" { (text(lang, SurveyText::QuestionId)) } input id="nq-id" name="id" type="text" maxlength="40"; }
            div.cp-field { label for="nq-de" { (text(lang, SurveyText::QuestionTextDe)) } input id="nq-de" name="text_de" type="text" maxlength="1000"; }
            div.cp-field { label for="nq-en" { (text(lang, SurveyText::QuestionTextEn)) } input id="nq-en" name="text_en" type="text" maxlength="1000"; }
            div.cp-field {
                label for="nq-options" { (text(lang, SurveyText::OptionsLabel)) }
                span.cp-hint id="nq-options-hint" { (text(lang, SurveyText::OptionsHint)) }
                textarea id="nq-options" name="options" rows="4" aria-describedby="nq-options-hint" {}
            }
            div { input id="nq-required" type="checkbox" name="required" value="on"; " " label for="nq-required" { (text(lang, SurveyText::RequiredLabel)) } }
            div { input id="nq-other" type="checkbox" name="other" value="on"; " " label for="nq-other" { (text(lang, SurveyText::OtherLabel)) } }
            button.cp-button type="submit" { (text(lang, SurveyText::AddQuestion)) }
        }
        h3 { (text(lang, SurveyText::DefinitionJson)) }
        form method="post" action=(format!("{base}/definition?lang={l}")) class="cp-form" {
            input type="hidden" name="csrf" value=(staff.csrf);
            label for="definition" { (text(lang, SurveyText::DefinitionJson)) }
            span.cp-hint id="definition-hint" { (text(lang, SurveyText::DefinitionJsonHint)) }
            textarea id="definition" name="definition" rows="16" class="wide" aria-describedby="definition-hint" { (json) }
            button.cp-button type="submit" { (text(lang, SurveyText::SaveDefinition)) }
        }
        h3 { (text(lang, SurveyText::ImportSurveyJs)) }
        form method="post" action=(format!("{base}/import?lang={l}")) class="cp-form" {
            input type="hidden" name="csrf" value=(staff.csrf);
            label for="surveyjs" { (text(lang, SurveyText::ImportSurveyJs)) }
            span.cp-hint id="surveyjs-hint" { (text(lang, SurveyText::ImportSurveyJsHint)) }
            textarea id="surveyjs" name="surveyjs" rows="8" class="wide" aria-describedby="surveyjs-hint" { (echo.surveyjs.clone().unwrap_or_default()) }
            button.cp-button type="submit" { (text(lang, SurveyText::Import)) }
        }
    }
}

/// `YYYY-MM-DD` of a Unix ms time, for a date field.
fn day(ms: Option<i64>) -> String {
    ms.map(date).unwrap_or_default()
}

pub fn settings_form(lang: Lang, staff: &Staff, key: &str, survey: &SurveyRow) -> Markup {
    let s = &survey.settings;
    let action = format!(
        "/console/activities/{}/survey/settings?lang={}",
        encode(key),
        lang.code()
    );
    html! {
        h2 { (text(lang, SurveyText::Settings)) }
        form method="post" action=(action) class="cp-form" {
            input type="hidden" name="csrf" value=(staff.csrf);
            div.cp-field { label for="s-opens" { (text(lang, SurveyText::OpensAt)) } input id="s-opens" type="date" name="opens" value=(day(s.opens_at)); }
            div.cp-field { label for="s-closes" { (text(lang, SurveyText::ClosesAt)) } input id="s-closes" type="date" name="closes" value=(day(s.closes_at)); }
            div.cp-field { label for="s-max" { (text(lang, SurveyText::MaxResponses)) } input id="s-max" type="number" min="1" name="max" value=(s.max_responses.map(|m| m.to_string()).unwrap_or_default()); }
            div { input id="s-once" type="checkbox" name="once" value="on" checked[s.once_per_person]; " " label for="s-once" { (text(lang, SurveyText::OncePerPerson)) } }
            div { input id="s-public" type="checkbox" name="public" value="on" checked[s.results_public]; " " label for="s-public" { (text(lang, SurveyText::ResultsPublic)) } }
            button.cp-button type="submit" { (text(lang, SurveyText::Save)) }
        }
    }
}
