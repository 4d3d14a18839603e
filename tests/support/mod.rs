//! Helpers for the browser tests: mount a view with the app's contexts, wait for effects, query
//! the DOM and fire real input events.
#![allow(dead_code)]

use leptos::prelude::*;
use mi_account_demo::i18n::I18nProvider;
use mi_account_demo::state::AppState;
use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts `f`'s view inside the i18n provider, a router and a fresh `AppState`, into a new div
/// at the end of the body. Keep the handle alive for the whole test: dropping it unmounts.
pub fn mount_app<V: IntoView + 'static>(
    f: impl FnOnce() -> V + Send + 'static,
) -> (HtmlElement, AppState, Box<dyn Any>) {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let slot: Rc<Cell<Option<AppState>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let app = AppState::new();
        provide_context(app);
        out.set(Some(app));
        view! {
            <I18nProvider>
                <leptos_router::components::Router>{f()}</leptos_router::components::Router>
            </I18nProvider>
        }
    });
    let app = slot.take().expect("the view was built");
    (root, app, Box::new(handle))
}

/// Resolves after `ms` milliseconds (a `setTimeout` promise).
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Lets effects run, then a short timeout (for focus moves and queued events), then effects.
pub async fn settle() {
    leptos::task::tick().await;
    sleep(20).await;
    leptos::task::tick().await;
}

pub fn find<T: JsCast>(root: &Element, sel: &str) -> T {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no {sel}"))
        .dyn_into()
        .unwrap()
}

pub fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// The button whose text is `text` (trimmed).
pub fn button(root: &Element, text: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text:?}"))
        .unchecked_into()
}

pub fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

/// Types `value` into an input the way a browser reports it: set the value, fire `input`.
pub fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}
