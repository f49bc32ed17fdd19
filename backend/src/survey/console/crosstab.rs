//! A cross-tab of two choice questions of the results' version: how often each answer of one
//! went with each answer of the other (`crate::survey::results::crosstab`).

use coproduce_widgets::i18n::Lang;
use coproduce_widgets::survey::definition::{Definition, Question, QuestionKind};
use coproduce_widgets::survey::response::OTHER;
use maud::{Markup, html};

use super::SurveyPageQuery;
use crate::domain::OrgId;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::kind::encode;
use crate::survey::results::crosstab;
use crate::survey::shown::option_label;
use crate::survey::texts::{SurveyText, text};

/// The answers a question can be crossed by: (value, label).
fn values(q: &Question, lang: Lang) -> Option<Vec<(String, String)>> {
    let mut ids: Vec<String> = match &q.kind {
        QuestionKind::SingleChoice { options, .. }
        | QuestionKind::MultipleChoice { options, .. } => {
            options.iter().map(|o| o.id.clone()).collect()
        }
        QuestionKind::YesNo => vec!["yes".into(), "no".into()],
        QuestionKind::Scale { points } => (1..=points.len()).map(|p| p.to_string()).collect(),
        QuestionKind::Rating { nps: true, .. } => (0..=10).map(|p| p.to_string()).collect(),
        QuestionKind::Rating { max, .. } => (1..=*max).map(|p| p.to_string()).collect(),
        _ => return None,
    };
    if q.other
        && matches!(
            q.kind,
            QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. }
        )
    {
        ids.push(OTHER.into());
    }
    let label = |id: &str| match q.kind {
        QuestionKind::Scale { ref points } => id
            .parse::<usize>()
            .ok()
            .and_then(|p| points.get(p.wrapping_sub(1)))
            .map_or(id.to_string(), |t| t.get(lang, false).to_string()),
        _ => option_label(q, id, lang),
    };
    Some(ids.iter().map(|id| (id.clone(), label(id))).collect())
}

pub async fn section(
    state: &AppState,
    org: &OrgId,
    key: &str,
    def: &Definition,
    q: &SurveyPageQuery,
    lang: Lang,
) -> Result<Markup, ApiError> {
    let choices: Vec<&Question> = def
        .pages
        .iter()
        .flat_map(|p| &p.questions)
        .filter(|q| values(q, lang).is_some())
        .collect();
    if choices.len() < 2 {
        return Ok(html! {});
    }
    let pick = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| choices.iter().find(|q| q.id == id).copied())
    };
    let (a, b) = (pick(&q.a), pick(&q.b));
    let table = match (a, b) {
        (Some(a), Some(b)) if a.id != b.id => Some(crossed(state, org, key, a, b, q, lang).await?),
        _ => None,
    };
    let select = |name: &str, label: &str, chosen: Option<&Question>| {
        let id = format!("crosstab-{name}");
        html! {
            label for=(id) { (label) }
            select id=(id) name=(name) {
                @for c in &choices { option value=(c.id) selected[chosen.is_some_and(|x| x.id == c.id)] { (c.text.get(lang, false)) } }
            }
        }
    };
    Ok(html! {
        h2 id="crosstab" { (text(lang, SurveyText::CrossTab)) }
        form method="get" action=(format!("/console/activities/{}#crosstab", encode(key))) class="cp-form cp-inline-form" {
            input type="hidden" name="lang" value=(lang.code());
            @if let Some(v) = q.v { input type="hidden" name="v" value=(v); }
            (select("a", "A", a))
            (select("b", "B", b))
            button.cp-button.cp-secondary type="submit" { (text(lang, SurveyText::Show)) }
        }
        @if let Some(t) = table { (t) }
    })
}

async fn crossed(
    state: &AppState,
    org: &OrgId,
    key: &str,
    a: &Question,
    b: &Question,
    q: &SurveyPageQuery,
    lang: Lang,
) -> Result<Markup, ApiError> {
    let (Some(rows), Some(cols)) = (values(a, lang), values(b, lang)) else {
        return Ok(html! {});
    };
    let range = q.range().unwrap_or((0, i64::MAX));
    let ids = |vs: &[(String, String)]| vs.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>();
    let cells = crosstab(
        &state.store,
        org,
        key,
        (&a.id, &ids(&rows)),
        (&b.id, &ids(&cols)),
        range,
    )
    .await?;
    Ok(html! {
        table.cp-table {
            caption { (a.text.get(lang, false)) " × " (b.text.get(lang, false)) }
            thead { tr { td {} @for (_, label) in &cols { th scope="col" { (label) } } } }
            tbody {
                @for ((_, label), row) in rows.iter().zip(&cells) {
                    tr { th scope="row" { (label) } @for n in row { td { (n) } } }
                }
            }
        }
    })
}
