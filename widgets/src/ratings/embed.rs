//! Ratings as the embed runs it (`runtime::Activity`): the services with their figures, the
//! form to rate one and tell the story (sent as JSON; the server's field errors shown at their
//! fields, what was typed kept), the published stories with the organisation's answers, newest
//! or most helpful first, and "helpful" once per person.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use super::contract::{HelpfulCount, Named, RatingsView, StoryStored};
use super::definition::NewStoryWire;
use super::story_form::{FormProps, story_form};
use super::texts::{RatingsMsg, ratings_error};
use super::view::{HelpfulForm, RatingsAction, StoryEnd, group_line, service_figures, story_card};
use crate::contract::{ActivityKind, codes};
use crate::fetch::{get_json_asked, post_form, post_json};
use crate::i18n::t;
use crate::json::{ToJs, object};
use crate::runtime::{Activity, Widget};
use crate::ui::{Notice, notice_box};

pub struct Ratings;

#[derive(Clone, Default)]
pub struct State {
    typed: NewStoryWire,
    errors: Vec<(String, String)>,
    failed: Option<String>,
    sent: Option<StoryStored>,
    busy: bool,
    most_helpful: bool,
    /// What the last "helpful" did (counted, or said before).
    notice: Option<Notice>,
}

impl ToJs for NewStoryWire {
    fn to_js(&self) -> JsValue {
        let overall = self.overall.map_or(JsValue::NULL, |v| v.to_js());
        object(&[
            ("service", self.service.to_js()),
            ("overall", overall),
            ("ratings", self.ratings.to_js()),
            ("story", self.story.to_js()),
            ("when", self.when.to_js()),
            ("part", self.part.to_js()),
            ("name", self.name.to_js()),
            ("website", self.website.to_js()),
            ("form_token", self.form_token.to_js()),
        ])
    }
}

/// The view at `{api}?lang=…`, newest or most helpful stories first.
fn load(w: &Rc<Widget<Ratings>>, most_helpful: bool) {
    let mut url = format!("{}?lang={}", w.api, w.lang.code());
    let asked = if most_helpful {
        url.push_str("&sort=helpful");
        None
    } else {
        w.take_first_view()
    };
    let w = w.clone();
    spawn_local(async move {
        let result = get_json_asked::<RatingsView>(asked, &url)
            .await
            .map_err(|e| e.code);
        w.update(|s| {
            s.state.most_helpful = most_helpful;
            // A failed reload keeps what is shown; the first load shows why it failed.
            match (result, s.data.is_some()) {
                (Ok(view), _) => s.data = Some(Ok(view)),
                (Err(code), false) => s.data = Some(Err(code)),
                (Err(code), true) => s.state.notice = Some(Notice::Failed(code)),
            }
        });
    });
}

impl Activity for Ratings {
    const KIND: ActivityKind = ActivityKind::Ratings;
    type Data = RatingsView;
    type State = State;
    type Action = RatingsAction;

    fn start(w: &Rc<Widget<Self>>) {
        load(w, false);
    }

    fn on(w: &Rc<Widget<Self>>, action: RatingsAction) {
        let Some(Ok(view)) = w.with(|s| s.data.clone()) else {
            return;
        };
        if w.with(|s| s.state.busy) {
            return;
        }
        match action {
            RatingsAction::Sort(most_helpful) => load(w, most_helpful),
            RatingsAction::Helpful(story) => helpful(w, &view, story),
            RatingsAction::Send(fields) => {
                let mut wire = NewStoryWire::from_fields(&fields);
                wire.form_token = view.form_token.clone();
                send(w, wire);
            }
        }
    }

    fn view(w: &Widget<Self>, view: RatingsView, s: State) -> impl IntoView + use<> {
        let lang = w.lang;
        let handlers = w.handlers();
        let services: Vec<Named> = view
            .services
            .iter()
            .map(|x| Named {
                id: x.id.clone(),
                label: x.label.clone(),
            })
            .collect();
        let groups = view
            .groups
            .iter()
            .map(|g| group_line(lang, g))
            .collect_view();
        let figures = view
            .services
            .iter()
            .map(|x| service_figures(lang, x))
            .collect_view();
        let form = match (&s.sent, view.open) {
            (Some(sent), _) => {
                let notice = Notice::Receipt {
                    said: t(lang, RatingsMsg::Thanks),
                    link_text: t(lang, RatingsMsg::ReceiptHeading),
                    hint: t(lang, RatingsMsg::ReceiptHint),
                    url: sent.receipt_url.clone(),
                };
                leptos::either::EitherOf3::A(notice_box(Some(notice), lang))
            }
            (None, true) => leptos::either::EitherOf3::B(story_form(FormProps {
                lang,
                uid: &w.uid,
                action: format!("{}?lang={}", w.page, lang.code()),
                services: &services,
                dimensions: &view.dimensions,
                typed: &s.typed,
                errors: &s.errors,
                failed: s.failed.clone(),
                form_token: view.form_token.clone(),
                handlers: Some(handlers),
                busy: s.busy,
            })),
            (None, false) => leptos::either::EitherOf3::C(view! {
                <p class="cp-notice" role="status">{ratings_error(lang, codes::BOARD_CLOSED)}</p>
            }),
        };
        let label_of = |id: &str| {
            services
                .iter()
                .find(|x| x.id == id)
                .map_or_else(|| id.to_string(), |x| x.label.clone())
        };
        let stories = view
            .stories
            .iter()
            .map(|story| {
                let end = StoryEnd::Helpful(HelpfulForm {
                    action: format!(
                        "{}/stories/{}/helpful?lang={}",
                        w.page,
                        crate::runtime::encode(&story.id),
                        lang.code()
                    ),
                    form_token: view.form_token.clone(),
                    handlers: Some(handlers),
                    busy: s.busy,
                });
                story_card(
                    lang,
                    label_of(&story.service),
                    &view.dimensions,
                    story,
                    Some(end),
                )
            })
            .collect_view();
        let none = view
            .stories
            .is_empty()
            .then(|| view! { <p>{t(lang, RatingsMsg::NoStories)}</p> });
        let most_helpful = s.most_helpful;
        let sort_label = if most_helpful {
            t(lang, RatingsMsg::Newest)
        } else {
            t(lang, RatingsMsg::MostHelpful)
        };
        let stories_id = format!("{}-stories", w.uid);
        let labelled = stories_id.clone();
        view! {
            <section class="cp-board">
                <p class="cp-org">{view.org_name.clone()}</p>
                <h2 class="cp-question">{view.title.clone()}</h2>
                <p>{view.intro.clone()}</p>
                <p class="cp-hint">{t(lang, RatingsMsg::AverageExplained)}</p>
                {groups}
                {figures}
                {form}
                <section aria-labelledby=labelled>
                    <h3 class="cp-h" id=stories_id>{t(lang, RatingsMsg::Stories)}</h3>
                    <p>
                        <button type="button" class="cp-button cp-secondary"
                            on:click=move |_| handlers.run(RatingsAction::Sort(!most_helpful))>
                            {sort_label}
                        </button>
                    </p>
                    {notice_box(s.notice.clone(), lang)}
                    {none}
                    {stories}
                </section>
            </section>
        }
    }
}

/// Sends the story as JSON; the server's field errors come back to their fields.
fn send(w: &Rc<Widget<Ratings>>, wire: NewStoryWire) {
    w.update(|s| {
        s.state.busy = true;
        s.state.typed = wire.clone();
    });
    let url = format!("{}/stories?lang={}", w.api, w.lang.code());
    let w = w.clone();
    spawn_local(async move {
        let result = post_json::<StoryStored>(&url, &wire.to_js()).await;
        w.update(|s| {
            s.state.busy = false;
            match result {
                Ok(sent) => {
                    s.state.sent = Some(sent);
                    s.state.typed = NewStoryWire::default();
                    s.state.errors.clear();
                    s.state.failed = None;
                }
                Err(e) if !e.errors.is_empty() => {
                    s.state.errors = e.errors;
                    s.state.failed = None;
                }
                Err(e) => {
                    s.state.errors.clear();
                    s.state.failed = Some(e.code);
                }
            }
        });
    });
}

/// "Helpful" on a story: counted once per person; the count shown goes up at once.
fn helpful(w: &Rc<Widget<Ratings>>, view: &RatingsView, story: String) {
    let url = format!(
        "{}/stories/{}/helpful?lang={}",
        w.api,
        crate::runtime::encode(&story),
        w.lang.code()
    );
    let token = view.form_token.clone();
    w.update(|s| s.state.busy = true);
    let w = w.clone();
    spawn_local(async move {
        let result = post_form::<HelpfulCount>(&url, &[("form_token", &token)]).await;
        w.update(|s| {
            s.state.busy = false;
            match result {
                Ok(count) => {
                    if let Some(Ok(view)) = &mut s.data
                        && let Some(st) = view.stories.iter_mut().find(|x| x.id == story)
                    {
                        st.helpful = count.helpful;
                    }
                    s.state.notice = Some(Notice::Done(t(w.lang, RatingsMsg::HelpfulThanks)));
                }
                Err(e) if e.code == codes::DUPLICATE_SUPPORT => {
                    s.state.notice = Some(Notice::Done(t(w.lang, RatingsMsg::HelpfulBefore)));
                }
                Err(e) => s.state.notice = Some(Notice::Failed(e.code)),
            }
        });
    });
}
