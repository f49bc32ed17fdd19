//! A service's figures and a story as the pages show them (the ratings page, the receipt, the
//! console), from one component (maud escapes every value).

use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::ratings::definition::RatingsDefinition;
use coproduce_widgets::ratings::summary::one_decimal;
use coproduce_widgets::ratings::texts::RatingsMsg;
use maud::{Markup, html};

use super::api::ServiceView;
use super::storage::StoryRow;

/// A service's figures: the average with what it means, the distribution as a table.
pub fn service(lang: Lang, s: &ServiceView) -> Markup {
    let id = format!("cp-service-{}", s.id);
    html! {
        section.cp-service aria-labelledby=(id) {
            h3.cp-h id=(id) { (s.label) }
            @match s.average {
                None => p { (t(lang, RatingsMsg::NoRatings)) },
                Some(avg) => {
                    p.cp-average {
                        strong { (one_decimal(avg, lang)) " " (t(lang, RatingsMsg::Average)) }
                        " · " (s.ratings) " " (t(lang, RatingsMsg::Ratings))
                        " · " (s.answered_percent) " % " (t(lang, RatingsMsg::Answered))
                    }
                    @if s.change_planned + s.change_made > 0 {
                        p.cp-change { (s.change_made) " " (t(lang, RatingsMsg::ChangesMade)) " · " (s.change_planned) " " (t(lang, RatingsMsg::ChangesPlanned)) }
                    }
                    table.cp-table {
                        caption { (t(lang, RatingsMsg::Overall)) }
                        tbody {
                            @for (i, n) in s.distribution.iter().enumerate().rev() {
                                tr { th scope="row" { (i + 1) " " (t(lang, RatingsMsg::Stars)) } td { (n) } }
                            }
                        }
                    }
                    @if s.dimensions.iter().any(|(_, _, m)| m.is_some()) {
                        table.cp-table {
                            caption { (t(lang, RatingsMsg::ByDimension)) }
                            tbody {
                                @for (_, label, mean) in &s.dimensions {
                                    tr { th scope="row" { (label) } td { @if let Some(m) = mean { (one_decimal(*m, lang)) } @else { "–" } } }
                                }
                            }
                        }
                    }
                    table.cp-table {
                        caption { (t(lang, RatingsMsg::ByMonth)) }
                        thead { tr { th scope="col" { (t(lang, RatingsMsg::Month)) } th scope="col" { (t(lang, RatingsMsg::Ratings)) } th scope="col" { (t(lang, RatingsMsg::Mean)) } } }
                        tbody {
                            @for (month, n, mean) in s.months.iter().rev().take(12) {
                                tr { td { (month) } td { (n) } td { @if let Some(m) = mean { (one_decimal(*m, lang)) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A group's figures, added up from its services.
pub fn group(lang: Lang, g: &super::api::GroupView) -> Markup {
    html! {
        p.cp-group {
            strong { (g.label) } ": "
            @match g.average {
                None => (t(lang, RatingsMsg::NoRatings)),
                Some(avg) => { (one_decimal(avg, lang)) " " (t(lang, RatingsMsg::Average)) " · " (g.ratings) " " (t(lang, RatingsMsg::Ratings)) " · " (g.answered_percent) " % " (t(lang, RatingsMsg::Answered)) }
            }
        }
    }
}

/// One story with its ratings and the organisation's answers; `actions` at its end.
pub fn story(lang: Lang, def: &RatingsDefinition, s: &StoryRow, actions: Markup) -> Markup {
    let label = def.service(&s.service).map_or_else(
        || s.service.clone(),
        |x| x.label.get(lang, false).to_string(),
    );
    let heading = format!("cp-story-{}", s.key);
    html! {
        article.cp-report aria-labelledby=(heading) {
            h3.cp-h id=(heading) { (label) ": " (s.overall) " / 5 " (t(lang, RatingsMsg::Stars)) }
            p.cp-meta {
                (s.name.as_deref().unwrap_or(t(lang, RatingsMsg::Anonymous))) " · " (date(s.created_at))
                @if let Some(w) = &s.when { " · " (w) }
                @if let Some(p) = &s.part { " · " (p) }
            }
            @if !s.ratings.is_empty() {
                ul.cp-dimensions {
                    @for d in &def.dimensions {
                        @if let Some(v) = s.ratings.get(&d.id) {
                            li { (d.label.get(lang, false)) ": " (v) " / 5" }
                        }
                    }
                }
            }
            @if !s.story.is_empty() { p.cp-body { (s.story) } }
            @if let Some(why) = &s.redacted { p.cp-note { (t(lang, RatingsMsg::Redacted)) " " (why) } }
            @if s.helpful > 0 { p.cp-count { (s.helpful) " " (t(lang, RatingsMsg::FoundHelpful)) } }
            @for a in &s.answers {
                div.cp-answer {
                    p.cp-answer-label { (t(lang, RatingsMsg::AnswerFrom)) " " (a.role) @if let Some(n) = &a.name { " (" (n) ")" } " · " (date(a.at)) }
                    p.cp-body { (a.text) }
                }
            }
            @if let Some(r) = &s.reply {
                div.cp-answer {
                    p.cp-answer-label { (t(lang, RatingsMsg::ReplyFrom)) " · " (date(r.at)) }
                    p.cp-body { (r.text) }
                }
            }
            @if let Some(c) = &s.change {
                p.cp-change { strong { @if c.made { "✓ " } (c.description) } }
            }
            (actions)
        }
    }
}
