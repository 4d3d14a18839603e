//! "Forgot password?": identifier → human check → code to the phone or email on the account (the
//! email when an email was typed) → new password twice → every session signed out. No step
//! reveals whether an account exists: without one, the code simply never arrives.

use crate::components::captcha::{self, Captcha, PageCheck};
use crate::components::code_input::{whole_code, CodeInput};
use crate::components::code_sender::{
    check_code, send_code, send_error_msg, send_label, PageResend, SendCodeError,
};
use crate::components::field::{PasswordField, ShowPasswordToggle, UsernameHint};
use crate::components::focus::{focus_first_field_in, focus_id};
use crate::components::signin_form::{readable, AccountField};
use crate::core::account::Account;
use crate::core::codes::Purpose;
use crate::core::hash::Phc;
use crate::core::identifier;
use crate::core::password::{PasswordContext, PasswordError};
use crate::core::store::StoreError;
use crate::i18n::*;
use crate::pages::signup::password::{
    check_new_password, common_passwords, password_msg, strength_of, NewPasswordError,
    StrengthMeter,
};
use crate::state::use_app;
use crate::text::{shown_msg, Msg};
use crate::web;
use crate::web::auth::contact_for;
use crate::web::crypto::{hash_password, verify_password, BrowserRng};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Identify,
    Check,
    Code,
    Password,
    Done,
}

/// Account `id` as stored now, if it still is.
fn fresh(id: &str) -> Option<Account> {
    web::env().store.account(id).ok().flatten()
}

#[component]
pub fn Forgot() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let stage = RwSignal::new(Stage::Identify);
    let region = RwSignal::new(web::guess_region());
    let input = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Account>);
    let error = RwSignal::new(None::<Msg>);
    let code = RwSignal::new(String::new());
    let pw = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // "Resend" waits the same whether or not the account exists.
    let resend_wait = PageResend::new();
    // The confirmation's own message ("The passwords don't match"), tied to that field.
    let confirm_error = RwSignal::new(None::<Msg>);
    let common = common_passwords();
    // Each stage replaces the form that had the focus: it starts again at the new one's first
    // field (not on the first load).
    Effect::new(move |prev: Option<Stage>| {
        let now = stage.get();
        if prev.is_some_and(|p| p != now) {
            focus_first_field_in(".forgot");
        }
        now
    });
    let image = PageCheck::new(move || stage.get() == Stage::Check);
    // Each stage is a step of its own for the message on top of the page (the address stays).
    Effect::new(move |_| {
        stage.track();
        app.step.update(|n| *n = n.wrapping_add(1));
    });

    let identify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if input.with_untracked(|i| i.trim().is_empty()) {
            error.set(Some(msg!(error_identifier)));
            focus_id("forgot-account");
            return;
        }
        if !readable("forgot-account", input, region, error) {
            return;
        }
        // A damaged record is said so here: no code could be checked against it.
        let account = match web::env()
            .store
            .find_by_input(&input.get_untracked(), region.get_untracked())
        {
            Err(StoreError::Corrupt { .. }) => {
                error.set(Some(msg!(error_account_unreadable)));
                focus_id("forgot-account");
                return;
            }
            found => found.ok().flatten(),
        };
        error.set(None);
        found.set(account);
        image.redraw();
        stage.set(Stage::Check);
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if !image.passes(error) {
            return;
        }
        // Only a real account gets a code; the screen is the same either way. The code goes to
        // the account's contact as stored now.
        let to = found
            .get_untracked()
            .and_then(|a| fresh(&a.id))
            .and_then(|a| contact_for(&a, &input.get_untracked()));
        busy.set(true);
        spawn_local(async move {
            if let Some((to, is_email)) = to {
                // A refused send (too soon, too many) says nothing here. One the storage refused
                // could never be checked: this stage stays, saying why, with a new image.
                if let Err(e @ SendCodeError::Storage) =
                    send_code(app, Purpose::Reset, &to, is_email).await
                {
                    busy.set(false);
                    image.redraw();
                    error.set(send_error_msg(e));
                    focus_id(captcha::INPUT_ID);
                    return;
                }
            }
            resend_wait.sent(app);
            busy.set(false);
            code.set(String::new());
            stage.set(Stage::Code);
        });
    };
    // A new code takes the human check again, as the first one did.
    let resend = move |_| {
        error.set(None);
        image.redraw();
        stage.set(Stage::Check);
    };
    // Back to the first step with what was typed, to correct it.
    let other_account = move |_| {
        error.set(None);
        found.set(None);
        code.set(String::new());
        stage.set(Stage::Identify);
    };
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if !whole_code("forgot-code", code, error) {
            return;
        }
        let typed = code.get_untracked();
        let to = found
            .get_untracked()
            .and_then(|a| fresh(&a.id))
            .and_then(|a| contact_for(&a, &input.get_untracked()));
        code.set(String::new());
        busy.set(true);
        spawn_local(async move {
            let ok = match to {
                Some((to, _)) => check_code(Purpose::Reset, &to, &typed).await.is_ok(),
                None => false,
            };
            busy.set(false);
            if ok {
                error.set(None);
                stage.set(Stage::Password);
            } else {
                error.set(Some(msg!(error_reset_code)));
                focus_id("forgot-code-0");
            }
        });
    };
    let set_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(id) = found.get_untracked().map(|a| a.id) else {
            return;
        };
        // The account as stored now (its password may have changed since it was found).
        let Some(account) = fresh(&id) else {
            error.set(Some(msg!(error_storage_write)));
            return;
        };
        let ctx = PasswordContext::for_account(&account);
        let list = common.get().unwrap_or_default();
        let normalised =
            match check_new_password(&pw.get_untracked(), &confirm.get_untracked(), &ctx, &list) {
                Ok(n) => n,
                Err(NewPasswordError::Password(e)) => {
                    confirm_error.set(None);
                    error.set(Some(e));
                    focus_id("forgot-password");
                    return;
                }
                Err(NewPasswordError::Confirm(e)) => {
                    error.set(None);
                    confirm_error.set(Some(e));
                    focus_id("forgot-confirm");
                    return;
                }
            };
        busy.set(true);
        error.set(None);
        confirm_error.set(None);
        spawn_local(async move {
            let old = Phc::parse(&account.phc).ok();
            let same = match &old {
                Some(phc) => verify_password(phc, &normalised, |_| {})
                    .await
                    .unwrap_or(false),
                None => false,
            };
            if same {
                busy.set(false);
                error.set(Some(password_msg(PasswordError::SameAsOld)));
                focus_id("forgot-password");
                return;
            }
            let result = hash_password(&normalised, &BrowserRng, |_| {}).await;
            busy.set(false);
            match result {
                Ok(phc) => {
                    // Every device of this account is signed out; other tabs follow the
                    // storage event.
                    if web::auth::replace_password(&account.id, None, &phc, || true)
                        .await
                        .is_err()
                    {
                        error.set(Some(msg!(error_storage_write)));
                        return;
                    }
                    app.session.set(web::env().store.session().ok().flatten());
                    app.touch();
                    pw.set(String::new());
                    confirm.set(String::new());
                    stage.set(Stage::Done);
                }
                Err(_) => error.set(Some(msg!(error_hash_failed))),
            }
        });
    };
    let err = shown_msg(i18n, error);
    // The new password's form is the sign-up's: a meter judging by the same rules (the old
    // password aside, which only its hash can tell) and one switch showing both fields.
    let shown = RwSignal::new(false);
    let strength = strength_of(pw, common, move || {
        found.with(|a| {
            a.as_ref()
                .map(PasswordContext::for_account)
                .unwrap_or_default()
        })
    });
    view! {
        <Title text=tr!(i18n, forgot_title) />
        <section class="card forgot" aria-labelledby="page-heading">
            <h1 id="page-heading" class="card-title">{tr!(i18n, forgot_title)}</h1>
            {move || match stage.get() {
                Stage::Identify => view! {
                    <form class="form" novalidate on:submit=identify>
                        <p class="muted">{tr!(i18n, forgot_intro)}</p>
                        <AccountField id="forgot-account" value=input region error />
                        <button type="submit" class="btn btn-primary">{tr!(i18n, next)}</button>
                        <div class="form-links">
                            <A href=web::href("/signin")>{tr!(i18n, back_to_sign_in)}</A>
                        </div>
                    </form>
                }.into_any(),
                Stage::Check => view! {
                    <form class="form" novalidate on:submit=check>
                        // Why the check, and for which account (as typed: whether it exists is
                        // not told).
                        <p class="muted">
                            {tr!(i18n, forgot_check_intro)} " "
                            <span dir="ltr" class="identifier">{input.get_untracked().trim().to_owned()}</span>
                        </p>
                        <Captcha
                            challenge=Signal::derive(move || image.challenge.get())
                            on_refresh=Callback::new(move |_| image.redraw())
                            value=image.answer
                            error=err
                        />
                        <button type="submit" class="btn btn-primary">{tr!(i18n, send_code)}</button>
                        <div class="form-links">
                            <button type="button" class="link-button" on:click=other_account>
                                {tr!(i18n, forgot_other_account)}
                            </button>
                        </div>
                    </form>
                }.into_any(),
                Stage::Code => view! {
                    <form class="form" novalidate on:submit=verify>
                        <p class="muted">{tr!(i18n, forgot_code_sent)}</p>
                        <CodeInput
                            id="forgot-code"
                            value=code
                            label=tr!(i18n, code_label)
                            error=err
                        />
                        <Show when=move || resend_wait.hint_due(app)>
                            <p class="muted small">{tr!(i18n, code_missing_hint)}</p>
                        </Show>
                        <button type="submit" class="btn btn-primary">{tr!(i18n, verify)}</button>
                        <div class="form-links">
                            <button type="button" class="link-button" disabled=move || resend_wait.wait_secs(app).is_some() on:click=resend>
                                {move || send_label(i18n.get_locale(), true, resend_wait.wait_secs(app))}
                            </button>
                            <button type="button" class="link-button" on:click=other_account>
                                {tr!(i18n, forgot_other_account)}
                            </button>
                        </div>
                    </form>
                }.into_any(),
                Stage::Password => view! {
                    <form class="form" novalidate on:submit=set_password>
                        <UsernameHint value=identifier::classify(&input.get_untracked(), region.get_untracked())
                            .map(|i| i.key())
                            .unwrap_or_default() />
                        <PasswordField
                            id="forgot-password"
                            label=tr!(i18n, field_new_password)
                            value=pw
                            error=err
                            shown
                            autocomplete="new-password"
                            hint=Signal::derive(move || t_string!(i18n, password_hint).to_string())
                        />
                        <StrengthMeter strength />
                        <ShowPasswordToggle shown />
                        <PasswordField
                            id="forgot-confirm"
                            label=tr!(i18n, field_confirm)
                            value=confirm
                            error=shown_msg(i18n, confirm_error)
                            shown
                            autocomplete="new-password"
                        />
                        <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                            {tr!(i18n, change_password)}
                        </button>
                    </form>
                }.into_any(),
                Stage::Done => view! {
                    <p role="status">{tr!(i18n, forgot_done)}</p>
                    <A href=web::href("/signin") attr:class="btn btn-primary" attr:data-autofocus="">{tr!(i18n, tab_sign_in)}</A>
                }.into_any(),
            }}
        </section>
    }
}
