//! The OpenAPI document, generated from the handlers and the wire types so it cannot drift.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "coproduce API", description = "Citizen participation: idea boards. Errors always carry a stable `code` and a message in the request's language."),
    paths(super::ideas::board, super::ideas::submit, super::ideas::support, super::ideas::receipt, super::ideas::withdraw),
    tags((name = "ideas", description = "Idea boards"), (name = "receipts", description = "A contributor's private receipt"))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
