//! `/o/{org}/ideas/{board}`: the ideas board without JavaScript.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::ideas::contract::{IdeaStatus, NewIdea, NewSupport, Sort};
use coproduce_widgets::ideas::{BoardLinks, BoardProps, FormEcho, ListQuery, Notice, ideas_board};
use leptos::prelude::*;
use serde::Deserialize;

use crate::http::AppState;
use crate::http::abuse::now_secs;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::guard::Refused;
use crate::http::input::{Input, QueryOf};
use crate::http::lang::ReqLang;
use crate::http::pages::shell::{html, page};
use crate::http::tenant::Tenant;

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub sort: Option<String>,
    pub status: Option<String>,
    /// Set after a support was counted (POST-redirect-GET).
    pub supported: Option<String>,
    /// An error code to show after a redirect.
    pub error: Option<String>,
    /// Where the page of the list starts.
    pub after: Option<String>,
}

impl PageQuery {
    fn list(&self) -> ListQuery {
        ListQuery {
            sort: self
                .sort
                .as_deref()
                .and_then(Sort::parse)
                .unwrap_or_default(),
            status: self.status.as_deref().and_then(IdeaStatus::parse),
        }
    }

    /// Where the page of the list starts; a cursor that does not parse shows the start of the
    /// list, not an error page.
    fn after(&self) -> Option<String> {
        self.after
            .clone()
            .filter(|a| crate::ideas::storage::PageCursor::parse(a).is_some())
    }
}

fn board_url(state: &AppState, org: &str, board: &str) -> String {
    format!("{}/o/{org}/ideas/{board}", state.public_url)
}

fn links(state: &AppState, org: &str, board: &str, lang: Lang) -> BoardLinks {
    let page = board_url(state, org, board);
    BoardLinks {
        submit: format!("{page}/ideas?lang={}", lang.code()),
        support_prefix: format!("{page}/ideas"),
        page,
    }
}

/// What a rendering of the board shows besides the board itself.
struct Shown {
    query: ListQuery,
    /// Where the page of the list starts (`None`: its start).
    after: Option<String>,
    /// The form token to keep (the one the person already submitted), so re-sending a
    /// corrected form is not "too fast".
    token: Option<String>,
    form: FormEcho,
    notice: Option<Notice>,
    status: StatusCode,
}

async fn render(
    state: &AppState,
    tenant: &Tenant,
    board: &str,
    lang: Lang,
    shown: Shown,
) -> Result<Response, ApiError> {
    let Shown {
        query,
        after,
        token,
        form,
        notice,
        status,
    } = shown;
    // The page speaks the reader's language if the board is offered in it, else the board's.
    let row = state.board(&tenant.id, board).await?;
    let lang = row.language(lang);
    let mut view = state
        .board_view(tenant, board, query, after.as_deref())
        .await?;
    if let Some(token) = token {
        view.form_token = token;
    }
    let title = view.question.clone();
    let links = links(state, tenant.id.as_str(), board, lang);
    let page_url = links.page.clone();
    let uid = format!("cp-{board}");
    let content = Owner::new().with(|| {
        ideas_board(BoardProps {
            board: view,
            lang,
            links,
            uid,
            query,
            past_start: after.is_some(),
            form,
            notice,
            handlers: None,
            busy: false,
        })
        .to_html()
    });
    let mut q = String::new();
    if query.sort != Sort::default() {
        q.push_str(&format!("&sort={}", query.sort.as_str()));
    }
    if let Some(s) = query.status {
        q.push_str(&format!("&status={}", s.as_str()));
    }
    if let Some(after) = &after {
        q.push_str(&format!("&after={after}"));
    }
    let lang_links: Vec<(Lang, String)> = row
        .languages
        .iter()
        .map(|l| (*l, format!("{page_url}?lang={}{q}", l.code())))
        .collect();
    // The page's one first-level heading is the activity; the board under it starts at the
    // second level, as it does inside a host page.
    let content = maud::html! {
        h1.cp-page-title { (row.title) }
        (maud::PreEscaped(content))
    }
    .into_string();
    Ok(html(status, page(lang, &title, &content, &lang_links)))
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn show(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, board)): Path<(String, String)>,
    QueryOf(q): QueryOf<PageQuery>,
) -> Result<Response, ApiError> {
    let notice = match (&q.supported, &q.error) {
        (_, Some(code)) => Some(Notice::Failed(code.chars().take(40).collect())),
        (Some(_), None) => Some(Notice::Supported),
        _ => None,
    };
    let shown = Shown {
        query: q.list(),
        after: q.after(),
        token: None,
        form: FormEcho::default(),
        notice,
        status: StatusCode::OK,
    };
    render(&state, &tenant, &board, lang, shown).await
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn submit(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, board)): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    Input(wire): Input<NewIdea>,
) -> Result<Response, ApiError> {
    let echo = |errors: Vec<(String, String)>| FormEcho {
        title: wire.title.clone(),
        body: wire.body.clone(),
        name: wire.name.clone(),
        errors,
    };
    // Keep the token the person already has, so re-sending a corrected form is not "too fast".
    let signed =
        state
            .keys
            .check_form_token(&wire.form_token, tenant.id.as_str(), &board, now_secs(), 0);
    let kept = signed.is_ok().then(|| wire.form_token.clone());
    match state
        .submit_idea(&tenant.id, &board, addr.ip(), &wire)
        .await
    {
        Ok(receipt) => {
            let to = format!(
                "/o/{}/receipt/{}?new=1&lang={}",
                tenant.id,
                receipt.token,
                lang.code()
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(Refused::Api(e)) if e.status() == StatusCode::NOT_FOUND => Err(e),
        Err(refused) => {
            // Field errors show next to their fields; any other error above the form.
            let (errors, status) = match refused {
                Refused::Fields(fields) => (
                    fields
                        .0
                        .iter()
                        .map(|e| (e.field.to_string(), e.code.to_string()))
                        .collect(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Refused::Api(e) => (vec![(String::new(), e.code().to_string())], e.status()),
            };
            let shown = Shown {
                query: ListQuery::default(),
                after: None,
                token: kept,
                form: echo(errors),
                notice: None,
                status,
            };
            render(&state, &tenant, &board, lang, shown).await
        }
    }
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn support(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, board, idea)): Path<(String, String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Input(wire): Input<NewSupport>,
) -> Result<Response, ApiError> {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let back = format!("/o/{}/ideas/{}?lang={}", tenant.id, board, lang.code());
    match state
        .support_idea(&tenant.id, &board, &idea, addr.ip(), ua, &wire)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{back}&supported=1#cp-idea-{idea}")).into_response()),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e),
        Err(e) => {
            Ok(Redirect::to(&format!("{back}&error={}#cp-idea-{idea}", e.code())).into_response())
        }
    }
}
