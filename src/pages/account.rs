//! The account center. Signed out, it sends you to sign in.

use crate::core::account::Account;
use crate::core::regions;
use crate::i18n::*;
use crate::state::use_app;
use crate::web;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let account = Memo::new(move |_| {
        app.session
            .get()
            .and_then(|s| web::env().store.account(&s.account_id).ok().flatten())
    });
    view! {
        <Title text=move || t_string!(i18n, title_account) />
        {move || match account.get() {
            None => view! { <Redirect path="/signin" /> }.into_any(),
            Some(a) => view! { <Center account=a /> }.into_any(),
        }}
    }
}

fn initials(nickname: &str) -> String {
    nickname
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

/// A date as YYYY-MM-DD in the browser's time zone.
fn date(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

#[component]
fn Center(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sign_out = move |_| {
        // Signing out here signs out every tab: they all watch the same session record.
        let _ = web::env().store.clear_session();
        app.session.set(None);
    };
    let region = regions::by_code(&account.region).map_or(account.region.clone(), |r| {
        crate::components::region_select::region_name(r)
    });
    view! {
        <section class="card account" aria-labelledby="page-heading">
            <header class="account-header">
                <span class="avatar" aria-hidden="true">{initials(&account.nickname)}</span>
                <div>
                    <h1 id="page-heading" class="card-title">{account.nickname.clone()}</h1>
                    <p class="muted">{t!(i18n, account_id_label)} " " <span dir="ltr">{account.id.clone()}</span></p>
                </div>
            </header>
            <h2>{t!(i18n, personal_info)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, region_label)}</dt>
                <dd>{region} <span class="muted small">" — "{t!(i18n, region_locked_note)}</span></dd>
                {account.phone.clone().map(|p| view! { <dt>{t!(i18n, field_phone)}</dt><dd dir="ltr">{p}</dd> })}
                {account.email.clone().map(|e| view! { <dt>{t!(i18n, field_email)}</dt><dd dir="ltr">{e}</dd> })}
                <dt>{t!(i18n, created_label)}</dt>
                <dd>{date(account.created_at)}</dd>
            </dl>
            <h2>{t!(i18n, services_title)}</h2>
            <ul class="services">
                <li>{t!(i18n, service_cloud)}</li>
                <li>{t!(i18n, service_find)}</li>
                <li>{t!(i18n, service_store)}</li>
                <li>{t!(i18n, service_themes)}</li>
                <li>{t!(i18n, service_community)}</li>
                <li>{t!(i18n, service_second_space)}</li>
            </ul>
            <p class="muted small">{t!(i18n, service_google_note)}</p>
            <button type="button" class="btn btn-secondary" on:click=sign_out>{t!(i18n, sign_out)}</button>
        </section>
    }
}
