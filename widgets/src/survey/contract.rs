//! The survey activity's part of the wire contract: a survey as citizens answer it, what a
//! participant sends, what the server answers.

use serde::{Deserialize, Serialize};

use super::definition::Definition;
use super::response::Answers;
use crate::i18n::Lang;

/// A survey as the embed and the standalone page show it: the version citizens answer now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyView {
    pub org: String,
    pub org_name: String,
    pub id: String,
    pub title: String,
    pub intro: String,
    /// Takes answers now (published, open, within its dates and limit).
    pub open: bool,
    /// Why not, when it does not: an error code (`board_closed`, `not_yet_open`, `survey_full`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_because: Option<String>,
    /// The version answered; a response names it.
    pub version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub definition: Definition,
    /// The languages it is offered in.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub languages: Vec<Lang>,
    /// Where participants see the results, when the organisation publishes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_url: Option<String>,
    pub form_token: String,
}

/// A participant's response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewResponse {
    /// The version the answers were given for (`SurveyView::version`).
    #[serde(default)]
    pub version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[serde(default)]
    pub answers: Answers,
    /// The honeypot: left empty by people.
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub form_token: String,
}

/// What the server answers to a stored response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseStored {
    /// The private link to see or withdraw the response.
    pub receipt_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_url: Option<String>,
}

/// One question's error in a refused response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionError {
    pub question: String,
    pub code: String,
    pub message: String,
}

/// A response refused for its answers (422 `invalid_answers`): every question's error, in
/// the reader's language. Nothing of the response was stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswersRefused {
    pub code: String,
    pub message: String,
    pub errors: Vec<QuestionError>,
}

/// Error codes of the survey activity, besides the answers' own (`answers::answer_codes`).
pub mod survey_codes {
    /// Some answers are wrong: see `AnswersRefused::errors`.
    pub const INVALID_ANSWERS: &str = "invalid_answers";
    /// The survey opens later (or was never published).
    pub const NOT_YET_OPEN: &str = "not_yet_open";
    /// The survey took as many responses as it takes.
    pub const SURVEY_FULL: &str = "survey_full";
    /// This participant answered before.
    pub const ALREADY_ANSWERED: &str = "already_answered";
    /// The response names a version that is not the one answered now.
    pub const VERSION_CHANGED: &str = "version_changed";
    /// The embed could not reach the server; the answers are kept in the browser (widget only).
    pub const NOT_SENT: &str = "not_sent";
}
