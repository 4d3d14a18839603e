//! One file a page. Pages stay thin: rules live in `crate::core`.

pub mod account;
pub mod forgot;
pub mod info;
pub mod not_found;
pub mod phone;
pub mod signin;
pub mod signup;

use crate::i18n::*;
use crate::web;
use leptos::prelude::*;
use leptos_router::components::A;

/// Goes to `path` in place of the current address, so Back skips the page that only sent the
/// visitor on (a plain `<Redirect>` adds an entry, and Back would land on it and be sent on
/// again).
#[component]
pub fn SendTo(path: &'static str) -> impl IntoView {
    let options = leptos_router::NavigateOptions {
        replace: true,
        ..Default::default()
    };
    view! { <leptos_router::components::Redirect path options /> }
}

/// The "Sign in | Sign up" tabs on top of the auth card.
#[component]
pub fn AuthTabs() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="auth-tabs" aria-label=tr!(i18n, app_name)>
            <A href=web::href("/signin")>{tr!(i18n, tab_sign_in)}</A>
            <A href=web::href("/signup")>{tr!(i18n, tab_sign_up)}</A>
        </nav>
    }
}
