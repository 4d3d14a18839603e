//! `/phone`: a simulated phone to rehearse the guide's Methods 1 (first-boot setup) and 2
//! (Settings → Xiaomi Account). The screens and their Back/Home behaviour are
//! `core::phone::Phone`; sign-up and sign-in use the site's own rules and store, so an account
//! made here signs in on the web and the reverse. The phone is a device of its own
//! (`xa.phone`), listed in the account center and signed out by its "Sign out of other devices".

mod create;
mod screens;
mod signin;

use crate::core::phone::{self, GuideMethod, Phone, PhoneRecord, Screen, Status};
use crate::core::signin as rules;
use crate::core::store::StoreError;
use crate::i18n::*;
use crate::state::{use_app, AppState};
use crate::text::{shown_msg, Msg};
use crate::web;
use crate::web::auth::{self, UpdateError};
use crate::web::crypto::BrowserRng;
use crate::web::locks::with_lock;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

/// What every screen of the phone shares.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub phone: RwSignal<Phone>,
    /// The stored phone, read again whenever stored data changes (here or in another tab).
    pub record: Memo<PhoneRecord>,
    pub status: Memo<Status>,
}

pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// The id of every screen's heading, where focus goes when the screen changes.
pub const HEADING_ID: &str = "phone-heading";

/// Signs the phone in to the account `id`, under the cross-tab store lock with the account and
/// the phone's record read afresh (a change made meanwhile in another tab is kept): a new
/// session for the phone and its device entry, stored together.
pub async fn sign_in_phone(app: AppState, id: &str, label: &str) -> Result<(), UpdateError> {
    let label = label.to_owned();
    let result = auth::update_account(id, move |store, account| {
        let env = web::env();
        let mut rec = store.phone(&BrowserRng)?;
        let signed = rec.sign_in(account, &label, env.now(), &BrowserRng);
        store.put_phone_and_account(&rec, &signed)?;
        // As on the web: a success forgets earlier failures; a leftover count is harmless.
        let mut t = store.throttle(&account.id).unwrap_or_default();
        rules::record_success(&mut t);
        let _ = store.put_throttle(&account.id, &t);
        Ok(())
    })
    .await;
    if result.is_ok() {
        // And this tab's failed attempts (its image check), as the site's sign-in does.
        let _ = web::session().set_signin_failures(0);
    }
    app.touch();
    result
}

/// Signs the phone out of account `id`, both read afresh under the store lock; with `None`,
/// or if the account is gone, only drops the phone's session.
pub async fn sign_out_phone(app: AppState, id: Option<String>) -> Result<(), UpdateError> {
    let result = with_lock(move || {
        let store = &web::env().store;
        let mut rec = store.phone(&BrowserRng)?;
        match id.and_then(|id| store.account(&id).ok().flatten()) {
            Some(a) => {
                let out = rec.sign_out(&a);
                store.put_phone_and_account(&rec, &out)?;
            }
            None => {
                rec.session = None;
                store.put_phone(&rec)?;
            }
        }
        Ok(())
    })
    .await;
    app.touch();
    result
}

/// Changes the stored phone record (setup finished, region chosen), read afresh under the
/// store lock.
pub async fn update_record(
    app: AppState,
    f: impl FnOnce(&mut PhoneRecord) + 'static,
) -> Result<(), StoreError> {
    with_lock(move || {
        let store = &web::env().store;
        let mut rec = store.phone(&BrowserRng)?;
        f(&mut rec);
        store.put_phone(&rec)
    })
    .await?;
    app.touch();
    Ok(())
}

/// The section of "a new phone" / "a phone already set up": the phone's record read afresh,
/// signed out of the account it is signed in to (as that account is stored now), reset.
fn reset_phone(set_up: bool) -> Result<(), StoreError> {
    let store = &web::env().store;
    let mut rec = store.phone(&BrowserRng)?;
    let status = rec.status(|id| store.account(id).ok().flatten());
    let signed_in = match status {
        Status::SignedIn(a) => Some(rec.sign_out(&a)),
        _ => None,
    };
    rec.reset(set_up);
    match signed_in {
        Some(a) => store.put_phone_and_account(&rec, &a),
        None => store.put_phone(&rec),
    }
}

/// Moves focus to the new screen's heading once it is drawn.
pub fn focus_heading() {
    crate::components::focus::focus_id(HEADING_ID);
}

#[component]
pub fn PhonePage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // If storage cannot be read, the phone still works for this visit from a record in memory.
    let fallback = PhoneRecord::new(&BrowserRng);
    let record = Memo::new(move |_| {
        app.revision.track();
        web::env()
            .store
            .phone(&BrowserRng)
            .unwrap_or_else(|_| fallback.clone())
    });
    // The account is read again on every change too: another tab's "Sign out of other devices"
    // changes the account, not the phone's record.
    let status = Memo::new(move |_| {
        app.revision.track();
        record.with(|r| r.status(|id| web::env().store.account(id).ok().flatten()))
    });
    let phone = RwSignal::new(Phone::boot(record.get_untracked().set_up));
    provide_context(Ctx {
        phone,
        record,
        status,
    });
    // Focus follows each new screen (and each sign-up step), not the first one drawn.
    let place = Memo::new(move |_| phone.with(|p| (p.screen, p.signup.as_ref().map(|f| f.step))));
    Effect::new(move |prev: Option<_>| {
        let now = place.get();
        if prev.is_some_and(|p| p != now) {
            focus_heading();
        }
        now
    });
    let error = RwSignal::new(None::<Msg>);
    // "A new phone" / "A phone already set up": a factory reset (signed out, same device).
    let busy = RwSignal::new(false);
    let restart = move |set_up: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match with_lock(move || reset_phone(set_up)).await {
                Ok(()) => error.set(None),
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
            busy.set(false);
            phone.set(Phone::boot(set_up));
            app.touch();
            focus_heading();
        });
    };
    view! {
        <Title text=tr!(i18n, title_phone) />
        <section class="card phone-page" aria-labelledby="page-heading">
            <h1 id="page-heading" class="card-title">{tr!(i18n, title_phone)}</h1>
            // The phone comes before the guide's steps, so on a narrow screen it is not pushed
            // below them; on a wide one the steps sit beside it (style/phone.css).
            <div class="phone-layout">
                <div class="phone-intro">
                    <p>{tr!(i18n, phone_intro)}</p>
                    <div class="phone-start" role="group" aria-labelledby="phone-start-label">
                        <p id="phone-start-label" class="phone-start-label">{tr!(i18n, phone_start_label)}</p>
                        <button type="button" class="btn btn-secondary" on:click=move |_| restart(false)>
                            {tr!(i18n, phone_start_new)}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| restart(true)>
                            {tr!(i18n, phone_start_set_up)}
                        </button>
                        <p class="muted small">{tr!(i18n, phone_reset_note)}</p>
                        <p class="form-error" role="alert">{shown_msg(i18n, error)}</p>
                    </div>
                </div>
                <PhoneFrame />
                <div class="phone-guide">
                    <GuideSteps />
                    <p class="phone-tip">{tr!(i18n, tip_credentials)}</p>
                </div>
            </div>
        </section>
    }
}

/// The guide's steps for the method being rehearsed, the current one marked.
#[component]
fn GuideSteps() -> impl IntoView {
    let i18n = use_i18n();
    let Ctx { phone, status, .. } = ctx();
    let at = Memo::new(move |_| {
        let signed_in = matches!(status.get(), Status::SignedIn(_));
        phone.with(|p| phone::guide_step(p, signed_in))
    });
    let step = move |method: GuideMethod, n: usize| {
        let current = move || at.get() == (method, n);
        let text = move || match (method, n) {
            (GuideMethod::FirstBoot, 1) => t_string!(i18n, guide_m1_1),
            (GuideMethod::FirstBoot, 2) => t_string!(i18n, guide_m1_2),
            (GuideMethod::FirstBoot, 3) => t_string!(i18n, guide_m1_3),
            (GuideMethod::FirstBoot, 4) => t_string!(i18n, guide_m1_4),
            (GuideMethod::FirstBoot, 5) => t_string!(i18n, guide_m1_5),
            (GuideMethod::FirstBoot, _) => t_string!(i18n, guide_m1_6),
            (GuideMethod::Settings, 1) => t_string!(i18n, guide_m2_1),
            (GuideMethod::Settings, 2) => t_string!(i18n, guide_m2_2),
            (GuideMethod::Settings, 3) => t_string!(i18n, guide_m2_3),
            (GuideMethod::Settings, _) => t_string!(i18n, guide_m2_4),
        };
        view! {
            <li
                class:guide-current=current
                aria-current=move || current().then_some("step")
            >
                {text}
            </li>
        }
    };
    view! {
        <section class="phone-steps" aria-labelledby="guide-heading">
            <h2 id="guide-heading">
                {move || match at.get().0 {
                    GuideMethod::FirstBoot => t_string!(i18n, guide_m1_title),
                    GuideMethod::Settings => t_string!(i18n, guide_m2_title),
                }}
            </h2>
            {move || {
                let method = at.get().0;
                view! {
                    <ol>
                        {(1..=method.steps()).map(|n| step(method, n)).collect_view()}
                    </ol>
                }
            }}
            <p class="muted small">{tr!(i18n, guide_same_credentials)}</p>
        </section>
    }
}

/// The phone: our own drawing of a frame, a status bar, the screen and the Back/Home buttons.
#[component]
fn PhoneFrame() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let Ctx { phone, status, .. } = ctx();
    // The screen is drawn again only when it changes, not on every change inside it.
    let screen = Memo::new(move |_| phone.with(|p| p.screen));
    let clock = move || {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(app.now.get() as f64));
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
    };
    let elsewhere = move || status.with(|s| *s == Status::SignedOutElsewhere);
    // "OK" drops the stale session; the notice (and its button) go, so focus moves to the screen.
    let acknowledge = move |_| {
        spawn_local(async move {
            let _ = sign_out_phone(app, None).await;
            focus_heading();
        });
    };
    view! {
        <section class="phone" aria-label=tr!(i18n, phone_frame_label)>
            <div class="phone-screen" data-screen=move || screen.get().slug()>
                <div class="phone-status" aria-hidden="true">
                    <span class="phone-clock" dir="ltr">{clock}</span>
                    <span class="phone-camera"></span>
                    <svg class="phone-icons" viewBox="0 0 54 14" width="54" height="14" focusable="false">
                        <path d="M1 12h2v-2H1zM5 12h2V8H5zM9 12h2V5H9zM13 12h2V2h-2z" />
                        <path d="M20 6.5a9 9 0 0 1 12 0l-1.4 1.4a7 7 0 0 0-9.2 0zM23 9.4a5 5 0 0 1 6 0L26 12.5z" />
                        <rect x="36" y="3" width="15" height="9" rx="2" fill="none" stroke="currentColor" stroke-width="1.4" />
                        <rect x="38" y="5" width="10" height="5" rx="1" />
                        <rect x="51.5" y="6" width="1.8" height="3" rx="0.6" />
                    </svg>
                </div>
                <div class="phone-notice" role="status">
                    <Show when=elsewhere>
                        <p>{tr!(i18n, phone_signed_out_elsewhere)}</p>
                        <button type="button" class="btn-small" on:click=acknowledge>{tr!(i18n, phone_ok)}</button>
                    </Show>
                </div>
                <div class="phone-content">
                    {move || match screen.get() {
                        Screen::Language => view! { <screens::Language /> }.into_any(),
                        Screen::Region => view! { <screens::RegionScreen /> }.into_any(),
                        Screen::Wifi => view! { <screens::Wifi /> }.into_any(),
                        Screen::Google => view! { <screens::Google /> }.into_any(),
                        Screen::AccountSetup => view! { <screens::AccountSetup /> }.into_any(),
                        Screen::Profile => view! { <screens::Profile /> }.into_any(),
                        Screen::SetupDone => view! { <screens::SetupDone /> }.into_any(),
                        Screen::Home => view! { <screens::Home /> }.into_any(),
                        Screen::Settings => view! { <screens::Settings /> }.into_any(),
                        Screen::Account => view! { <screens::AccountScreen /> }.into_any(),
                        Screen::SignIn => view! { <signin::SignIn /> }.into_any(),
                        Screen::TwoStep => view! { <signin::TwoStep /> }.into_any(),
                        Screen::Create => view! { <create::Create /> }.into_any(),
                    }}
                </div>
                <nav class="phone-nav" aria-label=tr!(i18n, phone_nav_label)>
                    <button
                        type="button"
                        class="phone-nav-btn"
                        disabled=move || !phone.with(Phone::can_go_back)
                        on:click=move |_| {
                            phone.update(|p| {
                                p.back();
                            })
                        }
                    >
                        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                            <path class="phone-nav-back" d="M15 5l-7 7 7 7" />
                        </svg>
                        <span>{tr!(i18n, phone_back)}</span>
                    </button>
                    <button
                        type="button"
                        class="phone-nav-btn"
                        disabled=move || !phone.with(Phone::can_go_home)
                        on:click=move |_| {
                            phone.update(|p| {
                                p.home();
                            })
                        }
                    >
                        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                            <rect x="5" y="5" width="14" height="14" rx="4" />
                        </svg>
                        <span>{tr!(i18n, phone_home)}</span>
                    </button>
                </nav>
            </div>
        </section>
    }
}
