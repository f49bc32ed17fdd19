//! The embed runtime: what every kind's widget shares once the loader (`embed.js`) has mounted
//! it into its shadow root: the handle the loader keeps, the table of mounted widgets, the
//! loop of state → render, and the loading and failure screens. A kind says what it loads,
//! keeps and shows ([`Activity`]); `lib.rs` exports `mount` for the kind its bundle is built for.
//!
//! Each widget is a small loop: its state lives in one place, an action from a form or an
//! answer from the API changes it, and a render (in a microtask, so no event handler is
//! dropped while it runs) builds the view from the state and lets Leptos' renderer patch the
//! DOM with `Render::rebuild` — what a render effect over one signal does, without the signal
//! graph: signals, effects and the async executor behind them were about 6 KB of the gzipped
//! WASM (a Leptos counter app: 27.6 KB with signals, 21.6 KB with this loop).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::reactive::owner::Owner;
use leptos::tachys::view::{Mountable, Render};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::contract::ActivityKind;
use crate::i18n::{Lang, Msg, t};
use crate::ui::Handlers;

/// A kind of activity as the embed runs it.
pub trait Activity: Sized + 'static {
    const KIND: ActivityKind;
    /// What the API sends for the activity (its view), once loaded.
    type Data: Clone;
    /// What the widget keeps besides: the reader's query, what they typed, notices, …
    type State: Clone + Default;
    /// What the reader does in the kind's forms.
    type Action;

    /// Loads the view at mount.
    fn start(w: &Rc<Widget<Self>>);
    fn on(w: &Rc<Widget<Self>>, action: Self::Action);
    /// The activity as loaded and kept; the runtime shows loading and failure.
    fn view(w: &Widget<Self>, data: Self::Data, state: Self::State) -> impl IntoView + use<Self>;
}

/// What a widget shows: the activity (once its view arrived, or the error code why not) and
/// the kind's own state. Any change renders it again (patching the DOM).
pub struct Screen<K: Activity> {
    pub data: Option<Result<K::Data, String>>,
    pub state: K::State,
}

impl<K: Activity> Clone for Screen<K> {
    fn clone(&self) -> Self {
        Self {
            data: self.data.clone(),
            state: self.state.clone(),
        }
    }
}

/// Patches the mounted view from the screen (`false`) or unmounts it (`true`).
type Patch<K> = Box<dyn FnMut(&Widget<K>, bool)>;

/// One mounted widget of kind `K`.
pub struct Widget<K: Activity> {
    pub id: u32,
    pub lang: Lang,
    /// Keeps element ids unique when one page holds several widgets.
    pub uid: String,
    /// `{backend}/api/v1/orgs/{org}/activities/{key}`.
    pub api: String,
    /// `{backend}/o/{org}/{kind's page}/{key}`: the standalone page, where forms post without JS.
    pub page: String,
    screen: RefCell<Screen<K>>,
    mounted: RefCell<Option<Patch<K>>>,
    render_queued: Cell<bool>,
    /// Whether the host was told the widget shows its activity (`mark_ready`).
    ready: Cell<bool>,
    owner: Owner,
    /// Where the widget is mounted.
    pub root: web_sys::HtmlElement,
    /// The loader's request for the view, until the kind's first load takes it.
    first_view: RefCell<Option<js_sys::Promise>>,
}

impl<K: Activity> Widget<K> {
    /// The view the loader asked for (`{api}?lang=…`), once: the first load of a kind that
    /// asks for exactly that answers from it instead of asking again.
    pub fn take_first_view(&self) -> Option<js_sys::Promise> {
        self.first_view.borrow_mut().take()
    }

    /// Changes the screen and queues one render for however many changes come before it.
    pub fn update(self: &Rc<Self>, change: impl FnOnce(&mut Screen<K>)) {
        change(&mut self.screen.borrow_mut());
        self.queue_render();
    }

    /// Not generic over the change: one copy of the spawned render per kind in the WASM
    /// (inside `update`, each change's closure made its own copy of the task machinery).
    fn queue_render(self: &Rc<Self>) {
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
                if !this.ready.get() && this.screen.borrow().data.is_some() {
                    this.ready.set(true);
                    mark_ready(&this.root);
                }
            });
        }
    }

    /// Reads the screen as it is now.
    pub fn with<R>(&self, read: impl FnOnce(&Screen<K>) -> R) -> R {
        read(&self.screen.borrow())
    }

    /// How the kind's forms hand this widget an action.
    pub fn handlers(&self) -> Handlers<K::Action> {
        Handlers {
            widget: self.id,
            dispatch: dispatch::<K>,
        }
    }

    fn view(&self) -> impl IntoView + use<K> {
        let Screen { data, state } = self.screen.borrow().clone();
        let lang = self.lang;
        let body = match data {
            None => EitherOf3::A(
                view! { <p class="cp-board" role="status">{t(lang, Msg::Loading)}</p> },
            ),
            Some(Err(_)) => EitherOf3::B(view! {
                <p class="cp-board" role="alert">
                    {t(lang, Msg::LoadFailed)}
                    " "
                    <a href=self.page.clone()>{self.page.clone()}</a>
                </p>
            }),
            Some(Ok(data)) => EitherOf3::C(K::view(self, data, state)),
        };
        view! { <div class="cp-root">{body}</div> }
    }
}

/// What the loader keeps of a mounted widget; `destroy` (or freeing it) unmounts it.
#[wasm_bindgen]
pub struct Mounted {
    id: u32,
}

#[wasm_bindgen]
impl Mounted {
    pub fn destroy(&mut self) {
        unmount(self.id);
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        unmount(self.id);
    }
}

/// A mounted widget of whatever kind, as the table keeps it.
trait Unmount {
    fn unmount(&self);
    fn any(self: Rc<Self>) -> Rc<dyn Any>;
}

impl<K: Activity> Unmount for Widget<K> {
    fn unmount(&self) {
        if let Some(mut patch) = self.mounted.take() {
            patch(self, true);
        }
    }

    fn any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

thread_local! {
    /// The mounted widgets by id; a destroyed widget leaves `None` (ids are never reused).
    static WIDGETS: RefCell<Vec<Option<Rc<dyn Unmount>>>> = const { RefCell::new(Vec::new()) };
}

fn unmount(id: u32) {
    let taken = WIDGETS.with_borrow_mut(|w| w.get_mut(id as usize).and_then(Option::take));
    if let Some(widget) = taken {
        widget.unmount();
    }
}

fn dispatch<K: Activity>(id: u32, action: K::Action) {
    let widget = WIDGETS.with_borrow(|w| w.get(id as usize).cloned().flatten());
    if let Some(widget) = widget.and_then(|w| w.any().downcast::<Widget<K>>().ok()) {
        K::on(&widget, action);
    }
}

/// Tells the element the loader mounted the widget in (its shadow root's host) that the
/// widget now shows its activity (or why not): `data-coproduce-ready`, so the host page can stop
/// reserving room for it, and nothing below it jumps as it loads (README, "Embedding").
fn mark_ready(root: &web_sys::HtmlElement) {
    use wasm_bindgen::JsCast;
    if let Ok(shadow) = root.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
        let _ = shadow.host().set_attribute("data-coproduce-ready", "");
    }
}

/// Percent-encodes one part of an address.
pub fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// Which activity a widget shows: `key` of organisation `org`, served by the backend at
/// `backend`, in `lang` as the page asks (a tag such as `de-AT`).
pub struct Page<'a> {
    pub backend: &'a str,
    pub org: &'a str,
    pub key: &'a str,
    pub lang: &'a str,
}

/// Mounts the widget of `page`'s activity into `target` (see `crate::mount`).
pub fn mount<K: Activity>(
    target: web_sys::HtmlElement,
    page: Page<'_>,
    uid: String,
    first_view: JsValue,
) -> Mounted {
    let Page {
        backend,
        org,
        key,
        lang,
    } = page;
    let (org, key) = (encode(org), encode(key));
    let id = WIDGETS.with_borrow(|w| w.len()) as u32;
    let widget = Rc::new(Widget::<K> {
        id,
        lang: Lang::parse(lang).unwrap_or_default(),
        uid,
        api: format!("{backend}/api/v1/orgs/{org}/activities/{key}"),
        page: format!("{backend}/o/{org}/{}/{key}", K::KIND.page_segment()),
        screen: RefCell::new(Screen {
            data: None,
            state: K::State::default(),
        }),
        mounted: RefCell::new(None),
        render_queued: Cell::new(false),
        ready: Cell::new(false),
        owner: Owner::new(),
        root: target.clone(),
        first_view: RefCell::new(first_view.dyn_into().ok()),
    });
    // Event handlers built under this owner belong to it, and go with it.
    let mut view = widget.owner.with(|| widget.view().build());
    view.mount(&target, None);
    let patch: Patch<K> = Box::new(move |widget, unmount| {
        if unmount {
            view.unmount();
        } else {
            widget.owner.with(|| widget.view().rebuild(&mut view));
        }
    });
    *widget.mounted.borrow_mut() = Some(patch);
    WIDGETS.with_borrow_mut(|w| w.push(Some(widget.clone() as Rc<dyn Unmount>)));
    K::start(&widget);
    Mounted { id }
}
