//! A service's figures and a story as the server's pages show them (the ratings page, the
//! receipt, the console): the widgets' components (`coproduce_widgets::ratings::view`),
//! rendered on the server, so the embed and every page show the same.

use coproduce_widgets::i18n::Lang;
use coproduce_widgets::ratings::contract::{GroupView, Named, ServiceView};
use coproduce_widgets::ratings::definition::RatingsDefinition;
use coproduce_widgets::ratings::view::{self, StoryEnd};
use leptos::prelude::*;
use maud::{Markup, PreEscaped};

use super::api::story_view;
use super::storage::StoryRow;

/// A Leptos view as markup maud takes (both escape every value).
pub fn markup(v: impl IntoView) -> Markup {
    PreEscaped(Owner::new().with(|| v.to_html()))
}

pub fn service(lang: Lang, s: &ServiceView) -> Markup {
    markup(view::service_figures(lang, s))
}

pub fn group(lang: Lang, g: &GroupView) -> Markup {
    markup(view::group_line(lang, g))
}

/// The set-up's aspects by id with their labels in `lang`.
pub fn aspects(lang: Lang, def: &RatingsDefinition) -> Vec<Named> {
    def.dimensions
        .iter()
        .map(|d| Named {
            id: d.id.clone(),
            label: d.label.get(lang, false).to_string(),
        })
        .collect()
}

/// The label of service `id` in `lang` (its id when the set-up no longer has it).
pub fn service_label(lang: Lang, def: &RatingsDefinition, id: &str) -> String {
    def.service(id)
        .map_or_else(|| id.to_string(), |x| x.label.get(lang, false).to_string())
}

/// One story; `end` inside it, at its end (actions, the "helpful" form).
pub fn story(lang: Lang, def: &RatingsDefinition, s: &StoryRow, end: Option<StoryEnd>) -> Markup {
    markup(view::story_card(
        lang,
        service_label(lang, def, &s.service),
        &aspects(lang, def),
        &story_view(s),
        end,
    ))
}

/// One story with actions the server built (escaped by maud).
pub fn story_with(lang: Lang, def: &RatingsDefinition, s: &StoryRow, actions: Markup) -> Markup {
    story(lang, def, s, Some(StoryEnd::Markup(actions.into_string())))
}
