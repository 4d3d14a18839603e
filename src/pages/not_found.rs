use crate::i18n::*;
use crate::web;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr!(i18n, title_not_found) />
        <section class="card" aria-labelledby="page-heading">
            <h1 id="page-heading" class="card-title">{tr!(i18n, title_not_found)}</h1>
            <p class="muted">{tr!(i18n, not_found_body)}</p>
            <A href=web::href("/signin") attr:class="btn btn-primary">{tr!(i18n, go_home)}</A>
        </section>
    }
}
