use super::AuthTabs;
use crate::i18n::*;
use crate::web;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, title_sign_in) />
        <section class="card" aria-labelledby="page-heading">
            <AuthTabs />
            <h1 id="page-heading" class="card-title">{t!(i18n, title_sign_in)}</h1>
            <p class="muted">{t!(i18n, placeholder_sign_in)}</p>
            <A href=web::href("/signup") attr:class="btn btn-primary">{t!(i18n, create_account)}</A>
        </section>
    }
}
