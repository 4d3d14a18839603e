//! A modal dialog on the native `<dialog>` element: focus moves to its first field, Escape
//! closes it, the page behind is inert and the focus returns to where it was on closing, as the
//! browser provides. A message that arrives while it is open shows in it (the messages panel is
//! behind the backdrop).

use crate::components::messages::HeadsUp;
use crate::i18n::*;
use crate::state::AppState;
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
    // The app's state, where there is one (not around a dialog tested alone).
    let app = use_context::<AppState>();
    // Whether this dialog is counted in `AppState::dialogs` (try_: it may run in the cleanup).
    let counted = StoredValue::new(false);
    let count = move |on: bool| {
        if counted.try_get_value().is_some_and(|c| c != on) {
            counted.set_value(on);
            if let Some(app) = app {
                app.dialogs
                    .try_update(|n| *n = if on { *n + 1 } else { n.saturating_sub(1) });
            }
        }
    };
    Effect::new(move |_| {
        let Some(d) = node.get() else { return };
        if open.get() {
            if !d.open() && d.show_modal().is_ok() {
                // The browser would focus the first focusable element, which may be a link in
                // the text; the task starts at the first field (or, with none, the first button).
                crate::components::focus::focus_first_field(&d);
            }
            count(d.open());
        } else {
            if d.open() {
                d.close();
            }
            count(false);
        }
    });
    on_cleanup(move || count(false));
    view! {
        <dialog
            node_ref=node
            class="dialog"
            aria-labelledby=labelledby
            on:close=move |_| open.set(false)
        >
            {children()}
            // Last, so its close button comes after the dialog's own controls.
            {app.map(|_| view! { <HeadsUp active=open /> })}
        </dialog>
    }
}

/// A dialog's buttons: Cancel, which closes it, then the dialog's own action (`children`).
#[component]
pub fn DialogActions(open: RwSignal<bool>, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="dialog-actions">
            <button type="button" class="btn btn-secondary" on:click=move |_| open.set(false)>
                {tr!(i18n, cancel)}
            </button>
            {children()}
        </div>
    }
}

/// The rounds of a dialog: each closing ends one. Work a dialog starts and awaits (a password
/// check, hashing) takes a [`Round`] first and goes on only while that round is
/// [`live`](Round::live), so Cancel or Escape during it stops it and a later opening never
/// inherits its result.
#[derive(Clone, Copy)]
pub struct Rounds {
    open: RwSignal<bool>,
    closings: StoredValue<u32>,
}

/// One round of a dialog (see [`Rounds`]).
#[derive(Clone, Copy)]
pub struct Round {
    rounds: Rounds,
    at: u32,
}

impl Rounds {
    pub fn new(open: RwSignal<bool>) -> Self {
        let closings = StoredValue::new(0u32);
        Effect::new(move || {
            if !open.get() {
                closings.update_value(|n| *n = n.wrapping_add(1));
            }
        });
        Rounds { open, closings }
    }

    /// The round now.
    pub fn current(self) -> Round {
        Round {
            rounds: self,
            at: self.closings.get_value(),
        }
    }
}

impl Round {
    /// Whether the dialog is still open in this round. `open` is read too: the closing count
    /// follows it only after an effect runs. `try_`: the page may be gone.
    pub fn live(self) -> bool {
        self.rounds.open.try_get_untracked() == Some(true)
            && self.rounds.closings.try_get_value() == Some(self.at)
    }
}
