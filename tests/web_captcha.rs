//! The captcha component in a real browser (headless Chrome and Firefox).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mi_account_demo::components::captcha::{Captcha, ERROR_ID};
use mi_account_demo::core::captcha::Challenge;
use mi_account_demo::i18n::I18nProvider;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.dyn_into().unwrap()
}

fn find<T: JsCast>(root: &HtmlElement, sel: &str) -> T {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no {sel}"))
        .dyn_into()
        .unwrap()
}

fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let cx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    cx.get_image_data(0.0, 0.0, w, h).unwrap().data().0
}

fn ch(answer: &str, at: i64) -> Challenge {
    Challenge {
        answer: answer.into(),
        issued_at: at,
    }
}

struct Mounted {
    root: HtmlElement,
    challenge: RwSignal<Challenge>,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    refreshed: RwSignal<u32>,
    _h: Box<dyn std::any::Any>,
}

fn mount() -> Mounted {
    let root = fresh_root();
    let challenge = RwSignal::new(ch("K7PAX", 1));
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let refreshed = RwSignal::new(0u32);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let on_refresh = move |_| {
            refreshed.update(|n| *n += 1);
            challenge.set(ch("HM4WE", 2));
        };
        view! {
            <I18nProvider>
                <Captcha challenge=challenge on_refresh=on_refresh value=value error=error />
            </I18nProvider>
        }
        .into_any()
    });
    Mounted {
        root,
        challenge,
        value,
        error,
        refreshed,
        _h: Box::new(_h),
    }
}

#[wasm_bindgen_test]
async fn canvas_is_drawn_and_redrawn_after_refresh() {
    let m = mount();
    leptos::task::tick().await;
    let canvas: HtmlCanvasElement = find(&m.root, "canvas");
    let before = pixels(&canvas);
    let inked = before.chunks(4).filter(|p| p[3] > 0).count();
    assert!(inked > 200, "only {inked} non-transparent pixels");

    m.value.set("zz".into());
    find::<HtmlElement>(&m.root, ".captcha-refresh").click();
    leptos::task::tick().await;
    assert_eq!(m.refreshed.get_untracked(), 1);
    assert_eq!(m.challenge.get_untracked().answer, "HM4WE");
    assert_eq!(m.value.get_untracked(), "", "a new image clears the field");
    assert_ne!(pixels(&canvas), before, "the new challenge is drawn");
}

#[wasm_bindgen_test]
async fn canvas_label_and_buttons_are_accessible_and_do_not_reveal_the_answer() {
    let m = mount();
    leptos::task::tick().await;
    let canvas: HtmlElement = find(&m.root, "canvas");
    assert_eq!(canvas.get_attribute("role").as_deref(), Some("img"));
    let label = canvas.get_attribute("aria-label").unwrap();
    assert_eq!(label, "Verification image");
    assert!(!label.to_uppercase().contains("K7PAX"));
    assert!(
        !m.root.inner_html().contains("K7PAX"),
        "answer not in the DOM"
    );

    let refresh: HtmlElement = find(&m.root, "button.captcha-refresh");
    assert_eq!(refresh.text_content().unwrap(), "Show a new image");
    // Listen is either a button (speech available) or a note; speaking never throws.
    match m.root.query_selector("button.captcha-listen").unwrap() {
        Some(b) => b.dyn_into::<HtmlElement>().unwrap().click(),
        None => assert!(m.root.query_selector(".captcha-note").unwrap().is_some()),
    }
    leptos::task::tick().await;
    if let Ok(s) = web_sys::window().unwrap().speech_synthesis() {
        if !s.is_undefined() {
            s.cancel();
        }
    }

    let input: HtmlInputElement = find(&m.root, "input");
    let label = m.root.query_selector("label").unwrap().unwrap();
    assert_eq!(label.get_attribute("for"), Some(input.id()));
    assert_eq!(label.text_content().unwrap(), "Enter the characters");
    for (a, v) in [
        ("autocomplete", "off"),
        ("autocapitalize", "off"),
        ("spellcheck", "false"),
    ] {
        assert_eq!(input.get_attribute(a).as_deref(), Some(v), "{a}");
    }
    // The answer fits typed with a space between every character, as check() allows.
    let max: usize = input.get_attribute("maxlength").unwrap().parse().unwrap();
    assert!(max >= 2 * mi_account_demo::core::captcha::LEN - 1, "{max}");
}

#[wasm_bindgen_test]
async fn typing_updates_the_value() {
    let m = mount();
    leptos::task::tick().await;
    let input: HtmlInputElement = find(&m.root, "input");
    input.set_value("k7p");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(m.value.get_untracked(), "k7p");
}

#[wasm_bindgen_test]
async fn an_error_is_tied_to_the_field() {
    let m = mount();
    leptos::task::tick().await;
    let input: HtmlInputElement = find(&m.root, "input");
    assert_eq!(input.get_attribute("aria-invalid"), None);
    assert!(m.root.query_selector(".captcha-error").unwrap().is_none());

    m.error.set(Some(
        "The characters don't match. Try the new image.".into(),
    ));
    leptos::task::tick().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap();
    assert!(described.split(' ').any(|id| id == ERROR_ID), "{described}");
    let msg = m
        .root
        .query_selector(&format!("#{ERROR_ID}"))
        .unwrap()
        .unwrap();
    assert_eq!(
        msg.text_content().unwrap(),
        "The characters don't match. Try the new image."
    );

    m.error.set(None);
    leptos::task::tick().await;
    assert_eq!(input.get_attribute("aria-invalid"), None);
    assert!(!input
        .get_attribute("aria-describedby")
        .unwrap()
        .contains(ERROR_ID));
}

#[wasm_bindgen_test]
async fn typing_after_an_error_hides_it_until_the_next_check() {
    let m = mount();
    leptos::task::tick().await;
    let input: HtmlInputElement = find(&m.root, "input");
    m.error
        .set(Some("Enter the characters in the image".into()));
    leptos::task::tick().await;
    assert!(m.root.query_selector(".captcha-error").unwrap().is_some());

    input.set_value("k");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!(m.root.query_selector(".captcha-error").unwrap().is_none());
    assert_eq!(input.get_attribute("aria-invalid"), None);

    // The next check's error shows again, even when it says the same.
    m.error
        .set(Some("Enter the characters in the image".into()));
    leptos::task::tick().await;
    assert!(m.root.query_selector(".captcha-error").unwrap().is_some());
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
}
