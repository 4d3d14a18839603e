//! The phone's own screens: first-boot setup (language, region, Wi-Fi, Google, "Sign in with
//! Xiaomi Account", profile, all set) and a set-up phone's home, Settings and Xiaomi Account.

use super::{ctx, update_record, Ctx, HEADING_ID};
use crate::components::field::TextField;
use crate::components::region_select::RegionSelect;
use crate::components::services::ServiceList;
use crate::core::account::{check_nickname, Account};
use crate::core::phone::Status;
use crate::core::regions;
use crate::core::security;
use crate::i18n::*;
use crate::pages::account::initials;
use crate::state::use_app;
use crate::text::{shown_msg, Msg};
use crate::web;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// A screen's heading: where focus lands when the screen opens.
#[component]
pub fn ScreenTitle(children: Children) -> impl IntoView {
    view! { <h2 id=HEADING_ID class="phone-title" tabindex="-1">{children()}</h2> }
}

/// The region the phone uses: the one chosen in setup, else a guess from the browser.
pub fn phone_region(c: &Ctx) -> &'static regions::Region {
    c.record
        .with_untracked(|r| r.region.clone())
        .and_then(|code| regions::by_code(&code))
        .unwrap_or_else(web::guess_region)
}

fn next(c: Ctx) {
    c.phone.update(|p| p.next());
}

#[component]
pub fn Language() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let options = Locale::get_all()
        .iter()
        .map(|l| {
            let l = *l;
            let id = format!("phone-lang-{}", l.as_str());
            view! {
                <div class="phone-choice">
                    <input
                        type="radio"
                        name="phone-lang"
                        id=id.clone()
                        prop:checked=move || i18n.choice() == l
                        on:change=move |_| crate::lang::choose(i18n, l)
                    />
                    <label for=id lang=l.as_str()>{crate::components::shell::native_name(l)}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <ScreenTitle>{tr!(i18n, phone_welcome)}</ScreenTitle>
        <fieldset class="phone-choices">
            <legend>{tr!(i18n, language)}</legend>
            {options}
        </fieldset>
        // Shown on the phone itself too, next to the choice (the site's status announces it).
        <p class="phone-lang-note">
            {crate::components::shell::language_loading(i18n)}
            {crate::components::shell::language_failed(i18n)}
        </p>
        <button type="button" class="btn btn-primary" on:click=move |_| next(c)>{tr!(i18n, next)}</button>
    }
}

#[component]
pub fn RegionScreen() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let region = RwSignal::new(phone_region(&c));
    let error = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let go = move |_| {
        if busy.get_untracked() {
            return;
        }
        let code = region.get_untracked().code.to_owned();
        busy.set(true);
        spawn_local(async move {
            match update_record(app, |r| r.region = Some(code)).await {
                Ok(()) => next(c),
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
            busy.set(false);
        });
    };
    view! {
        <ScreenTitle>{tr!(i18n, phone_region_title)}</ScreenTitle>
        <RegionSelect selected=region />
        <p class="form-error" role="alert">{shown_msg(i18n, error)}</p>
        <button type="button" class="btn btn-primary" on:click=go>{tr!(i18n, next)}</button>
    }
}

#[component]
pub fn Wifi() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    view! {
        <ScreenTitle>{tr!(i18n, phone_wifi_title)}</ScreenTitle>
        // Networks drawn for the look only: the phone never connects anywhere.
        <ul class="phone-wifi" aria-hidden="true">
            <li>"Home-5G"</li>
            <li>"Cafe-Guest"</li>
        </ul>
        <p class="muted">{tr!(i18n, phone_wifi_note)}</p>
        <button type="button" class="btn btn-primary" on:click=move |_| next(c)>{tr!(i18n, phone_skip)}</button>
    }
}

#[component]
pub fn Google() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    view! {
        <ScreenTitle>{tr!(i18n, phone_google_title)}</ScreenTitle>
        <p>{tr!(i18n, phone_google_body)}</p>
        <p class="phone-tip">{tr!(i18n, tip_google)}</p>
        <button type="button" class="btn btn-primary" on:click=move |_| next(c)>{tr!(i18n, phone_skip)}</button>
    }
}

/// What the account unlocks on the phone: the guide's table.
#[component]
pub fn Services() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="phone-services" aria-labelledby="phone-services-heading">
            <h3 id="phone-services-heading">{tr!(i18n, phone_unlocks)}</h3>
            <ServiceList />
            <p class="phone-tip">{tr!(i18n, tip_google)}</p>
        </section>
    }
}

/// "Sign in with Xiaomi Account": Method 1's turn to create the account (or sign in).
#[component]
pub fn AccountSetup() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let signed_in = move || match c.status.get() {
        Status::SignedIn(a) => Some(a.nickname),
        _ => None,
    };
    let create = move |_| {
        let region = phone_region(&c);
        c.phone.update(|p| p.start_create(region));
    };
    view! {
        <ScreenTitle>{tr!(i18n, phone_account_setup_title)}</ScreenTitle>
        <p>{tr!(i18n, phone_account_body)}</p>
        {move || match signed_in() {
            Some(name) => view! {
                <p class="phone-signed-in">{let name = name.clone(); move || crate::text::fill(t_string!(i18n, phone_signed_in_as), &[("name", name.clone())])}</p>
                <button type="button" class="btn btn-primary" on:click=move |_| c.phone.update(|p| p.skip_account())>
                    {tr!(i18n, next)}
                </button>
            }
            .into_any(),
            None => view! {
                <div class="phone-actions">
                    <button type="button" class="btn btn-primary" on:click=move |_| c.phone.update(|p| p.start_sign_in())>
                        {tr!(i18n, title_sign_in)}
                    </button>
                    <button type="button" class="btn btn-secondary" on:click=create>
                        {tr!(i18n, create_account)}
                    </button>
                    <button type="button" class="link-button" on:click=move |_| c.phone.update(|p| p.skip_account())>
                        {tr!(i18n, phone_skip)}
                    </button>
                </div>
            }
            .into_any(),
        }}
        <Services />
    }
}

/// "Complete profile" (Method 1, after creating the account): the nickname.
#[component]
pub fn Profile() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let account = move || match c.status.get() {
        Status::SignedIn(a) => Some(a),
        _ => None,
    };
    let nickname = RwSignal::new(match c.status.get_untracked() {
        Status::SignedIn(a) => a.nickname,
        _ => String::new(),
    });
    let error = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Status::SignedIn(a) = c.status.get_untracked() else {
            next(c);
            return;
        };
        match check_nickname(&nickname.get_untracked()) {
            Ok(n) => {
                busy.set(true);
                spawn_local(async move {
                    // Written on the account as stored now, not on the copy this screen shows.
                    let saved = web::auth::update_account(&a.id, move |store, a| {
                        a.nickname = n;
                        Ok(store.put_account(a)?)
                    })
                    .await;
                    busy.set(false);
                    app.touch();
                    match saved {
                        Ok(()) => next(c),
                        Err(_) => error.set(Some(msg!(error_storage_write))),
                    }
                });
            }
            Err(_) => error.set(Some(msg!(error_nickname))),
        }
    };
    let only_one = move || account().is_some_and(|a| security::only_one_recovery_option(&a));
    view! {
        <ScreenTitle>{tr!(i18n, phone_profile_title)}</ScreenTitle>
        <p>{tr!(i18n, phone_profile_body)}</p>
        <form class="form" novalidate on:submit=save>
            <TextField
                id="phone-nickname"
                label=tr!(i18n, field_nickname)
                value=nickname
                error=shown_msg(i18n, error)
                maxlength=40
            />
            <button type="submit" class="btn btn-primary">{tr!(i18n, save)}</button>
        </form>
        <button type="button" class="link-button" on:click=move |_| next(c)>{tr!(i18n, phone_skip)}</button>
        <Show when=only_one>
            <p class="phone-tip">{tr!(i18n, recovery_warning)}</p>
        </Show>
    }
}

#[component]
pub fn SetupDone() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let error = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match update_record(app, |r| r.set_up = true).await {
                Ok(()) => next(c),
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="phone-centre">
            <svg class="phone-done-mark" viewBox="0 0 48 48" width="64" height="64" aria-hidden="true" focusable="false">
                <circle cx="24" cy="24" r="22" />
                <path d="M14 25l7 7 13-15" />
            </svg>
            <ScreenTitle>{tr!(i18n, phone_setup_done_title)}</ScreenTitle>
            <p>{tr!(i18n, phone_setup_done_body)}</p>
        </div>
        <p class="form-error" role="alert">{shown_msg(i18n, error)}</p>
        <button type="button" class="btn btn-primary" on:click=start>{tr!(i18n, phone_start)}</button>
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let time = move || {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(app.now.get() as f64));
        (
            format!("{:02}:{:02}", d.get_hours(), d.get_minutes()),
            format!(
                "{:04}-{:02}-{:02}",
                d.get_full_year(),
                d.get_month() + 1,
                d.get_date()
            ),
        )
    };
    view! {
        <h2 id=HEADING_ID class="visually-hidden" tabindex="-1">{tr!(i18n, phone_home_title)}</h2>
        <div class="phone-widget" aria-hidden="true" dir="ltr">
            <span class="phone-widget-time">{move || time().0}</span>
            <span class="phone-widget-date">{move || time().1}</span>
        </div>
        <ul class="phone-apps">
            <li>
                <button type="button" class="phone-app" on:click=move |_| c.phone.update(|p| p.open_settings())>
                    <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false">
                        <rect width="48" height="48" rx="12" class="phone-app-bg" />
                        <circle cx="24" cy="24" r="7" class="phone-app-fg" />
                        <path class="phone-app-fg" d="M24 9v5M24 34v5M9 24h5M34 24h5M13.4 13.4l3.5 3.5M31.1 31.1l3.5 3.5M13.4 34.6l3.5-3.5M31.1 16.9l3.5-3.5" />
                    </svg>
                    <span>{tr!(i18n, phone_settings)}</span>
                </button>
            </li>
        </ul>
    }
}

#[component]
pub fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let account = move || match c.status.get() {
        Status::SignedIn(a) => Some(a),
        _ => None,
    };
    view! {
        <ScreenTitle>{tr!(i18n, phone_settings)}</ScreenTitle>
        <button type="button" class="phone-account-row" on:click=move |_| c.phone.update(|p| p.open_account())>
            <span class="phone-avatar" class:phone-avatar-empty=move || account().is_none() aria-hidden="true">
                {move || match account() {
                    Some(a) => initials(&a.nickname).into_any(),
                    None => view! {
                        <svg viewBox="0 0 24 24" width="26" height="26" focusable="false">
                            <circle cx="12" cy="8" r="4" />
                            <path d="M4 20a8 8 0 0 1 16 0z" />
                        </svg>
                    }
                    .into_any(),
                }}
            </span>
            <span class="phone-row-text">
                // HyperOS shows "[Your name]" here once signed in, "Xiaomi Account" before.
                <span class="phone-row-title">
                    {move || account().map_or_else(|| t_string!(i18n, app_name).to_string(), |a| a.nickname)}
                </span>
                <span class="phone-row-sub">
                    {move || if account().is_some() { t_string!(i18n, phone_row_signed_in) } else { t_string!(i18n, title_sign_in) }}
                </span>
            </span>
        </button>
        // The rest of Settings, for the look only.
        <ul class="phone-settings-rest">
            <li>{tr!(i18n, phone_set_sim)}</li>
            <li>{tr!(i18n, phone_set_wifi)}</li>
            <li>{tr!(i18n, phone_set_bluetooth)}</li>
            <li>{tr!(i18n, phone_set_display)}</li>
        </ul>
    }
}

/// Settings → Xiaomi Account: the signed-in account (name, ID, services, security tips, sign
/// out), or the way to sign in.
#[component]
pub fn AccountScreen() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    move || {
        match c.status.get() {
        Status::SignedIn(a) => view! { <SignedIn account=a /> }.into_any(),
        _ => view! {
            <ScreenTitle>{tr!(i18n, app_name)}</ScreenTitle>
            <p>{tr!(i18n, phone_account_body)}</p>
            <button type="button" class="btn btn-primary" on:click=move |_| c.phone.update(|p| p.start_sign_in())>
                {tr!(i18n, title_sign_in)}
            </button>
            <Services />
        }
        .into_any(),
    }
    }
}

#[component]
fn SignedIn(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let sign_out = {
        let id = account.id.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let id = id.clone();
            spawn_local(async move {
                match super::sign_out_phone(app, Some(id)).await {
                    // The button goes with the signed-in view: focus moves to the new heading.
                    Ok(()) => super::focus_heading(),
                    Err(_) => error.set(Some(msg!(error_storage_write))),
                }
                busy.set(false);
            });
        }
    };
    let contacts = security::contacts(&account)
        .into_iter()
        .map(|(c, _)| view! { <li dir="ltr">{security::mask(&c)}</li> })
        .collect_view();
    let two_step = account.two_step;
    let only_one = security::only_one_recovery_option(&account);
    view! {
        <header class="phone-account-head">
            <span class="phone-avatar phone-avatar-large" aria-hidden="true">{initials(&account.nickname)}</span>
            <ScreenTitle>{account.nickname.clone()}</ScreenTitle>
            <p class="muted small">{tr!(i18n, account_id_label)} " " <span dir="ltr">{account.id.clone()}</span></p>
            <ul class="phone-contacts muted small">{contacts}</ul>
        </header>
        <Services />
        <section class="phone-security" aria-labelledby="phone-security-heading">
            <h3 id="phone-security-heading">{tr!(i18n, phone_security)}</h3>
            // The state on a line of its own: "On: …" after "Two-step verification: " read as
            // two colons.
            <p>
                {tr!(i18n, two_step_title)}
                <br />
                <span class="muted small">
                    {if two_step { tr!(i18n, two_step_on) } else { tr!(i18n, two_step_off) }}
                </span>
            </p>
            {(!two_step).then(|| view! { <p class="phone-tip">{tr!(i18n, tip_two_step)}</p> })}
            {only_one.then(|| view! { <p class="phone-tip">{tr!(i18n, recovery_warning)}</p> })}
            <p class="phone-tip">{tr!(i18n, tip_many_devices)}</p>
            <A href=web::href("/account")>{tr!(i18n, phone_open_center)}</A>
        </section>
        <p class="form-error" role="alert">{shown_msg(i18n, error)}</p>
        <button type="button" class="btn btn-secondary" on:click=sign_out>{tr!(i18n, sign_out)}</button>
    }
}
