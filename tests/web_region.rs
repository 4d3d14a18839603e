//! The region picker in a real browser (headless Chrome and Firefox), driven by DOM events.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mi_account_demo::components::region_select::RegionSelect;
use mi_account_demo::core::regions::{by_code, common, Region, REGIONS};
use mi_account_demo::i18n::*;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The app's own tokens and styles, so layout (scrolling, visually-hidden text) is real.
fn styles() {
    if document().get_element_by_id("region-test-css").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("region-test-css");
    style.set_text_content(Some(concat!(
        include_str!("../style/tokens.css"),
        include_str!("../style/base.css"),
        include_str!("../style/region.css"),
    )));
    document().head().unwrap().append_child(&style).unwrap();
}

/// A fresh div with sign-up's picker in it (with its note), `selected` starting at `code`.
fn mount(code: &str) -> (Element, RwSignal<&'static Region>, Box<dyn std::any::Any>) {
    mount_with(code, true)
}

fn mount_with(
    code: &str,
    sign_up_note: bool,
) -> (Element, RwSignal<&'static Region>, Box<dyn std::any::Any>) {
    styles();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let selected = RwSignal::new(by_code(code).unwrap());
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! {
            <I18nProvider>
                <RegionSelect selected sign_up_note />
            </I18nProvider>
        }
    });
    (root, selected, Box::new(handle))
}

/// Lets effects and then the next animation frame run.
async fn settle() {
    leptos::task::tick().await;
    Frame(Rc::new(Cell::new(0))).await;
    leptos::task::tick().await;
}

/// Resolves after the browser has drawn a frame (and run `requestAnimationFrame` callbacks).
struct Frame(Rc<Cell<u8>>);
impl Future for Frame {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match self.0.get() {
            0 => {
                self.0.set(1);
                let (state, waker) = (self.0.clone(), cx.waker().clone());
                let done = Closure::once_into_js(move || {
                    state.set(2);
                    waker.wake();
                });
                // A timeout after the frame: rAF callbacks registered earlier have run by then.
                let later = Closure::once_into_js(move || {
                    web_sys::window()
                        .unwrap()
                        .set_timeout_with_callback(done.unchecked_ref())
                        .unwrap();
                });
                web_sys::window()
                    .unwrap()
                    .request_animation_frame(later.unchecked_ref())
                    .unwrap();
                Poll::Pending
            }
            1 => Poll::Pending,
            _ => Poll::Ready(()),
        }
    }
}

fn find(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn trigger(root: &Element) -> HtmlElement {
    find(root, "[role=combobox]").unwrap().unchecked_into()
}

fn search(root: &Element) -> HtmlInputElement {
    find(root, "input[role=combobox]")
        .expect("search box")
        .unchecked_into()
}

fn attr(el: &Element, name: &str) -> Option<String> {
    el.get_attribute(name)
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn focused() -> Option<Element> {
    document().active_element()
}

/// Dispatches a bubbling, cancelable keydown with this `key` (KeyboardEventInit is not among
/// the crate's web-sys features, so the event is built through JS).
fn key(target: &Element, key: &str) {
    let init = js_sys::Object::new();
    for (k, v) in [
        ("key", JsValue::from_str(key)),
        ("bubbles", JsValue::TRUE),
        ("cancelable", JsValue::TRUE),
    ] {
        js_sys::Reflect::set(&init, &k.into(), &v).unwrap();
    }
    let ctor: js_sys::Function =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"KeyboardEvent".into())
            .unwrap()
            .unchecked_into();
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let ev = js_sys::Reflect::construct(&ctor, &args).unwrap();
    target.dispatch_event(ev.unchecked_ref()).unwrap();
}

fn type_in(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
}

/// Name and code of each option on show, as "China +86".
fn options(root: &Element) -> Vec<String> {
    all(root, "[role=option]")
        .iter()
        .map(|o| {
            let name = text(&find(o, ".region-name").unwrap());
            let dial = text(&find(o, ".region-dial").unwrap());
            format!("{name} {dial}")
        })
        .collect()
}

fn active_text(root: &Element) -> String {
    let id = attr(&search(root), "aria-activedescendant").expect("an active option");
    let opt = document()
        .get_element_by_id(&id)
        .expect("the active option exists");
    assert_eq!(attr(&opt, "role").as_deref(), Some("option"));
    text(&find(&opt, ".region-name").unwrap())
}

#[wasm_bindgen_test]
async fn closed_field_shows_label_name_code_and_note() {
    let (root, _, _h) = mount("CN");
    settle().await;
    let t = trigger(&root);
    assert_eq!(attr(&t, "aria-expanded").as_deref(), Some("false"));
    assert_eq!(attr(&t, "aria-haspopup").as_deref(), Some("listbox"));
    assert!(
        find(&root, "[role=listbox]").is_none(),
        "no list while closed"
    );
    assert_eq!(text(&find(&t, ".region-value").unwrap()), "China");
    assert_eq!(text(&find(&t, ".region-dial").unwrap()), "+86");
    let label = document()
        .get_element_by_id(&attr(&t, "aria-labelledby").unwrap())
        .unwrap();
    assert_eq!(text(&label), "Country/Region");
    assert_eq!(attr(&label, "for"), Some(t.id()));
    let note = document()
        .get_element_by_id(&attr(&t, "aria-describedby").unwrap())
        .unwrap();
    assert_eq!(
        text(&note),
        "The region can't be changed after registration. If yours is missing, choose the \
         nearest — it only affects Mi Cloud storage pricing."
    );
}

#[wasm_bindgen_test]
async fn a_picker_outside_sign_up_has_no_region_note() {
    // Sign-in's calling-code selector: the note is about choosing an account's region.
    let (root, _, _h) = mount_with("CN", false);
    settle().await;
    let t = trigger(&root);
    assert_eq!(attr(&t, "aria-describedby"), None);
    assert!(find(&root, ".region-note").is_none(), "no note");
    assert_eq!(text(&find(&t, ".region-dial").unwrap()), "+86");
}

#[wasm_bindgen_test]
async fn opening_shows_common_group_first_then_a_to_z() {
    let (root, _, _h) = mount("US");
    settle().await;
    trigger(&root).click();
    settle().await;
    let t = trigger(&root);
    assert_eq!(attr(&t, "aria-expanded").as_deref(), Some("true"));
    let list = find(&root, "[role=listbox]").expect("listbox");
    assert_eq!(attr(&t, "aria-controls"), Some(list.id()));
    let input = search(&root);
    assert_eq!(attr(&input, "aria-controls"), Some(list.id()));
    assert_eq!(attr(&input, "aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        focused(),
        Some(input.clone().into()),
        "focus moves to search"
    );

    let groups = all(&list, "[role=group]");
    assert_eq!(groups.len(), 2);
    let label = |g: &Element| {
        text(
            &document()
                .get_element_by_id(&attr(g, "aria-labelledby").unwrap())
                .unwrap(),
        )
    };
    assert_eq!(label(&groups[0]), "Common");
    assert_eq!(label(&groups[1]), "All countries and regions (A–Z)");
    let firsts = options(&groups[0]);
    assert_eq!(firsts.len(), common().len());
    assert_eq!(firsts[0], "China +86");
    let rest = options(&groups[1]);
    assert_eq!(rest.len(), REGIONS.len());
    assert_eq!(rest[0], "Afghanistan +93");

    // The chosen region is the active option, and marked selected in both groups.
    assert_eq!(active_text(&root), "United States");
    let chosen: Vec<String> = all(&list, "[role=option][aria-selected=true]")
        .iter()
        .map(|o| text(&find(o, ".region-name").unwrap()))
        .collect();
    assert_eq!(chosen, ["United States", "United States"]);
    assert_eq!(
        all(&list, "[role=option][aria-selected=false]").len(),
        common().len() + REGIONS.len() - 2
    );
}

#[wasm_bindgen_test]
async fn typing_a_calling_code_filters_to_that_region() {
    let (root, _, _h) = mount("US");
    settle().await;
    trigger(&root).click();
    settle().await;
    let input = search(&root);
    for q in ["86", "+86", "cn", "chin"] {
        type_in(&input, q);
        settle().await;
        let shown = options(&root);
        assert_eq!(shown.first().map(String::as_str), Some("China +86"), "{q}");
        assert!(
            find(&root, "[role=group]").is_none(),
            "results are not grouped"
        );
        assert_eq!(active_text(&root), "China", "{q}: best match is active");
    }
    type_in(&input, "86");
    settle().await;
    assert_eq!(options(&root), ["China +86"]);
    assert_eq!(
        text(&find(&root, "[role=status]").unwrap()).trim(),
        "Matches: 1"
    );

    type_in(&input, "zzzz");
    settle().await;
    assert!(options(&root).is_empty());
    assert!(attr(&input, "aria-activedescendant").is_none());
    assert!(find(&root, ".region-empty").is_some());
    key(&input, "Enter");
    settle().await;
    assert_eq!(
        attr(&trigger(&root), "aria-expanded").as_deref(),
        Some("true")
    );

    type_in(&input, "");
    settle().await;
    assert_eq!(all(&root, "[role=group]").len(), 2, "groups are back");
    assert_eq!(active_text(&root), "United States");
}

#[wasm_bindgen_test]
async fn arrow_down_then_enter_selects_and_closes() {
    let (root, selected, _h) = mount("CN");
    settle().await;
    let t = trigger(&root);
    t.focus().unwrap();
    key(&t, "ArrowDown");
    settle().await;
    assert_eq!(attr(&t, "aria-expanded").as_deref(), Some("true"));
    let input = search(&root);
    assert_eq!(active_text(&root), "China", "opens at the chosen region");
    key(&input, "ArrowDown");
    settle().await;
    assert_eq!(active_text(&root), "India");
    let id = attr(&input, "aria-activedescendant").unwrap();
    let opt = document().get_element_by_id(&id).unwrap();
    assert!(opt.class_list().contains("active"));
    assert_eq!(attr(&opt, "aria-selected").as_deref(), Some("false"));
    key(&input, "ArrowUp");
    key(&input, "ArrowUp");
    settle().await;
    assert_eq!(active_text(&root), "China", "Up stops at the first option");
    key(&input, "ArrowDown");
    key(&input, "Enter");
    settle().await;
    assert_eq!(selected.get_untracked().code, "IN");
    assert_eq!(attr(&t, "aria-expanded").as_deref(), Some("false"));
    assert!(find(&root, "[role=listbox]").is_none());
    assert_eq!(text(&find(&t, ".region-value").unwrap()), "India");
    assert_eq!(text(&find(&t, ".region-dial").unwrap()), "+91");
    assert_eq!(focused(), Some(t.clone().into()), "focus back on the field");

    // Reopened, India is the active and the selected option.
    key(&t, "ArrowUp");
    settle().await;
    assert_eq!(active_text(&root), "India");
    let id = attr(&search(&root), "aria-activedescendant").unwrap();
    let opt = document().get_element_by_id(&id).unwrap();
    assert_eq!(attr(&opt, "aria-selected").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn escape_closes_without_changing_and_refocuses_the_field() {
    let (root, selected, _h) = mount("GB");
    settle().await;
    let t = trigger(&root);
    t.click();
    settle().await;
    let input = search(&root);
    key(&input, "ArrowDown");
    key(&input, "ArrowDown");
    settle().await;
    key(&input, "Escape");
    settle().await;
    assert_eq!(selected.get_untracked().code, "GB");
    assert_eq!(attr(&t, "aria-expanded").as_deref(), Some("false"));
    assert!(attr(&t, "aria-controls").is_none());
    assert!(find(&root, "[role=listbox]").is_none());
    assert_eq!(text(&find(&t, ".region-value").unwrap()), "United Kingdom");
    assert_eq!(focused(), Some(t.clone().into()));
}

#[wasm_bindgen_test]
async fn home_end_move_and_scroll_the_active_option_into_view() {
    let (root, _, _h) = mount("CN");
    settle().await;
    let t = trigger(&root);
    key(&t, "End");
    settle().await;
    let list = find(&root, "[role=listbox]").unwrap();
    assert_eq!(active_text(&root), REGIONS.last().unwrap().name);
    assert!(
        list.scroll_height() > list.client_height(),
        "the list scrolls"
    );
    let id = attr(&search(&root), "aria-activedescendant").unwrap();
    let opt: HtmlElement = document().get_element_by_id(&id).unwrap().unchecked_into();
    // The list is the options' offsetParent (position: relative in region.css).
    let (top, bottom) = (opt.offset_top(), opt.offset_top() + opt.offset_height());
    assert!(list.scroll_top() > 0);
    assert!(
        top >= list.scroll_top() && bottom <= list.scroll_top() + list.client_height(),
        "last option is visible"
    );
    key(&search(&root), "Home");
    settle().await;
    assert_eq!(active_text(&root), "China");
    assert_eq!(list.scroll_top(), 0);
    key(&search(&root), "Tab");
    settle().await;
    assert_eq!(attr(&t, "aria-expanded").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn clicking_an_option_selects_it() {
    let (root, selected, _h) = mount("CN");
    settle().await;
    trigger(&root).click();
    settle().await;
    let brazil = all(&root, "[role=option]")
        .into_iter()
        .find(|o| text(o).starts_with("Brazil"))
        .unwrap();
    brazil.unchecked_into::<HtmlElement>().click();
    settle().await;
    assert_eq!(selected.get_untracked().code, "BR");
    assert_eq!(
        attr(&trigger(&root), "aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        text(&find(&trigger(&root), ".region-value").unwrap()),
        "Brazil"
    );
}

#[wasm_bindgen_test]
async fn typing_on_the_closed_field_goes_to_the_search_box() {
    let (root, _, _h) = mount("CN");
    settle().await;
    let t = trigger(&root);
    t.focus().unwrap();
    key(&t, "g");
    settle().await;
    let input = search(&root);
    assert_eq!(input.value(), "g");
    assert_eq!(focused(), Some(input.clone().into()));
    assert!(options(&root)
        .iter()
        .all(|o| o.to_lowercase().contains('g')));
}

/// Whether the active option is inside the list's visible part.
fn active_in_view(root: &Element) -> bool {
    let list: HtmlElement = find(root, "[role=listbox]").unwrap().unchecked_into();
    let id = attr(&search(root), "aria-activedescendant").unwrap();
    let Some(opt) = document().get_element_by_id(&id) else {
        return false;
    };
    let opt: HtmlElement = opt.unchecked_into();
    let (top, bottom) = (opt.offset_top(), opt.offset_top() + opt.offset_height());
    top >= list.scroll_top() && bottom <= list.scroll_top() + list.client_height()
}

#[wasm_bindgen_test]
async fn opening_draws_the_rows_to_the_chosen_one_at_once_and_the_rest_a_task_later() {
    let all_rows = common().len() + REGIONS.len();
    // In "Common"; far down A–Z; the last.
    for (code, name) in [
        ("US", "United States"),
        ("NO", "Norway"),
        ("ZW", "Zimbabwe"),
    ] {
        let (root, _, _h) = mount(code);
        settle().await;
        trigger(&root).click();
        // Effects only: the click's own task, before any timer or frame.
        leptos::task::tick().await;
        leptos::task::tick().await;
        // The "Common" group and a few screenfuls around the active row, wherever it is.
        let drawn = all(&root, "[role=option]").len();
        assert!(
            drawn > common().len() && drawn <= common().len() + 24,
            "{code}: {drawn} rows at once"
        );
        assert_eq!(active_text(&root), name);
        assert!(active_in_view(&root), "{code}: scrolled to at once");

        settle().await;
        assert_eq!(all(&root, "[role=option]").len(), all_rows, "{code}");
        assert_eq!(active_text(&root), name);
        assert!(active_in_view(&root), "{code}: still in view");
        assert_eq!(all(&root, ".region-option.active").len(), 1);
    }
}
