//! The survey as the embed runs it (`runtime::Activity`): it loads the version answered now,
//! goes page by page with the logic the server applies (`logic`, `answers`, `form`), keeps a
//! draft in the browser's storage until the response is sent (a reload or a lost connection
//! loses nothing), and sends the whole response at the end.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use super::answers::{AnswerErrors, check_page, check_response};
use super::contract::{NewResponse, ResponseStored, SurveyView, survey_codes};
use super::form::read_page;
use super::js::{parse, stringify};
use super::logic::{Logic, kept_answers};
use super::response::Answers;
use super::texts::{SurveyMsg, answer_error};
use super::view::{PageAction, PageProps, survey_page};
use crate::contract::{ActivityKind, codes};
use crate::fetch::{get_json_asked, post_json};
use crate::i18n::t;
use crate::json::{FromJs, ToJs, field, object};
use crate::runtime::{Activity, Widget};
use crate::ui::{Notice, notice_box};

pub struct Survey;

/// Where the participant is, as the draft keeps it.
#[derive(Clone, Default)]
struct Draft {
    page: usize,
    answers: Answers,
}

impl FromJs for Draft {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Self {
            page: usize::try_from(field::<i64>(v, "page")?).ok()?,
            answers: field(v, "answers")?,
        })
    }
}

impl ToJs for Draft {
    fn to_js(&self) -> JsValue {
        object(&[
            ("page", (self.page as i64).to_js()),
            ("answers", self.answers.to_js()),
        ])
    }
}

#[derive(Clone, Default)]
pub struct State {
    draft: Draft,
    errors: AnswerErrors,
    /// An error of the whole response (closed, answered before, no connection).
    failed: Option<String>,
    sent: Option<ResponseStored>,
    busy: bool,
    plain: bool,
}

/// The browser's storage key of the draft of this survey's version.
fn storage_key(w: &Widget<Survey>, version: i64) -> String {
    format!("coproduce:{}:v{version}", w.api)
}

fn storage() -> Option<web_sys::Storage> {
    // Storage may be refused (private modes, blocked cookies): the survey works without.
    web_sys::window()?.local_storage().ok().flatten()
}

fn save_draft(w: &Widget<Survey>, version: i64, draft: &Draft) {
    if let (Some(store), Some(text)) = (storage(), stringify(draft)) {
        let _ = store.set_item(&storage_key(w, version), &text);
    }
}

fn load_draft(w: &Widget<Survey>, view: &SurveyView) -> Option<Draft> {
    let text = storage()?.get_item(&storage_key(w, view.version)).ok()??;
    let draft: Draft = parse(&text)?;
    (draft.page < view.definition.pages.len()).then_some(draft)
}

fn forget_draft(w: &Widget<Survey>, version: i64) {
    if let Some(store) = storage() {
        let _ = store.remove_item(&storage_key(w, version));
    }
}

impl Activity for Survey {
    const KIND: ActivityKind = ActivityKind::Survey;
    type Data = SurveyView;
    type State = State;
    type Action = PageAction;

    fn start(w: &Rc<Widget<Self>>) {
        let url = format!("{}?lang={}", w.api, w.lang.code());
        let asked = w.take_first_view();
        let w = w.clone();
        spawn_local(async move {
            let result = get_json_asked::<SurveyView>(asked, &url)
                .await
                .map_err(|e| e.code);
            w.update(|s| {
                if let Ok(view) = &result {
                    s.state.draft = load_draft(&w, view).unwrap_or_else(|| Draft {
                        page: Logic::new(&view.definition, &Answers::default())
                            .next_page(None)
                            .unwrap_or(0),
                        answers: Answers::default(),
                    });
                }
                s.data = Some(result);
            });
        });
    }

    fn on(w: &Rc<Widget<Self>>, action: PageAction) {
        let Some(Ok(view)) = w.with(|s| s.data.clone()) else {
            return;
        };
        if w.with(|s| s.state.busy) {
            return;
        }
        let def = &view.definition;
        let mut draft = w.with(|s| s.state.draft.clone());
        let page = draft.page;
        let (fields, back) = match action {
            PageAction::Next(f) => (f, false),
            PageAction::Back(f) => (f, true),
        };
        if fields.iter().any(|(k, v)| k == "go" && v == "plain") {
            let mut draft = draft;
            read_page(def, page, &fields, &mut draft.answers);
            save_draft(w, view.version, &draft);
            w.update(|s| {
                s.state.draft = draft;
                s.state.plain = !s.state.plain;
            });
            return;
        }
        let mut errors = read_page(def, page, &fields, &mut draft.answers);
        if back {
            draft.page = Logic::new(def, &draft.answers)
                .previous_page(page)
                .unwrap_or(page);
            save_draft(w, view.version, &draft);
            w.update(|s| {
                s.state.draft = draft;
                s.state.errors.clear();
                s.state.failed = None;
            });
            return;
        }
        for e in check_page(def, &draft.answers, page) {
            if !errors.iter().any(|(q, _)| *q == e.0) {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            save_draft(w, view.version, &draft);
            w.update(|s| {
                s.state.draft = draft;
                s.state.errors = errors;
            });
            return;
        }
        let next = Logic::new(def, &draft.answers).next_page(Some(page));
        match next {
            Some(n) => {
                draft.page = n;
                save_draft(w, view.version, &draft);
                w.update(|s| {
                    s.state.draft = draft;
                    s.state.errors.clear();
                    s.state.failed = None;
                });
            }
            None => {
                let one = |name: &str| {
                    fields
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                let response = NewResponse {
                    version: view.version,
                    answers: kept_answers(def, &draft.answers),
                    website: one("website"),
                    form_token: view.form_token.clone(),
                };
                save_draft(w, view.version, &draft);
                send(w, view, draft, response);
            }
        }
    }

    fn view(w: &Widget<Self>, view: SurveyView, s: State) -> impl IntoView + use<> {
        let lang = w.lang;
        let header = view! {
            <p class="cp-org">{view.org_name.clone()}</p>
            <h2 class="cp-question">{view.title.clone()}</h2>
            <p>{view.intro.clone()}</p>
        };
        if let Some(sent) = s.sent {
            let results = sent.results_url.map(|url| {
                view! { <p><a href=url>{t(lang, SurveyMsg::ResultsLink)}</a></p> }
            });
            let notice = Notice::Receipt {
                said: t(lang, SurveyMsg::Thanks),
                link_text: t(lang, SurveyMsg::ReceiptHeading),
                hint: t(lang, SurveyMsg::ReceiptHint),
                url: sent.receipt_url,
            };
            return view! {
                <section class="cp-board">{header}{notice_box(Some(notice), lang)}{results}</section>
            }
            .into_any();
        }
        if let Some(code) = view.closed_because.clone() {
            return view! {
                <section class="cp-board">
                    {header}
                    <div class="cp-notice cp-notice-error" role="status"><p>{answer_error(lang, &code)}</p></div>
                </section>
            }
            .into_any();
        }
        let def = &view.definition;
        let logic = Logic::new(def, &s.draft.answers);
        let path = logic.path();
        let page = s.draft.page;
        let at = path.iter().position(|p| *p == page).map_or(1, |i| i + 1);
        let last = !logic.may_go_on(page);
        let failed = s.failed.map(|code| {
            view! { <div class="cp-notice cp-notice-error" role="alert"><p>{answer_error(lang, &code)}</p></div> }
        });
        let form = survey_page(PageProps {
            def,
            page,
            progress: (at, path.len().max(at)),
            last,
            answers: &s.draft.answers,
            errors: &s.errors,
            lang,
            plain: s.plain,
            uid: &w.uid,
            action: format!("{}?lang={}", w.page, lang.code()),
            hidden: vec![
                ("page", page.to_string()),
                ("version", view.version.to_string()),
            ],
            form_token: view.form_token.clone(),
            handlers: Some(w.handlers()),
            busy: s.busy,
            all_questions: false,
        });
        view! { <section class="cp-board">{header}{failed}{form}</section> }.into_any()
    }
}

/// Sends the response; on success forgets the draft, on failure keeps it and says why.
fn send(w: &Rc<Widget<Survey>>, view: SurveyView, draft: Draft, response: NewResponse) {
    // The server checks the same way; checking first shows errors without a round trip.
    let errors = check_response(&view.definition, &response.answers);
    if !errors.is_empty() {
        let first = first_page_with(&view, &draft.answers, &errors).unwrap_or(draft.page);
        w.update(|s| {
            s.state.draft = Draft {
                page: first,
                ..draft
            };
            s.state.errors = errors;
        });
        return;
    }
    w.update(|s| {
        s.state.busy = true;
        s.state.draft = draft;
    });
    let url = format!("{}/responses?lang={}", w.api, w.lang.code());
    let w = w.clone();
    spawn_local(async move {
        let result = post_json::<ResponseStored>(&url, &response.to_js()).await;
        if result.is_ok() {
            forget_draft(&w, view.version);
        }
        w.update(|s| {
            s.state.busy = false;
            match result {
                Ok(sent) => s.state.sent = Some(sent),
                Err(e) => {
                    // No connection: the draft is kept; pressing Send again tries again.
                    let code = if e.code == codes::INTERNAL {
                        survey_codes::NOT_SENT.to_string()
                    } else if e.code == survey_codes::VERSION_CHANGED {
                        forget_draft(&w, view.version);
                        e.code
                    } else {
                        e.code
                    };
                    s.state.failed = Some(code);
                }
            }
        });
    });
}

/// The first page on the participant's path that holds one of the questions in `errors`.
fn first_page_with(view: &SurveyView, answers: &Answers, errors: &AnswerErrors) -> Option<usize> {
    let def = &view.definition;
    Logic::new(def, answers).path().into_iter().find(|p| {
        def.pages[*p]
            .questions
            .iter()
            .any(|q| errors.iter().any(|(e, _)| *e == q.id))
    })
}
