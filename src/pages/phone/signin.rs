//! Signing the phone in with the same credentials as the site: one field for email, phone or
//! Account ID, the password, the same per-account throttle, image check and one generic error;
//! then the two-step code if the account has it on.

use super::screens::{phone_region, ScreenTitle};
use super::{ctx, sign_in_phone};
use crate::components::field::{PasswordField, ShowPasswordToggle};
use crate::components::signin_form::{
    form_message, lockout_of, readable, still_here, wrong_password_msg, AccountField, SignInCheck,
    SignInImageCheck,
};
use crate::components::two_step::TwoStepForm;
use crate::core::account::Account;
use crate::i18n::*;
use crate::state::use_app;
use crate::text::Msg;
use crate::web;
use crate::web::auth::SignInOutcome;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let region = RwSignal::new(phone_region(&c));
    let account = RwSignal::new(String::new());
    let pw = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let error = RwSignal::new(None::<Msg>);
    let account_error = RwSignal::new(None::<Msg>);
    let locked_until = lockout_of(account);
    let busy = RwSignal::new(false);
    // The same image check as the site's sign-in, on the same count of this tab's failures.
    let image = SignInCheck::for_this_tab(Signal::stored(false));

    let succeed = move |a: Account| {
        if a.two_step {
            c.phone.update(|p| p.password_ok(&a.id, true));
            return;
        }
        // Stored in English; the devices list words it in the language it is read in.
        let label = crate::core::device::PHONE;
        spawn_local(async move {
            match sign_in_phone(app, &a.id, label).await {
                Ok(()) => {
                    pw.set(String::new());
                    c.phone.update(|p| p.password_ok(&a.id, false));
                }
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = pw.get_untracked();
        if account.with_untracked(|a| a.trim().is_empty()) || typed.is_empty() {
            error.set(Some(msg!(error_signin_empty)));
            return;
        }
        if !readable("phone-signin-account", account, region, account_error) {
            error.set(None);
            return;
        }
        // The last attempt's "incorrect" (or lockout) must not stand over a password not yet
        // checked.
        error.set(None);
        locked_until.set(None);
        if !image.allows() {
            return;
        }
        let (input, region) = (account.get_untracked(), region.get_untracked());
        busy.set(true);
        // The same sign-in as the site's (lookup, lockout, verify, failures counted).
        spawn_local(async move {
            let outcome = web::auth::check_password(&input, region, &typed).await;
            busy.set(false);
            if !still_here(busy, &outcome, image) {
                return;
            }
            match outcome {
                SignInOutcome::Ok(a) => succeed(a),
                SignInOutcome::Locked(until) => {
                    image.failed(false);
                    locked_until.set(Some(until));
                    error.set(None);
                }
                SignInOutcome::Wrong => {
                    image.failed(true);
                    error.set(Some(wrong_password_msg(&input, region)));
                }
                SignInOutcome::Unreadable => error.set(Some(msg!(error_account_unreadable))),
            }
        });
    };
    let form_error = form_message(locked_until, error);
    let create = move |_| {
        let region = region.get_untracked();
        c.phone.update(|p| p.start_create(region));
    };
    view! {
        <ScreenTitle>{tr!(i18n, title_sign_in)}</ScreenTitle>
        <p class="muted small">{tr!(i18n, app_name)}</p>
        <form class="form" novalidate on:submit=submit>
            <AccountField id="phone-signin-account" value=account region error=account_error />
            <PasswordField
                id="phone-signin-password"
                label=tr!(i18n, field_password)
                value=pw
                error=form_error
                shown
                autocomplete="current-password"
            />
            <ShowPasswordToggle shown />
            <SignInImageCheck check=image />
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                {move || if busy.get() { t_string!(i18n, signing_in) } else { t_string!(i18n, title_sign_in) }}
            </button>
        </form>
        <div class="phone-links">
            <button type="button" class="link-button" on:click=create>{tr!(i18n, phone_create_new)}</button>
            <A href=web::href("/forgot")>{tr!(i18n, forgot_link)}</A>
        </div>
    }
}

/// Two-step verification on the phone, as on the site: a code to the account's phone or email.
#[component]
pub fn TwoStep() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let account = c
        .phone
        .with_untracked(|p| p.pending.clone())
        .and_then(|id| web::env().store.account(&id).ok().flatten());
    let error = RwSignal::new(None::<Msg>);
    let verified = Callback::new(move |a: Account| {
        // Stored in English; the devices list words it in the language it is read in.
        let label = crate::core::device::PHONE;
        spawn_local(async move {
            match sign_in_phone(app, &a.id, label).await {
                Ok(()) => c.phone.update(|p| p.signed_in()),
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    });
    view! {
        <ScreenTitle>{tr!(i18n, two_step_title)}</ScreenTitle>
        <p class="muted">{tr!(i18n, two_step_signin_intro)}</p>
        {account.map(|a| view! {
            <TwoStepForm account=a code_id="phone-two-step-code" choice_name="phone-two-step-to" verified error />
        })}
    }
}
