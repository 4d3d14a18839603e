//! The parts of a sign-in form that the site and the simulated phone share: the one field for
//! email, phone or Account ID (with the calling-code selector once it holds a phone number),
//! and the lockout message with its countdown on the demo clock.

use crate::components::field::TextField;
use crate::components::region_select::RegionSelect;
use crate::core::clock::{whole_seconds, Millis};
use crate::core::identifier;
use crate::core::regions::Region;
use crate::i18n::*;
use crate::state::use_app;
use crate::text::{fill, shown_msg, Msg};
use leptos::prelude::*;

/// "Email/Phone/Xiaomi Account ID"; the region selector appears above it, and the calling code
/// inside it, while what is typed looks like a phone number.
#[component]
pub fn AccountField(
    /// The input's id (unique on the page).
    id: &'static str,
    value: RwSignal<String>,
    region: RwSignal<&'static Region>,
) -> impl IntoView {
    let i18n = use_i18n();
    let phone_mode = Memo::new(move |_| identifier::looks_like_phone(&value.get()));
    view! {
        <Show when=move || phone_mode.get()>
            <RegionSelect selected=region />
        </Show>
        <TextField
            id=id
            label=tr!(i18n, field_account)
            value=value
            error=Signal::derive(|| None::<String>)
            autocomplete="username"
            maxlength=254
            prefix=Signal::derive(move || {
                if phone_mode.get() { region.get().dial_label() } else { String::new() }
            })
        />
    }
}

/// The form's message: "Too many attempts. Try again in m:ss" while a lockout runs (counting
/// down on the demo clock), else `error`.
pub fn form_message(
    locked_until: RwSignal<Option<Millis>>,
    error: RwSignal<Option<Msg>>,
) -> Signal<Option<String>> {
    let i18n = use_i18n();
    let app = use_app();
    let error = shown_msg(i18n, error);
    // A memo: the one-second tick notifies only while the lockout's countdown changes the text,
    // so a field does not show a message again every second after the user edited it.
    let message = Memo::new(move |_| {
        let locked = locked_until.get().and_then(|until| {
            let left = until - app.now.get();
            (left > 0).then(|| {
                let secs = whole_seconds(left);
                fill(
                    t_string!(i18n, error_locked),
                    &[
                        ("m", (secs / 60).to_string()),
                        ("s", format!("{:02}", secs % 60)),
                    ],
                )
            })
        });
        locked.or_else(|| error.get())
    });
    message.into()
}
