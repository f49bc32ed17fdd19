//! The OpenAPI document, generated from the handlers and the wire types so it cannot drift.

use axum::Json;
use coproduce_widgets::contract::limits;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "coproduce API", description = "Citizen participation: idea boards and surveys. Errors always carry a stable `code` and a message in the request's language."),
    paths(crate::http::activities::about, crate::ideas::api::view, crate::ideas::api::submit, crate::ideas::api::support, crate::ideas::api::receipt, crate::ideas::api::withdraw, crate::survey::api::respond),
    components(schemas(coproduce_widgets::survey::contract::SurveyView)),
    tags((name = "activities", description = "What every activity has"), (name = "ideas", description = "Idea boards"), (name = "surveys", description = "Surveys: a survey's view is its activity's (`SurveyView`)"), (name = "receipts", description = "A contributor's private receipt"))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(with_limits(ApiDoc::openapi()))
}

/// The field limits, from `contract::limits` (the one place the widget and the server read
/// them), written into the request schemas.
fn with_limits(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::Schema;
    let text_fields: [(&str, &str, Option<usize>, usize); 3] = [
        (
            "NewIdea",
            "title",
            Some(coproduce_widgets::ideas::contract::limits::IDEA_TITLE_MIN),
            coproduce_widgets::ideas::contract::limits::IDEA_TITLE_MAX,
        ),
        (
            "NewIdea",
            "body",
            None,
            coproduce_widgets::ideas::contract::limits::IDEA_BODY_MAX,
        ),
        ("NewIdea", "name", None, limits::DISPLAY_NAME_MAX),
    ];
    let Some(components) = doc.components.as_mut() else {
        return doc;
    };
    for (schema, field, min, max) in text_fields {
        let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(schema) else {
            continue;
        };
        if let Some(RefOr::T(Schema::Object(property))) = object.properties.get_mut(field) {
            property.min_length = min;
            property.max_length = Some(max);
        }
    }
    doc
}
