use super::AuthTabs;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignUp() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, title_sign_up) />
        <section class="card" aria-labelledby="page-heading">
            <AuthTabs />
            <h1 id="page-heading" class="card-title">{t!(i18n, title_sign_up)}</h1>
            <p class="muted">{t!(i18n, placeholder_sign_up)}</p>
        </section>
    }
}
