//! The form components (text field, code boxes, dialog, messages panel) in a real browser
//! (headless Chrome and Firefox), driven by DOM events.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mi_account_demo::components::code_input::{CodeInput, BOXES};
use mi_account_demo::components::dialog::Dialog;
use mi_account_demo::components::field::TextField;
use mi_account_demo::components::messages::MessagesPanel;
use mi_account_demo::i18n::I18nProvider;
use mi_account_demo::state::AppState;
use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlDialogElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A new, empty div at the end of the body: every test mounts into its own.
fn fresh_root() -> HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Mounts `f`'s view inside the i18n provider into a fresh div. Keep the handle alive for the
/// whole test: dropping it unmounts.
fn mount<V: IntoView + 'static>(
    f: impl FnOnce() -> V + Send + 'static,
) -> (HtmlElement, Box<dyn Any>) {
    let root = fresh_root();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <I18nProvider>{f()}</I18nProvider> }
    });
    (root, Box::new(handle))
}

/// Resolves after `ms` milliseconds (a `setTimeout` promise).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Lets effects run, then a short timeout (for focus moves and queued events), then effects.
async fn settle() {
    leptos::task::tick().await;
    sleep(20).await;
    leptos::task::tick().await;
}

fn find<T: JsCast>(root: &Element, sel: &str) -> T {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no {sel}"))
        .dyn_into()
        .unwrap()
}

fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn by_id<T: JsCast>(id: &str) -> T {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .dyn_into()
        .unwrap()
}

fn attr(el: &Element, name: &str) -> Option<String> {
    el.get_attribute(name)
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn focused_id() -> Option<String> {
    document().active_element().map(|e| e.id())
}

/// What the user does when typing: the value changes, then `input` fires on the input.
fn type_in(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn init_object(pairs: &[(&str, &JsValue)]) -> js_sys::Object {
    let init = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&init, &JsValue::from_str(k), v).unwrap();
    }
    init
}

/// Builds `new <ctor>(kind, init)` through JS (the crate's web-sys features have no
/// KeyboardEventInit / ClipboardEventInit).
fn construct_event(ctor: &str, kind: &str, init: &js_sys::Object) -> web_sys::Event {
    let ctor: js_sys::Function = js_sys::Reflect::get(&web_sys::window().unwrap(), &ctor.into())
        .unwrap()
        .unchecked_into();
    let args = js_sys::Array::of2(&kind.into(), init);
    js_sys::Reflect::construct(&ctor, &args)
        .unwrap()
        .unchecked_into()
}

/// Dispatches a bubbling, cancelable keydown; returns false if a handler prevented the default.
fn key(target: &Element, key: &str) -> bool {
    let init = init_object(&[
        ("key", &JsValue::from_str(key)),
        ("bubbles", &JsValue::TRUE),
        ("cancelable", &JsValue::TRUE),
    ]);
    let ev = construct_event("KeyboardEvent", "keydown", &init);
    target.dispatch_event(&ev).unwrap()
}

/// What the event's clipboard holds as text, as the component reads it.
fn clipboard_text(ev: &web_sys::Event) -> Option<String> {
    ev.unchecked_ref::<web_sys::ClipboardEvent>()
        .clipboard_data()
        .and_then(|d| d.get_data("text").ok())
}

/// Dispatches a `paste` ClipboardEvent whose clipboard holds `data` as text/plain; returns false
/// if a handler prevented the default (the browser's own insertion).
fn paste(target: &Element, data: &str) -> bool {
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.set_data("text/plain", data).unwrap();
    let init = init_object(&[
        // The standard member (Chrome)...
        ("clipboardData", dt.as_ref()),
        // ...and Firefox's own, from which it builds the event's DataTransfer.
        ("dataType", &JsValue::from_str("text/plain")),
        ("data", &JsValue::from_str(data)),
        ("bubbles", &JsValue::TRUE),
        ("cancelable", &JsValue::TRUE),
    ]);
    let ev = construct_event("ClipboardEvent", "paste", &init);
    // A browser that still hands out no such clipboard gets `dt` as an own property.
    if clipboard_text(&ev).as_deref() != Some(data) {
        let desc = init_object(&[("value", dt.as_ref())]);
        js_sys::Object::define_property(&ev, &"clipboardData".into(), &desc);
    }
    assert_eq!(
        clipboard_text(&ev).as_deref(),
        Some(data),
        "the synthetic clipboard holds the text"
    );
    target.dispatch_event(&ev).unwrap()
}

// ---------------------------------------------------------------------------------------------
// TextField
// ---------------------------------------------------------------------------------------------

struct Field {
    root: HtmlElement,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    prefix: RwSignal<String>,
    _h: Box<dyn Any>,
}

/// A text field with id `id`, label "Phone number" and a prefix signal (initially `prefix`).
fn mount_field(id: &'static str, prefix: &str) -> Field {
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let prefix = RwSignal::new(prefix.to_string());
    let (root, _h) = mount(move || {
        view! {
            <TextField
                id=id
                label=Signal::derive(|| "Phone number")
                value=value
                error=error
                input_type="tel"
                prefix=prefix
            />
        }
    });
    Field {
        root,
        value,
        error,
        prefix,
        _h,
    }
}

#[wasm_bindgen_test]
async fn text_field_typing_updates_the_signal_and_the_signal_updates_the_input() {
    let f = mount_field("tf-typing", "");
    settle().await;
    let input: HtmlInputElement = by_id("tf-typing");
    assert_eq!(attr(&input, "type").as_deref(), Some("tel"));
    assert_eq!(input.value(), "");

    type_in(&input, "13800138000");
    settle().await;
    assert_eq!(f.value.get_untracked(), "13800138000");

    type_in(&input, "138");
    settle().await;
    assert_eq!(f.value.get_untracked(), "138", "deleting updates it too");

    // The other way round: a value set by the page shows in the input.
    f.value.set("555".into());
    settle().await;
    assert_eq!(input.value(), "555");
    assert!(f.root.contains(Some(&input)));
}

#[wasm_bindgen_test]
async fn text_field_error_is_tied_to_the_input() {
    let f = mount_field("tf-error", "");
    settle().await;
    let input: HtmlInputElement = by_id("tf-error");
    let error_el: Element = by_id("tf-error-error");
    let field: Element = find(&f.root, ".field");

    // No error: valid, nothing described, the error line empty.
    assert_eq!(attr(&input, "aria-invalid").as_deref(), Some("false"));
    assert_eq!(attr(&input, "aria-describedby"), None);
    assert_eq!(text(&error_el), "");
    assert!(!field.class_list().contains("field-invalid"));

    f.error
        .set(Some("Enter a valid mobile number.".to_string()));
    settle().await;
    assert_eq!(attr(&input, "aria-invalid").as_deref(), Some("true"));
    let described = attr(&input, "aria-describedby").expect("aria-describedby");
    assert!(
        described.split(' ').any(|id| id == error_el.id()),
        "{described}"
    );
    assert_eq!(text(&error_el), "Enter a valid mobile number.");
    assert_eq!(attr(&error_el, "role").as_deref(), Some("alert"));
    assert!(field.class_list().contains("field-invalid"));

    f.error.set(None);
    settle().await;
    assert_eq!(attr(&input, "aria-invalid").as_deref(), Some("false"));
    assert_eq!(attr(&input, "aria-describedby"), None);
    assert_eq!(text(&error_el), "");
    assert!(!field.class_list().contains("field-invalid"));
}

#[wasm_bindgen_test]
async fn text_field_with_a_hint_describes_by_error_and_hint() {
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let (_root, _h) = mount(move || {
        view! {
            <TextField
                id="tf-hint"
                label=Signal::derive(|| "Password")
                value=value
                error=error
                hint=Signal::derive(|| "8–16 characters".to_string())
            />
        }
    });
    settle().await;
    let input: HtmlInputElement = by_id("tf-hint");
    assert_eq!(text(&by_id::<Element>("tf-hint-hint")), "8–16 characters");
    assert_eq!(
        attr(&input, "aria-describedby").as_deref(),
        Some("tf-hint-hint")
    );
    error.set(Some("Too short.".into()));
    settle().await;
    let described = attr(&input, "aria-describedby").unwrap();
    let ids: Vec<&str> = described.split(' ').collect();
    assert!(
        ids.contains(&"tf-hint-error") && ids.contains(&"tf-hint-hint"),
        "{described}"
    );
    assert_eq!(text(&by_id::<Element>("tf-hint-error")), "Too short.");
}

#[wasm_bindgen_test]
async fn text_field_label_is_for_the_input_and_prefix_shows_only_when_non_empty() {
    let f = mount_field("tf-label", "");
    settle().await;
    let label: Element = find(&f.root, "label");
    assert_eq!(label.tag_name().to_lowercase(), "label");
    assert_eq!(attr(&label, "for").as_deref(), Some("tf-label"));
    assert_eq!(text(&label), "Phone number");
    assert!(
        f.root.query_selector(".field-prefix").unwrap().is_none(),
        "an empty prefix renders no span"
    );

    f.prefix.set("+86".into());
    settle().await;
    let span: Element = find(&f.root, ".field-prefix");
    assert_eq!(span.tag_name().to_lowercase(), "span");
    assert_eq!(text(&span), "+86");

    f.prefix.set("+44".into());
    settle().await;
    assert_eq!(text(&find::<Element>(&f.root, ".field-prefix")), "+44");

    f.prefix.set(String::new());
    settle().await;
    assert!(f.root.query_selector(".field-prefix").unwrap().is_none());

    // Without a prefix prop at all there is no span either.
    let value = RwSignal::new(String::new());
    let (root, _h2) = mount(move || {
        view! {
            <TextField
                id="tf-label-none"
                label=Signal::derive(|| "Email")
                value=value
                error=Signal::derive(|| None::<String>)
            />
        }
    });
    settle().await;
    assert!(root.query_selector(".field-prefix").unwrap().is_none());
    assert_eq!(
        attr(&find::<Element>(&root, "label"), "for").as_deref(),
        Some("tf-label-none")
    );
}

// ---------------------------------------------------------------------------------------------
// CodeInput
// ---------------------------------------------------------------------------------------------

struct Code {
    root: HtmlElement,
    id: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    _h: Box<dyn Any>,
}

impl Code {
    /// Box `i` (0-based; box 1 is `boxed(0)`).
    fn boxed(&self, i: usize) -> HtmlInputElement {
        by_id(&format!("{}-{i}", self.id))
    }
    fn shown(&self) -> Vec<String> {
        (0..BOXES).map(|i| self.boxed(i).value()).collect()
    }
}

fn mount_code(id: &'static str, initial: &str) -> Code {
    let value = RwSignal::new(initial.to_string());
    let error = RwSignal::new(None::<String>);
    let (root, _h) = mount(move || {
        view! {
            <CodeInput
                id=id
                value=value
                label=Signal::derive(|| "Verification code")
                error=error
            />
        }
    });
    Code {
        root,
        id,
        value,
        error,
        _h,
    }
}

#[wasm_bindgen_test]
async fn code_input_has_six_labelled_boxes() {
    let c = mount_code("ci-shape", "");
    settle().await;
    assert_eq!(all(&c.root, "input.code-box").len(), BOXES);
    assert_eq!(BOXES, 6);
    assert_eq!(
        text(&find::<Element>(&c.root, "legend")),
        "Verification code"
    );
    for i in 0..BOXES {
        let b = c.boxed(i);
        assert_eq!(
            attr(&b, "aria-label"),
            Some(format!("Verification code {}", i + 1))
        );
        assert_eq!(attr(&b, "inputmode").as_deref(), Some("numeric"));
        assert_eq!(attr(&b, "aria-invalid").as_deref(), Some("false"));
    }
    assert_eq!(
        attr(&c.boxed(0), "autocomplete").as_deref(),
        Some("one-time-code")
    );
}

#[wasm_bindgen_test]
async fn code_input_one_digit_fills_the_box_and_moves_focus_to_the_next() {
    let c = mount_code("ci-digit", "");
    settle().await;
    let b0 = c.boxed(0);
    b0.focus().unwrap();
    type_in(&b0, "4");
    settle().await;
    assert_eq!(c.value.get_untracked(), "4");
    assert_eq!(c.shown(), ["4", "", "", "", "", ""]);
    assert_eq!(
        focused_id().as_deref(),
        Some("ci-digit-1"),
        "focus on box 2"
    );

    type_in(&c.boxed(1), "2");
    settle().await;
    assert_eq!(c.value.get_untracked(), "42");
    assert_eq!(c.shown(), ["4", "2", "", "", "", ""]);
    assert_eq!(
        focused_id().as_deref(),
        Some("ci-digit-2"),
        "focus on box 3"
    );

    // A letter is not a digit: nothing changes and focus stays.
    let b2 = c.boxed(2);
    type_in(&b2, "a");
    settle().await;
    assert_eq!(c.value.get_untracked(), "42");
    assert_eq!(b2.value(), "");
    assert_eq!(focused_id().as_deref(), Some("ci-digit-2"));
}

#[wasm_bindgen_test]
async fn code_input_six_digits_in_one_input_event_fill_every_box() {
    let c = mount_code("ci-autofill", "");
    settle().await;
    let b0 = c.boxed(0);
    b0.focus().unwrap();
    // What SMS autofill (autocomplete="one-time-code") does to the first box.
    type_in(&b0, "123456");
    settle().await;
    assert_eq!(c.value.get_untracked(), "123456");
    assert_eq!(c.shown(), ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(
        focused_id().as_deref(),
        Some("ci-autofill-5"),
        "focus on the last box"
    );
}

#[wasm_bindgen_test]
async fn code_input_paste_of_a_message_fills_every_box() {
    let c = mount_code("ci-paste", "");
    settle().await;
    let b0 = c.boxed(0);
    b0.focus().unwrap();
    let not_prevented = paste(&b0, "Code: 987654");
    settle().await;
    assert!(!not_prevented, "the browser's own paste is prevented");
    assert_eq!(c.value.get_untracked(), "987654");
    assert_eq!(c.shown(), ["9", "8", "7", "6", "5", "4"]);
    assert_eq!(focused_id().as_deref(), Some("ci-paste-5"));

    // Text without digits is left to the browser and changes nothing.
    let not_prevented = paste(&c.boxed(3), "hello");
    settle().await;
    assert!(not_prevented);
    assert_eq!(c.value.get_untracked(), "987654");
}

#[wasm_bindgen_test]
async fn code_input_backspace_on_an_empty_box_clears_the_previous_and_focuses_it() {
    let c = mount_code("ci-back", "12");
    settle().await;
    assert_eq!(c.shown(), ["1", "2", "", "", "", ""]);
    let b2 = c.boxed(2);
    b2.focus().unwrap();
    let not_prevented = key(&b2, "Backspace");
    settle().await;
    assert!(!not_prevented, "the default is prevented");
    assert_eq!(c.value.get_untracked(), "1");
    assert_eq!(c.shown(), ["1", "", "", "", "", ""]);
    assert_eq!(
        focused_id().as_deref(),
        Some("ci-back-1"),
        "focus back on box 2"
    );

    // Backspace on a box that still has its digit is left to the browser.
    let b0 = c.boxed(0);
    b0.focus().unwrap();
    assert!(key(&b0, "Backspace"));
    settle().await;
    assert_eq!(c.value.get_untracked(), "1");
    assert_eq!(focused_id().as_deref(), Some("ci-back-0"));
    // ...which then empties it with an input event.
    type_in(&b0, "");
    settle().await;
    assert_eq!(c.value.get_untracked(), "");
}

#[wasm_bindgen_test]
async fn code_input_arrow_keys_move_between_boxes() {
    let c = mount_code("ci-arrows", "");
    settle().await;
    let b3 = c.boxed(3);
    b3.focus().unwrap();
    key(&b3, "ArrowLeft");
    settle().await;
    assert_eq!(focused_id().as_deref(), Some("ci-arrows-2"));
    key(&c.boxed(2), "ArrowRight");
    key(&c.boxed(3), "ArrowRight");
    settle().await;
    assert_eq!(focused_id().as_deref(), Some("ci-arrows-4"));
}

#[wasm_bindgen_test]
async fn code_input_error_marks_every_box_invalid() {
    let c = mount_code("ci-error", "");
    settle().await;
    let error_el: Element = by_id("ci-error-error");
    assert_eq!(text(&error_el), "");
    c.error.set(Some("The code is incorrect.".to_string()));
    settle().await;
    for i in 0..BOXES {
        let b = c.boxed(i);
        assert_eq!(attr(&b, "aria-invalid").as_deref(), Some("true"), "box {i}");
        assert_eq!(
            attr(&b, "aria-describedby").as_deref(),
            Some("ci-error-error"),
            "box {i}"
        );
    }
    assert_eq!(text(&error_el), "The code is incorrect.");
    assert!(find::<Element>(&c.root, "fieldset")
        .class_list()
        .contains("field-invalid"));

    c.error.set(None);
    settle().await;
    for i in 0..BOXES {
        assert_eq!(
            attr(&c.boxed(i), "aria-invalid").as_deref(),
            Some("false"),
            "box {i}"
        );
    }
    assert_eq!(text(&error_el), "");
}

// ---------------------------------------------------------------------------------------------
// Dialog
// ---------------------------------------------------------------------------------------------

fn mount_dialog(heading_id: &'static str, open: RwSignal<bool>) -> (HtmlElement, Box<dyn Any>) {
    mount(move || {
        view! {
            <Dialog open=open labelledby=heading_id>
                <h2 id=heading_id>"Terms"</h2>
                <p>"Read them."</p>
            </Dialog>
        }
    })
}

#[wasm_bindgen_test]
async fn dialog_follows_its_signal() {
    let open = RwSignal::new(true);
    let (root, _h) = mount_dialog("dlg-signal-heading", open);
    settle().await;
    let d: HtmlDialogElement = find(&root, "dialog");
    assert_eq!(
        attr(&d, "aria-labelledby").as_deref(),
        Some("dlg-signal-heading")
    );
    assert!(d.open(), "open=true opens the dialog");
    assert!(
        d.matches(":modal").unwrap_or(true),
        "opened as a modal dialog"
    );

    open.set(false);
    settle().await;
    assert!(!d.open(), "open=false closes it");
    assert!(!open.get_untracked());

    open.set(true);
    settle().await;
    assert!(d.open(), "and it opens again");
    open.set(false);
    settle().await;
    assert!(!d.open());
}

#[wasm_bindgen_test]
async fn dialog_closed_by_the_browser_clears_the_signal() {
    let open = RwSignal::new(false);
    let (root, _h) = mount_dialog("dlg-close-heading", open);
    settle().await;
    let d: HtmlDialogElement = find(&root, "dialog");
    assert!(!d.open(), "open=false starts closed");

    open.set(true);
    settle().await;
    assert!(d.open());

    // What Escape or a form[method=dialog] does: the element closes and fires `close`.
    let closes = Rc::new(Cell::new(0));
    let counter = closes.clone();
    let listener = Closure::<dyn FnMut()>::new(move || counter.set(counter.get() + 1));
    d.add_event_listener_with_callback("close", listener.as_ref().unchecked_ref())
        .unwrap();
    d.close();
    settle().await;
    assert_eq!(closes.get(), 1, "the close event fired");
    assert!(
        !open.get_untracked(),
        "the close event set the signal false"
    );
    assert!(!d.open());

    // Reopening through the signal still works afterwards.
    open.set(true);
    settle().await;
    assert!(d.open());
    open.set(false);
    settle().await;
    assert!(!d.open());
    d.remove_event_listener_with_callback("close", listener.as_ref().unchecked_ref())
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// MessagesPanel
// ---------------------------------------------------------------------------------------------

/// A messages panel with its own `AppState` in context; returns that state too.
fn mount_messages() -> (HtmlElement, AppState, Box<dyn Any>) {
    let root = fresh_root();
    let slot: Rc<Cell<Option<AppState>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let app = AppState::new();
        provide_context(app);
        out.set(Some(app));
        view! {
            <I18nProvider>
                <MessagesPanel />
            </I18nProvider>
        }
    });
    let app = slot.take().expect("the view was built");
    (root, app, Box::new(handle))
}

fn messages(root: &Element) -> Vec<Element> {
    all(root, "li.message")
}

fn empty_note_shown(root: &Element) -> bool {
    all(root, "p").iter().any(|p| text(p) == "No messages yet.")
}

#[wasm_bindgen_test]
async fn messages_panel_shows_an_sms_after_its_delay() {
    let (root, app, _h) = mount_messages();
    settle().await;
    assert_eq!(
        text(&find::<Element>(&root, "#messages-heading")),
        "Messages (simulated)"
    );
    assert!(messages(&root).is_empty());
    assert!(empty_note_shown(&root), "the empty note shows before");

    app.deliver("+8613800138000".into(), false, "123456".into());
    settle().await;
    assert!(messages(&root).is_empty(), "not delivered at once");
    assert!(empty_note_shown(&root));

    sleep(2_000).await;
    settle().await;
    let list = messages(&root);
    assert_eq!(list.len(), 1);
    let m = &list[0];
    assert!(m.class_list().contains("message-sms"), "{}", m.class_name());
    assert!(!m.class_list().contains("message-email"));
    assert_eq!(
        text(&find::<Element>(m, ".message-text")),
        "Your Xiaomi Account verification code is 123456. It expires in 10 minutes."
    );
    assert_eq!(
        text(&find::<Element>(m, ".message-meta")),
        "SMS from Xiaomi Account → +86\u{a0}13800138000"
    );
    assert!(!empty_note_shown(&root), "the empty note is gone");
}

#[wasm_bindgen_test]
async fn messages_panel_shows_an_email_after_its_longer_delay_newest_first() {
    let (root, app, _h) = mount_messages();
    settle().await;
    assert!(empty_note_shown(&root));

    app.deliver("user@example.com".into(), true, "123456".into());
    app.deliver("+447700900123".into(), false, "654321".into());
    // SMS arrive after 1.5 s, email after 2.5 s.
    sleep(2_000).await;
    settle().await;
    let list = messages(&root);
    assert_eq!(list.len(), 1, "only the SMS so far");
    assert!(list[0].class_list().contains("message-sms"));

    sleep(1_000).await;
    settle().await;
    let list = messages(&root);
    assert_eq!(list.len(), 2);
    let email = &list[0];
    assert!(
        email.class_list().contains("message-email"),
        "newest first: {}",
        email.class_name()
    );
    assert!(!email.class_list().contains("message-sms"));
    assert_eq!(
        text(&find::<Element>(email, ".message-text")),
        "Your Xiaomi Account verification code is 123456. It expires in 10 minutes."
    );
    assert_eq!(
        text(&find::<Element>(email, ".message-meta")),
        "Email from Xiaomi Account → user@example.com"
    );
    assert_eq!(
        text(&find::<Element>(&list[1], ".message-text")),
        "Your Xiaomi Account verification code is 654321. It expires in 10 minutes."
    );
    assert!(!empty_note_shown(&root));
}
