//! The browser side of the traits in `crate::core`: localStorage behind [`Kv`], `Date.now()`
//! behind [`Clock`], and the one shared [`Env`] the pages read them through.

pub mod auth;
pub mod crypto;
pub mod locks;
pub mod storage;

use crate::core::clock::{Clock, Millis, OffsetClock};
use crate::core::regions::{self, Region};
use crate::core::store::{SessionStore, Store};
use std::cell::Cell;
use std::rc::Rc;
use storage::WebKv;

/// Real browser time.
#[derive(Debug, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> Millis {
        js_sys::Date::now() as Millis
    }
}

/// What every page shares: the store and the demo clock.
pub struct Env {
    pub store: Store<WebKv>,
    pub clock: OffsetClock<BrowserClock>,
    /// False when localStorage is blocked and the store lives in this tab's memory only.
    pub persistent: bool,
}

impl Env {
    /// The demo clock's time: real time plus the offset the demo tools set.
    pub fn now(&self) -> Millis {
        self.clock.now_ms()
    }
}

thread_local! {
    static ENV: std::cell::OnceCell<Rc<Env>> = const { std::cell::OnceCell::new() };
}

/// The shared environment, opened on first use.
pub fn env() -> Rc<Env> {
    ENV.with(|cell| {
        cell.get_or_init(|| {
            let (kv, persistent) = WebKv::open();
            let store = Store::new(kv);
            // A store we cannot initialise still works for reading; the error shows up on the
            // first write, where the action reports it.
            let _ = store.init();
            storage::forget_full();
            let offset = store.clock_offset().unwrap_or(0);
            Rc::new(Env {
                store,
                clock: OffsetClock {
                    base: BrowserClock,
                    offset: Cell::new(offset),
                },
                persistent,
            })
        })
        .clone()
    })
}

thread_local! {
    static BASE: String = read_base_path();
}

thread_local! {
    static SESSION: Rc<SessionStore<WebKv>> = Rc::new(SessionStore::new(WebKv::open_session()));
}

/// This tab's own store (sessionStorage, or memory if blocked).
pub fn session() -> Rc<SessionStore<WebKv>> {
    SESSION.with(Rc::clone)
}

/// The region a new visitor most likely wants, from the browser's preferred languages.
pub fn guess_region() -> &'static Region {
    let tags: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|langs| langs.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    regions::guess_from_languages(&tags)
}

/// "Chrome on Linux": what the devices list shows for this browser, from the user agent.
pub fn device_label() -> String {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    crate::core::device::label(&ua)
}

/// Fetches one of the app's own data files (under the base path) as text. The request starts
/// when this is called, not when the future is first awaited, so two can be on their way at once.
pub fn fetch_text(path: &str) -> impl std::future::Future<Output = Result<String, String>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let started = web_sys::window()
        .ok_or_else(|| "no window".to_string())
        .map(|w| JsFuture::from(w.fetch_with_str(&href(path))));
    async move {
        let resp = started?.await.map_err(|e| format!("{e:?}"))?;
        let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response")?;
        if !resp.ok() {
            return Err(format!("HTTP {}", resp.status()));
        }
        let text = JsFuture::from(resp.text().map_err(|e| format!("{e:?}"))?)
            .await
            .map_err(|e| format!("{e:?}"))?;
        text.as_string().ok_or_else(|| "not text".into())
    }
}

/// `future`'s output, or `None` if `ms` milliseconds pass first (the future is then dropped).
pub async fn within<F: std::future::Future>(ms: i32, future: F) -> Option<F::Output> {
    use std::future::Future as _;
    use std::task::Poll;
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let mut timer = std::pin::pin!(wasm_bindgen_futures::JsFuture::from(timer));
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(out) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(out));
        }
        timer.as_mut().poll(cx).map(|_| None)
    })
    .await
}

/// The path the app is served under, from `<base href>` (which trunk's `--public-url` sets):
/// "" at a site root, "/demo" under a subpath.
pub fn base_path() -> String {
    BASE.with(Clone::clone)
}

/// An in-app path ("/signup") as a link target under the base ("/demo/signup"). The router
/// leaves absolute `<A href>`s alone, so every link goes through here; `use_navigate` and
/// `<Redirect>` add the base themselves and take the bare path.
pub fn href(path: &str) -> String {
    BASE.with(|b| format!("{b}{path}"))
}

fn read_base_path() -> String {
    let base_uri = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    let path = base_uri
        .and_then(|u| web_sys::Url::new(&u).ok())
        .map(|u| u.pathname())
        .unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}
