//! The header's own pages. They explain the demo instead of linking to Xiaomi's site, so no
//! click ever leaves the origin.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn InfoPage(title: Signal<String>, body: AnyView) -> impl IntoView {
    view! {
        <Title text=title />
        <section class="card" aria-labelledby="page-heading">
            <h1 id="page-heading" class="card-title">{title}</h1>
            <p>{body}</p>
        </section>
    }
}

#[component]
pub fn Agreement() -> impl IntoView {
    let i18n = use_i18n();
    let title = Signal::derive(move || t_string!(i18n, title_agreement).to_string());
    view! { <InfoPage title body=tr!(i18n, agreement_body).into_any() /> }
}

#[component]
pub fn Privacy() -> impl IntoView {
    let i18n = use_i18n();
    let title = Signal::derive(move || t_string!(i18n, title_privacy).to_string());
    view! { <InfoPage title body=tr!(i18n, privacy_body).into_any() /> }
}

#[component]
pub fn Help() -> impl IntoView {
    let i18n = use_i18n();
    let title = Signal::derive(move || t_string!(i18n, title_help).to_string());
    view! { <InfoPage title body=tr!(i18n, help_body).into_any() /> }
}
