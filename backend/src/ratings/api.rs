//! Ratings over JSON and what a story goes through for the API and the page alike: the shared
//! guard, the check against the set-up, storage (waiting for moderation); the activity as
//! readers see it (services with their summaries, published stories with the answers).

use std::net::IpAddr;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use coproduce_widgets::contract::limits::FORM_MIN_AGE_SECS;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::ratings::contract::{
    AspectMean, GroupView, HelpfulCount, MonthFigure, Named, RatingsView, ServiceView, StoryState,
    StoryStored, StoryView, ratings_codes,
};
use coproduce_widgets::ratings::definition::{NewStoryWire, RatingsDefinition, StoryErrors};
use coproduce_widgets::ratings::texts::ratings_error;
use coproduce_widgets::survey::contract::{AnswersRefused, QuestionError};
use serde::Serialize;

use super::counts::summary;
use super::storage::StoryRow;
use crate::domain::{OrgId, random_key};
use crate::http::AppState;
use crate::http::abuse::{now_secs, sha256_hex};
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::lang::ReqLang;
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, ReceiptRow};

/// Published stories shown at once.
pub const STORIES_PER_PAGE: usize = 30;

/// Why a story was refused: its fields, or one error.
#[derive(Debug)]
pub enum Refused {
    Fields(StoryErrors),
    Api(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

/// The fields' errors as the API sends them, in `lang`.
pub fn refused_body(errors: &StoryErrors, lang: Lang) -> AnswersRefused {
    AnswersRefused {
        code: ratings_codes::INVALID_STORY.into(),
        message: ratings_error(lang, ratings_codes::INVALID_STORY).into(),
        errors: errors
            .iter()
            .map(|(q, code)| QuestionError {
                question: q.clone(),
                code: (*code).into(),
                message: ratings_error(lang, code).into(),
            })
            .collect(),
    }
}

pub fn story_view(s: &StoryRow) -> StoryView {
    StoryView {
        id: s.key.clone(),
        service: s.service.clone(),
        overall: s.overall,
        ratings: s.ratings.clone(),
        story: s.story.clone(),
        when: s.when.clone(),
        part: s.part.clone(),
        name: s.name.clone(),
        answers: s.answers.clone(),
        reply: s.reply.clone(),
        change: s.change.as_ref().map(|c| c.description.clone()),
        change_made: s.change.as_ref().is_some_and(|c| c.made),
        helpful: s.helpful,
        redacted: s.redacted.clone(),
        created_at: s.created_at,
    }
}

/// The ratings activity `key` of `org` and its set-up (404 for another kind's activity).
pub struct Current {
    pub activity: ActivityRow,
    pub definition: RatingsDefinition,
}

impl AppState {
    pub async fn current_ratings(&self, org: &OrgId, key: &str) -> Result<Current, ApiError> {
        let activity = self.board(org, key).await?;
        if activity.kind != coproduce_widgets::contract::ActivityKind::Ratings {
            return Err(ApiError::not_found());
        }
        let definition = self.store.ratings(org, key).await?;
        Ok(Current {
            activity,
            definition,
        })
    }

    /// Every service with its figures, in the set-up's order, and every group's.
    pub async fn services_view(
        &self,
        org: &OrgId,
        now: &Current,
        lang: Lang,
    ) -> Result<(Vec<ServiceView>, Vec<GroupView>), ApiError> {
        let counts = self.store.counts(org, &now.activity.key).await?;
        let def = &now.definition;
        let summaries: Vec<_> = def
            .services
            .iter()
            .map(|s| (s, summary(&counts, &s.id)))
            .collect();
        let services = summaries
            .iter()
            .map(|(s, sum)| ServiceView {
                id: s.id.clone(),
                label: s.label.get(lang, false).to_string(),
                group: s.group.clone(),
                ratings: sum.overall.n,
                average: sum.overall.bayesian(),
                distribution: sum.distribution.to_vec(),
                dimensions: def
                    .dimensions
                    .iter()
                    .map(|d| AspectMean {
                        id: d.id.clone(),
                        label: d.label.get(lang, false).to_string(),
                        mean: sum.dimensions.get(&d.id).and_then(|t| t.mean()),
                    })
                    .collect(),
                months: sum
                    .months
                    .iter()
                    .map(|(m, t)| MonthFigure {
                        month: m.clone(),
                        ratings: t.n,
                        mean: t.mean(),
                    })
                    .collect(),
                answered_percent: sum.answered_percent(),
                first_answer: crate::http::text::answer_time_text(
                    lang,
                    super::counts::answered_of(&counts, &s.id).median_hours(),
                ),
                change_planned: sum.change_planned,
                change_made: sum.change_made,
            })
            .collect();
        let groups = def
            .groups
            .iter()
            .map(|g| {
                let mut total = coproduce_widgets::ratings::summary::Summary::default();
                for (_, sum) in summaries
                    .iter()
                    .filter(|(s, _)| s.group.as_deref() == Some(g.id.as_str()))
                {
                    total.merge(sum);
                }
                GroupView {
                    id: g.id.clone(),
                    label: g.label.get(lang, false).to_string(),
                    ratings: total.overall.n,
                    average: total.overall.bayesian(),
                    answered_percent: total.answered_percent(),
                    change_made: total.change_made,
                }
            })
            .collect();
        Ok((services, groups))
    }

    /// The published stories shown at once: the newest, or the most helpful, first.
    pub async fn published_stories(
        &self,
        org: &OrgId,
        key: &str,
        most_helpful: bool,
    ) -> Result<Vec<StoryRow>, ApiError> {
        if most_helpful {
            return Ok(self.store.most_helpful(org, key, STORIES_PER_PAGE).await?);
        }
        let published = (&[StoryState::Published][..], None);
        let (page, _) = self
            .store
            .stories(org, key, published, None, STORIES_PER_PAGE)
            .await?;
        Ok(page)
    }

    /// Checks and stores a story; it waits for moderation.
    pub async fn submit_story(
        &self,
        org: &OrgId,
        key: &str,
        ip: IpAddr,
        wire: &NewStoryWire,
        min_age_secs: u64,
    ) -> Result<(StoryRow, String), Refused> {
        let now = self.current_ratings(org, key).await?;
        let story = wire.check(&now.definition).map_err(Refused::Fields)?;
        let form = (wire.website.as_str(), wire.form_token.as_str());
        self.guard(org, key, ip, form, min_age_secs).await?;
        let token = random_key(24);
        let row = self
            .store
            .submit_story(org, key, &story, &sha256_hex(&token))
            .await
            .map_err(ApiError::from)?;
        tracing::info!(%org, activity = key, story = %row.key, "story submitted");
        Ok((row, token))
    }
}

/// Whether the reader asked for the most helpful stories first (`sort=helpful`).
pub fn most_helpful(uri: &Uri) -> bool {
    uri.query()
        .is_some_and(|q| q.split('&').any(|p| p == "sort=helpful"))
}

/// `GET /api/v1/orgs/{org}/activities/{key}` for ratings.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn view(
    state: AppState,
    tenant: Tenant,
    activity: ActivityRow,
    uri: Uri,
) -> Result<Response, ApiError> {
    let lang = activity.language(crate::http::lang::negotiate(
        &axum::http::HeaderMap::new(),
        uri.query(),
    ));
    let now = state.current_ratings(&tenant.id, &activity.key).await?;
    let (services, groups) = state.services_view(&tenant.id, &now, lang).await?;
    let stories = state
        .published_stories(&tenant.id, &activity.key, most_helpful(&uri))
        .await?;
    Ok(Json(RatingsView {
        org: tenant.id.to_string(),
        org_name: tenant.row.name.clone(),
        id: activity.key.clone(),
        title: activity.title.clone(),
        intro: activity.intro.clone(),
        open: activity.open,
        services,
        groups,
        dimensions: now
            .definition
            .dimensions
            .iter()
            .map(|d| Named {
                id: d.id.clone(),
                label: d.label.get(lang, false).to_string(),
            })
            .collect(),
        stories: stories.iter().map(story_view).collect(),
        form_token: state
            .keys
            .form_token(tenant.id.as_str(), &activity.key, now_secs()),
    })
    .into_response())
}

/// Sends a story (JSON or a form); it is shown once a moderator published it.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn submit(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    req: axum::extract::Request,
) -> Result<Response, ApiError> {
    // Another organisation's activity answers 404 before its body is read.
    state.current_ratings(&tenant.id, &key).await?;
    let Input(wire) =
        <Input<NewStoryWire> as axum::extract::FromRequest<AppState>>::from_request(req, &state)
            .await?;
    match state
        .submit_story(&tenant.id, &key, addr.ip(), &wire, FORM_MIN_AGE_SECS)
        .await
    {
        Ok((row, token)) => Ok((
            StatusCode::CREATED,
            Json(StoryStored {
                id: row.key,
                receipt_url: state.receipt_url(&tenant.id, &token),
            }),
        )
            .into_response()),
        Err(Refused::Fields(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(refused_body(&errors, lang)),
        )
            .into_response()),
        Err(Refused::Api(e)) => Err(e),
    }
}

impl AppState {
    /// "Helpful" from this person (a keyed hash of their browser and address), once a story.
    pub async fn story_helpful(
        &self,
        org: &OrgId,
        key: &str,
        story: &str,
        (ip, user_agent): (IpAddr, &str),
        form: (&str, &str),
    ) -> Result<i64, ApiError> {
        self.current_ratings(org, key).await?;
        self.guard(org, key, ip, form, 0).await?;
        let voter = self.keys.voter(org.as_str(), ip, user_agent);
        match self.store.helpful(org, key, story, &voter).await {
            Err(crate::storage::StorageError::AlreadyExists) => Err(ApiError::new(
                StatusCode::CONFLICT,
                coproduce_widgets::contract::codes::DUPLICATE_SUPPORT,
            )),
            other => Ok(other?),
        }
    }
}

/// Says a published story was helpful: once per person.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn helpful(
    State(state): State<AppState>,
    tenant: Tenant,
    Path((_, key, story)): Path<(String, String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: axum::http::HeaderMap,
    Input(fields): Input<Vec<(String, String)>>,
) -> Result<Json<HelpfulCount>, ApiError> {
    let one = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    };
    let agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let helpful = state
        .story_helpful(
            &tenant.id,
            &key,
            &story,
            (addr.ip(), agent),
            (one("website"), one("form_token")),
        )
        .await?;
    Ok(Json(HelpfulCount { helpful }))
}

/// What an author sees through the receipt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StoryReceipt {
    pub story: StoryView,
    pub state: StoryState,
    pub reason: Option<String>,
}

pub async fn receipt(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<Response, ApiError> {
    let s = state.store.story(&tenant.id, &receipt.record).await?;
    Ok(Json(StoryReceipt {
        story: story_view(&s),
        state: s.state,
        reason: s.reason.clone(),
    })
    .into_response())
}

pub async fn withdraw(
    state: AppState,
    tenant: Tenant,
    receipt: ReceiptRow,
) -> Result<(), ApiError> {
    state
        .store
        .withdraw_story(&tenant.id, &receipt.record)
        .await?;
    Ok(())
}
