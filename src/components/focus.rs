//! Where the keyboard focus goes when a step, stage or dialog appears, and after a failed
//! submit, so keyboard and screen-reader users start where the task continues instead of at the
//! top of the page (or on `<body>` when the element that had the focus was replaced).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Fields, in document order. A `role=combobox` button (the region picker) counts as a field.
const FIELDS: &str = "input:not([type=hidden]):not(:disabled), select:not(:disabled), \
                      textarea:not(:disabled), [role=combobox]:not(:disabled)";
/// Where a view with no field starts: its first action.
const ACTIONS: &str = "button:not(:disabled)";

fn first_shown(root: &Element, selector: &str) -> Option<HtmlElement> {
    let list = root.query_selector_all(selector).ok()?;
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        // Not inside something hidden (display: none gives no box).
        .find(|e| e.offset_width() > 0 || e.offset_height() > 0)
}

/// Focuses the first field inside `root`: an element marked `data-autofocus` (where the task
/// really starts, e.g. "Send code" before the code boxes), else the first field, else the
/// first button. Returns whether something took the focus.
pub fn focus_first_field(root: &Element) -> bool {
    // A disabled "Send code" (counting down) cannot take the focus: the code boxes then do.
    let target = first_shown(root, "[data-autofocus]:not(:disabled)")
        .or_else(|| first_shown(root, FIELDS))
        .or_else(|| first_shown(root, ACTIONS));
    target.is_some_and(|e| e.focus().is_ok())
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// After the next render: [`focus_first_field`] in the first element matching `selector`.
pub fn focus_first_field_in(selector: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(root) = document().and_then(|d| d.query_selector(selector).ok().flatten()) {
            focus_first_field(&root);
        }
    });
}

/// After the next render: focuses the element with this id (a field that failed, an error
/// summary).
pub fn focus_id(id: impl Into<String>) {
    let id = id.into();
    leptos::prelude::request_animation_frame(move || {
        let Some(el) = document().and_then(|d| d.get_element_by_id(&id)) else {
            return;
        };
        if let Some(el) = el.dyn_ref::<HtmlElement>() {
            let _ = el.focus();
        }
    });
}

/// For a view about to be drawn anew in place: the id of the element that has the focus now
/// (or the id its `data-focus-next` names, for a control the new view may not have), focused
/// again once the new view is in, if the focus fell to `<body>` meanwhile or is on a control
/// the new view disabled.
pub fn carry_over() {
    let Some(active) = document().and_then(|d| d.active_element()) else {
        return;
    };
    let (id, next) = (active.id(), active.get_attribute("data-focus-next"));
    if id.is_empty() {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        let Some(doc) = document() else { return };
        // Someone (the page, the user) has put the focus somewhere already.
        if holds_focus(&doc) {
            return;
        }
        // The same control if the new view has it and it can take the focus (a disabled one
        // cannot), else the one it names.
        for id in std::iter::once(id).chain(next) {
            let el = doc.get_element_by_id(&id);
            if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                let _ = el.focus();
            }
            if holds_focus(&doc) {
                return;
            }
        }
    });
}

/// Whether an element that can keep the focus has it. A control the new view disabled (drawn
/// in place, the same node) still is `activeElement` here: Chromium drops its focus only after
/// this frame, to `<body>`.
fn holds_focus(doc: &web_sys::Document) -> bool {
    doc.active_element()
        .is_some_and(|e| e.tag_name() != "BODY" && !e.matches(":disabled").unwrap_or(false))
}
