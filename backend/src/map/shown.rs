//! A report as the pages show it (the map's page, the receipt, the console): its category,
//! status, place, text, photos and public updates, from one component (maud escapes every
//! value).

use coproduce_widgets::fmt::date;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::map::definition::MapDefinition;
use coproduce_widgets::map::texts::{MapMsg, status_label};
use maud::{Markup, html};

use super::storage::ReportRow;
use crate::domain::OrgId;
use crate::http::AppState;
use crate::http::kind::encode;
use crate::http::text::{Text, text};

/// A category's label in `lang`, or its id when the map no longer has it.
pub fn category_label(def: &MapDefinition, lang: Lang, id: &str) -> String {
    def.category(id)
        .map_or_else(|| id.to_string(), |c| c.label.get(lang, false).to_string())
}

/// Where a report is, in words: its place, its address, its coordinates.
pub fn location_text(def: &MapDefinition, lang: Lang, r: &ReportRow) -> String {
    let mut parts = Vec::new();
    if let Some(place) = &r.place {
        let label = def
            .places
            .iter()
            .find(|p| &p.id == place)
            .map_or(place.as_str(), |p| p.label.get(lang, false));
        parts.push(label.to_string());
    }
    if let Some(a) = &r.address {
        parts.push(a.clone());
    }
    if let Some(p) = r.point() {
        parts.push(format!("{:.5}, {:.5}", p.lat(), p.lon()));
    }
    parts.join(" · ")
}

/// Where a page links a report's photos: the public address (public reports only), or the
/// console's (every report, for staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotosAt {
    Public,
    Console,
}

/// One report. `actions` goes at its end (a "me too" form, staff's forms).
pub fn report(
    state: &AppState,
    (org, photos_at): (&OrgId, PhotosAt),
    def: &MapDefinition,
    lang: Lang,
    r: &ReportRow,
    actions: Markup,
) -> Markup {
    let heading_id = format!("cp-report-{}", r.key);
    html! {
        article.cp-report aria-labelledby=(heading_id) {
            h3.cp-h id=(heading_id) { (category_label(def, lang, &r.category)) }
            p.cp-meta {
                span.cp-status { (t(lang, MapMsg::Status)) ": " (status_label(lang, r.status)) }
                " · " (t(lang, MapMsg::Reported)) " " (date(r.created_at))
            }
            p.cp-where { (location_text(def, lang, r)) }
            @if !r.description.is_empty() {
                p.cp-body { (r.description) }
            }
            @if let Some(why) = &r.redacted {
                p.cp-note { (text(lang, Text::RedactedNote)) " " (why) }
            }
            @let shown: Vec<_> = r.photos.iter().filter(|p| p.hidden.is_none()).collect();
            @if !shown.is_empty() {
                ul.cp-photos {
                    @for (i, p) in shown.iter().enumerate() {
                        @let url = match photos_at {
                            PhotosAt::Public => state.photo_url(org, &r.map, &r.key, &p.id),
                            PhotosAt::Console => format!("/console/activities/{}/map/reports/{}/photos/{}.jpg", encode(&r.map), encode(&r.key), encode(&p.id)),
                        };
                        li { a href=(url) { img src=(url) width="160" height=(p.height * 160 / p.width.max(1)) loading="lazy"
                            alt=(format!("{} {}", t(lang, MapMsg::Photos), i + 1)); } }
                    }
                }
            }
            @for p in r.photos.iter().filter(|p| p.hidden.is_some()) {
                p.cp-note { (text(lang, Text::PhotoHiddenNote)) " " (p.hidden.as_deref().unwrap_or("")) }
            }
            p.cp-count { (r.me_too) " " (t(lang, MapMsg::MeTooCount)) }
            @if r.history.len() > 1 || r.history.iter().any(|h| h.note.is_some()) {
                h4.cp-h { (t(lang, MapMsg::Updates)) }
                ol.cp-history {
                    @for h in &r.history {
                        li {
                            strong { (status_label(lang, h.status)) } " · " (date(h.at))
                            @if let Some(note) = &h.note { br; (note) }
                        }
                    }
                }
            }
            (actions)
        }
    }
}
