//! The frame every page sits in: header with our own wordmark, links and language menu, the demo
//! notice, and the footer.

use crate::components::demo_tools::DemoTools;
use crate::components::first_paint::AfterFirstPaint;
use crate::components::messages::{HeadsUp, MessagesPanel};
use crate::components::storage_panel::StorageBanner;
use crate::i18n::*;
use crate::web;
use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

/// How many pages on screen show the side banner beside their card: a count, as the router
/// builds the next page before it drops the last.
#[derive(Clone, Copy)]
struct Banner(RwSignal<u32>);

/// Shows the side banner (style/banner.css) while the calling page is on screen: the sign-in
/// and sign-up pages call it. A class on the page body, not a `:has()` rule there, which
/// Chromium had to recheck on every change below it (about 10 ms of a cold load, `make bench`).
pub fn with_banner() {
    if let Some(Banner(count)) = use_context::<Banner>() {
        count.update(|n| *n += 1);
        on_cleanup(move || {
            let _ = count.try_update(|n| *n = n.saturating_sub(1));
        });
    }
}

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let app = crate::state::use_app();
    let banner = RwSignal::new(0u32);
    provide_context(Banner(banner));
    // With <base href> set, "#main" would resolve to the base URL and navigate away, so the skip
    // link moves focus itself.
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    };
    // On a new page (not the first), the focus moves to the main content, where the skip link
    // would put it: the element that had it (a link, a button) is gone, and the next Tab should
    // start in the new page rather than at the top of the document. Pages that focus a field of
    // their own on arrival do so after this. Only once the visitor has pressed a key or a
    // pointer: a redirect while the app starts ("/" → "/signin") leaves a fresh page's focus.
    let acted = StoredValue::new(false);
    let _ = window_event_listener(leptos::ev::keydown, move |_| acted.set_value(true));
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| acted.set_value(true));
    let location = leptos_router::hooks::use_location();
    Effect::new(move |prev: Option<String>| {
        let path = location.pathname.get();
        if prev.is_some_and(|p| p != path) && acted.get_value() {
            if let Some(main) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("main"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = main.focus();
            }
        }
        path
    });
    view! {
        <a class="skip-link" href="#main" on:click=skip>{tr!(i18n, skip_to_content)}</a>
        // A landmark of its own, so no content sits outside one (axe's "region" rule).
        <aside aria-label=tr!(i18n, notice_label)>
            <p class="demo-notice" role="note">{tr!(i18n, demo_notice)}</p>
            <StorageBanner />
            <LanguageNote />
        </aside>
        <header class="site-header">
            <A href=web::href("/") attr:class="brand" attr:aria-label=tr!(i18n, wordmark_label)>
                <Wordmark />
                <span class="brand-name">{tr!(i18n, app_name)}</span>
            </A>
            <nav class="site-links" aria-label=tr!(i18n, nav_label)>
                <A href=web::href("/agreement")>{tr!(i18n, user_agreement)}</A>
                <A href=web::href("/privacy")>{tr!(i18n, privacy_policy)}</A>
                <A href=web::href("/help")>{tr!(i18n, help)}</A>
                <LanguageMenu />
            </nav>
        </header>
        <div class="site-body" class:with-banner=move || { banner.get() > 0 }>
            <main id="main" class="site-main" tabindex="-1">
                {children()}
            </main>
            // Beside the form (below it on a phone), so drawn after the form is on screen: a
            // cold load paints sooner. The column keeps its width meanwhile, so the form does
            // not move; what is below it (the footer) may, in the next few frames.
            <aside class="site-side" aria-label=tr!(i18n, side_label)>
                // One part a task, each short (see `first_paint`).
                <AfterFirstPaint>
                    <HeadsUp
                        active=Signal::derive(move || app.dialogs.get() == 0)
                        page=Signal::derive(move || {
                            format!("{}{}#{}", location.pathname.get(), location.search.get(), app.step.get())
                        })
                    />
                </AfterFirstPaint>
                <AfterFirstPaint>
                    <MessagesPanel />
                </AfterFirstPaint>
                <AfterFirstPaint>
                    <DemoTools />
                </AfterFirstPaint>
            </aside>
        </div>
        <footer class="site-footer">
            <p>{tr!(i18n, footer_line)}</p>
            <p><A href=web::href("/phone")>{tr!(i18n, phone_link)}</A></p>
        </footer>
    }
}

/// Our own mark: a key in an orange disc. Deliberately not Xiaomi's logo.
#[component]
fn Wordmark() -> impl IntoView {
    view! {
        <svg class="wordmark" viewBox="0 0 64 64" width="40" height="40" aria-hidden="true" focusable="false">
            <circle cx="32" cy="32" r="32" fill="#ff6900" />
            <circle cx="24" cy="32" r="9" fill="none" stroke="#fff" stroke-width="5" />
            <path d="M32 32h18v8M43 32v6" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" />
        </svg>
    }
}

/// The language menu: each language in its own name (and marked as that language, so screen
/// readers say it right); the choice is remembered (see `lang::choose`). While a language's text
/// is on its way the menu shows it chosen (and `LanguageNote` says it is loading); the page
/// switches when it arrives.
#[component]
fn LanguageMenu() -> impl IntoView {
    let i18n = use_i18n();
    let apply = move |value: String| {
        if let Some(l) = Locale::get_all().iter().find(|l| l.as_str() == value) {
            if *l != i18n.choice_untracked() {
                crate::lang::choose(i18n, *l);
            }
        }
    };
    // Arrow keys (and type-ahead) on the closed list change its value, and Chromium and
    // Firefox fire `change` at each: switching the whole site at every step would walk a
    // keyboard user through every language on the way to theirs (WCAG 3.2.2). A value reached
    // by keys is applied on Enter or when the focus leaves; one picked from the open list (by
    // mouse, or keys inside the list, which the page never sees) at once.
    let keyed = StoredValue::new(false);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if key == "Enter" {
            if keyed.get_value() {
                keyed.set_value(false);
                apply(event_target_value(&ev));
            }
        } else if ev.alt_key() || key == " " {
            // These open the list: what is picked in it applies at once.
            keyed.set_value(false);
        } else if key.chars().count() == 1
            || matches!(
                key.as_str(),
                "ArrowUp"
                    | "ArrowDown"
                    | "ArrowLeft"
                    | "ArrowRight"
                    | "Home"
                    | "End"
                    | "PageUp"
                    | "PageDown"
            )
        {
            keyed.set_value(true);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if !keyed.get_value() {
            apply(event_target_value(&ev));
        }
    };
    let on_blur = move |ev: leptos::ev::FocusEvent| {
        if keyed.get_value() {
            keyed.set_value(false);
            apply(event_target_value(&ev));
        }
    };
    view! {
        <label class="lang-menu">
            <span class="visually-hidden">{tr!(i18n, language)}</span>
            <select
                on:keydown=on_keydown
                on:mousedown=move |_| keyed.set_value(false)
                on:change=on_change
                on:blur=on_blur
                prop:value=move || i18n.choice().as_str()
            >
                {Locale::get_all()
                    .iter()
                    .map(|l| {
                        view! {
                            <option value=l.as_str() lang=l.as_str()>
                                {native_name(*l)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Says, for screen readers, that a chosen language is loading, and, for everyone, that the one
/// last chosen could not be loaded (the page stays in the one it was).
#[component]
fn LanguageNote() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="visually-hidden" role="status">{language_loading(i18n)}</p>
        <p class="storage-banner" role="status" data-note="language">{language_failed(i18n)}</p>
    }
}

/// "Loading Español…" while a chosen language's text is on its way, else nothing. The name is
/// in its own language, marked and isolated as such.
pub fn language_loading(i18n: I18n) -> impl Fn() -> Option<AnyView> + Copy {
    move || {
        let choice = i18n.choice();
        (choice != i18n.get_locale())
            .then(|| language_worded(t_string!(i18n, language_loading), choice))
    }
}

/// "Русский could not be loaded…" when the language last chosen could not be had, else nothing.
pub fn language_failed(i18n: I18n) -> impl Fn() -> Option<AnyView> + Copy {
    move || {
        i18n.failed()
            .map(|l| language_worded(t_string!(i18n, language_load_failed), l))
    }
}

fn language_worded(template: &'static str, l: Locale) -> AnyView {
    let (before, after) = template.split_once("%language%").unwrap_or((template, ""));
    view! { {before}<bdi lang=l.as_str()>{native_name(l)}</bdi>{after} }.into_any()
}

/// Each language's name in itself, as language menus show them.
pub fn native_name(l: Locale) -> &'static str {
    match l {
        Locale::en => "English",
        Locale::zh_Hans => "简体中文",
        Locale::zh_Hant => "繁體中文",
        Locale::es => "Español",
        Locale::id => "Bahasa Indonesia",
        Locale::hi => "हिन्दी",
        Locale::ru => "Русский",
        Locale::ar => "العربية",
    }
}
