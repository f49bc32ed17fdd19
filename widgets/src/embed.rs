//! The embed: what the loader (`embed.js`) calls to mount a board into its shadow root.
//!
//! Each widget is a small loop: its [`State`] lives in one place, an [`Action`] from a form or
//! an answer from the API changes it, and a render (in a microtask, so no event handler is
//! dropped while it runs) builds the board from the state and lets Leptos' renderer patch the
//! DOM with `Render::rebuild` — what a render effect over one signal does, without the signal
//! graph: signals, effects and the async executor behind them were about 6 KB of the gzipped
//! WASM (a Leptos counter app: 27.6 KB with signals, 21.6 KB with this loop).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::reactive::owner::Owner;
use leptos::tachys::view::{Mountable, Render};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::board::{
    Action, BoardLinks, BoardProps, FormEcho, Handlers, ListQuery, Notice, ideas_board,
};
use crate::contract::{BoardView, NewIdea, Submitted, Supported, check_new_idea};
use crate::fetch::{get_json, post_form};
use crate::i18n::{Lang, Msg, t};

/// A mounted widget. `destroy` (or freeing it) unmounts the board.
#[wasm_bindgen]
pub struct Widget {
    id: u32,
}

#[wasm_bindgen]
impl Widget {
    pub fn destroy(&mut self) {
        unmount(self.id);
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        unmount(self.id);
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
    let base = format!(
        "{api}/api/v1/orgs/{}/activities/{}",
        encode(&org),
        encode(&board)
    );
    let page = format!("{api}/o/{}/ideas/{}", encode(&org), encode(&board));
    let id = WIDGETS.with_borrow(|w| w.len()) as u32;
    let embed = Rc::new(Embed {
        id,
        lang,
        uid,
        links: BoardLinks {
            page: page.clone(),
            submit: format!("{page}/ideas"),
            support_prefix: format!("{page}/ideas"),
        },
        base,
        state: RefCell::new(State::default()),
        mounted: RefCell::new(None),
        render_queued: Cell::new(false),
        owner: Owner::new(),
        root: target.clone(),
    });
    // Event handlers built under this owner belong to it, and go with it.
    let mut view = embed.owner.with(|| embed.view().build());
    view.mount(&target, None);
    let patch: Patch = Box::new(move |embed, unmount| {
        if unmount {
            view.unmount();
        } else {
            embed.owner.with(|| embed.view().rebuild(&mut view));
        }
    });
    *embed.mounted.borrow_mut() = Some(patch);
    WIDGETS.with_borrow_mut(|w| w.push(Some(embed.clone())));
    embed.load(None);
    Widget { id }
}

thread_local! {
    /// The mounted widgets by id; a destroyed widget leaves `None` (ids are never reused).
    static WIDGETS: RefCell<Vec<Option<Rc<Embed>>>> = const { RefCell::new(Vec::new()) };
}

fn widget(id: u32) -> Option<Rc<Embed>> {
    WIDGETS.with_borrow(|w| w.get(id as usize).cloned().flatten())
}

fn unmount(id: u32) {
    let Some(embed) = WIDGETS.with_borrow_mut(|w| w.get_mut(id as usize).and_then(Option::take))
    else {
        return;
    };
    if let Some(mut patch) = embed.mounted.take() {
        patch(&embed, true);
    }
}

/// What the board's forms call (through [`Handlers`]).
fn dispatch(id: u32, action: Action) {
    let Some(embed) = widget(id) else { return };
    let busy = embed.state.borrow().busy;
    match action {
        // One request at a time: the buttons stay focusable while busy (`board::busy_attr`).
        Action::Submit(_) | Action::Support(_) if busy => {}
        Action::Submit(idea) => embed.submit_idea(idea),
        Action::Support(idea_id) => embed.support(idea_id),
        Action::Filter(sort, status) => {
            embed.update(|s| {
                s.query = ListQuery { sort, status };
                s.notice = None;
            });
            embed.load(None);
        }
        Action::More(next) => embed.load(Some(next)),
    }
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// Everything the embedded board shows; any change renders the board again (patching the DOM).
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

/// Patches the mounted view from the state (`false`) or unmounts it (`true`).
type Patch = Box<dyn FnMut(&Embed, bool)>;

struct Embed {
    id: u32,
    lang: Lang,
    uid: String,
    links: BoardLinks,
    /// `{api}/api/v1/orgs/{org}/activities/{board}`.
    base: String,
    state: RefCell<State>,
    mounted: RefCell<Option<Patch>>,
    render_queued: Cell<bool>,
    owner: Owner,
    /// Where the board is mounted.
    root: web_sys::HtmlElement,
}

impl Embed {
    /// Changes the state and queues one render for however many changes come before it.
    fn update(self: &Rc<Self>, change: impl FnOnce(&mut State)) {
        change(&mut self.state.borrow_mut());
        if !self.render_queued.replace(true) {
            let this = self.clone();
            spawn_local(async move {
                this.render_queued.set(false);
                // Taken out while it runs; a destroyed widget has none left to run.
                let patch = this.mounted.take();
                if let Some(mut patch) = patch {
                    patch(&this, false);
                    *this.mounted.borrow_mut() = Some(patch);
                }
            });
        }
    }

    /// Loads the list from its start, or (`after`) its next page to show below what it has.
    fn load(self: &Rc<Self>, after: Option<String>) {
        let q = self.state.borrow().query;
        let status = q.status.map(|s| s.as_str()).unwrap_or("");
        let mut url = format!(
            "{}?sort={}&status={status}&lang={}",
            self.base,
            q.sort.as_str(),
            self.lang.code()
        );
        if let Some(after) = &after {
            url.push_str("&after=");
            url.push_str(&encode(after));
        }
        let this = self.clone();
        spawn_local(async move {
            let result = get_json::<BoardView>(&url).await.map_err(|e| e.code);
            this.update(|s| {
                let result = result.map(|mut b| {
                    match &s.token {
                        Some(first) => b.form_token = first.clone(),
                        None => s.token = Some(b.form_token.clone()),
                    }
                    b
                });
                let Some(after) = after else {
                    s.data = Some(result);
                    return;
                };
                // The next page, if the list is still the one it continues (a second press of
                // "more" while the first loads adds nothing twice).
                if let (Some(Ok(shown)), Ok(page)) = (&mut s.data, result)
                    && shown.next.as_ref() == Some(&after)
                {
                    shown.ideas.extend(page.ideas);
                    shown.next = page.next;
                }
            });
        });
    }

    fn submit_idea(self: &Rc<Self>, idea: NewIdea) {
        let errors = check_new_idea(&idea);
        if !errors.is_empty() {
            self.update(|s| {
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
        self.update(|s| s.busy = true);
        let (url, lang, this) = (format!("{}/ideas", self.base), self.lang, self.clone());
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
            let stored = result.is_ok();
            this.update(|s| {
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
            if stored {
                this.clear_form();
                this.load(None);
            }
        });
    }

    /// Empties the idea form after its idea was stored. Patching leaves what was typed in place
    /// (the state's empty values did not change), so the form itself is reset: its fields go
    /// back to the values the render gives them.
    fn clear_form(&self) {
        if let Ok(Some(form)) = self.root.query_selector("form.cp-form")
            && let Ok(form) = form.dyn_into::<web_sys::HtmlFormElement>()
        {
            form.reset();
        }
    }

    fn support(self: &Rc<Self>, idea_id: String) {
        let token = self
            .state
            .borrow()
            .data
            .as_ref()
            .and_then(|b| b.as_ref().ok())
            .map(|b| b.form_token.clone())
            .unwrap_or_default();
        let url = format!("{}/ideas/{}/supports", self.base, encode(&idea_id));
        self.update(|s| s.busy = true);
        let (lang, this) = (self.lang, self.clone());
        spawn_local(async move {
            let fields = [("form_token", token.as_str()), ("lang", lang.code())];
            let result = post_form::<Supported>(&url, &fields).await;
            this.update(|s| {
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

    /// The board as the state says now.
    fn view(&self) -> impl IntoView + use<> {
        let s = self.state.borrow().clone();
        let lang = self.lang;
        let page = self.links.page.clone();
        let body = match s.data {
            None => EitherOf3::A(
                view! { <p class="cp-board" role="status">{t(lang, Msg::Loading)}</p> },
            ),
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
                links: self.links.clone(),
                uid: self.uid.clone(),
                query: s.query,
                past_start: false,
                form: s.form,
                notice: s.notice,
                handlers: Some(Handlers {
                    widget: self.id,
                    dispatch,
                }),
                busy: s.busy,
            })),
        };
        view! { <div class="cp-root">{body}</div> }
    }
}
