//! A cross-tab lock around every read-modify-write of the store (the Web Locks API,
//! `navigator.locks.request`).
//!
//! localStorage has no transactions: two tabs that both read "this phone is free" and then both
//! write would create two accounts for it, and a tab that writes back an account it read a while
//! ago (a page keeps the copy it was drawn with) undoes what another tab changed since. Under one
//! lock per origin, the second tab reads only after the first has written. The critical section
//! is synchronous (the store's reads and its all-or-none write) and re-reads everything it
//! modifies, applying the change to that fresh copy; slow work such as password hashing happens
//! before taking the lock, and the section checks again what it read before (e.g. that the
//! identifier is still free, that the password it verified is still the account's).
//!
//! Every read-modify-write goes through here: sign-up's and the phone's account creation, the
//! demo clock, erase, import and the storage panel's removal; code records (send and check, in
//! `components::code_sender`); and every change to an existing account, through
//! `web::auth::update_account` (re-read the account inside the section, change it, write it) and
//! the actions built on it in `web::auth`: signing in and out, a password change or reset, the
//! sign-in attempt's failure count and re-hash (`check_password`, `check_code_sign_in`), and the
//! account center's password check, which counts on the same throttle (`password_matches`); the
//! phone's record (`pages::phone`).
//!
//! A lock alone is not enough: each tab reads its own copy of localStorage, which the browser
//! updates from the other tabs' writes by messages that may arrive after the lock has passed on.
//! Sections queued behind each other (the end-to-end race test makes exactly that) then showed
//! the second tab a store without the first tab's account, and two accounts resulted. So the
//! lock is held for [`SETTLE_MS`] after the section, time for its writes to reach every tab,
//! while the caller goes on at once with the section's result. Where the API is missing (an
//! insecure context, an old browser) or refuses, the section runs unlocked, as it would without
//! this module: a tab is never stuck.
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
/// How long the lock outlives a section so that its writes reach the other tabs first. Chromium
/// delivers them within a few milliseconds even on a loaded machine; a queued tab waits at most
/// this long, and the tab that wrote never waits.
pub const SETTLE_MS: i32 = 100;

fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Whether this browser gives us cross-tab locks here.
pub fn available() -> bool {
    lock_manager().is_some()
}

/// A promise that resolves after `ms` milliseconds.
fn after(ms: i32) -> Promise {
    Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window()
            .map(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                    .is_ok()
            })
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
        // Resolved as soon as the section has run, while the lock is still held.
        let mut ran: Option<Function> = None;
        let section_done = Promise::new(&mut |resolve, _reject| ran = Some(resolve));
        let (s, o) = (section.clone(), out.clone());
        let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            if let Some(f) = s.borrow_mut().take() {
                *o.borrow_mut() = Some(f());
            }
            if let Some(resolve) = ran {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
            after(SETTLE_MS).into()
        });
        let request = Reflect::get(&locks, &JsValue::from_str("request"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        if let Some(request) = request {
            if let Ok(p) = request.call2(&locks, &JsValue::from_str(STORE_LOCK), &granted) {
                // The section ran, or the request settled without running it (refused): then
                // the section runs below.
                let either = js_sys::Array::of2(&section_done, &Promise::resolve(&p));
                let _ = JsFuture::from(Promise::race(&either)).await;
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
