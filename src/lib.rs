//! A practice copy of the Xiaomi Account web sign-up, client-side only.
//! `core` holds the rules and needs no browser; `web` adapts the browser to core's traits;
//! `components` and `pages` are the thin view layer.

// The generated `i18n` module: a `Locale` enum and compile-time checked keys from locales/*.json.
// The macro is marked deprecated in favour of build.rs generation, which would pull ICU's data
// exporter into every build; the macro gives the same checks for our plain JSON files.
#[allow(deprecated)]
mod i18n_gen {
    leptos_i18n::load_locales!();
}
pub use i18n_gen::i18n;

// First, so its `tr!` is in scope in every module below.
#[macro_use]
pub mod text;
pub mod components;
pub mod core;
pub mod lang;
pub mod pages;
pub mod panic_panel;
pub mod state;
pub mod web;

use i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{provide_meta_context, Html, Title};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(state::AppState::new());
    let base = web::base_path();
    view! {
        // The root i18n context, started in the language `lang::start_locale` picks (the saved
        // choice, else the browser's languages). It is a "sub"-context only because that
        // provider takes an initial locale: the main provider would re-apply leptos_i18n's own
        // browser match after start-up, undoing a saved choice. No cookie: the choice lives in
        // our store.
        <I18nSubContextProvider initial_locale=Signal::stored(lang::start_locale())>
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
        </I18nSubContextProvider>
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
            dir=move || i18n.get_locale().direction().as_str()
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
