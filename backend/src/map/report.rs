//! What a citizen's report or "me too" goes through, for the API, the page without JavaScript
//! and Open311 alike: the shared guard (`http::guard`), the check against the map's set-up,
//! the photos decoded and written anew off the async runtime (a bounded number at once), then
//! one transaction. Nothing is stored unless all of it is right.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::http::StatusCode;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::map::contract::{ReportView, TilesView, map_codes};
use coproduce_widgets::map::definition::{LatLon, NewReportWire, ReportErrors};
use coproduce_widgets::map::limits::PHOTOS_MAX;
use coproduce_widgets::map::texts::map_error;
use coproduce_widgets::survey::contract::{AnswersRefused, QuestionError};

use crate::domain::{OrgId, random_key};
use crate::http::AppState;
use crate::http::abuse::sha256_hex;
use crate::http::error::ApiError;
use crate::http::kind::encode;
use crate::map::photo::{self, Photo};
use crate::map::storage::{MapRow, NewReportRecord, ReportRow};
use crate::storage::{ActivityRow, StorageError};

/// Why a report was refused: its fields (and photos, `photo1`…), or one error.
#[derive(Debug)]
pub enum Refused {
    Fields(ReportErrors),
    Api(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

impl Refused {
    /// The fields' errors as the API sends them, in `lang` (the survey's body: `question` is
    /// the field or extra question).
    pub fn body(errors: &ReportErrors, lang: Lang) -> AnswersRefused {
        AnswersRefused {
            code: map_codes::INVALID_REPORT.into(),
            message: map_error(lang, map_codes::INVALID_REPORT).into(),
            errors: errors
                .iter()
                .map(|(q, code)| QuestionError {
                    question: q.clone(),
                    code: (*code).into(),
                    message: map_error(lang, code).into(),
                })
                .collect(),
        }
    }
}

/// A stored report and the private token of its receipt.
pub struct Stored {
    pub report: ReportRow,
    pub token: String,
}

/// A report as sent: what could be read of it, the fields that could not, the photos.
pub struct Submission {
    pub wire: NewReportWire,
    pub errors: ReportErrors,
    pub uploads: Vec<Bytes>,
}

/// What a report passed before it is taken: a citizen's form (the shared guard: honeypot,
/// signed form time, rate limits) or a city system's Open311 API key (checked by its
/// route; the organisation's rate limit still holds).
#[derive(Debug, Clone, Copy)]
pub enum Gate {
    Form { min_age_secs: u64 },
    ApiKey,
}

/// A map as citizens meet it: its activity and set-up.
pub struct Current {
    pub activity: ActivityRow,
    pub map: MapRow,
}

impl AppState {
    /// The map `key` of `org` (404 for another kind's activity).
    pub async fn current_map(&self, org: &OrgId, key: &str) -> Result<Current, ApiError> {
        let activity = self.board(org, key).await?;
        if activity.kind != coproduce_widgets::contract::ActivityKind::Map {
            return Err(ApiError::not_found());
        }
        let map = self.store.map(org, key).await?;
        Ok(Current { activity, map })
    }

    pub fn map_page_url(&self, org: &OrgId, key: &str) -> String {
        format!("{}/o/{org}/map/{}", self.public_url, encode(key))
    }

    pub fn photo_url(&self, org: &OrgId, map: &str, report: &str, photo: &str) -> String {
        format!(
            "{}/o/{org}/map/{}/reports/{report}/photos/{photo}.jpg",
            self.public_url,
            encode(map)
        )
    }

    pub fn tiles_view(&self, org: &OrgId, key: &str, map: &MapRow) -> TilesView {
        TilesView {
            url: format!(
                "{}/api/v1/orgs/{org}/activities/{}/tiles/{{z}}/{{x}}/{{y}}",
                self.public_url,
                encode(key)
            ),
            attribution: map.tiles.attribution.clone(),
            max_zoom: map.tiles.max_zoom,
        }
    }

    /// A report as citizens see it: hidden photos left out, a redacted text as redacted.
    pub fn report_view(&self, org: &OrgId, r: &ReportRow) -> ReportView {
        ReportView {
            id: r.key.clone(),
            category: r.category.clone(),
            description: r.description.clone(),
            at: r.point().map(|p| LatLon {
                lat: p.lat(),
                lon: p.lon(),
            }),
            address: r.address.clone(),
            place: r.place.clone(),
            status: r.status,
            me_too: r.me_too.max(0) as u64,
            photos: r
                .photos
                .iter()
                .filter(|p| p.hidden.is_none())
                .map(|p| self.photo_url(org, &r.map, &r.key, &p.id))
                .collect(),
            created_at: r.created_at,
            history: r.history.iter().map(|h| h.to_update()).collect(),
        }
    }

    /// Checks and stores a report with its photos (the uploads as they came).
    pub async fn submit_report(
        &self,
        org: &OrgId,
        key: &str,
        ip: IpAddr,
        sent: Submission,
        gate: Gate,
    ) -> Result<Stored, Refused> {
        let Submission {
            wire,
            mut errors,
            uploads,
        } = sent;
        let now = self.current_map(org, key).await?;
        if let Err(e) = wire.check(&now.map.definition) {
            for (field, code) in e {
                if !errors.iter().any(|(f, _)| *f == field) {
                    errors.push((field, code));
                }
            }
        }
        if uploads.len() > PHOTOS_MAX {
            errors.push(("photos".into(), map_codes::TOO_MANY_PHOTOS));
        }
        if !errors.is_empty() {
            return Err(Refused::Fields(errors));
        }
        let activity = match gate {
            Gate::Form { min_age_secs } => {
                let form = (wire.website.as_str(), wire.form_token.as_str());
                self.guard(org, key, ip, form, min_age_secs).await?
            }
            Gate::ApiKey => self.guard_api_key(org, key).await?,
        };
        let photos = self.keep_photos(uploads).await?;
        let report = wire.check(&now.map.definition).map_err(Refused::Fields)?;
        let token = random_key(24);
        let receipt_hash = sha256_hex(&token);
        let report = self
            .store
            .submit_report(
                org,
                NewReportRecord {
                    map: key,
                    report: &report,
                    photos: &photos,
                    receipt_hash: &receipt_hash,
                    moderation: activity.moderation,
                },
            )
            .await
            .map_err(ApiError::from)?;
        tracing::info!(%org, map = key, report = %report.key, photos = photos.len(), "report submitted");
        Ok(Stored { report, token })
    }

    /// Every upload decoded and written anew, or the errors of those that are not photos
    /// (`photo1`, `photo2`, … by position).
    async fn keep_photos(&self, uploads: Vec<Bytes>) -> Result<Vec<Photo>, Refused> {
        let mut kept = Vec::with_capacity(uploads.len());
        let mut errors = Vec::new();
        for (i, bytes) in uploads.into_iter().enumerate() {
            let permit = self
                .maps
                .decoding
                .clone()
                .acquire_owned()
                .await
                .map_err(ApiError::unexpected)?;
            let done = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                photo::keep(&bytes)
            })
            .await
            .map_err(ApiError::unexpected)?;
            match done {
                Ok(p) => kept.push(p),
                Err(e) => errors.push((format!("photo{}", i + 1), e.code())),
            }
        }
        if errors.is_empty() {
            Ok(kept)
        } else {
            Err(Refused::Fields(errors))
        }
    }

    /// The map open and the organisation within its rate, for a request with an API key.
    async fn guard_api_key(&self, org: &OrgId, key: &str) -> Result<ActivityRow, ApiError> {
        let row = self.board(org, key).await?;
        if !row.open {
            return Err(ApiError::from(StorageError::Closed));
        }
        let limits = &self.settings.limits;
        let per_org = limits.share(limits.writes_per_org_per_minute);
        if !self.writes.allow(&format!("o:{org}"), per_org) {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                coproduce_widgets::contract::codes::RATE_LIMITED,
            ));
        }
        Ok(row)
    }

    /// A "me too" from this person (a keyed hash of their browser and address).
    pub async fn report_me_too(
        &self,
        org: &OrgId,
        key: &str,
        report: &str,
        (ip, user_agent): (IpAddr, &str),
        (honeypot, token): (&str, &str),
    ) -> Result<i64, ApiError> {
        self.current_map(org, key).await?;
        self.guard(org, key, ip, (honeypot, token), 0).await?;
        let voter = self.keys.voter(org.as_str(), ip, user_agent);
        match self.store.me_too(org, key, report, &voter).await {
            Err(StorageError::AlreadyExists) => Err(ApiError::new(
                StatusCode::CONFLICT,
                map_codes::DUPLICATE_ME_TOO,
            )),
            other => Ok(other?),
        }
    }
}
