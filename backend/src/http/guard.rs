//! What every citizen's write goes through, whatever the activity kind, for the API and the
//! no-JS pages alike: the activity exists in this organisation and is open, the honeypot is
//! empty, rate limits, the signed form time.

use std::net::IpAddr;

use axum::http::StatusCode;
use coproduce_widgets::contract::codes;

use super::AppState;
use super::abuse::now_secs;
use super::error::ApiError;
use crate::domain::{InvalidFields, OrgId};
use crate::storage::{ActivityRow, StorageError};

/// Why a write was refused: per-field errors (shown next to the fields) or one error.
#[derive(Debug)]
pub enum Refused {
    Fields(InvalidFields),
    Api(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

impl From<Refused> for ApiError {
    fn from(r: Refused) -> Self {
        match r {
            Refused::Fields(f) => f.into(),
            Refused::Api(e) => e,
        }
    }
}

impl AppState {
    pub fn receipt_url(&self, org: &OrgId, token: &str) -> String {
        format!("{}/o/{}/receipt/{}", self.public_url, org, token)
    }

    /// The board, from the cache when it was read within the last second (`BOARD_TTL`).
    /// Settings changed through this backend apply at once; through another backend sharing
    /// the database, within that second. A new idea is stored without reading the board again
    /// (that cost 40 % of a submission, BENCHMARKS.md); a support still checks it in its
    /// transaction.
    pub(crate) async fn board(&self, org: &OrgId, board: &str) -> Result<ActivityRow, ApiError> {
        let key = super::board_cache_key(org, board);
        if let Some(row) = self.boards.get(&key) {
            return Ok(row);
        }
        let row = self.store.activity(org, board).await?;
        self.boards.put(key, row.clone());
        Ok(row)
    }

    /// Checks run before anything is stored. The board must exist in this organisation first,
    /// so another organisation's board answers 404 whatever else is wrong with the request.
    /// `min_age_secs`: how long the form must have been open (typing an idea takes time;
    /// a support is one click and needs only a valid, unexpired token).
    pub(crate) async fn guard(
        &self,
        org: &OrgId,
        board: &str,
        ip: IpAddr,
        (honeypot, token): (&str, &str),
        min_age_secs: u64,
    ) -> Result<ActivityRow, ApiError> {
        let row = self.board(org, board).await?;
        if !row.open {
            return Err(ApiError::from(StorageError::Closed));
        }
        if !honeypot.trim().is_empty() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                codes::SPAM_SUSPECTED,
            ));
        }
        let limits = &self.settings.limits;
        let client = format!("c:{}", self.keys.client(ip));
        if !self
            .writes
            .allow(&client, limits.share(limits.writes_per_client_per_minute))
            || !self.writes.allow(
                &format!("o:{org}"),
                limits.share(limits.writes_per_org_per_minute),
            )
        {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED,
            ));
        }
        if limits.check_form_age {
            self.keys
                .check_form_token(token, org.as_str(), board, now_secs(), min_age_secs)
                .map_err(|code| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code))?;
        }
        Ok(row)
    }
}
