//! The Xiaomi services an account opens, as the account center and the simulated phone list
//! them (the guide's "what you can do with it").

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ServiceList(
    /// The list's class (each page styles it its own way).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class=class>
            <li>{tr!(i18n, service_cloud)}</li>
            <li>{tr!(i18n, service_find)}</li>
            <li>{tr!(i18n, service_store)}</li>
            <li>{tr!(i18n, service_themes)}</li>
            <li>{tr!(i18n, service_community)}</li>
            <li>{tr!(i18n, service_second_space)}</li>
        </ul>
    }
}
