//! A practice copy of the Xiaomi Account web sign-up, client-side only.
//! `core` holds the rules and needs no browser; `web` adapts the browser to core's traits;
//! `components` and `pages` are the thin view layer.

// First, so its `tr!` is in scope in every module below.
#[macro_use]
pub mod text;
pub mod components;
pub mod core;
pub mod i18n;
pub mod lang;
pub mod pages;
pub mod panic_panel;
pub mod state;
pub mod web;

use i18n::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Title};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

/// Starts the app: mounts it at once when the start language's text is here (English, always
/// compiled in), else after fetching it, so the first page already shows that language. If the
/// fetch fails the page starts in English and says so (see `i18n::provide_i18n`).
pub fn start() {
    let locale = lang::start_locale();
    if i18n::is_ready(locale) {
        mount();
    } else {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = lang::load(locale).await {
                leptos::logging::warn!("{}: {e}", locale.as_str());
            }
            mount();
        });
    }
}

fn mount() {
    // User Timing "xa:mount": from here until the first page is in the document. `make bench`
    // splits a cold load at it.
    let _timing = web::crypto::UserTiming::start("xa:mount");
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(state::AppState::new());
    // The language `lang::start_locale` picks (the saved choice, else the browser's languages);
    // `main` has fetched its text if it is not English (see `start`).
    i18n::provide_i18n(lang::start_locale());
    let base = web::base_path();
    view! {
            <HtmlLangDir />
            <AppTitle />
            <Router base=base>
                <components::shell::Shell>
                    <Routes fallback=pages::not_found::NotFound>
                        <Route path=path!("/") view=|| view! { <Redirect path="/signin" /> } />
                        <Route path=path!("/signin") view=pages::signin::SignIn />
                        <Route path=path!("/signup") view=pages::signup::SignUp />
                        <Route path=path!("/account") view=pages::account::Account />
                        <Route path=path!("/forgot") view=pages::forgot::Forgot />
                        <Route path=path!("/agreement") view=pages::info::Agreement />
                        <Route path=path!("/privacy") view=pages::info::Privacy />
                        <Route path=path!("/help") view=pages::info::Help />
                        <Route path=path!("/phone") view=pages::phone::PhonePage />
                    </Routes>
                </components::shell::Shell>
            </Router>
    }
}

/// Keeps `<html lang dir>` on the current language from start-up on (index.html starts as
/// "en"/"ltr" for the moment before the app runs), so screen readers pick the right voice and
/// Arabic lays out right to left; and provides the region names that follow it.
#[component]
fn HtmlLangDir() -> impl IntoView {
    let i18n = use_i18n();
    components::region_select::provide_region_names();
    view! {
        <Html
            {..}
            lang=move || i18n.get_locale().as_str()
            dir=move || i18n.get_locale().dir()
        />
    }
}

/// Every page's `<Title>` goes through this formatter: "Sign in – Xiaomi Account (demo)".
#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    let suffix = move || t_string!(i18n, title_suffix);
    view! { <Title formatter=move |page: String| format!("{page} – {}", suffix()) /> }
}
