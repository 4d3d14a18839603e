//! "Create account" on the phone: the site's own sign-up flow (`core::signup::SignupFlow`),
//! one step a screen: details and terms → image check → code → password → the new ID. The
//! account is the same kind of record the site makes, and the phone signs in with it at once.

use super::screens::ScreenTitle;
use super::{ctx, sign_in_phone, Ctx};
use crate::components::captcha::{error_text, Captcha};
use crate::components::code_input::CodeInput;
use crate::components::code_sender::{self, check_code, code_error_text, send_error_text};
use crate::components::field::{PasswordField, ShowPasswordToggle, TextField};
use crate::components::region_select::RegionSelect;
use crate::core::account::{new_account_id, IdKind};
use crate::core::captcha::Challenge;
use crate::core::clock::SECOND;
use crate::core::codes::{self, Purpose, SendError};
use crate::core::password;
use crate::core::phone as rules;
use crate::core::signup::{DetailsError, Method, SignupFlow, Step};
use crate::core::store::StoreError;
use crate::i18n::*;
use crate::pages::signup::details::details_error;
use crate::pages::signup::details::focus;
use crate::pages::signup::password::{
    check_new_password, common_passwords, NewPasswordError, StrengthMeter,
};
use crate::state::{use_app, AppState};
use crate::text::fill;
use crate::web;
use crate::web::crypto::{hash_password, BrowserRng};
use crate::web::locks::with_lock;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Reads the sign-up in progress (a default one only in the instant the screen is left).
fn flow(c: Ctx) -> SignupFlow {
    c.phone
        .with_untracked(|p| p.signup.clone())
        .unwrap_or_else(|| SignupFlow::new(web::guess_region()))
}

/// Changes the sign-up in progress and returns what `f` returned.
fn update<R>(c: Ctx, f: impl FnOnce(&mut SignupFlow) -> R) -> Option<R> {
    let mut out = None;
    c.phone.update(|p| {
        if let Some(flow) = p.signup.as_mut() {
            out = Some(f(flow));
        }
    });
    out
}

/// Sends the sign-up code to the flow's identifier, into the messages panel.
fn send(
    c: Ctx,
    app: AppState,
) -> impl std::future::Future<Output = Result<(), code_sender::SendCodeError>> {
    let f = flow(c);
    let to = f.identifier.clone().unwrap_or_default();
    let is_email = f.method == Method::Email;
    async move { code_sender::send_code(app, Purpose::SignUp, &to, is_email).await }
}

#[component]
pub fn Create() -> impl IntoView {
    let c = ctx();
    let step = Memo::new(move |_| c.phone.with(|p| p.signup.as_ref().map(|f| f.step)));
    move || match step.get() {
        Some(Step::Details) | None => view! { <Details /> }.into_any(),
        Some(Step::Check) => view! { <Check /> }.into_any(),
        Some(Step::Code) => view! { <Code /> }.into_any(),
        Some(Step::Password) => view! { <Password /> }.into_any(),
        Some(Step::Done) => view! { <Done /> }.into_any(),
    }
}

/// "Change phone number or email": back to the details, keeping what was typed.
#[component]
fn ChangeIdentifier() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    view! {
        <button type="button" class="link-button" on:click=move |_| { update(c, |f| f.edit_details()); }>
            {t!(i18n, change_identifier)}
        </button>
    }
}

#[component]
fn Details() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let initial = flow(c);
    let region = RwSignal::new(initial.region());
    let method = RwSignal::new(initial.method);
    let input = RwSignal::new(initial.input.clone());
    let agreed = RwSignal::new(initial.agreed);
    let error = RwSignal::new(None::<DetailsError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = method.get_untracked();
        let kind = match m {
            Method::Phone => IdKind::Phone,
            Method::Email => IdKind::Email,
        };
        let store = &web::env().store;
        let result = update(c, |f| {
            f.submit_details(
                region.get_untracked(),
                m,
                &input.get_untracked(),
                agreed.get_untracked(),
                |id| store.is_registered(kind, id).unwrap_or(false),
            )
        });
        match result {
            Some(Err(e)) => {
                error.set(Some(e));
                focus(match e {
                    DetailsError::TermsNotAccepted => "phone-terms",
                    _ => "phone-signup-id",
                });
            }
            _ => error.set(None),
        }
    };
    let field_error = Signal::derive(move || {
        error
            .get()
            .filter(|e| !matches!(e, DetailsError::Registered | DetailsError::TermsNotAccepted))
            .map(|e| details_error(i18n, e, method.get()))
    });
    let switch_method = move |_| {
        method.update(|m| {
            *m = match m {
                Method::Phone => Method::Email,
                Method::Email => Method::Phone,
            }
        });
        input.set(String::new());
        error.set(None);
    };
    let label = Signal::derive(move || match method.get() {
        Method::Phone => t_string!(i18n, field_phone).to_string(),
        Method::Email => t_string!(i18n, field_email).to_string(),
    });
    let sign_in_instead = move |_| {
        c.phone.update(|p| {
            p.back();
            if p.screen == crate::core::phone::Screen::AccountSetup {
                p.start_sign_in();
            }
        });
    };
    view! {
        <ScreenTitle>{t!(i18n, title_sign_up)}</ScreenTitle>
        <form class="form" novalidate on:submit=submit>
            <RegionSelect selected=region />
            {move || match method.get() {
                Method::Phone => view! {
                    <TextField
                        id="phone-signup-id"
                        label
                        value=input
                        error=field_error
                        input_type="tel"
                        inputmode="tel"
                        autocomplete="tel-national"
                        maxlength=24
                        prefix=Signal::derive(move || region.get().dial_label())
                    />
                }
                .into_any(),
                Method::Email => view! {
                    <TextField
                        id="phone-signup-id"
                        label
                        value=input
                        error=field_error
                        input_type="email"
                        inputmode="email"
                        autocomplete="email"
                        maxlength=254
                    />
                }
                .into_any(),
            }}
            <Show when=move || error.get() == Some(DetailsError::Registered)>
                <div class="form-error" role="alert">
                    <p>{move || details_error(i18n, DetailsError::Registered, method.get())}</p>
                    <button type="button" class="link-button" on:click=sign_in_instead>{t!(i18n, title_sign_in)}</button>
                </div>
            </Show>
            <button type="button" class="link-button" on:click=switch_method>
                {move || match method.get() {
                    Method::Phone => t_string!(i18n, use_email),
                    Method::Email => t_string!(i18n, use_phone),
                }}
            </button>
            <div class="terms">
                <input
                    id="phone-terms"
                    type="checkbox"
                    aria-describedby="phone-terms-error"
                    aria-invalid=move || (error.get() == Some(DetailsError::TermsNotAccepted)).then_some("true")
                    prop:checked=move || agreed.get()
                    on:change=move |ev| agreed.set(event_target_checked(&ev))
                />
                // The phone shows the documents' names; the site's own pages explain them.
                <label for="phone-terms">
                    {t!(i18n, terms_line_before)}
                    <strong>{t!(i18n, user_agreement)}</strong>
                    {t!(i18n, terms_line_and)}
                    <strong>{t!(i18n, privacy_policy)}</strong>
                    {t!(i18n, terms_line_after)}
                </label>
            </div>
            <p id="phone-terms-error" class="form-error" role="alert">
                {move || (error.get() == Some(DetailsError::TermsNotAccepted)).then(|| t_string!(i18n, terms_dialog_body))}
            </p>
            <button type="submit" class="btn btn-primary">{t!(i18n, next)}</button>
        </form>
    }
}

#[component]
fn Check() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    if c.phone
        .with_untracked(|p| p.signup.as_ref().is_some_and(|f| f.challenge.is_none()))
    {
        let now = web::env().now();
        update(c, |f| {
            f.new_challenge(&BrowserRng, now);
        });
    }
    let challenge = Signal::derive(move || {
        c.phone
            .with(|p| p.signup.as_ref().and_then(|f| f.challenge.clone()))
            .unwrap_or(Challenge {
                answer: String::new(),
                issued_at: 0,
            })
    });
    // The demo tools can reveal the answer on screen, as on the site.
    Effect::new(move |_| {
        app.captcha_answer.set(c.phone.with(|p| {
            p.signup
                .as_ref()
                .and_then(|f| f.challenge.as_ref().map(|ch| ch.answer.clone()))
        }))
    });
    on_cleanup(move || app.captcha_answer.set(None));
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let refresh = Callback::new(move |_| {
        let now = web::env().now();
        update(c, |f| {
            f.new_challenge(&BrowserRng, now);
        });
        value.set(String::new());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now = web::env().now();
        let answer = value.get_untracked();
        match update(c, |f| f.submit_check(&answer, now, &BrowserRng)) {
            Some(Ok(())) => {
                // A send refused by the countdown or the hourly cap still opens the code step,
                // which shows them.
                let sending = send(c, app);
                spawn_local(async move {
                    let _ = sending.await;
                });
            }
            Some(Err(e)) => {
                value.set(String::new());
                error.set(Some(error_text(i18n.get_locale_untracked(), e).to_string()));
            }
            None => {}
        }
    };
    let to = move || flow(c).identifier.unwrap_or_default();
    view! {
        <ScreenTitle>{t!(i18n, check_title)}</ScreenTitle>
        <p class="muted">{t!(i18n, check_intro)} " " <span dir="ltr" class="identifier">{to}</span></p>
        <form class="form" novalidate on:submit=submit>
            <Captcha challenge on_refresh=refresh value error />
            <button type="submit" class="btn btn-primary">{t!(i18n, send_code)}</button>
        </form>
        <ChangeIdentifier />
    }
}

#[component]
fn Code() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let identifier = flow(c).identifier.unwrap_or_default();
    // Re-read on every tick and after our writes, so limits follow other tabs and the clock.
    let version = RwSignal::new(0u32);
    let record = {
        let identifier = identifier.clone();
        Memo::new(move |_| {
            version.track();
            app.now.track();
            web::env()
                .store
                .code_record(Purpose::SignUp, &identifier)
                .unwrap_or_else(|_| codes::CodeRecord::new(Purpose::SignUp))
        })
    };
    let resend_at = Memo::new(move |_| {
        let now = app.now.get();
        record.with(|r| codes::resend_available_at(r, now))
    });
    let too_many = Memo::new(move |_| {
        let now = app.now.get();
        record.with(|r| matches!(codes::can_send(r, now), Err(SendError::TooMany { .. })))
    });
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // A check or a resend waits a moment for the store lock; nothing more starts meanwhile.
    let busy = RwSignal::new(false);
    let verify = {
        let identifier = identifier.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let code = value.get_untracked().replace(' ', "");
            if code.len() != codes::CODE_DIGITS {
                error.set(Some(t_string!(i18n, error_code_incomplete).to_string()));
                return;
            }
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let identifier = identifier.clone();
            spawn_local(async move {
                let result = check_code(Purpose::SignUp, &identifier, &code).await;
                busy.set(false);
                version.update(|v| *v += 1);
                match result {
                    Ok(()) => {
                        update(c, |f| f.code_verified());
                    }
                    Err(e) => {
                        value.set(String::new());
                        error.set(Some(code_error_text(i18n, e)));
                    }
                }
            });
        }
    };
    let resend = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let sending = send(c, app);
        spawn_local(async move {
            match sending.await {
                Ok(()) => error.set(None),
                Err(e) => {
                    if let Some(text) = send_error_text(i18n, e) {
                        error.set(Some(text));
                    }
                }
            }
            busy.set(false);
            value.set(String::new());
            version.update(|v| *v += 1);
        });
    };
    let seconds_left = move || {
        resend_at
            .get()
            .map(|t| ((t - app.now.get()).max(0) + SECOND - 1) / SECOND)
    };
    view! {
        <ScreenTitle>{t!(i18n, code_title)}</ScreenTitle>
        <p class="muted">{t!(i18n, code_intro)} " " <span dir="ltr" class="identifier">{identifier}</span></p>
        <form class="form" novalidate on:submit=verify>
            <CodeInput
                id="phone-code"
                value
                label=Signal::derive(move || t_string!(i18n, code_label).to_string())
                error
            />
            <Show when=move || too_many.get()>
                <p class="form-error" role="status">{t!(i18n, error_code_too_many)}</p>
            </Show>
            <button type="submit" class="btn btn-primary">{t!(i18n, verify)}</button>
        </form>
        <div class="phone-links">
            <button type="button" class="link-button" disabled=move || resend_at.get().is_some() on:click=resend>
                {move || match seconds_left() {
                    Some(n) => fill(t_string!(i18n, resend_in), &[("n", n.to_string())]),
                    None => t_string!(i18n, resend).to_string(),
                }}
            </button>
            <ChangeIdentifier />
        </div>
    }
}

#[component]
fn Password() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let common = common_passwords();
    let pw = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let pw_error = RwSignal::new(None::<String>);
    let confirm_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<f32>);
    let list = move || common.get().flatten().unwrap_or_default();
    let strength = Memo::new(move |_| {
        let p = pw.get();
        (!p.is_empty()).then(|| password::strength(&p, &list()))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if progress.get_untracked().is_some() {
            return;
        }
        let f = flow(c);
        let checked = check_new_password(
            i18n,
            &pw.get_untracked(),
            &confirm.get_untracked(),
            &rules::password_context(&f),
            &list(),
        );
        pw_error.set(None);
        confirm_error.set(None);
        let normalised = match checked {
            Ok(n) => n,
            Err(NewPasswordError::Password(e)) => {
                pw_error.set(Some(e));
                focus("phone-password");
                return;
            }
            Err(NewPasswordError::Confirm(e)) => {
                confirm_error.set(Some(e));
                focus("phone-confirm");
                return;
            }
        };
        progress.set(Some(0.0));
        spawn_local(async move {
            let phc = hash_password(&normalised, &BrowserRng, |p| progress.set(Some(p))).await;
            drop(normalised);
            // As on the site: the account is written under the cross-tab store lock, so two
            // tabs creating the same phone or email cannot both succeed.
            let created = match phc {
                Err(_) => Err(None),
                Ok(phc) => with_lock(move || {
                    let env = web::env();
                    let id = new_account_id(&BrowserRng, |id| env.store.id_taken(id));
                    let account = rules::new_account(&f, id.clone(), phc.to_string(), env.now())
                        .ok_or(StoreError::Taken)?;
                    // Refuses if the phone or email was registered meanwhile.
                    env.store.create_account(&account)?;
                    Ok(id)
                })
                .await
                .map_err(Some),
            };
            progress.set(None);
            match created {
                Ok(id) => {
                    pw.set(String::new());
                    confirm.set(String::new());
                    // A real phone is signed in with the account it just created.
                    let label = t_string!(i18n, phone_device_label);
                    if sign_in_phone(app, &id, label).await.is_err() {
                        form_error.set(Some(t_string!(i18n, error_storage_write).to_string()));
                    }
                    update(c, |f| f.finish(id));
                }
                Err(Some(StoreError::Taken)) => {
                    form_error.set(Some(t_string!(i18n, error_taken_meanwhile).to_string()))
                }
                Err(Some(_)) => {
                    form_error.set(Some(t_string!(i18n, error_storage_write).to_string()))
                }
                Err(None) => form_error.set(Some(t_string!(i18n, error_hash_failed).to_string())),
            }
        });
    };
    view! {
        <ScreenTitle>{t!(i18n, password_title)}</ScreenTitle>
        <p class="phone-tip">{t!(i18n, tip_unique_password)}</p>
        <form class="form" novalidate on:submit=submit>
            <PasswordField
                id="phone-password"
                label=Signal::derive(move || t_string!(i18n, field_password).to_string())
                value=pw
                error=pw_error
                shown
                autocomplete="new-password"
                hint=Signal::derive(move || t_string!(i18n, password_hint).to_string())
            />
            <ShowPasswordToggle shown />
            <StrengthMeter strength />
            <PasswordField
                id="phone-confirm"
                label=Signal::derive(move || t_string!(i18n, field_confirm).to_string())
                value=confirm
                error=confirm_error
                shown
                autocomplete="new-password"
            />
            <p class="form-error" role="alert">{move || form_error.get()}</p>
            <Show when=move || progress.get().is_some()>
                <div class="hash-progress">
                    <label for="phone-hash-progress">{t!(i18n, hashing)}</label>
                    <progress id="phone-hash-progress" max="100" value=move || (progress.get().unwrap_or(0.0) * 100.0).round()></progress>
                </div>
            </Show>
            <button type="submit" class="btn btn-primary" disabled=move || progress.get().is_some()>
                {t!(i18n, create_account)}
            </button>
        </form>
    }
}

#[component]
fn Done() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let id = flow(c).account_id.unwrap_or_default();
    view! {
        <div class="done" role="status">
            <ScreenTitle>{t!(i18n, done_title)}</ScreenTitle>
            <p class="account-id">{t!(i18n, done_id_is)} " " <strong dir="ltr">{id}</strong></p>
            <p>{t!(i18n, phone_created_signed_in)}</p>
        </div>
        <p class="phone-tip">{t!(i18n, tip_credentials)}</p>
        <button type="button" class="btn btn-primary" on:click=move |_| c.phone.update(|p| p.continue_after_create())>
            {t!(i18n, phone_continue)}
        </button>
    }
}
