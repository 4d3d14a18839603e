//! Step 4: the new Account ID.

use super::Flow;
use crate::core::signup::Method;
use crate::i18n::*;
use crate::web;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Done(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let id = move || {
        flow.state
            .with(|f| f.account_id.clone().unwrap_or_default())
    };
    let start_over = move |_| {
        let _ = web::session().clear_signup_flow();
        flow.state
            .set(crate::core::signup::SignupFlow::new(web::guess_region()));
        flow.go.run(crate::core::signup::Step::Details);
    };
    view! {
        <div class="done" role="status">
            <h1 id="page-heading" class="card-title">{tr!(i18n, done_title)}</h1>
            <p class="account-id">
                {tr!(i18n, done_id_is)} " " <strong dir="ltr">{id}</strong>
            </p>
            <p class="muted">
                {move || match flow.state.with(|f| f.method) {
                    Method::Phone => t_string!(i18n, done_note_phone),
                    Method::Email => t_string!(i18n, done_note_email),
                }}
            </p>
        </div>
        // Where the focus lands on arriving here: the way on.
        <A href=web::href("/signin") attr:class="btn btn-primary" attr:data-autofocus="">{tr!(i18n, tab_sign_in)}</A>
        <button type="button" class="link-button" on:click=start_over>
            {tr!(i18n, create_another)}
        </button>
    }
}
