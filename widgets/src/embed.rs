//! The embed: what the loader (`embed.js`) calls to mount a board into its shadow root.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::board::{
    Action, BoardLinks, BoardProps, FormEcho, Handlers, ListQuery, Notice, ideas_board,
};
use crate::contract::{BoardView, NewIdea, Submitted, Supported, check_new_idea};
use crate::fetch::{get_json, post_form};
use crate::i18n::{Lang, Msg, t};

/// A mounted widget. Dropping it (or calling `destroy`) unmounts the board.
#[wasm_bindgen]
pub struct Widget {
    handle: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl Widget {
    pub fn destroy(&mut self) {
        self.handle = None;
    }
}

/// Mounts the ideas board `board` of organisation `org`, served by the backend at `api`.
/// `uid` keeps element ids unique when one page holds several widgets.
#[wasm_bindgen(js_name = mountIdeas)]
pub fn mount_ideas(
    target: web_sys::HtmlElement,
    api: String,
    org: String,
    board: String,
    lang: String,
    uid: String,
) -> Widget {
    let lang = Lang::parse(&lang).unwrap_or_default();
    let handle = leptos::mount::mount_to(target, move || embed_board(api, org, board, lang, uid));
    Widget {
        handle: Some(Box::new(handle)),
    }
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// Everything the embedded board shows, in one signal: each signal type costs its own copy of
/// the reactive machinery in the WASM, and the board re-renders on any of these anyway.
#[derive(Clone, Default)]
struct State {
    data: Option<Result<BoardView, String>>,
    query: ListQuery,
    form: FormEcho,
    notice: Option<Notice>,
    busy: bool,
    /// The token of the first render: it ages while the person reads and types, so later
    /// submissions after a reload are not refused as "too fast".
    token: Option<String>,
}

/// The board with its state and handlers (a plain function: mounting gives it its owner).
fn embed_board(api: String, org: String, board: String, lang: Lang, uid: String) -> impl IntoView {
    let base = format!(
        "{api}/api/v1/orgs/{}/activities/{}",
        encode(&org),
        encode(&board)
    );
    let page = format!("{api}/o/{}/ideas/{}", encode(&org), encode(&board));
    let links = BoardLinks {
        page: page.clone(),
        submit: format!("{page}/ideas"),
        support_prefix: format!("{page}/ideas"),
    };
    let state = RwSignal::new(State::default());

    let load = {
        let base = base.clone();
        move || {
            let q = state.with_untracked(|s| s.query);
            let status = q.status.map(|s| s.as_str()).unwrap_or("");
            let url = format!(
                "{base}?sort={}&status={status}&lang={}",
                q.sort.as_str(),
                lang.code()
            );
            spawn_local(async move {
                let result = get_json::<BoardView>(&url).await.map_err(|e| e.code);
                state.update(|s| {
                    let result = result.map(|mut b| {
                        match &s.token {
                            Some(first) => b.form_token = first.clone(),
                            None => s.token = Some(b.form_token.clone()),
                        }
                        b
                    });
                    s.data = Some(result);
                });
            });
        }
    };
    load();

    let submit_idea = {
        let (base, load) = (base.clone(), load.clone());
        move |idea: NewIdea| {
            let errors = check_new_idea(&idea);
            if !errors.is_empty() {
                state.update(|s| {
                    s.form = FormEcho {
                        title: idea.title,
                        body: idea.body,
                        name: idea.name,
                        errors: errors
                            .into_iter()
                            .map(|(f, c)| (f.to_string(), c.to_string()))
                            .collect(),
                    };
                    s.notice = None;
                });
                return;
            }
            state.update(|s| s.busy = true);
            let (url, load) = (format!("{base}/ideas"), load.clone());
            spawn_local(async move {
                let fields = [
                    ("title", idea.title.as_str()),
                    ("body", idea.body.as_str()),
                    ("name", idea.name.as_str()),
                    ("website", idea.website.as_str()),
                    ("form_token", idea.form_token.as_str()),
                    ("lang", lang.code()),
                ];
                let result = post_form::<Submitted>(&url, &fields).await;
                let reload = result.is_ok();
                state.update(|s| {
                    s.busy = false;
                    match result {
                        Ok(done) => {
                            s.form = FormEcho::default();
                            s.notice = Some(Notice::Submitted {
                                published: done.published,
                                receipt_url: done.receipt_url,
                            });
                        }
                        Err(e) => match e.field {
                            Some(field) => {
                                s.form = FormEcho {
                                    title: idea.title.clone(),
                                    body: idea.body.clone(),
                                    name: idea.name.clone(),
                                    errors: vec![(field, e.code)],
                                }
                            }
                            None => s.notice = Some(Notice::Failed(e.code)),
                        },
                    }
                });
                if reload {
                    load();
                }
            });
        }
    };

    let support = {
        let base = base.clone();
        move |idea_id: String| {
            let token = state
                .with_untracked(|s| {
                    s.data
                        .as_ref()
                        .and_then(|b| b.as_ref().ok())
                        .map(|b| b.form_token.clone())
                })
                .unwrap_or_default();
            let url = format!("{base}/ideas/{}/supports", encode(&idea_id));
            state.update(|s| s.busy = true);
            spawn_local(async move {
                let fields = [("form_token", token.as_str()), ("lang", lang.code())];
                let result = post_form::<Supported>(&url, &fields).await;
                state.update(|s| {
                    s.busy = false;
                    match result {
                        Ok(done) => {
                            if let Some(Ok(b)) = &mut s.data
                                && let Some(i) = b.ideas.iter_mut().find(|i| i.id == done.idea_id)
                            {
                                i.supports = done.supports;
                            }
                            s.notice = Some(Notice::Supported);
                        }
                        Err(e) => s.notice = Some(Notice::Failed(e.code)),
                    }
                });
            });
        }
    };

    let handlers = Handlers(Callback::new(move |action| match action {
        Action::Submit(idea) => submit_idea(idea),
        Action::Support(idea_id) => support(idea_id),
        Action::Filter(sort, status) => {
            state.update(|s| {
                s.query = ListQuery { sort, status };
                s.notice = None;
            });
            load();
        }
    }));

    view! {
        <div class="cp-root">
            {move || {
                let s = state.get();
                match s.data {
                    None => EitherOf3::A(view! { <p class="cp-board" role="status">{t(lang, Msg::Loading)}</p> }),
                    Some(Err(_)) => EitherOf3::B(view! {
                        <p class="cp-board" role="alert">
                            {t(lang, Msg::LoadFailed)}
                            " "
                            <a href=page.clone()>{page.clone()}</a>
                        </p>
                    }),
                    Some(Ok(board)) => EitherOf3::C(ideas_board(BoardProps {
                        board,
                        lang,
                        links: links.clone(),
                        uid: uid.clone(),
                        query: s.query,
                        form: s.form,
                        notice: s.notice,
                        handlers: Some(handlers),
                        busy: s.busy,
                    })),
                }
            }}
        </div>
    }
}
