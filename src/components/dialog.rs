//! A modal dialog on the native `<dialog>` element: focus moves to its first field, Escape
//! closes it, the page behind is inert and the focus returns to where it was on closing, as the
//! browser provides.

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    /// The id of the dialog's heading, for aria-labelledby.
    labelledby: &'static str,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let Some(d) = node.get() else { return };
        if open.get() {
            if !d.open() && d.show_modal().is_ok() {
                // The browser would focus the first focusable element, which may be a link in
                // the text; the task starts at the first field (or, with none, the first button).
                crate::components::focus::focus_first_field(&d);
            }
        } else if d.open() {
            d.close();
        }
    });
    view! {
        <dialog
            node_ref=node
            class="dialog"
            aria-labelledby=labelledby
            on:close=move |_| open.set(false)
        >
            {children()}
        </dialog>
    }
}
