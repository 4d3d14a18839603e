//! A modal dialog on the native `<dialog>` element: focus moves into it, Escape closes it, and
//! the page behind is inert, as the browser provides.

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
            if !d.open() {
                let _ = d.show_modal();
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
