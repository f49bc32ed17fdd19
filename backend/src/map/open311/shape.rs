//! The specification's records from ours: a category as a service, an extra question as an
//! attribute, a report as a service request.

use coproduce_widgets::i18n::Lang;
use coproduce_widgets::map::definition::{Category, MapDefinition};
use coproduce_widgets::survey::definition::{Question, QuestionKind};

use super::{Node, iso};
use crate::http::AppState;
use crate::http::tenant::Tenant;
use crate::map::shown::location_text;
use crate::map::storage::ReportRow;

pub(super) fn service(c: &Category) -> Node {
    Node::Object(vec![
        ("service_code", Node::text(&c.id)),
        ("service_name", Node::text(c.label.get(Lang::En, false))),
        ("description", Node::text("")),
        ("metadata", Node::Bool(!c.questions.is_empty())),
        ("type", Node::text("realtime")),
        ("keywords", Node::text("")),
        ("group", Node::text("")),
    ])
}

/// A question as an Open311 attribute: its datatype and, for lists, its values.
pub(super) fn attribute(q: &Question, order: usize) -> Node {
    let values = |pairs: Vec<(String, String)>| {
        Node::List(
            "value",
            pairs
                .into_iter()
                .map(|(k, n)| Node::Object(vec![("key", Node::Text(k)), ("name", Node::Text(n))]))
                .collect(),
        )
    };
    let numbered = |from: i64, to: i64| {
        (from..=to)
            .map(|n| (n.to_string(), n.to_string()))
            .collect()
    };
    let (datatype, described, listed) = match &q.kind {
        QuestionKind::SingleChoice { options, .. } => (
            "singlevaluelist",
            "",
            options
                .iter()
                .map(|o| (o.id.clone(), o.label.get(Lang::En, false).to_string()))
                .collect(),
        ),
        QuestionKind::MultipleChoice { options, .. } => (
            "multivaluelist",
            "",
            options
                .iter()
                .map(|o| (o.id.clone(), o.label.get(Lang::En, false).to_string()))
                .collect(),
        ),
        QuestionKind::YesNo => (
            "singlevaluelist",
            "",
            vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
        ),
        QuestionKind::Scale { points } => (
            "singlevaluelist",
            "",
            points
                .iter()
                .enumerate()
                .map(|(i, p)| ((i + 1).to_string(), p.get(Lang::En, false).to_string()))
                .collect(),
        ),
        QuestionKind::Rating { max, nps } => {
            let (lo, hi) = if *nps { (0, 10) } else { (1, i64::from(*max)) };
            ("singlevaluelist", "", numbered(lo, hi))
        }
        QuestionKind::Number { .. } => ("number", "A whole number.", Vec::new()),
        QuestionKind::Date { .. } => ("datetime", "A date, YYYY-MM-DD.", Vec::new()),
        QuestionKind::Text { long: true, .. } => ("text", "", Vec::new()),
        QuestionKind::Text { .. } => ("string", "", Vec::new()),
        QuestionKind::Ranking { .. } | QuestionKind::Matrix { .. } => (
            "string",
            "One value per option: attribute[CODE.OPTION] (a rank or a point from 1).",
            Vec::new(),
        ),
    };
    Node::Object(vec![
        ("variable", Node::Bool(true)),
        ("code", Node::text(&q.id)),
        ("datatype", Node::text(datatype)),
        ("required", Node::Bool(q.required)),
        ("datatype_description", Node::text(described)),
        ("order", Node::Int(i64::try_from(order + 1).unwrap_or(0))),
        ("description", Node::text(q.text.get(Lang::En, false))),
        ("values", values(listed)),
    ])
}

/// A report as an Open311 request.
pub(super) fn request(
    state: &AppState,
    tenant: &Tenant,
    def: &MapDefinition,
    r: &ReportRow,
) -> Node {
    let status = if r.status.is_open() { "open" } else { "closed" };
    let updated = r.history.last().map_or(r.created_at, |h| h.at);
    let note = r.history.iter().rev().find_map(|h| h.note.clone());
    let media = r
        .photos
        .iter()
        .find(|p| p.hidden.is_none())
        .map(|p| state.photo_url(&tenant.id, &r.map, &r.key, &p.id));
    let point = r.point();
    Node::Object(vec![
        ("service_request_id", Node::text(&r.key)),
        ("status", Node::text(status)),
        ("status_notes", Node::opt(note)),
        (
            "service_name",
            Node::text(crate::map::shown::category_label(
                def,
                Lang::En,
                &r.category,
            )),
        ),
        ("service_code", Node::text(&r.category)),
        ("description", Node::text(&r.description)),
        ("agency_responsible", Node::text(&tenant.row.name)),
        ("service_notice", Node::Null),
        ("requested_datetime", Node::text(iso(r.created_at))),
        ("updated_datetime", Node::text(iso(updated))),
        ("expected_datetime", Node::Null),
        (
            "address",
            Node::text(location_text(
                def,
                Lang::En,
                &ReportRow {
                    lat_e6: None,
                    lon_e6: None,
                    ..r.clone()
                },
            )),
        ),
        ("address_id", Node::opt(r.place.clone())),
        ("zipcode", Node::Null),
        ("lat", point.map_or(Node::Null, |p| Node::Float(p.lat()))),
        ("long", point.map_or(Node::Null, |p| Node::Float(p.lon()))),
        ("media_url", Node::opt(media)),
    ])
}
