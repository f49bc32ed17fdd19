//! Answers as people read them (the receipt, the console, CSV cells): option labels instead of
//! ids, in the reader's language.

use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::survey::definition::{Choice, Question, QuestionKind, Texts};
use coproduce_widgets::survey::response::{Answer, Answers, OTHER};
use coproduce_widgets::survey::texts::SurveyMsg;

fn label<'a>(options: &'a [Choice], id: &'a str, lang: Lang) -> &'a str {
    options
        .iter()
        .find(|o| o.id == id)
        .map_or(id, |o| o.label.get(lang, false))
}

fn point(points: &[Texts], n: i64, lang: Lang) -> String {
    usize::try_from(n - 1)
        .ok()
        .and_then(|i| points.get(i))
        .map_or_else(|| n.to_string(), |p| p.get(lang, false).to_string())
}

/// The label of option `id` of a question (its "other" answer and yes/no included).
pub fn option_label(q: &Question, id: &str, lang: Lang) -> String {
    match (&q.kind, id) {
        (_, OTHER) => t(lang, SurveyMsg::Other).to_string(),
        (QuestionKind::YesNo, "yes") => t(lang, SurveyMsg::Yes).to_string(),
        (QuestionKind::YesNo, "no") => t(lang, SurveyMsg::No).to_string(),
        (
            QuestionKind::SingleChoice { options, .. }
            | QuestionKind::MultipleChoice { options, .. }
            | QuestionKind::Ranking { options },
            id,
        ) => label(options, id, lang).to_string(),
        (QuestionKind::Matrix { rows, .. }, id) => label(rows, id, lang).to_string(),
        (_, id) => id.to_string(),
    }
}

/// A question's answer in words.
pub fn answer_text(q: &Question, answers: &Answers, lang: Lang) -> Option<String> {
    let a = answers.get(&q.id)?;
    let other = answers.other.get(&q.id);
    let choice = |id: &str| match (id, other) {
        (OTHER, Some(text)) => format!("{}: {text}", t(lang, SurveyMsg::Other)),
        _ => option_label(q, id, lang),
    };
    Some(match (&q.kind, a) {
        (_, Answer::Choice(c)) => choice(c),
        (_, Answer::Choices(cs)) => cs.iter().map(|c| choice(c)).collect::<Vec<_>>().join("; "),
        (_, Answer::Text(s) | Answer::Date(s)) => s.clone(),
        (QuestionKind::Scale { points }, Answer::Number(n)) => point(points, *n, lang),
        (_, Answer::Number(n)) => n.to_string(),
        (_, Answer::Order(order)) => order
            .iter()
            .enumerate()
            .map(|(i, id)| format!("{}. {}", i + 1, option_label(q, id, lang)))
            .collect::<Vec<_>>()
            .join("; "),
        (QuestionKind::Matrix { scale, .. }, Answer::Rows(rows)) => rows
            .iter()
            .map(|(row, p)| format!("{}: {}", option_label(q, row, lang), point(scale, *p, lang)))
            .collect::<Vec<_>>()
            .join("; "),
        (_, Answer::Rows(rows)) => rows
            .iter()
            .map(|(row, p)| format!("{row}: {p}"))
            .collect::<Vec<_>>()
            .join("; "),
        (_, Answer::Yes(y)) => t(lang, if *y { SurveyMsg::Yes } else { SurveyMsg::No }).to_string(),
    })
}
