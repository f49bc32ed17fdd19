//! The survey activity: pages of questions with skip logic, answered embedded and without
//! JavaScript, with live results. Its core (definitions, logic, answer checks, the page view)
//! is in the widgets crate (`coproduce_widgets::survey`), shared with the embed; here are its
//! storage, counts, API, page, receipt, console, results and exports.

pub mod answer;
pub mod api;
pub mod console;
pub mod counts;
pub mod export;
pub mod page;
pub mod results;
pub mod shown;
pub mod storage;
pub mod surveyjs;
pub mod texts;

mod public;
mod receipt;

use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::routing::{get, post};
use coproduce_widgets::contract::ActivityKind;
use coproduce_widgets::contract::limits::LARGE_BODY_BYTES_MAX;
use coproduce_widgets::i18n::Lang;
use coproduce_widgets::survey::texts::SurveyMsg;

use crate::http::AppState;
use crate::http::console::session::Staff;
use crate::http::kind::{Access, ActivityType, Answer, ExportFormat, ReceiptPage, Route};
use crate::http::tenant::Tenant;
use crate::storage::{ActivityRow, ReceiptRow};
use console::{actions, manage};

/// The survey kind, as the registry (`crate::activities`) knows it.
pub struct Survey;

impl ActivityType for Survey {
    /// A survey is public once a version of it was published.
    fn listed(&self, state: AppState, tenant: Tenant, activity: ActivityRow) -> Answer<bool> {
        Box::pin(
            async move { Ok(state.store.survey(&tenant.id, &activity.key).await?.version > 0) },
        )
    }

    fn kind(&self) -> ActivityKind {
        ActivityKind::Survey
    }

    fn routes(&self) -> Vec<Route> {
        use Access::{Api, Console, Page};
        // A response, or a draft in the console, may be larger than other bodies.
        let large = || DefaultBodyLimit::max(LARGE_BODY_BYTES_MAX);
        let console = |path, handler| Route::new(Method::POST, path, Console, handler);
        vec![
            Route::new(
                Method::POST,
                "/api/v1/orgs/{org}/activities/{key}/responses",
                Api,
                post(api::respond).layer(large()),
            ),
            Route::new(Method::GET, "/o/{org}/surveys/{key}", Page, get(page::show)),
            Route::new(
                Method::POST,
                "/o/{org}/surveys/{key}",
                Page,
                post(page::post).layer(large()),
            ),
            Route::new(
                Method::GET,
                "/o/{org}/surveys/{key}/results",
                Page,
                get(public::results),
            ),
            console(
                "/console/activities/{key}/survey/definition",
                post(actions::save_json).layer(large()),
            ),
            console(
                "/console/activities/{key}/survey/import",
                post(actions::import).layer(large()),
            ),
            console("/console/activities/{key}/survey/edit", post(actions::edit)),
            console(
                "/console/activities/{key}/survey/page",
                post(actions::add_page),
            ),
            console(
                "/console/activities/{key}/survey/question",
                post(actions::add_question),
            ),
            console(
                "/console/activities/{key}/survey/publish",
                post(manage::publish),
            ),
            console(
                "/console/activities/{key}/survey/settings",
                post(manage::settings),
            ),
            console(
                "/console/activities/{key}/survey/responses/{response}/hide",
                post(manage::hide),
            ),
            console(
                "/console/activities/{key}/survey/responses/{response}/show",
                post(manage::unhide),
            ),
            Route::new(
                Method::GET,
                "/console/activities/{key}/survey/preview",
                Console,
                get(manage::preview),
            ),
            Route::new(
                Method::GET,
                "/console/activities/{key}/survey/definition.json",
                Console,
                get(manage::definition_json),
            ),
        ]
    }

    fn view(&self, state: AppState, tenant: Tenant, activity: ActivityRow, _uri: Uri) -> Answer {
        Box::pin(api::view(state, tenant, activity))
    }

    fn receipt(&self, state: AppState, tenant: Tenant, receipt: ReceiptRow) -> Answer {
        Box::pin(api::receipt(state, tenant, receipt))
    }

    fn withdraw(&self, state: AppState, tenant: Tenant, receipt: ReceiptRow) -> Answer<()> {
        Box::pin(api::withdraw(state, tenant, receipt))
    }

    fn receipt_page(
        &self,
        state: AppState,
        tenant: Tenant,
        lang: Lang,
        receipt: ReceiptRow,
        view: ReceiptPage,
    ) -> Answer {
        Box::pin(receipt::show(state, tenant, lang, receipt, view))
    }

    fn console_page(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
        uri: Uri,
    ) -> Answer {
        Box::pin(console::show(state, staff, activity, uri))
    }

    fn export(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
        format: ExportFormat,
    ) -> Answer {
        Box::pin(export::export(state, staff, activity, format))
    }

    fn summary(
        &self,
        state: AppState,
        staff: Staff,
        activity: ActivityRow,
    ) -> Answer<maud::Markup> {
        Box::pin(async move {
            let counts = state.store.counts(&staff.org, &activity.key).await?;
            let survey = state.store.survey(&staff.org, &activity.key).await?;
            let lang = staff.lang;
            let responses = coproduce_widgets::i18n::t(lang, SurveyMsg::Responses);
            Ok(maud::html! {
                div.card { span.big { (counts.get("responses")) } " " (responses) }
                div.card { span.big { "v" (survey.version) } }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use coproduce_widgets::survey::definition::Definition;
    use coproduce_widgets::survey::logic::validate;

    #[test]
    fn the_demo_survey_is_a_sound_definition_with_plain_language() {
        let def: Definition = serde_json::from_str(include_str!("survey/demo.json")).unwrap();
        assert_eq!(def.check_bounds(), Ok(()));
        assert_eq!(validate(&def), Ok(()));
        assert!(def.has_plain(coproduce_widgets::i18n::Lang::De));
    }
}
