//! What the map widget shows: the notice, the map (or the button that opens it), the report
//! form with its location choices, nearby reports and photos, and the list with its filters.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::{Action, Said, State};
use crate::i18n::{Lang, t};
use crate::map::browser::{self, get};
use crate::map::contract::{MapView, ReportStatus, ReportView};
use crate::map::texts::{MapMsg, map_error, status_label};
use crate::survey::view::questions_view;
use crate::ui::{Handlers, busy_attr, form_guard};

fn select_value(ev: &leptos::ev::Event) -> String {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|el| get(&el, "value").as_string().unwrap_or_default())
        .unwrap_or_default()
}

/// A report in the list, with its "me too" button.
fn report_item(
    lang: Lang,
    v: &MapView,
    r: ReportView,
    h: Handlers<Action>,
    busy: bool,
) -> impl IntoView + use<> {
    let label = v.definition.category(&r.category).map_or_else(
        || r.category.clone(),
        |c| c.label.get(lang, false).to_string(),
    );
    let place = r.place.as_ref().and_then(|p| {
        v.definition
            .places
            .iter()
            .find(|x| &x.id == p)
            .map(|x| x.label.get(lang, false).to_string())
    });
    let location = [
        place,
        r.address.clone(),
        r.at.map(|p| format!("{:.5}, {:.5}", p.lat, p.lon)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let id = r.id.clone();
    let count = format!("{} {}", r.me_too, t(lang, MapMsg::MeTooCount));
    let status = format!(
        "{}: {}",
        t(lang, MapMsg::Status),
        status_label(lang, r.status)
    );
    let history = (r.history.len() > 1).then(|| {
        let items = r
            .history
            .iter()
            .skip(1)
            .map(|u| {
                let line = format!("{} · {}", status_label(lang, u.status), crate::fmt::date(u.at));
                let note = u.note.clone();
                view! { <li><strong>{line}</strong>{note.map(|n| view! { <br/>{n} })}</li> }
            })
            .collect_view();
        view! { <h4 class="cp-h">{t(lang, MapMsg::Updates)}</h4><ol class="cp-history">{items}</ol> }
    });
    let photos = r
        .photos
        .iter()
        .enumerate()
        .map(|(i, url)| {
            let alt = format!("{} {}", t(lang, MapMsg::Photos), i + 1);
            view! { <li><a href=url.clone()><img src=url.clone() width="160" loading="lazy" alt=alt/></a></li> }
        })
        .collect_view();
    let open = r.status.is_open();
    view! {
        <article class="cp-report">
            <h3 class="cp-h">{label}</h3>
            <p class="cp-meta">{status}" · "{crate::fmt::date(r.created_at)}</p>
            <p class="cp-where">{location}</p>
            <p class="cp-body">{r.description.clone()}</p>
            <ul class="cp-photos">{photos}</ul>
            <p class="cp-count">{count}</p>
            {history}
            <button type="button" class="cp-button cp-secondary" hidden=!open aria-disabled=busy_attr(busy)
                on:click=move |_| h.run(Action::MeToo(id.clone()))>{t(lang, MapMsg::MeToo)}</button>
        </article>
    }
}

pub(super) fn map_view(
    lang: Lang,
    uid: &str,
    page: &str,
    h: Handlers<Action>,
    v: MapView,
    s: State,
) -> impl IntoView + use<> {
    let def = v.definition.clone();
    let (reports, next) = match &s.list {
        Some((r, n)) => (r.clone(), n.clone()),
        None => (v.reports.clone(), v.next.clone()),
    };
    let error_of = |field: &str| {
        s.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| map_error(lang, c))
    };
    let said = s.said.clone().map(|said| match said {
        Said::Text(text) => view! { <p>{text}</p> }.into_any(),
        Said::Failed(code) => view! { <p class="cp-error">{map_error(lang, &code).to_string()}</p> }.into_any(),
        Said::Receipt(url) => view! {
            <p>{t(lang, MapMsg::Thanks)}</p>
            <p><a href=url class="cp-receipt">{t(lang, MapMsg::ReceiptHeading)}</a>" – "{t(lang, MapMsg::ReceiptHint)}</p>
        }
        .into_any(),
    });
    let canvas = format!("{uid}-canvas");
    let hint = format!("{uid}-map-hint");
    let map_section = if s.map_open {
        let failed = s
            .map_failed
            .then(|| view! { <p class="cp-error">{t(lang, MapMsg::MapFailed)}</p> });
        view! {
            <div class="cp-map-wrap">
                <div id=canvas class="cp-map-canvas" tabindex="0" role="application"
                    aria-label=t(lang, MapMsg::MapLabel) aria-describedby=hint.clone()></div>
                <p id=hint class="cp-hint">{t(lang, MapMsg::MapHint)}</p>
                {failed}
            </div>
        }
        .into_any()
    } else {
        view! {
            <button type="button" class="cp-button cp-secondary" on:click=move |_| h.run(Action::OpenMap)>
                {t(lang, MapMsg::ShowMap)}
            </button>
        }
        .into_any()
    };
    let category = def.category(&s.category).cloned();
    let extra = category.as_ref().map(|c| {
        let survey = c.questions_as_survey();
        questions_view(
            &survey,
            0,
            &Default::default(),
            &s.errors,
            lang,
            &format!("{uid}-extra"),
        )
    });
    let options = def
        .categories
        .iter()
        .map(|c| {
            let selected = c.id == s.category;
            view! { <option value=c.id.clone() selected=selected>{c.label.get(lang, false).to_string()}</option> }
        })
        .collect_view();
    let places = (!def.places.is_empty()).then(|| {
        let items = def
            .places
            .iter()
            .map(|p| view! { <option value=p.id.clone()>{p.label.get(lang, false).to_string()}</option> })
            .collect_view();
        let id = format!("{uid}-place");
        view! {
            <div class="cp-field">
                <label for=id.clone()>{t(lang, MapMsg::Place)}</label>
                <select id=id name="place"><option value="">{t(lang, MapMsg::NoPlace)}</option>{items}</select>
            </div>
        }
    });
    let address_id = format!("{uid}-address");
    let look_up = v.geocoder.then(|| {
        let address_id = address_id.clone();
        view! {
            <button type="button" class="cp-button cp-secondary" on:click=move |ev: leptos::ev::MouseEvent| {
                let node = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|e| e.get_root_node());
                let q = node
                    .and_then(|n| browser::call(&n, "getElementById", &[JsValue::from_str(&address_id)]).ok())
                    .map(|el| get(&el, "value").as_string().unwrap_or_default())
                    .unwrap_or_default();
                h.run(Action::LookUp(q));
            }>{t(lang, MapMsg::LookUp)}</button>
        }
    });
    let found = s.found.clone().map(|found| {
        if found.is_empty() {
            view! { <p>{t(lang, MapMsg::NothingFound)}</p> }.into_any()
        } else {
            let items = found
                .into_iter()
                .map(|f| {
                    let at = f.at;
                    view! { <li>{f.label}" "<button type="button" class="cp-button cp-secondary"
                        on:click=move |_| h.run(Action::Pick(at))>{t(lang, MapMsg::UseThis)}</button></li> }
                })
                .collect_view();
            view! { <ul class="cp-found">{items}</ul> }.into_any()
        }
    });
    let (lat, lon) = s.at.map_or((String::new(), String::new()), |p| {
        (p.lat.to_string(), p.lon.to_string())
    });
    let nearby = (!s.nearby.is_empty()).then(|| {
        let items = s.nearby.iter().cloned().map(|r| report_item(lang, &v, r, h, s.busy)).collect_view();
        view! { <section class="cp-nearby" aria-label=t(lang, MapMsg::Nearby)><p>{t(lang, MapMsg::Nearby)}</p>{items}</section> }
    });
    let progress = s.progress.map(|p| {
        let pct = (p * 100.0).round() as u32;
        view! { <p class="cp-progress">{t(lang, MapMsg::Sending)}" "<progress max="100" value=pct.to_string()>{format!("{pct} %")}</progress></p> }
    });
    let field_error =
        move |field: &str| error_of(field).map(|m| view! { <p class="cp-error">{m}</p> });
    let photo_errors = (1..=crate::map::limits::PHOTOS_MAX)
        .filter_map(|i| field_error(&format!("photo{i}")))
        .collect_view();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = crate::dom::all_form_fields(&ev);
        let files = ev
            .target()
            .map(|f| get(&get(&get(&f, "elements"), "photo"), "files"))
            .unwrap_or(JsValue::UNDEFINED);
        h.run(Action::Submit(fields, files));
    };
    let on_category = move |ev: leptos::ev::Event| h.run(Action::Category(select_value(&ev)));
    let list_form = format!("{uid}-filter");
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = crate::dom::all_form_fields(&ev);
        let one = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        h.run(Action::Filter(one("category"), one("status")));
    };
    let filter_categories = def
        .categories
        .iter()
        .map(|c| view! { <option value=c.id.clone() selected=c.id == s.filter.0>{c.label.get(lang, false).to_string()}</option> })
        .collect_view();
    let filter_statuses = ReportStatus::ALL
        .iter()
        .map(|st| view! { <option value=st.as_str() selected=st.as_str() == s.filter.1>{status_label(lang, *st)}</option> })
        .collect_view();
    let items = reports
        .into_iter()
        .map(|r| report_item(lang, &v, r, h, s.busy))
        .collect_view();
    let heading = if s.bbox.is_some() {
        t(lang, MapMsg::InView)
    } else {
        t(lang, MapMsg::Reports)
    };
    let token = s.token.clone().unwrap_or_default();
    let id = |f: &str| format!("{uid}-{f}");
    let form = v.open.then(|| view! {
        <form class="cp-form" method="post" action=page.to_string() enctype="multipart/form-data" novalidate on:submit=on_submit>
            <h3 class="cp-h">{t(lang, MapMsg::NewReport)}</h3>
            <div class="cp-field">
                <label for=id("category")>{t(lang, MapMsg::Category)}</label>
                <select id=id("category") name="category" on:change=on_category>
                    <option value="">"–"</option>{options}
                </select>
                {field_error("category")}
            </div>
            {extra}
            <div class="cp-field">
                <label for=id("description")>{t(lang, MapMsg::Description)}</label>
                <textarea id=id("description") name="description" rows="3"></textarea>
                {field_error("description")}
            </div>
            <fieldset class="cp-where">
                <legend>{t(lang, MapMsg::WhereHeading)}</legend>
                <p class="cp-hint">{t(lang, MapMsg::WhereHint)}</p>
                {field_error("location")}
                <div class="cp-field">
                    <label for=address_id.clone()>{t(lang, MapMsg::Address)}</label>
                    <input id=address_id.clone() name="address" type="text" autocomplete="street-address"/>
                    {look_up}
                    {field_error("address")}
                </div>
                {found}
                {places}
                <button type="button" class="cp-button cp-secondary" on:click=move |_| h.run(Action::Locate)>
                    {t(lang, MapMsg::UseLocation)}
                </button>
                <div class="cp-field">
                    <label for=id("lat")>{t(lang, MapMsg::Latitude)}</label>
                    <input id=id("lat") name="lat" type="text" inputmode="decimal" prop:value=lat/>
                    {field_error("lat")}
                </div>
                <div class="cp-field">
                    <label for=id("lon")>{t(lang, MapMsg::Longitude)}</label>
                    <input id=id("lon") name="lon" type="text" inputmode="decimal" prop:value=lon/>
                    {field_error("lon")}
                </div>
            </fieldset>
            {nearby}
            <div class="cp-field">
                <label for=id("photos")>{t(lang, MapMsg::Photos)}</label>
                <p class="cp-hint">{t(lang, MapMsg::PhotosHint)}</p>
                <input id=id("photos") name="photo" type="file" multiple accept="image/jpeg,image/png,image/webp"/>
                {field_error("photos")}
                {photo_errors}
            </div>
            {form_guard(lang, uid, token)}
            {progress}
            <div class="cp-actions">
                <button type="submit" class="cp-button" aria-disabled=busy_attr(s.busy)>{t(lang, MapMsg::Send)}</button>
            </div>
        </form>
    });
    let more = next.map(|_| view! {
        <button type="button" class="cp-button cp-secondary cp-more" on:click=move |_| h.run(Action::More)>
            {t(lang, MapMsg::MoreReports)}
        </button>
    });
    view! {
        <section class="cp-board cp-map">
            <h2 class="cp-title">{v.title.clone()}</h2>
            <p class="cp-org">{v.org_name.clone()}</p>
            <p class="cp-question">{v.intro.clone()}</p>
            <div class="cp-notice" role="status" aria-live="polite">{said}</div>
            {map_section}
            {form}
            <h3 class="cp-h">{heading}" ("{v.report_count}")"</h3>
            <form id=list_form class="cp-filters" on:submit=on_filter>
                <label for=id("f-category")>{t(lang, MapMsg::FilterCategory)}</label>
                <select id=id("f-category") name="category">
                    <option value="">{t(lang, MapMsg::AllCategories)}</option>{filter_categories}
                </select>
                <label for=id("f-status")>{t(lang, MapMsg::Status)}</label>
                <select id=id("f-status") name="status">
                    <option value="">{t(lang, MapMsg::AllStatuses)}</option>{filter_statuses}
                </select>
                <button type="submit" class="cp-button cp-secondary">{t(lang, MapMsg::FilterButton)}</button>
            </form>
            {items}
            {more}
        </section>
    }
}
