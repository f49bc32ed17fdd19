//! The figures the dashboard and a board's page show: counter cards and ideas per week.

use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, Msg, t};

use crate::http::text::{Text, span, text};
use crate::ideas::counts::{ANSWER_BUCKET_HOURS, IdeaTotals, WeekCount};

/// The median time to first answer: the bound of the bucket that holds it (the last bucket
/// has none, so it reads "more than" the one before).
fn answer_time_text(lang: Lang, hours: Option<i64>) -> String {
    match hours {
        None => text(lang, Text::NotYet).to_string(),
        Some(i64::MAX) => {
            let longest = ANSWER_BUCKET_HOURS[ANSWER_BUCKET_HOURS.len() - 2];
            format!("> {}", span(lang, longest))
        }
        Some(h) => format!("≤ {}", span(lang, h)),
    }
}

pub(crate) fn cards(lang: Lang, c: &IdeaTotals) -> String {
    let card = |label: &str, value: String| {
        format!("<div class=\"card\"><div>{label}</div><div class=\"n\">{value}</div></div>")
    };
    [
        card(text(lang, Text::Ideas), c.public.to_string()),
        card(text(lang, Text::SupportsTotal), c.supports.to_string()),
        card(
            text(lang, Text::AnsweredShare),
            format!("{} %", c.answered_percent()),
        ),
        card(
            text(lang, Text::MedianAnswerTime),
            answer_time_text(lang, c.median_answer_hours()),
        ),
        card(text(lang, Text::ModerationQueue), c.pending.to_string()),
    ]
    .concat()
}

/// Ideas per week as bars, with the same figures in a table for screen readers.
pub(crate) fn chart(lang: Lang, weeks: &[WeekCount]) -> String {
    if weeks.is_empty() {
        return format!("<p>{}</p>", t(lang, Msg::NoIdeas));
    }
    let shown = &weeks[weeks.len().saturating_sub(26)..];
    let max = shown.iter().map(|w| w.ideas).max().unwrap_or(1).max(1);
    let (bar_w, h) = (24, 120);
    let bars: String = shown
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let bh = w.ideas * h / max;
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{bh}\" fill=\"#1d4ed8\"></rect>",
                i * bar_w + 2,
                h - bh,
                bar_w - 4
            )
        })
        .collect();
    let rows: String = shown
        .iter()
        .map(|w| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                date((w.week * 7 - 3) * 86_400_000),
                w.ideas,
                w.supports
            )
        })
        .collect();
    format!(
        "<svg role=\"img\" aria-labelledby=\"chart-title\" width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\"><title id=\"chart-title\">{title}</title>{bars}</svg>\
<table><caption>{title}</caption><thead><tr><th scope=\"col\">{week}</th><th scope=\"col\">{ideas}</th><th scope=\"col\">{supports}</th></tr></thead><tbody>{rows}</tbody></table>",
        shown.len() * bar_w,
        shown.len() * bar_w,
        title = text(lang, Text::ParticipationOverTime),
        week = text(lang, Text::Week),
        ideas = text(lang, Text::Ideas),
        supports = text(lang, Text::SupportsTotal),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_answer_time_reads_as_a_bound_in_words() {
        assert_eq!(answer_time_text(Lang::En, None), "not yet");
        assert_eq!(answer_time_text(Lang::En, Some(1)), "≤ 1 hour");
        assert_eq!(answer_time_text(Lang::De, Some(168)), "≤ 1 Woche");
        assert_eq!(answer_time_text(Lang::En, Some(i64::MAX)), "> 90 days");
    }
}
