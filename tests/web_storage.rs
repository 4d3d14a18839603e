//! Storage faults in a real browser (headless Chrome and Firefox), against the real
//! localStorage: each fault is injected by replacing `Storage.prototype.setItem` (or the
//! `localStorage` getter) with one that throws the browser's own `DOMException`, then every user
//! action's writes are checked to land all or none. Also: the v1 sample migrates in the browser,
//! broken records are listed and removed through the storage panel, the cross-tab lock
//! serialises sections, and the panic panel draws itself from plain DOM.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use mi_account_demo::components::storage_panel::StorageProblems;
use mi_account_demo::core::account::{Account, IdKind};
use mi_account_demo::core::backup;
use mi_account_demo::core::codes::{CodeRecord, Purpose};
use mi_account_demo::core::kv::KvError;
use mi_account_demo::core::migrate::Opened;
use mi_account_demo::core::rng::TestRng;
use mi_account_demo::core::signin::new_session;
use mi_account_demo::core::store::{Prefs, Store, StoreError};
use mi_account_demo::panic_panel::{self, PanicText};
use mi_account_demo::web::{self, locks, storage, storage::WebKv};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const V1: &str = include_str!("fixtures/store-v1.json");

/// Runs a snippet of JavaScript (the test runner's page has no CSP).
fn js(body: &str) {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::UNDEFINED)
        .expect("the snippet runs");
}

/// From now on `setItem` lets `allowed` calls through, then throws a `DOMException` named
/// `name` for every call; [`restore`] puts the browser's own back.
fn fail_set_item_after(allowed: u32, name: &str) {
    js(&format!(
        "const s = Storage.prototype;
         if (!s.__realSetItem) s.__realSetItem = s.setItem;
         let left = {allowed};
         s.setItem = function (k, v) {{
           if (left-- > 0) return s.__realSetItem.call(this, k, v);
           throw new DOMException('injected', '{name}');
         }};"
    ));
}

/// From now on `setItem` throws `QuotaExceededError` when the origin's storage would hold more
/// than `units` UTF-16 code units (keys and values), as browsers count it: a write that shrinks
/// what is stored always fits.
fn set_quota(units: usize) {
    js(&format!(
        "const s = Storage.prototype;
         if (!s.__realSetItem) s.__realSetItem = s.setItem;
         s.setItem = function (k, v) {{
           let used = 0;
           for (let i = 0; i < this.length; i++) {{
             const key = this.key(i);
             if (key !== k) used += key.length + this.getItem(key).length;
           }}
           if (used + String(k).length + String(v).length > {units}) {{
             throw new DOMException('injected', 'QuotaExceededError');
           }}
           return s.__realSetItem.call(this, k, v);
         }};"
    ));
}

fn units(m: &BTreeMap<String, String>) -> usize {
    m.iter()
        .map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count())
        .sum()
}

fn restore() {
    js("const s = Storage.prototype;
        if (s.__realSetItem) { s.setItem = s.__realSetItem; delete s.__realSetItem; }");
}

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Everything in localStorage.
fn snapshot() -> BTreeMap<String, String> {
    let s = local();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .map(|k| {
            let v = s.get_item(&k).unwrap().unwrap();
            (k, v)
        })
        .collect()
}

fn clean() {
    restore();
    local().clear().unwrap();
    let _ = web::env().store.init();
}

fn store() -> Store<WebKv> {
    Store::new(WebKv::open().0)
}

fn account(id: &str, phone: Option<&str>, email: Option<&str>) -> Account {
    Account::new(
        id.into(),
        "CN".into(),
        phone.map(Into::into),
        email.map(Into::into),
        "$pbkdf2-sha256$i=600000,l=32$AAECAwQFBgcICQoLDA0ODw$GhrrX29/6J/VVJBQcHTUhBtyDDJ7j9geKPQcr+CE9ec"
            .into(),
        1,
    )
}

type Action = fn(&Store<WebKv>) -> Result<(), StoreError>;

/// Each user action, as the pages call the store.
fn actions() -> Vec<(&'static str, Action)> {
    vec![
        ("sign up", |s| {
            s.create_account(&account("2234567890", None, Some("ann@example.com")))
        }),
        ("sign in", |s| {
            let mut a = account("1234567890", Some("+8613812345678"), None);
            let session = new_session(&a.id, 10, &TestRng::new(3), "dev", "Chrome on Linux");
            a.sign_in_device("dev", "Chrome on Linux", &session.token, 10);
            s.sign_in(&a, &session)
        }),
        ("change phone, add email", |s| {
            let a = account("1234567890", Some("+8613812345678"), None);
            let mut b = a.clone();
            b.phone = Some("+8613900000000".into());
            b.email = Some("a@b.com".into());
            s.update_contacts(&a, &b)
        }),
        ("edit nickname", |s| {
            let mut a = account("1234567890", Some("+8613812345678"), None);
            a.nickname = "<img src=x onerror=alert(1)>".chars().take(20).collect();
            s.put_account(&a)
        }),
        ("send a code", |s| {
            let mut rec = CodeRecord::new(Purpose::SignUp);
            rec.sends.push(5);
            s.put_code_record("x@example.com", &rec)
        }),
        ("choose language", |s| {
            s.set_prefs(&Prefs {
                lang: Some("ar".into()),
            })
        }),
        ("move demo clock", |s| s.set_clock_offset(600_000)),
        ("import accounts", |s| {
            let json = format!(
                r#"{{"format":"{}","schema":2,"accounts":[{},{}]}}"#,
                backup::FORMAT,
                serde_json::to_string(&account("3234567890", None, Some("c@example.com"))).unwrap(),
                serde_json::to_string(&account("4234567890", Some("+8613700000000"), None))
                    .unwrap()
            );
            backup::apply(s, &json).map(drop).map_err(|e| match e {
                backup::ApplyError::Store(e) => e,
                backup::ApplyError::File(f) => panic!("{f:?}"),
            })
        }),
    ]
}

/// Every user action at every quota between "what is stored now" and "what the action needs":
/// each either lands whole or fails as "full" leaving localStorage exactly as it was, and the
/// banner's flag follows.
#[wasm_bindgen_test]
async fn a_full_storage_fails_each_action_whole_at_every_quota() {
    let mut faults = 0;
    let mut runs = 0;
    for (name, action) in actions() {
        clean();
        store()
            .create_account(&account("1234567890", Some("+8613812345678"), None))
            .unwrap();
        let start = snapshot();
        let reset = || {
            restore();
            local().clear().unwrap();
            for (k, v) in &start {
                local().set_item(k, v).unwrap();
            }
        };
        action(&store()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let full = snapshot();
        let mut failed = false;
        for quota in units(&start)..=units(&full) {
            reset();
            set_quota(quota);
            let result = action(&store());
            restore();
            runs += 1;
            match result {
                Err(StoreError::Kv(KvError::Full)) => {
                    faults += 1;
                    failed = true;
                    assert_eq!(snapshot(), start, "{name}: half written at quota {quota}");
                    assert!(storage::last_write_full(), "{name}: the banner's flag");
                }
                Ok(()) => assert_eq!(snapshot(), full, "{name} at quota {quota}"),
                Err(e) => panic!("{name}: {e}"),
            }
        }
        assert!(failed, "{name} needs room, so some quota refuses it");
        // A write to sessionStorage, with its own quota, says nothing about this one's room
        // (the sign-up saves its step there after a code failed to store).
        reset();
        set_quota(units(&start));
        assert!(
            action(&store()).is_err(),
            "{name}: refused at the smallest quota"
        );
        restore();
        settle().await;
        {
            use mi_account_demo::core::kv::Kv;
            let session = storage::WebKv::open_session();
            session.set("xa.test", "1").unwrap();
            session.remove("xa.test").unwrap();
        }
        assert!(
            storage::last_write_full(),
            "{name}: cleared by sessionStorage"
        );
        // A write that lands, in a later task, clears the flag.
        store().set_clock_offset(0).unwrap();
        assert!(!storage::last_write_full());
    }
    web_sys::console::log_1(
        &format!("quota: {runs} runs, {faults} QuotaExceededError faults injected").into(),
    );
    assert!(faults >= 8);
    clean();
}

/// A storage that turns blocked mid-session (SecurityError) reads as unavailable, also all or
/// none; one that is blocked from the start falls back to memory, where the app still works.
#[wasm_bindgen_test]
fn blocked_storage_is_unavailable_and_falls_back_to_memory() {
    clean();
    let s = store();
    s.create_account(&account("1234567890", Some("+8613812345678"), None))
        .unwrap();
    let start = snapshot();
    fail_set_item_after(1, "SecurityError");
    let result = actions()[0].1(&s);
    restore();
    assert_eq!(result, Err(StoreError::Kv(KvError::Unavailable)));
    assert_eq!(snapshot(), start);

    js(
        "window.__realLocalStorage = Object.getOwnPropertyDescriptor(window, 'localStorage');
        Object.defineProperty(window, 'localStorage', {
          configurable: true,
          get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
        });",
    );
    let (kv, persistent) = WebKv::open();
    js("if (window.__realLocalStorage) Object.defineProperty(window, 'localStorage', window.__realLocalStorage);
        else delete window.localStorage;");
    assert!(!persistent);
    assert!(matches!(kv, WebKv::Memory(_)));
    let memory = Store::new(kv);
    assert_eq!(memory.init(), Ok(Opened::New));
    let a = account("5234567890", None, Some("mem@example.com"));
    memory.create_account(&a).unwrap();
    assert_eq!(
        memory
            .find_account(IdKind::Email, "mem@example.com")
            .unwrap(),
        Some(a)
    );
    // Nothing reached the real localStorage.
    assert_eq!(snapshot(), start);
    clean();
}

/// The stored v1 sample, loaded into this browser's localStorage, migrates: the user stays
/// signed in and every other record is kept, other apps' keys included.
#[wasm_bindgen_test]
fn the_v1_sample_migrates_in_the_browser() {
    clean();
    local().clear().unwrap();
    let sample: BTreeMap<String, String> = serde_json::from_str(V1).unwrap();
    for (k, v) in &sample {
        local().set_item(k, v).unwrap();
    }
    let s = store();
    assert_eq!(s.init(), Ok(Opened::Migrated { from: 1 }));
    let session = s.session().unwrap().unwrap();
    assert!(s
        .account("1234567890")
        .unwrap()
        .unwrap()
        .session_valid(&session));
    let after = snapshot();
    assert_eq!(after["xa.meta"], r#"{"v":3}"#);
    assert_eq!(after["theme"], "dark");
    for k in sample.keys() {
        assert!(after.contains_key(k), "{k} was lost");
    }
    assert!(s.problems().unwrap().is_empty());

    // A store from a newer version is never written, and says so.
    local().set_item("xa.meta", r#"{"v":4}"#).unwrap();
    let s = store();
    assert_eq!(s.init(), Ok(Opened::Newer(4)));
    let before = snapshot();
    assert_eq!(
        s.set_clock_offset(1),
        Err(StoreError::Kv(KvError::ReadOnly))
    );
    assert_eq!(snapshot(), before);
    clean();
}

/// Broken records are named in the demo tools' panel (keys as text, never markup), every other
/// record stays readable, and "Remove" (after its confirmation) removes only the broken one.
#[wasm_bindgen_test]
async fn the_storage_panel_lists_broken_records_and_removes_one() {
    clean();
    let env = web::env();
    let good = account("1234567890", Some("+8613812345678"), None);
    env.store.create_account(&good).unwrap();
    local()
        .set_item("xa.acct.2234567890", "{\"id\":\"2234567890\",")
        .unwrap();
    local()
        .set_item("xa.throttle.1234567890", r#"{"failures":"many"}"#)
        .unwrap();
    local()
        .set_item("xa.<img src=x onerror=alert(1)>", "1")
        .unwrap();
    local().set_item("other-app", "{not ours").unwrap();
    let (root, _app, _h) = mount_app(|| view! { <StorageProblems /> });
    settle().await;
    sleep(30).await;
    let items = all(&root, ".problem");
    let keys: Vec<String> = items
        .iter()
        .map(|li| text(&find::<web_sys::Element>(li, ".problem-key")))
        .collect();
    assert_eq!(
        keys,
        [
            "xa.<img src=x onerror=alert(1)>",
            "xa.acct.2234567890",
            "xa.throttle.1234567890"
        ]
    );
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "keys are text"
    );
    assert!(text(&root).contains("Storage problems"));
    // The good account still reads.
    assert_eq!(env.store.account("1234567890").unwrap(), Some(good.clone()));

    let remove = all(&items[1], "button")
        .into_iter()
        .find(|b| text(b).trim() == "Remove")
        .unwrap();
    remove.unchecked_ref::<web_sys::HtmlElement>().click();
    settle().await;
    button(&root, "Remove record").click();
    // The removal waits for the store lock (another section may still hold it a moment).
    for _ in 0..100 {
        if local().get_item("xa.acct.2234567890").unwrap().is_none() {
            break;
        }
        sleep(20).await;
    }
    settle().await;
    assert_eq!(local().get_item("xa.acct.2234567890").unwrap(), None);
    assert!(text(&root).contains("Record removed."));
    assert_eq!(all(&root, ".problem").len(), 2);
    assert_eq!(
        local().get_item("other-app").unwrap().as_deref(),
        Some("{not ours")
    );
    assert_eq!(env.store.account("1234567890").unwrap(), Some(good));
    clean();
}

/// Sections under the store lock never interleave, even when the first one is still held for a
/// task; with the Web Locks API missing they still run.
#[wasm_bindgen_test]
async fn lock_sections_run_one_after_another() {
    assert!(locks::available(), "Web Locks in a secure context");
    let log = Rc::new(RefCell::new(Vec::new()));
    let tasks: Vec<_> = (0..5)
        .map(|i| {
            let log = log.clone();
            locks::with_lock(move || {
                log.borrow_mut().push(format!("start {i}"));
                log.borrow_mut().push(format!("end {i}"));
                i * 2
            })
        })
        .collect();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await);
    }
    assert_eq!(results, [0, 2, 4, 6, 8]);
    for pair in log.borrow().chunks(2) {
        assert_eq!(pair[0].replace("start", "end"), pair[1]);
    }

    js("window.__realLocks = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks');
        Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get() { return undefined; } });");
    assert!(!locks::available());
    let v = locks::with_lock(|| 42).await;
    js("Object.defineProperty(Navigator.prototype, 'locks', window.__realLocks);");
    assert_eq!(v, 42);
    assert!(locks::available());
}

/// The panel the panic hook draws: plain DOM, in the language the shell gave it, focused, with a
/// reload link to this very page. (A real panic would end this test's WebAssembly instance.)
#[wasm_bindgen_test]
fn the_panic_panel_is_plain_dom_with_a_reload_link() {
    panic_panel::set_text(PanicText {
        title: "出错了".into(),
        body: "演示因出错而停止。".into(),
        reload: "重新加载页面".into(),
    });
    let panel = panic_panel::show().expect("a panel");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        support::document().active_element().map(|e| e.id()),
        Some(panic_panel::PANEL_ID.to_string())
    );
    assert!(text(&panel).contains("出错了"));
    let link = find::<web_sys::Element>(&panel, "a");
    assert_eq!(text(&link), "重新加载页面");
    let here = web_sys::window().unwrap().location().href().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        here.split('#').next()
    );
    // Shown once, however often the hook runs.
    assert_eq!(panic_panel::show(), Some(panel.clone()));
    assert_eq!(
        all(&support::document().body().unwrap(), ".panic-panel").len(),
        1
    );
    panel.remove();
    panic_panel::set_text(PanicText::default());
}
