//! `/o/{org}/map/{key}`: the map without JavaScript. An overview image of the area with the
//! reports on it, the form to report something (a category first, then its form with an
//! address, a place from the list or coordinates, its extra questions and photos), and the
//! list of reports with filters, pages and "me too" buttons. Every control is a link or a form.

use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use coproduce_widgets::contract::limits::FORM_MIN_AGE_SECS;
use coproduce_widgets::i18n::{Lang, t};
use coproduce_widgets::map::contract::{REPORTS_PER_PAGE, ReportStatus, map_codes};
use coproduce_widgets::map::definition::{MapDefinition, NewReportWire, ReportErrors};
use coproduce_widgets::map::limits::PHOTOS_MAX;
use coproduce_widgets::map::texts::{MapMsg, map_error, status_label};
use coproduce_widgets::survey::view::questions_view;
use coproduce_widgets::ui::form_guard;
use leptos::prelude::*;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::api::{ListQuery, cursor_param};
use super::report::{Current, Gate, Refused, Submission};
use super::shown;
use super::upload;
use crate::http::AppState;
use crate::http::abuse::now_secs;
use crate::http::client::ClientAddr;
use crate::http::error::ApiError;
use crate::http::input::Input;
use crate::http::kind::encode;
use crate::http::lang::ReqLang;
use crate::http::pages::shell::{html as page_response, page};
use crate::http::tenant::Tenant;

/// The page's query: the list's filters and page, and the category of a report being made.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(flatten)]
    list: ListQuery,
    /// The category chosen for a new report.
    #[serde(default)]
    new: String,
}

/// What a rendering shows besides the map: the report form as typed, with its errors.
struct Typed<'a> {
    wire: &'a NewReportWire,
    errors: &'a ReportErrors,
    /// An error of the whole report (closed, too fast, rate limited).
    failed: Option<&'static str>,
}

fn here(state: &AppState, tenant: &Tenant, key: &str) -> String {
    state.map_page_url(&tenant.id, key)
}

#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn show(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let now = state.current_map(&tenant.id, &key).await?;
    let wire = NewReportWire {
        category: q.new.clone(),
        ..NewReportWire::default()
    };
    let none = Vec::new();
    let typed = Typed {
        wire: &wire,
        errors: &none,
        failed: None,
    };
    render(&state, &tenant, lang, &now, &q.list, typed, StatusCode::OK).await
}

async fn render(
    state: &AppState,
    tenant: &Tenant,
    lang: Lang,
    now: &Current,
    list: &ListQuery,
    typed: Typed<'_>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let activity = &now.activity;
    let lang = activity.language(lang);
    let key = &activity.key;
    let def = &now.map.definition;
    let url = here(state, tenant, key);
    let l = lang.code();
    let (reports, next) = state
        .store
        .public_reports(
            &tenant.id,
            key,
            &list.filter()?,
            list.cursor()?,
            REPORTS_PER_PAGE,
        )
        .await?;
    let total = state.store.counts(&tenant.id, key).await?.get("public");
    let token = state.keys.form_token(tenant.id.as_str(), key, now_secs());
    let form = if !activity.open {
        html! { div.cp-notice role="status" { p { (map_error(lang, "board_closed")) } } }
    } else {
        report_form(&url, lang, def, &typed, token.clone())
    };
    let list_form = format!("cp-map-{key}-list");
    let me_too = |report: &str| {
        html! {
            form method="post" action=(format!("{url}/reports/{}/me-too?lang={l}", encode(report))) {
                input type="hidden" name="form_token" value=(token);
                button.cp-button.cp-secondary type="submit" { (t(lang, MapMsg::MeToo)) }
            }
        }
    };
    let content = html! {
        h1.cp-page-title { (activity.title) }
        section.cp-board.cp-map aria-labelledby="cp-map-intro" {
            p.cp-org { (tenant.row.name) }
            p.cp-question id="cp-map-intro" { (activity.intro) }
            figure.cp-overview {
                img src=(format!("{url}/overview.png")) width="640" height="400"
                    alt=(format!("{}: {total} {}", t(lang, MapMsg::Overview), t(lang, MapMsg::Reports)));
                figcaption { (now.map.tiles.attribution) }
            }
            (form)
            h2.cp-h id="cp-map-reports" { (t(lang, MapMsg::Reports)) " (" (total) ")" }
            form.cp-filters id=(list_form) method="get" action=(url) {
                input type="hidden" name="lang" value=(l);
                label for="cp-map-category" { (t(lang, MapMsg::FilterCategory)) }
                select id="cp-map-category" name="category" {
                    option value="" { (t(lang, MapMsg::AllCategories)) }
                    @for c in &def.categories {
                        option value=(c.id) selected[list.category == c.id] { (c.label.get(lang, false)) }
                    }
                }
                label for="cp-map-status" { (t(lang, MapMsg::Status)) }
                select id="cp-map-status" name="status" {
                    option value="" { (t(lang, MapMsg::AllStatuses)) }
                    @for s in ReportStatus::ALL {
                        option value=(s.as_str()) selected[list.status == s.as_str()] { (status_label(lang, s)) }
                    }
                }
                button.cp-button.cp-secondary type="submit" { (t(lang, MapMsg::FilterButton)) }
            }
            @if reports.is_empty() {
                p { (t(lang, MapMsg::NoReports)) }
            }
            @for r in &reports {
                (shown::report(state, (&tenant.id, shown::PhotosAt::Public), def, lang, r, if activity.open { me_too(&r.key) } else { html! {} }))
            }
            @if let Some(next) = next {
                button.cp-button.cp-secondary type="submit" form=(list_form) name="after" value=(cursor_param(next)) {
                    (t(lang, MapMsg::MoreReports))
                }
            }
        }
    };
    let lang_links: Vec<(Lang, String)> = activity
        .languages
        .iter()
        .map(|l| (*l, format!("{url}?lang={}", l.code())))
        .collect();
    Ok(page_response(
        status,
        page(lang, &activity.title, &content.into_string(), &lang_links),
    ))
}

/// The report form: the categories to choose from first (unless there is one), then the form
/// of the chosen one.
fn report_form(
    url: &str,
    lang: Lang,
    def: &MapDefinition,
    typed: &Typed<'_>,
    token: String,
) -> Markup {
    let l = lang.code();
    let chosen = def
        .category(&typed.wire.category)
        .or(if def.categories.len() == 1 {
            def.categories.first()
        } else {
            None
        });
    let Some(category) = chosen else {
        return html! {
            section.cp-new aria-labelledby="cp-map-new" {
                h2.cp-h id="cp-map-new" { (t(lang, MapMsg::NewReport)) }
                p { (t(lang, MapMsg::Category)) }
                ul.cp-choices {
                    @for c in &def.categories {
                        li { a href=(format!("{url}?lang={l}&new={}#cp-map-new", encode(&c.id))) { (c.label.get(lang, false)) } }
                    }
                }
            }
        };
    };
    let error_of = |field: &str| {
        typed
            .errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| map_error(lang, c))
    };
    let w = typed.wire;
    let (lat, lon) = w.at.map_or((String::new(), String::new()), |p| {
        (p.lat.to_string(), p.lon.to_string())
    });
    let extra = category.questions_as_survey();
    let extra_html = Owner::new().with(|| {
        questions_view(&extra, 0, &w.answers, typed.errors, lang, "cp-map-extra").to_html()
    });
    let guard = Owner::new().with(|| form_guard(lang, "cp-map", token).to_html());
    let field_error = |field: &str| {
        html! { @if let Some(m) = error_of(field) { p.cp-error id=(format!("cp-map-{field}-error")) { (m) } } }
    };
    let invalid = |field: &str| error_of(field).map(|_| "true");
    let described = |field: &str| error_of(field).map(|_| format!("cp-map-{field}-error"));
    html! {
        section.cp-new aria-labelledby="cp-map-new" {
            h2.cp-h id="cp-map-new" { (t(lang, MapMsg::NewReport)) ": " (category.label.get(lang, false)) }
            @if let Some(code) = typed.failed {
                div.cp-notice.cp-notice-error role="status" { p { (map_error(lang, code)) } }
            }
            @if !typed.errors.is_empty() {
                div.cp-errors role="alert" {
                    p { (map_error(lang, map_codes::INVALID_REPORT)) }
                    ul { @for (field, code) in typed.errors { li { (field) ": " (map_error(lang, code)) } } }
                }
            }
            @if def.categories.len() > 1 {
                p { a href=(format!("{url}?lang={l}#cp-map-new")) { (t(lang, MapMsg::Category)) } }
            }
            form.cp-form method="post" action=(format!("{url}?lang={l}")) enctype="multipart/form-data" novalidate {
                input type="hidden" name="category" value=(category.id);
                div.cp-field {
                    label for="cp-map-description" { (t(lang, MapMsg::Description)) }
                    textarea id="cp-map-description" name="description" rows="4" aria-invalid=[invalid("description")] aria-describedby=[described("description")] { (w.description) }
                    (field_error("description"))
                }
                fieldset.cp-where aria-describedby=[described("location")] {
                    legend { (t(lang, MapMsg::WhereHeading)) }
                    p.cp-hint { (t(lang, MapMsg::WhereHint)) }
                    (field_error("location"))
                    div.cp-field {
                        label for="cp-map-address" { (t(lang, MapMsg::Address)) }
                        input id="cp-map-address" name="address" type="text" autocomplete="street-address" value=(w.address) aria-invalid=[invalid("address")] aria-describedby=[described("address")];
                        (field_error("address"))
                    }
                    @if !def.places.is_empty() {
                        div.cp-field {
                            label for="cp-map-place" { (t(lang, MapMsg::Place)) }
                            select id="cp-map-place" name="place" aria-invalid=[invalid("place")] aria-describedby=[described("place")] {
                                option value="" { (t(lang, MapMsg::NoPlace)) }
                                @for p in &def.places {
                                    option value=(p.id) selected[w.place == p.id] { (p.label.get(lang, false)) }
                                }
                            }
                            (field_error("place"))
                        }
                    }
                    div.cp-field {
                        label for="cp-map-lat" { (t(lang, MapMsg::Latitude)) }
                        input id="cp-map-lat" name="lat" type="text" inputmode="decimal" value=(lat) aria-invalid=[invalid("lat")] aria-describedby=[described("lat")];
                        (field_error("lat"))
                    }
                    div.cp-field {
                        label for="cp-map-lon" { (t(lang, MapMsg::Longitude)) }
                        input id="cp-map-lon" name="lon" type="text" inputmode="decimal" value=(lon) aria-invalid=[invalid("lon")] aria-describedby=[described("lon")];
                        (field_error("lon"))
                    }
                }
                (PreEscaped(extra_html))
                div.cp-field {
                    label for="cp-map-photos" { (t(lang, MapMsg::Photos)) }
                    p.cp-hint id="cp-map-photos-hint" { (t(lang, MapMsg::PhotosHint)) }
                    input id="cp-map-photos" name="photo" type="file" multiple accept="image/jpeg,image/png,image/webp" aria-describedby="cp-map-photos-hint";
                    (field_error("photos"))
                    @for i in 1..=PHOTOS_MAX { (field_error(&format!("photo{i}"))) }
                }
                (PreEscaped(guard))
                div.cp-actions { button.cp-button type="submit" { (t(lang, MapMsg::Send)) } }
            }
        }
    }
}

/// A report sent from the page: stored (on to its receipt), or the form again with its errors.
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn post(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key)): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    req: Request,
) -> Result<Response, ApiError> {
    let now = state.current_map(&tenant.id, &key).await?;
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let (wire, errors, uploads) = if is_multipart {
        let body = Multipart::from_request(req, &state).await.map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                coproduce_widgets::contract::codes::MALFORMED,
            )
        })?;
        let up = upload::read(body).await?;
        let (wire, errors) =
            coproduce_widgets::map::form::report_from_form(&up.fields, &now.map.definition);
        (wire, errors, up.photos)
    } else {
        let Input(fields) = Input::<Vec<(String, String)>>::from_request(req, &state).await?;
        let (wire, errors) =
            coproduce_widgets::map::form::report_from_form(&fields, &now.map.definition);
        (wire, errors, Vec::new())
    };
    let sent = Submission {
        wire: wire.clone(),
        errors,
        uploads,
    };
    let refused = match state
        .submit_report(
            &tenant.id,
            &key,
            addr.ip(),
            sent,
            Gate::Form {
                min_age_secs: FORM_MIN_AGE_SECS,
            },
        )
        .await
    {
        Ok(stored) => {
            let to = format!(
                "/o/{}/receipt/{}?lang={}&new=1",
                tenant.id,
                encode(&stored.token),
                lang.code()
            );
            return Ok(Redirect::to(&to).into_response());
        }
        Err(r) => r,
    };
    let (errors, failed, status) = match refused {
        Refused::Fields(errors) => (errors, None, StatusCode::UNPROCESSABLE_ENTITY),
        Refused::Api(e) if e.status().is_client_error() && e.status() != StatusCode::NOT_FOUND => {
            (Vec::new(), Some(e.code()), e.status())
        }
        Refused::Api(e) => return Err(e),
    };
    let typed = Typed {
        wire: &wire,
        errors: &errors,
        failed,
    };
    render(
        &state,
        &tenant,
        lang,
        &now,
        &ListQuery::default(),
        typed,
        status,
    )
    .await
}

/// "Me too" from the page: back to the page, which shows the new count (or why not).
#[tracing::instrument(skip_all, fields(org = %tenant.id))]
pub async fn me_too(
    State(state): State<AppState>,
    tenant: Tenant,
    ReqLang(lang): ReqLang,
    Path((_, key, report)): Path<(String, String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Input(fields): Input<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let one = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let back = format!(
        "{}?lang={}#cp-report-{}",
        here(&state, &tenant, &key),
        lang.code(),
        encode(&report)
    );
    match state
        .report_me_too(
            &tenant.id,
            &key,
            &report,
            (addr.ip(), user_agent),
            (one("website"), one("form_token")),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(e) if e.code() == map_codes::DUPLICATE_ME_TOO => {
            Ok(Redirect::to(&back).into_response())
        }
        Err(e) => Err(e),
    }
}
