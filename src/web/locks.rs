//! A cross-tab lock around every read-modify-write of the store (the Web Locks API,
//! `navigator.locks.request`).
//!
//! localStorage has no transactions: two tabs that both read "this phone is free" and then both
//! write would create two accounts for it. Under one lock per origin, the second tab reads only
//! after the first has written. The critical section is synchronous (the store's reads and its
//! all-or-none write); slow work such as password hashing happens before taking the lock, and
//! the section checks again what it read before (e.g. that the identifier is still free).
//!
//! The lock is held one task longer than the section runs: the writes reach the other tabs'
//! copies of storage through the browser's own messaging, and the next holder should read after
//! them. Where the API is missing (an insecure context, an old browser) or refuses, the section
//! runs unlocked, as it would without this module: a tab is never stuck.
//!
//! web-sys has the API only behind its unstable flag, so it is reached through `js_sys::Reflect`.

use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// One lock for the whole store: actions are short, and one name cannot deadlock.
pub const STORE_LOCK: &str = "xa.store";

fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Whether this browser gives us cross-tab locks here.
pub fn available() -> bool {
    lock_manager().is_some()
}

/// A promise that resolves in a later task, so the lock outlives this task's writes.
fn next_task() -> Promise {
    Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window()
            .map(|w| w.set_timeout_with_callback(&resolve).is_ok())
            .unwrap_or(false);
        if !scheduled {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    })
}

/// Runs `section` while this tab holds the store lock, and returns what it returned.
pub async fn with_lock<T: 'static>(section: impl FnOnce() -> T + 'static) -> T {
    type Section<T> = Rc<RefCell<Option<Box<dyn FnOnce() -> T>>>>;
    let section: Section<T> = Rc::new(RefCell::new(Some(Box::new(section))));
    let out: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    if let Some(locks) = lock_manager() {
        let (s, o) = (section.clone(), out.clone());
        let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            if let Some(f) = s.borrow_mut().take() {
                *o.borrow_mut() = Some(f());
            }
            next_task().into()
        });
        let request = Reflect::get(&locks, &JsValue::from_str("request"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        if let Some(request) = request {
            if let Ok(p) = request.call2(&locks, &JsValue::from_str(STORE_LOCK), &granted) {
                // A rejection (the request was refused) leaves the section to run below.
                let _ = JsFuture::from(Promise::resolve(&p)).await;
            }
        }
    }
    if let Some(v) = out.borrow_mut().take() {
        return v;
    }
    let f = section
        .borrow_mut()
        .take()
        .expect("the section runs exactly once");
    f()
}
