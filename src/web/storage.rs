//! localStorage behind the [`Kv`] trait. Blocked or missing storage falls back to memory, so the
//! app keeps working for the life of the tab (and says so).

use crate::core::kv::{Kv, KvError, MemoryKv};
use wasm_bindgen::{JsCast, JsValue};

pub enum WebKv {
    Local(web_sys::Storage),
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
            .map_or_else(|| WebKv::Memory(MemoryKv::new()), WebKv::Local)
    }
}

fn to_kv_error(e: JsValue) -> KvError {
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
            WebKv::Local(s) => s.get_item(key).map_err(to_kv_error),
            WebKv::Memory(m) => m.get(key),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), KvError> {
        match self {
            WebKv::Local(s) => s.set_item(key, value).map_err(to_kv_error),
            WebKv::Memory(m) => m.set(key, value),
        }
    }

    fn remove(&self, key: &str) -> Result<(), KvError> {
        match self {
            WebKv::Local(s) => s.remove_item(key).map_err(to_kv_error),
            WebKv::Memory(m) => m.remove(key),
        }
    }

    fn keys(&self) -> Result<Vec<String>, KvError> {
        match self {
            WebKv::Local(s) => {
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
