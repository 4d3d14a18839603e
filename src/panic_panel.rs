//! What a person sees if the app panics: a plain DOM panel with a reload link, never a blank
//! page.
//!
//! The release build aborts on a panic (`panic = "abort"`), which kills this WebAssembly
//! instance: nothing reactive runs afterwards, and no Rust code may be called again. So the hook
//! builds the panel from plain DOM calls while it still runs, and the reload action is an
//! ordinary link to the current address, which needs no script at all. Its text cannot come
//! from the i18n context at that moment either: the shell copies the three strings in the
//! current language here whenever the language changes ([`set_text`]); before that, English.
//!
//! Stored data stays intact: every write of the store is one synchronous all-or-none batch
//! (`core::kv::write_all`), so a panic happens before a batch or after it, never inside.

use std::cell::RefCell;
use wasm_bindgen::JsCast;

/// The panel's words in the current language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanicText {
    pub title: String,
    pub body: String,
    pub reload: String,
}

impl Default for PanicText {
    fn default() -> Self {
        Self {
            title: "Something went wrong".into(),
            body: "The demo stopped because of an error. Your saved accounts are safe. \
                   Reload the page to continue."
                .into(),
            reload: "Reload page".into(),
        }
    }
}

thread_local! {
    static TEXT: RefCell<PanicText> = RefCell::new(PanicText::default());
}

/// Keeps the panel's words in the current language (the shell calls it on every switch).
pub fn set_text(text: PanicText) {
    TEXT.with(|t| *t.borrow_mut() = text);
}

pub const PANEL_ID: &str = "panic-panel";

/// Installs the hook; the first thing `main` does, so a panic while starting shows it too.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // For whoever opens the console; the panel says what a person needs.
        web_sys::console::error_1(&format!("The app stopped: {info}").into());
        let _ = show();
    }));
}

/// Puts the panel at the top of the page (once) and moves focus to it. Public for the browser
/// test, which cannot panic without ending itself.
pub fn show() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    if let Some(existing) = document.get_element_by_id(PANEL_ID) {
        return Some(existing);
    }
    let text = TEXT.with(|t| t.borrow().clone());
    let panel = document.create_element("div").ok()?;
    panel.set_id(PANEL_ID);
    panel.set_class_name("panic-panel");
    panel.set_attribute("role", "alert").ok()?;
    panel.set_attribute("aria-labelledby", "panic-title").ok()?;
    panel.set_attribute("tabindex", "-1").ok()?;

    let title = document.create_element("h2").ok()?;
    title.set_id("panic-title");
    title.set_text_content(Some(&text.title));
    let body = document.create_element("p").ok()?;
    body.set_text_content(Some(&text.body));
    // A link to this very page reloads it without running any of our code. The fragment is
    // dropped: a link to the same address with a fragment would only scroll.
    let href = web_sys::window()?.location().href().ok()?;
    let href = href.split('#').next().unwrap_or_default().to_owned();
    let reload = document.create_element("a").ok()?;
    reload.set_class_name("btn btn-primary");
    reload.set_attribute("href", &href).ok()?;
    reload.set_text_content(Some(&text.reload));

    panel.append_child(&title).ok()?;
    panel.append_child(&body).ok()?;
    panel.append_child(&reload).ok()?;
    let body_el = document.body()?;
    body_el
        .insert_before(&panel, body_el.first_child().as_ref())
        .ok()?;
    if let Some(p) = panel.dyn_ref::<web_sys::HtmlElement>() {
        let _ = p.focus();
    }
    Some(panel)
}
