//! Sign-up's phone-or-email field, on the site and on the simulated phone: a phone number with
//! the region's calling code in front, or an email, whichever the learner chose.

use crate::components::field::TextField;
use crate::core::identifier::{EmailError, PhoneError};
use crate::core::regions::Region;
use crate::core::signup::Method;
use crate::i18n::*;
use crate::text::fill;
use leptos::prelude::*;

#[component]
pub fn IdentifierField(
    /// The input's id (unique on the page).
    id: &'static str,
    method: RwSignal<Method>,
    region: RwSignal<&'static Region>,
    value: RwSignal<String>,
    /// The message shown under the field.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The id of a message elsewhere (with a link) that also makes the field invalid.
    #[prop(into)]
    problem: Signal<Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = Signal::derive(move || match method.get() {
        Method::Phone => t_string!(i18n, field_phone),
        Method::Email => t_string!(i18n, field_email),
    });
    move || match method.get() {
        Method::Phone => view! {
            <TextField
                id=id
                label
                value
                error
                problem
                input_type="tel"
                inputmode="tel"
                autocomplete="tel-national"
                maxlength=24
                prefix=Signal::derive(move || region.get().dial_label())
            />
        }
        .into_any(),
        Method::Email => view! {
            <TextField
                id=id
                label
                value
                error
                problem
                input_type="email"
                inputmode="email"
                autocomplete="email"
                maxlength=254
            />
        }
        .into_any(),
    }
}

/// "Create using email" / "Create using phone number": switches the method, and the field shows
/// what was typed for that method before (`stash` keeps the other); `on_switch` then does what
/// the form needs (clear its error, move the focus).
#[component]
pub fn MethodSwitch(
    method: RwSignal<Method>,
    value: RwSignal<String>,
    /// What was typed for the other method: it and `value` trade places at each switch, so
    /// going back and forth loses nothing.
    stash: RwSignal<String>,
    #[prop(into)] on_switch: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="link-button"
            on:click=move |_| {
                method.update(|m| *m = m.other());
                let typed = value.get_untracked();
                value.set(stash.get_untracked());
                stash.set(typed);
                on_switch.run(());
            }
        >
            {move || match method.get() {
                Method::Phone => t_string!(i18n, use_email),
                Method::Email => t_string!(i18n, use_phone),
            }}
        </button>
    }
}

/// What is wrong with a phone number, in `locale` (sign-up and sign-in word it alike).
pub fn phone_error(locale: Locale, e: PhoneError) -> String {
    match e {
        PhoneError::Empty => td_string!(locale, error_phone_empty).into(),
        PhoneError::InvalidChars => td_string!(locale, error_phone_chars).into(),
        PhoneError::WrongLength { min, max, dial } if min == max => fill(
            td_string!(locale, error_phone_length_exact),
            &[("n", min.to_string()), ("code", dial.to_string())],
        ),
        PhoneError::WrongLength { min, max, dial } => fill(
            td_string!(locale, error_phone_length),
            &[
                ("min", min.to_string()),
                ("max", max.to_string()),
                ("code", dial.to_string()),
            ],
        ),
        PhoneError::InvalidForRegion => td_string!(locale, error_phone_region).into(),
    }
}

/// What is wrong with an email address, in `locale`.
pub fn email_error(locale: Locale, e: EmailError) -> String {
    match e {
        EmailError::Empty => td_string!(locale, error_email_empty).into(),
        EmailError::Invalid => td_string!(locale, error_email_invalid).into(),
        EmailError::TooLong => td_string!(locale, error_email_long).into(),
    }
}
