//! What a citizen's idea or support goes through, for the API and the no-JS pages alike: the
//! shared guard (`http::guard`), parsing, then storage; and the board as citizens see it.

use std::net::IpAddr;

use axum::http::StatusCode;
use coproduce_widgets::contract::{codes, limits::FORM_MIN_AGE_SECS};
use coproduce_widgets::ideas::contract;

use crate::domain::{OrgId, random_key};
use crate::http::AppState;
use crate::http::abuse::{now_secs, sha256_hex};
use crate::http::error::ApiError;
use crate::http::guard::Refused;
use crate::ideas::domain::IdeaDraft;
use crate::ideas::storage::{IdeaRow, ListFilter, NewIdeaRecord, PageCursor, SupporterAddress};
use crate::storage::StorageError;

/// A stored idea and the private token of its receipt.
pub struct Receipt {
    pub idea: IdeaRow,
    pub token: String,
}

impl AppState {
    pub async fn submit_idea(
        &self,
        org: &OrgId,
        board: &str,
        ip: IpAddr,
        wire: &contract::NewIdea,
    ) -> Result<Receipt, Refused> {
        let draft = IdeaDraft::try_from(wire).map_err(Refused::Fields)?;
        let form = (wire.website.as_str(), wire.form_token.as_str());
        let board_row = self.guard(org, board, ip, form, FORM_MIN_AGE_SECS).await?;
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
                    moderation: board_row.moderation,
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
        org: &crate::http::tenant::Tenant,
        board: &str,
        query: coproduce_widgets::ideas::ListQuery,
        after: Option<&str>,
    ) -> Result<contract::BoardView, ApiError> {
        let row = self.store.activity(&org.id, board).await?;
        let counts =
            crate::ideas::counts::IdeaTotals::from(&self.store.counts(&org.id, board).await?);
        let after = match after {
            None | Some("") => None,
            Some(param) => Some(PageCursor::parse(param).ok_or(ApiError::Invalid {
                field: "after",
                code: codes::INVALID,
            })?),
        };
        let filter = ListFilter {
            sort: query.sort,
            status: query.status,
            limit: contract::limits::IDEAS_PER_PAGE,
        };
        let (ideas, next) = self
            .store
            .public_ideas(&org.id, board, filter, after.as_ref())
            .await?;
        Ok(contract::BoardView {
            org: org.id.to_string(),
            org_name: org.row.name.clone(),
            id: row.key.clone(),
            title: row.title.clone(),
            question: row.intro.clone(),
            open: row.open,
            moderation: row.moderation,
            idea_count: counts.public.max(0) as u64,
            ideas: ideas.iter().map(idea_view).collect(),
            next: next.map(|c| c.to_param()),
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
