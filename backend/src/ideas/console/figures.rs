//! The figures the dashboard and a board's page show: counter cards and ideas per week.

use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::ideas::texts::IdeaMsg;

use maud::{Markup, html};

use crate::http::text::{Text, answer_time_text, text};
use crate::ideas::counts::{IdeaTotals, WeekCount};

pub(crate) fn cards(lang: Lang, c: &IdeaTotals) -> Markup {
    let cards = [
        (text(lang, Text::Ideas), c.public.to_string()),
        (text(lang, Text::SupportsTotal), c.supports.to_string()),
        (
            text(lang, Text::AnsweredShare),
            format!("{} %", c.answered_percent()),
        ),
        (
            text(lang, Text::MedianAnswerTime),
            answer_time_text(lang, c.answered.median_hours()),
        ),
        (text(lang, Text::ModerationQueue), c.pending.to_string()),
    ];
    html! {
        @for (label, value) in cards {
            div.card { div { (label) } div.n { (value) } }
        }
    }
}

/// Ideas per week as bars, with the same figures in a table for screen readers.
pub(crate) fn chart(lang: Lang, weeks: &[WeekCount]) -> Markup {
    if weeks.is_empty() {
        return html! { p { (t(lang, IdeaMsg::NoIdeas)) } };
    }
    let shown = &weeks[weeks.len().saturating_sub(26)..];
    let max = shown.iter().map(|w| w.ideas).max().unwrap_or(1).max(1);
    let (bar_w, h) = (24usize, 120i64);
    let width = shown.len() * bar_w;
    let title = text(lang, Text::ParticipationOverTime);
    html! {
        svg role="img" aria-labelledby="chart-title" width=(width) height=(h) viewBox=(format!("0 0 {width} {h}")) {
            title id="chart-title" { (title) }
            @for (i, w) in shown.iter().enumerate() {
                @let bh = w.ideas * h / max;
                rect x=(i * bar_w + 2) y=(h - bh) width=(bar_w - 4) height=(bh) fill="#1d4ed8" {}
            }
        }
        table {
            caption { (title) }
            thead { tr {
                th scope="col" { (text(lang, Text::Week)) }
                th scope="col" { (text(lang, Text::Ideas)) }
                th scope="col" { (text(lang, Text::SupportsTotal)) }
            } }
            tbody {
                @for w in shown {
                    tr { td { (date((w.week * 7 - 3) * 86_400_000)) } td { (w.ideas) } td { (w.supports) } }
                }
            }
        }
    }
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
