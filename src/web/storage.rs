//! localStorage behind the [`Kv`] trait. Blocked or missing storage falls back to memory, so the
//! app keeps working for the life of the tab (and says so). A full storage is remembered here
//! ([`last_write_full`], a signal), so the banner can say why an action failed whichever page
//! ran it.

use crate::core::kv::{Kv, KvError, MemoryKv};
use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Whether the latest write failed because storage was full (cleared by the next write
    /// that lands). A signal of its own, outside any component, so the banner that reads it
    /// sees every change whichever page or task wrote.
    static FULL: ArcRwSignal<bool> = ArcRwSignal::new(false);
    /// Set from a failure until the end of the current task, so that the writes of the batch's
    /// rollback (which land) do not clear what the failure just said.
    static SETTLING: Cell<bool> = const { Cell::new(false) };
}

/// Whether the latest write failed for lack of room (tracked where read in a reactive view).
pub fn last_write_full() -> bool {
    FULL.with(|f| f.get())
}

/// Forgets a failure of the app's own start-up writes (the schema marker): the banner's "your
/// last change was not saved" is about the visitor's changes, and the first of those that
/// fails says so.
pub fn forget_full() {
    set_full(false);
}

fn set_full(full: bool) {
    FULL.with(|f| {
        if f.get_untracked() != full {
            f.set(full);
        }
    });
}

/// Notes the outcome of a write.
fn note<T>(result: Result<T, KvError>) -> Result<T, KvError> {
    let full = matches!(result, Err(KvError::Full));
    if full && !SETTLING.with(|s| s.replace(true)) {
        wasm_bindgen_futures::spawn_local(async { SETTLING.with(|s| s.set(false)) });
    }
    // Any other failure says nothing about room; only a later write that lands clears it.
    if full || (result.is_ok() && !SETTLING.with(Cell::get)) {
        set_full(full);
    }
    result
}

pub enum WebKv {
    Local(web_sys::Storage),
    /// sessionStorage: its own quota, so its writes say nothing about localStorage's room (a
    /// sign-up step saved there after a code failed to store must not clear the banner).
    Session(web_sys::Storage),
    Memory(MemoryKv),
}

impl WebKv {
    /// Opens localStorage, or memory if the browser refuses it. The flag says which.
    pub fn open() -> (Self, bool) {
        let local = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            // Some browsers hand out a storage object that throws on first use.
            .filter(|s| s.length().is_ok());
        match local {
            Some(s) => (WebKv::Local(s), true),
            None => (WebKv::Memory(MemoryKv::new()), false),
        }
    }
}

impl WebKv {
    /// sessionStorage (per tab), or memory if the browser refuses it.
    pub fn open_session() -> Self {
        web_sys::window()
            .and_then(|w| w.session_storage().ok().flatten())
            .filter(|s| s.length().is_ok())
            .map_or_else(|| WebKv::Memory(MemoryKv::new()), WebKv::Session)
    }
}

/// The browser's exception as a [`KvError`]: Chrome and Firefox name a full storage
/// `QuotaExceededError` (old Firefox `NS_ERROR_DOM_QUOTA_REACHED`), a blocked one `SecurityError`.
pub fn to_kv_error(e: JsValue) -> KvError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(ex) => match ex.name().as_str() {
            "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => KvError::Full,
            "SecurityError" => KvError::Unavailable,
            _ => KvError::Other(ex.message()),
        },
        None => KvError::Other(format!("{e:?}")),
    }
}

impl Kv for WebKv {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        match self {
            WebKv::Local(s) | WebKv::Session(s) => s.get_item(key).map_err(to_kv_error),
            WebKv::Memory(m) => m.get(key),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), KvError> {
        match self {
            WebKv::Local(s) => note(s.set_item(key, value).map_err(to_kv_error)),
            WebKv::Session(s) => s.set_item(key, value).map_err(to_kv_error),
            // Memory has no quota, so it has nothing to say about room; and a sessionStorage
            // that fell back to memory must not clear what localStorage said either.
            WebKv::Memory(m) => m.set(key, value),
        }
    }

    fn remove(&self, key: &str) -> Result<(), KvError> {
        match self {
            WebKv::Local(s) | WebKv::Session(s) => s.remove_item(key).map_err(to_kv_error),
            WebKv::Memory(m) => m.remove(key),
        }
    }

    fn keys(&self) -> Result<Vec<String>, KvError> {
        match self {
            WebKv::Local(s) | WebKv::Session(s) => {
                let n = s.length().map_err(to_kv_error)?;
                let mut keys = Vec::with_capacity(n as usize);
                for i in 0..n {
                    if let Some(k) = s.key(i).map_err(to_kv_error)? {
                        keys.push(k);
                    }
                }
                Ok(keys)
            }
            WebKv::Memory(m) => m.keys(),
        }
    }
}
