//! What a participant's response goes through, for the API and the no-JS page alike: the
//! shared guard (`http::guard`), the survey's own gates (published, dates, limit, once per
//! person), the check of every answer against the version it was given for, then storage.

use std::net::IpAddr;
use std::sync::Arc;

use axum::http::StatusCode;
use coproduce_widgets::contract::codes;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::survey::answers::{AnswerErrors, check_response};
use coproduce_widgets::survey::contract::{
    AnswersRefused, NewResponse, QuestionError, SurveyView, survey_codes,
};
use coproduce_widgets::survey::definition::Definition;
use coproduce_widgets::survey::response::Answers;
use coproduce_widgets::survey::texts::answer_error;

use crate::domain::{OrgId, now_ms, random_key};
use crate::http::AppState;
use crate::http::abuse::{now_secs, sha256_hex};
use crate::http::error::ApiError;
use crate::http::kind::encode;
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, StorageError};
use crate::survey::storage::{self, Published, ResponseRow, SurveyRow};

/// Why a response was refused: its answers (per question) or one error.
#[derive(Debug)]
pub enum Refused {
    Answers(AnswerErrors),
    Api(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

impl Refused {
    /// The answers' errors as the API sends them, in `lang`.
    pub fn body(errors: &AnswerErrors, lang: Lang) -> AnswersRefused {
        AnswersRefused {
            code: survey_codes::INVALID_ANSWERS.into(),
            message: answer_error(lang, survey_codes::INVALID_ANSWERS).into(),
            errors: errors
                .iter()
                .map(|(q, code)| QuestionError {
                    question: q.clone(),
                    code: (*code).into(),
                    message: answer_error(lang, code).into(),
                })
                .collect(),
        }
    }
}

/// A stored response and the private token of its receipt.
pub struct Stored {
    pub response: ResponseRow,
    pub token: String,
    /// Whether participants see the results (the answer links them).
    pub results_public: bool,
}

/// The survey as citizens meet it now: the activity, its settings, the version answered and
/// why it takes no answers, if it does not.
pub struct Current {
    pub activity: ActivityRow,
    pub survey: SurveyRow,
    pub definition: Definition,
    pub closed_because: Option<&'static str>,
}

impl AppState {
    /// The survey's settings and published version, from the cache when they were read within
    /// the last second (as boards are: `AppState::board`). Staff's changes through this
    /// backend forget them at once.
    async fn published(&self, org: &OrgId, key: &str) -> Result<Arc<Published>, ApiError> {
        let cache_key = crate::http::board_cache_key(org, key);
        if let Some(found) = self.surveys.get(&cache_key) {
            return Ok(found);
        }
        let survey = self.store.survey(org, key).await?;
        if survey.version == 0 {
            return Err(ApiError::not_found());
        }
        let version = self.store.survey_version(org, key, survey.version).await?;
        let found = Arc::new(Published {
            survey,
            definition: version.definition,
        });
        self.surveys.put(cache_key, found.clone());
        Ok(found)
    }

    /// Forgets what `published` keeps of a survey (after staff changed it).
    pub fn survey_changed(&self, org: &OrgId, key: &str) {
        self.surveys.forget(&crate::http::board_cache_key(org, key));
    }

    /// The survey now; 404 for a survey never published.
    pub async fn current_survey(&self, org: &OrgId, key: &str) -> Result<Current, ApiError> {
        let activity = self.board(org, key).await?;
        let published = self.published(org, key).await?;
        let survey = published.survey.clone();
        let now = now_ms();
        let s = &survey.settings;
        let closed_because = if !activity.open || s.closes_at.is_some_and(|c| now >= c) {
            Some(codes::BOARD_CLOSED)
        } else if s.opens_at.is_some_and(|o| now < o) {
            Some(survey_codes::NOT_YET_OPEN)
        } else if let Some(max) = s.max_responses
            && self.store.counts(org, key).await?.get("responses") >= max
        {
            Some(survey_codes::SURVEY_FULL)
        } else {
            None
        };
        Ok(Current {
            activity,
            survey,
            definition: published.definition.clone(),
            closed_because,
        })
    }

    pub fn survey_results_url(&self, org: &OrgId, key: &str) -> String {
        format!(
            "{}/o/{org}/surveys/{}/results",
            self.public_url,
            encode(key)
        )
    }

    /// The survey's view for the embed and the page, with a fresh form token.
    pub fn survey_view(&self, tenant: &Tenant, now: &Current) -> SurveyView {
        let key = &now.activity.key;
        SurveyView {
            org: tenant.id.to_string(),
            org_name: tenant.row.name.clone(),
            id: key.clone(),
            title: now.activity.title.clone(),
            intro: now.activity.intro.clone(),
            open: now.closed_because.is_none(),
            closed_because: now.closed_because.map(str::to_string),
            version: now.survey.version,
            definition: now.definition.clone(),
            languages: now.activity.languages.clone(),
            results_url: now
                .survey
                .settings
                .results_public
                .then(|| self.survey_results_url(&tenant.id, key)),
            form_token: self.keys.form_token(tenant.id.as_str(), key, now_secs()),
        }
    }

    /// Checks and stores a response. Nothing is stored unless every answer is right.
    pub async fn submit_survey_response(
        &self,
        org: &OrgId,
        key: &str,
        (ip, user_agent): (IpAddr, &str),
        wire: &NewResponse,
        min_age_secs: u64,
    ) -> Result<Stored, Refused> {
        let form = (wire.website.as_str(), wire.form_token.as_str());
        self.guard(org, key, ip, form, min_age_secs).await?;
        let now = self.current_survey(org, key).await?;
        if let Some(code) = now.closed_because {
            let status = match code {
                survey_codes::NOT_YET_OPEN => StatusCode::FORBIDDEN,
                _ => StatusCode::CONFLICT,
            };
            return Err(ApiError::new(status, code).into());
        }
        let definition = if wire.version == now.survey.version {
            now.definition
        } else if (1..now.survey.version).contains(&wire.version) {
            // Begun before staff published a change: checked against, and tied to, the
            // version it was given for.
            self.store
                .survey_version(org, key, wire.version)
                .await
                .map_err(ApiError::from)?
                .definition
        } else {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                survey_codes::VERSION_CHANGED,
            )
            .into());
        };
        let errors = check_response(&definition, &wire.answers);
        if !errors.is_empty() {
            return Err(Refused::Answers(errors));
        }
        let answers = trimmed(&wire.answers);
        let participant = now
            .survey
            .settings
            .once_per_person
            .then(|| self.keys.voter(org.as_str(), ip, user_agent));
        let token = random_key(24);
        let receipt_hash = sha256_hex(&token);
        let stored = self
            .store
            .submit_response(
                org,
                storage::NewResponse {
                    survey: key,
                    version: wire.version,
                    definition: &definition,
                    answers: &answers,
                    participant: participant.as_deref(),
                    receipt_hash: &receipt_hash,
                },
            )
            .await;
        match stored {
            Ok(response) => {
                tracing::info!(%org, survey = key, "survey response stored");
                Ok(Stored {
                    response,
                    token,
                    results_public: now.survey.settings.results_public,
                })
            }
            Err(StorageError::AlreadyExists) => {
                Err(ApiError::new(StatusCode::CONFLICT, survey_codes::ALREADY_ANSWERED).into())
            }
            Err(e) => Err(ApiError::from(e).into()),
        }
    }
}

/// The answers as stored: texts without the blanks around them (as they were counted when
/// checked).
fn trimmed(answers: &Answers) -> Answers {
    use coproduce_widgets::survey::response::Answer;
    let mut out = answers.clone();
    for a in out.values.values_mut() {
        if let Answer::Text(t) = a {
            *t = t.trim().to_string();
        }
    }
    for t in out.other.values_mut() {
        *t = t.trim().to_string();
    }
    out
}
