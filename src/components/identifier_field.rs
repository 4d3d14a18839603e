//! Sign-up's phone-or-email field, on the site and on the simulated phone: a phone number with
//! the region's calling code in front, or an email, whichever the learner chose.

use crate::components::field::TextField;
use crate::core::regions::Region;
use crate::core::signup::Method;
use crate::i18n::*;
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
        Method::Phone => t_string!(i18n, field_phone).to_string(),
        Method::Email => t_string!(i18n, field_email).to_string(),
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
