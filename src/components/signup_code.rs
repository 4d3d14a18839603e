//! Sign-up's code step, shared by the site and the simulated phone: six boxes, "Verify", the
//! resend countdown and the hourly limit (read from the store on every tick, so they follow
//! other tabs and the demo clock).

use crate::components::code_input::{whole_code, CodeInput};
use crate::components::code_sender::{self, check_code, code_error_msg, send_error_msg};
use crate::components::focus::focus_id;
use crate::core::clock::whole_seconds;
use crate::core::codes::{self, Purpose, SendError};
use crate::i18n::*;
use crate::state::use_app;
use crate::text::{fill, shown_msg, Msg};
use crate::web;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn SignUpCode(
    /// The boxes' id prefix: the boxes are `{id}-0` … `{id}-5`.
    id: &'static str,
    /// Where the code went (normalised phone or email).
    identifier: String,
    is_email: bool,
    /// The right code was entered (the record is already marked used).
    verified: Callback<()>,
    /// Keeps a right code's check after the form was left while it ran (its state is gone, and
    /// the code, now used, could not be entered again).
    #[prop(optional)]
    left: Option<Arc<dyn Fn() + Send + Sync>>,
    /// The class of the row under the form that holds "Resend" and `children`.
    links_class: &'static str,
    /// Beside "Resend": the way back to change the phone number or email.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let first_box = format!("{id}-0");
    let version = RwSignal::new(0u32);
    let record = {
        let identifier = identifier.clone();
        Memo::new(move |_| {
            version.track();
            app.now.track();
            web::env()
                .store
                .code_record(Purpose::SignUp, &identifier)
                .unwrap_or_else(|_| codes::CodeRecord::new(Purpose::SignUp))
        })
    };
    let resend_at = Memo::new(move |_| {
        let now = app.now.get();
        record.with(|r| codes::resend_available_at(r, now))
    });
    let too_many = Memo::new(move |_| {
        let now = app.now.get();
        record.with(|r| matches!(codes::can_send(r, now), Err(SendError::TooMany { .. })))
    });
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    // A check or a resend waits a moment for the store lock; nothing more starts meanwhile.
    let busy = RwSignal::new(false);
    let verify = {
        let (identifier, first_box) = (identifier.clone(), first_box.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !whole_code(id, value, error) {
                return;
            }
            let code = value.get_untracked().replace(' ', "");
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let (identifier, first_box, left) =
                (identifier.clone(), first_box.clone(), left.clone());
            spawn_local(async move {
                let result = check_code(Purpose::SignUp, &identifier, &code).await;
                // Left meanwhile: the page's callbacks are gone (they would panic).
                if busy.is_disposed() {
                    if let (Ok(()), Some(left)) = (result, left) {
                        left();
                    }
                    return;
                }
                busy.set(false);
                version.update(|v| *v += 1);
                match result {
                    Ok(()) => verified.run(()),
                    Err(e) => {
                        value.set(String::new());
                        error.set(Some(code_error_msg(e)));
                        focus_id(&first_box);
                    }
                }
            });
        }
    };
    let resend = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (identifier, first_box) = (identifier.clone(), first_box.clone());
        spawn_local(async move {
            match code_sender::send_code(app, Purpose::SignUp, &identifier, is_email).await {
                Ok(()) => error.set(None),
                Err(e) => {
                    if let Some(m) = send_error_msg(e) {
                        error.set(Some(m));
                    }
                }
            }
            busy.set(false);
            value.set(String::new());
            version.update(|v| *v += 1);
            // "Resend" is now disabled by its countdown: the focus moves on to the boxes.
            focus_id(&first_box);
        });
    };
    // The code on its way was sent before this page loaded (a reload on this step): its message
    // is gone with the old page, and is never stored, so say why none is shown.
    let sent_before_load = Memo::new(move |_| {
        let now = app.now.get();
        record.with(|r| r.usable_code_sent_before(app.started, now))
    });
    let seconds_left = move || resend_at.get().map(|t| whole_seconds(t - app.now.get()));
    view! {
        <form class="form" novalidate on:submit=verify>
            <CodeInput
                id=id
                value
                label=tr!(i18n, code_label)
                error=shown_msg(i18n, error)
            />
            // Not an error: the send that used up the hour went through, and its code is in
            // Messages. This says why "Resend" now counts down for so long.
            <Show when=move || too_many.get()>
                <p class="muted small" role="status">
                    {move || fill(t_string!(i18n, code_limit_reached), &[("n", codes::MAX_SENDS_PER_HOUR.to_string())])}
                </p>
            </Show>
            <Show when=move || sent_before_load.get()>
                <p class="muted small" role="status">{tr!(i18n, code_not_kept)}</p>
            </Show>
            <button type="submit" class="btn btn-primary">{tr!(i18n, verify)}</button>
        </form>
        <div class=links_class>
            <button
                type="button"
                class="link-button"
                disabled=move || resend_at.get().is_some()
                on:click=resend
            >
                {move || code_sender::send_label(i18n.get_locale(), true, seconds_left())}
            </button>
            {children()}
        </div>
    }
}
