//! The ideas board as the embed runs it (`runtime::Activity`): it loads the board, a page of
//! the list at a time, and takes over the board's forms.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use super::board::{Action, BoardLinks, BoardProps, FormEcho, ListQuery, Notice, ideas_board};
use super::contract::{BoardView, NewIdea, Sort, Submitted, Supported, check_new_idea};
use crate::contract::ActivityKind;
use crate::fetch::{get_json_asked, post_form};
use crate::runtime::{Activity, Widget, encode};

pub struct Ideas;

/// What the board keeps besides the board itself.
#[derive(Clone, Default)]
pub struct State {
    query: ListQuery,
    form: FormEcho,
    notice: Option<Notice>,
    busy: bool,
    /// The token of the first render: it ages while the person reads and types, so later
    /// submissions after a reload are not refused as "too fast".
    token: Option<String>,
}

impl Activity for Ideas {
    const KIND: ActivityKind = ActivityKind::Ideas;
    type Data = BoardView;
    type State = State;
    type Action = Action;

    fn start(w: &Rc<Widget<Self>>) {
        load(w, None);
    }

    fn on(w: &Rc<Widget<Self>>, action: Action) {
        // One request at a time: the buttons stay focusable while busy (`ui::busy_attr`).
        let busy = w.with(|s| s.state.busy);
        match action {
            Action::Submit(_) | Action::Support(_) if busy => {}
            Action::Submit(idea) => submit_idea(w, idea),
            Action::Support(idea_id) => support(w, idea_id),
            Action::Filter(sort, status) => {
                w.update(|s| {
                    s.state.query = ListQuery { sort, status };
                    s.state.notice = None;
                });
                load(w, None);
            }
            Action::More(next) => load(w, Some(next)),
        }
    }

    fn view(w: &Widget<Self>, board: BoardView, s: State) -> impl leptos::IntoView + use<> {
        let page = w.page.clone();
        ideas_board(BoardProps {
            board,
            lang: w.lang,
            links: BoardLinks {
                submit: format!("{page}/ideas"),
                support_prefix: format!("{page}/ideas"),
                page,
            },
            uid: w.uid.clone(),
            query: s.query,
            past_start: false,
            form: s.form,
            notice: s.notice,
            handlers: Some(w.handlers()),
            busy: s.busy,
        })
    }
}

/// Loads the list from its start, or (`after`) its next page to show below what it has.
fn load(w: &Rc<Widget<Ideas>>, after: Option<String>) {
    let q = w.with(|s| s.state.query);
    // Only what differs from the defaults: the first load's address is the loader's.
    let mut url = format!("{}?lang={}", w.api, w.lang.code());
    if q.sort != Sort::default() {
        url.push_str("&sort=");
        url.push_str(q.sort.as_str());
    }
    if let Some(status) = q.status {
        url.push_str("&status=");
        url.push_str(status.as_str());
    }
    if let Some(after) = &after {
        url.push_str("&after=");
        url.push_str(&encode(after));
    }
    // The first load (at mount) may be answered by the loader's request.
    let asked = w.take_first_view();
    let w = w.clone();
    spawn_local(async move {
        let result = get_json_asked::<BoardView>(asked, &url)
            .await
            .map_err(|e| e.code);
        w.update(|s| {
            let result = result.map(|mut b| {
                match &s.state.token {
                    Some(first) => b.form_token = first.clone(),
                    None => s.state.token = Some(b.form_token.clone()),
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

fn submit_idea(w: &Rc<Widget<Ideas>>, idea: NewIdea) {
    let errors = check_new_idea(&idea);
    if !errors.is_empty() {
        w.update(|s| {
            s.state.form = FormEcho {
                title: idea.title,
                body: idea.body,
                name: idea.name,
                errors: errors
                    .into_iter()
                    .map(|(f, c)| (f.to_string(), c.to_string()))
                    .collect(),
            };
            s.state.notice = None;
        });
        return;
    }
    w.update(|s| s.state.busy = true);
    let (url, w) = (format!("{}/ideas", w.api), w.clone());
    spawn_local(async move {
        let fields = [
            ("title", idea.title.as_str()),
            ("body", idea.body.as_str()),
            ("name", idea.name.as_str()),
            ("website", idea.website.as_str()),
            ("form_token", idea.form_token.as_str()),
            ("lang", w.lang.code()),
        ];
        let result = post_form::<Submitted>(&url, &fields).await;
        let stored = result.is_ok();
        w.update(|s| {
            s.state.busy = false;
            match result {
                Ok(done) => {
                    s.state.form = FormEcho::default();
                    s.state.notice = Some(Notice::Submitted {
                        published: done.published,
                        receipt_url: done.receipt_url,
                    });
                }
                Err(e) => match e.field {
                    Some(field) => {
                        s.state.form = FormEcho {
                            title: idea.title.clone(),
                            body: idea.body.clone(),
                            name: idea.name.clone(),
                            errors: vec![(field, e.code)],
                        }
                    }
                    None => s.state.notice = Some(Notice::Failed(e.code)),
                },
            }
        });
        if stored {
            clear_form(&w);
            load(&w, None);
        }
    });
}

/// Empties the idea form after its idea was stored. Patching leaves what was typed in place
/// (the state's empty values did not change), so the form itself is reset: its fields go
/// back to the values the render gives them.
fn clear_form(w: &Widget<Ideas>) {
    if let Ok(Some(form)) = w.root.query_selector("form.cp-form")
        && let Ok(form) = form.dyn_into::<web_sys::HtmlFormElement>()
    {
        form.reset();
    }
}

fn support(w: &Rc<Widget<Ideas>>, idea_id: String) {
    let token = w.with(|s| match &s.data {
        Some(Ok(b)) => b.form_token.clone(),
        _ => String::new(),
    });
    let url = format!("{}/ideas/{}/supports", w.api, encode(&idea_id));
    w.update(|s| s.state.busy = true);
    let w = w.clone();
    spawn_local(async move {
        let fields = [("form_token", token.as_str()), ("lang", w.lang.code())];
        let result = post_form::<Supported>(&url, &fields).await;
        w.update(|s| {
            s.state.busy = false;
            match result {
                Ok(done) => {
                    if let Some(Ok(b)) = &mut s.data
                        && let Some(i) = b.ideas.iter_mut().find(|i| i.id == done.idea_id)
                    {
                        i.supports = done.supports;
                    }
                    s.state.notice = Some(Notice::Supported);
                }
                Err(e) => s.state.notice = Some(Notice::Failed(e.code)),
            }
        });
    });
}
