//! What a citizen's write goes through, for the API and the no-JS pages alike: honeypot,
//! rate limits, the signed form time, parsing, then storage.

use std::net::IpAddr;

use axum::http::StatusCode;
use coproduce_widgets::contract::{self, codes};

use super::AppState;
use super::abuse::{now_secs, sha256_hex};
use super::error::ApiError;
use crate::domain::idea::{IdeaDraft, InvalidFields};
use crate::domain::{OrgId, random_key};
use crate::storage::{BoardRow, IdeaRow, NewIdeaRecord, StorageError, SupporterAddress};

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

/// A stored idea and the private token of its receipt.
pub struct Receipt {
    pub idea: IdeaRow,
    pub token: String,
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
    async fn board(&self, org: &OrgId, board: &str) -> Result<BoardRow, ApiError> {
        let key = super::board_cache_key(org, board);
        if let Some(row) = self.boards.get(&key) {
            return Ok(row);
        }
        let row = self.store.board(org, board).await?;
        self.boards.put(key, row.clone());
        Ok(row)
    }

    /// Checks run before anything is stored. The board must exist in this organisation first,
    /// so another organisation's board answers 404 whatever else is wrong with the request.
    /// `min_age_secs`: how long the form must have been open (typing an idea takes time;
    /// a support is one click and needs only a valid, unexpired token).
    async fn guard(
        &self,
        org: &OrgId,
        board: &str,
        ip: IpAddr,
        (honeypot, token): (&str, &str),
        min_age_secs: u64,
    ) -> Result<BoardRow, ApiError> {
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
            .allow(&client, limits.writes_per_client_per_minute)
            || !self
                .writes
                .allow(&format!("o:{org}"), limits.writes_per_org_per_minute)
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

    pub async fn submit_idea(
        &self,
        org: &OrgId,
        board: &str,
        ip: IpAddr,
        wire: &contract::NewIdea,
    ) -> Result<Receipt, Refused> {
        let draft = IdeaDraft::try_from(wire).map_err(Refused::Fields)?;
        let form = (wire.website.as_str(), wire.form_token.as_str());
        let board_row = self
            .guard(org, board, ip, form, contract::limits::FORM_MIN_AGE_SECS)
            .await?;
        let token = random_key(24);
        let receipt_hash = sha256_hex(&token);
        let idea = self
            .store
            .submit_idea(
                org,
                NewIdeaRecord {
                    board,
                    draft: &draft,
                    receipt_hash: &receipt_hash,
                    moderation: board_row.moderation(),
                },
            )
            .await
            .map_err(ApiError::from)?;
        tracing::info!(%org, board, idea = %idea.key, "idea submitted");
        Ok(Receipt { idea, token })
    }

    pub async fn support_idea(
        &self,
        org: &OrgId,
        board: &str,
        idea: &str,
        ip: IpAddr,
        user_agent: &str,
        wire: &contract::NewSupport,
    ) -> Result<i64, ApiError> {
        let form = (wire.website.as_str(), wire.form_token.as_str());
        self.guard(org, board, ip, form, 0).await?;
        let voter = self.keys.voter(org.as_str(), ip, user_agent);
        let address = SupporterAddress {
            key: self.keys.supporter_address(org.as_str(), ip),
            max: self.settings.limits.supporters_per_address,
        };
        match self.store.support(org, board, idea, &voter, &address).await {
            Err(StorageError::AddressFull) => {
                Err(ApiError::new(StatusCode::CONFLICT, codes::SUPPORTER_LIMIT))
            }
            Err(StorageError::AlreadyExists) => Err(ApiError::new(
                StatusCode::CONFLICT,
                codes::DUPLICATE_SUPPORT,
            )),
            other => Ok(other?),
        }
    }

    /// The board as citizens see it, with a fresh form token.
    pub async fn board_view(
        &self,
        org: &super::tenant::Tenant,
        board: &str,
        query: coproduce_widgets::board::ListQuery,
    ) -> Result<contract::BoardView, ApiError> {
        let row = self.store.board(&org.id, board).await?;
        let counts =
            crate::ideas::counts::IdeaTotals::from(&self.store.counts(&org.id, board).await?);
        let ideas = self
            .store
            .public_ideas(
                &org.id,
                board,
                crate::storage::ListFilter {
                    sort: query.sort,
                    status: query.status,
                    limit: contract::limits::IDEAS_PER_PAGE,
                },
            )
            .await?;
        Ok(contract::BoardView {
            org: org.id.to_string(),
            org_name: org.row.name.clone(),
            id: row.key.clone(),
            title: row.title.clone(),
            question: row.question.clone(),
            open: row.open,
            moderation: row.moderation(),
            idea_count: counts.public.max(0) as u64,
            ideas: ideas.iter().map(idea_view).collect(),
            form_token: self.keys.form_token(org.id.as_str(), board, now_secs()),
        })
    }
}

pub fn idea_view(row: &IdeaRow) -> contract::IdeaView {
    contract::IdeaView {
        id: row.key.clone(),
        title: row.title.clone(),
        body: row.body.clone(),
        author: row.author.clone(),
        status: row.status,
        supports: row.supports.max(0) as u64,
        created_at: row.created_at,
        history: row.history(),
    }
}
