use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Account() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, title_account) />
        <section class="card" aria-labelledby="page-heading">
            <h1 id="page-heading" class="card-title">{t!(i18n, title_account)}</h1>
            <p class="muted">{t!(i18n, placeholder_account)}</p>
        </section>
    }
}
