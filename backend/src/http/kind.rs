//! What an activity kind gives the shared routes (`http::activities`): the `ActivityType` trait,
//! the route table's entries, and the little the two share. A kind implements the trait in
//! its folder; the registry (`crate::activities`) names the kinds. This module depends on
//! neither, so kinds, registry and shared routes form no cycle.

use axum::http::{Method, Uri};
use axum::response::Response;
use axum::routing::MethodRouter;
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::i18n::Lang;
use futures_util::future::BoxFuture;

use super::AppState;
use super::console::session::Staff;
use super::error::ApiError;
use super::tenant::Tenant;
use crate::storage::{ActivityRow, ReceiptRow};

/// What a kind's part of a shared route answers.
pub type Answer<T = Response> = BoxFuture<'static, Result<T, ApiError>>;

/// The export formats every kind offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// What a kind gives the shared routes. Adding a kind: implement this in its folder and add
/// one line to `crate::activities::of`.
pub trait ActivityType: Send + Sync {
    fn kind(&self) -> ActivityKind;
    /// Routes of its own: writes, its standalone page, console actions.
    fn routes(&self) -> Vec<Route>;
    /// `GET /api/v1/orgs/{org}/activities/{key}`: what its widget shows first.
    fn view(&self, state: AppState, tenant: Tenant, activity: ActivityRow, uri: Uri) -> Answer;
    /// A contributor's receipt as JSON.
    fn receipt(&self, state: AppState, tenant: Tenant, receipt: ReceiptRow) -> Answer;
    /// The contributor takes back what the receipt leads to.
    fn withdraw(&self, state: AppState, tenant: Tenant, receipt: ReceiptRow) -> Answer<()>;
    /// The receipt's standalone page.
    fn receipt_page(
        &self,
        state: AppState,
        tenant: Tenant,
        lang: Lang,
        receipt: ReceiptRow,
        view: ReceiptPage,
    ) -> Answer;
    /// The console's page of one activity.
    fn console_page(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
        uri: Uri,
    ) -> Answer;
    fn export(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
        format: ExportFormat,
    ) -> Answer;
    /// Its figures on the console's dashboard (read from its counts, never its records).
    fn summary(&self, state: AppState, staff: Staff, activity: ActivityRow)
    -> Answer<maud::Markup>;
    /// A page of what is public in it, as open data, from `after` (where the page before
    /// ended); none for a kind whose contributions are not public one by one (a survey's).
    fn open_records(
        &self,
        _state: AppState,
        _tenant: Tenant,
        _activity: ActivityRow,
        _after: Option<String>,
    ) -> Answer<crate::domain::open_data::OpenPage> {
        Box::pin(async { Ok((Vec::new(), None)) })
    }
    /// Whether the organisation's public page lists it: every activity citizens can reach.
    fn listed(&self, _state: AppState, _tenant: Tenant, _activity: ActivityRow) -> Answer<bool> {
        Box::pin(async { Ok(true) })
    }
}

/// How a receipt page is shown.
#[derive(Debug, Clone)]
pub struct ReceiptPage {
    /// The private token, for the page's own links.
    pub token: String,
    /// Right after contributing: say thank you and show the link to keep.
    pub new: bool,
}

/// Who may call a route, which decides its layers and how the tenancy tests call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `/api/v1/orgs/{org}/…`: behind the organisation's CORS rules.
    Api,
    /// A standalone page or its form.
    Page,
    /// The console, with a staff session.
    Console,
}

/// One method on one path.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub handler: MethodRouter<AppState>,
}

impl Route {
    pub fn new(
        method: Method,
        path: &'static str,
        access: Access,
        handler: MethodRouter<AppState>,
    ) -> Self {
        Self {
            method,
            path,
            access,
            handler,
        }
    }
}

/// A path segment as it may appear in a `Location`: whatever came in, nothing that could end
/// the header or change the path.
pub fn encode(segment: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS};
    /// What may not stand in a path segment as it is (RFC 3986), `%` and `\\` too.
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'/')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'\\')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_segment_keeps_plain_keys_and_encodes_what_could_end_a_header_or_the_path() {
        assert_eq!(super::encode("youth-centre_2"), "youth-centre_2");
        assert_eq!(super::encode("a\r\nX: y/z?#"), "a%0D%0AX:%20y%2Fz%3F%23");
    }
}
