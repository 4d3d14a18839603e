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
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

/// How long the first page waits for a non-English start language's text before it starts in
/// English with that language on its way (the menu shows it loading; the page switches when it
/// arrives). Same-origin files normally take a few milliseconds; this bounds a stalled network.
const START_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Starts the app in the language `lang::start_locale` picks (the saved choice, else the
/// browser's languages): at once when its text is here (English, always compiled in), else once
/// it is fetched, so the first page already shows it; if the fetch fails, in English with a note
/// saying so; if it takes longer than [`START_WAIT`], in English until it arrives.
pub fn start() {
    let wanted = lang::start_locale();
    let i18n = I18n::new(wanted);
    let Some(switching) = lang::switch(i18n, wanted) else {
        return mount(i18n);
    };
    let mounted = std::rc::Rc::new(std::cell::Cell::new(false));
    let once = mounted.clone();
    wasm_bindgen_futures::spawn_local(async move {
        switching.await;
        if !once.replace(true) {
            mount(i18n);
        }
    });
    set_timeout(
        move || {
            if !mounted.replace(true) {
                mount(i18n);
            }
        },
        START_WAIT,
    );
}

fn mount(i18n: I18n) {
    // User Timing "xa:mount": from here until the first page is in the document. `make bench`
    // splits a cold load at it.
    let _timing = web::crypto::UserTiming::start("xa:mount");
    leptos::mount::mount_to_body(move || view! { <App i18n /> });
}

/// The whole app, in the page language `i18n` (see [`start`]).
#[component]
pub fn App(i18n: I18n) -> impl IntoView {
    provide_meta_context();
    provide_context(state::AppState::new());
    provide_context(i18n);
    let base = web::base_path();
    view! {
            <HtmlLangDir />
            <AppTitle />
            <Router base=base>
                <components::shell::Shell>
                    <FlatRoutes fallback=pages::not_found::NotFound>
                        <Route path=path!("/") view=|| view! { <pages::SendTo path="/signin" /> } />
                        // The file a static host may name in the address.
                        <Route path=path!("/index.html") view=|| view! { <pages::SendTo path="/signin" /> } />
                        <Route path=path!("/signin") view=pages::signin::SignIn />
                        <Route path=path!("/signup") view=pages::signup::SignUp />
                        <Route path=path!("/account") view=pages::account::Account />
                        <Route path=path!("/forgot") view=pages::forgot::Forgot />
                        <Route path=path!("/agreement") view=pages::info::Agreement />
                        <Route path=path!("/privacy") view=pages::info::Privacy />
                        <Route path=path!("/help") view=pages::info::Help />
                        <Route path=path!("/phone") view=pages::phone::PhonePage />
                    </FlatRoutes>
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
