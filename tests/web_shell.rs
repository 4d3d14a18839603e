//! The shell and the localStorage adapter in a real browser (headless Chrome and Firefox).
#![cfg(target_arch = "wasm32")]

use mi_account_demo::core::kv::Kv;
use mi_account_demo::core::store::{Prefs, Store};
use mi_account_demo::web::storage::WebKv;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_root(id: &str) -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    let el = document().create_element("div").unwrap();
    el.set_id(id);
    document().body().unwrap().append_child(&el).unwrap();
    el.dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_the_demo_notice_and_header_links() {
    let root = fresh_root("shell-test");
    let _handle = leptos::mount::mount_to(root.clone(), || {
        use mi_account_demo::i18n::{I18n, Locale};
        leptos::view! { <mi_account_demo::App i18n=I18n::new(Locale::en) /> }
    });
    leptos::task::tick().await;
    let note = root
        .query_selector(".demo-notice")
        .unwrap()
        .expect("demo notice");
    assert_eq!(
        note.text_content().unwrap(),
        "Demo — not affiliated with Xiaomi. Nothing you type leaves this browser."
    );
    let links: Vec<String> = {
        let list = root.query_selector_all(".site-links a").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(links, ["User Agreement", "Privacy Policy", "Help"]);
    let select = root
        .query_selector(".lang-menu select")
        .unwrap()
        .expect("language menu");
    assert!(
        select.closest("label").unwrap().is_some(),
        "the menu is labelled"
    );
}

#[wasm_bindgen_test]
fn local_storage_round_trips_through_the_kv_trait() {
    let (kv, persistent) = WebKv::open();
    assert!(persistent, "a normal test page has localStorage");
    kv.set("xa.test.k", "v").unwrap();
    assert_eq!(kv.get("xa.test.k").unwrap().as_deref(), Some("v"));
    assert!(kv.keys().unwrap().contains(&"xa.test.k".to_string()));
    kv.remove("xa.test.k").unwrap();
    assert_eq!(kv.get("xa.test.k").unwrap(), None);
}

#[wasm_bindgen_test]
fn prefs_land_in_local_storage_as_json() {
    let (kv, _) = WebKv::open();
    let store = Store::new(kv);
    store
        .set_prefs(&Prefs {
            lang: Some("en".into()),
        })
        .unwrap();
    let raw = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("xa.prefs")
        .unwrap();
    assert_eq!(raw.as_deref(), Some(r#"{"lang":"en"}"#));
    store.kv().remove("xa.prefs").unwrap();
}
