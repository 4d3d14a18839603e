//! Sign in with the same credentials: one field for email, phone or Account ID, and the
//! password. One generic error whether or not the account exists; failures counted per account
//! with a growing lockout.

use super::AuthTabs;
use crate::components::captcha;
use crate::components::code_input::{whole_code, CodeInput};

use crate::components::code_sender::{
    send_code, send_error_msg, send_label, PageResend, SendCodeError,
};
use crate::components::field::{PasswordField, ShowPasswordToggle};
use crate::components::focus::{focus_first_field_in, focus_id};
use crate::components::signin_form::{
    form_message, lockout_of, readable, still_here, wrong_password_msg, AccountField, SignInCheck,
    SignInImageCheck,
};
use crate::components::two_step::TwoStepForm;
use crate::core::account::Account;
use crate::core::codes::Purpose;
use crate::core::regions::Region;
use crate::core::security;
use crate::i18n::*;
use crate::state::use_app;
use crate::text::{shown_msg, Msg};
use crate::web;
use crate::web::auth::SignInOutcome;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// The sign-in page; signed in already, the account center instead (as the real site does).
#[component]
pub fn SignIn() -> impl IntoView {
    if use_app().account.with_untracked(Option::is_some) {
        view! { <super::SendTo path="/account" /> }.into_any()
    } else {
        view! { <SignInPage /> }.into_any()
    }
}

#[component]
fn SignInPage() -> impl IntoView {
    crate::components::shell::with_banner();
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    // The region of this tab's sign-up, if any: a national number typed here means that
    // country (a German number signed up in an American browser signs in as German). The field
    // starts with the account that sign-up made, or found already registered.
    let flow = web::session().signup_flow();
    let region = RwSignal::new(flow.as_ref().map_or_else(web::guess_region, |f| f.region()));
    // Or the account the account center sent here to sign in again.
    let account = RwSignal::new(
        app.sign_in_as
            .try_update(Option::take)
            .flatten()
            .or_else(|| {
                flow.as_ref().and_then(|f| {
                    let kind = f.method.id_kind();
                    f.sign_in_prefill(|id| {
                        web::env().store.is_registered(kind, id).unwrap_or(false)
                    })
                })
            })
            .unwrap_or_default(),
    );
    let pw = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let error = RwSignal::new(None::<Msg>);
    // What is wrong with the account typed, under its field (the form's message is the
    // password's or the code's).
    let account_error = RwSignal::new(None::<Msg>);
    let locked_until = lockout_of(account);
    let busy = RwSignal::new(false);
    let by_code = RwSignal::new(false);
    let code = RwSignal::new(String::new());
    let code_sent = RwSignal::new(false);
    // After failed attempts in this tab, each attempt needs the image check first; each code
    // sent for a sign-in by code does too.
    let image =
        SignInCheck::for_this_tab(Signal::derive(move || by_code.get() && !code_sent.get()));
    // "You've signed out" and the like, from the account center: shown once, on arrival.
    let farewell = RwSignal::new(app.farewell.get_untracked());
    app.farewell.set(None);
    // The control that was pressed is gone with the page it was on: the focus starts at the
    // notice, so a screen reader reads it (a live region's first text is often not announced),
    // and the next Tab goes on to the form.
    if farewell.with_untracked(Option::is_some) {
        focus_id("signin-notice");
    } else if account.with_untracked(|a| !a.is_empty()) {
        // The account is filled in: what is left to type is the password.
        focus_id("signin-password");
    }

    // What a right answer does, by password or by code: start the session on this device
    // (the account read again under the store lock). `shown` is the form whose message it is.
    let succeed = {
        let navigate = navigate.clone();
        Callback::new(move |(a, shown): (Account, RwSignal<Option<Msg>>)| {
            let navigate = navigate.clone();
            busy.set(true);
            spawn_local(async move {
                let signed_in = web::auth::sign_in_here(&a.id).await;
                busy.set(false);
                match signed_in {
                    Ok(session) => {
                        image.succeeded();
                        pw.set(String::new());
                        code.set(String::new());
                        app.session.set(Some(session));
                        app.touch();
                        // In place of the sign-in page: Back from the account center does
                        // not return to a form that would only send it on again.
                        navigate(
                            "/account",
                            NavigateOptions {
                                replace: true,
                                ..Default::default()
                            },
                        );
                    }
                    Err(_) => shown.set(Some(msg!(error_storage_write))),
                }
            });
        })
    };
    // The password was right; with two-step verification on, a code comes next.
    let second_step = RwSignal::new(None::<Account>);
    let password_ok = move |a: Account| {
        if a.two_step {
            error.set(None);
            second_step.set(Some(a));
        } else {
            succeed.run((a, error));
        }
    };
    // The message of a failed attempt is tied to the password (or the code boxes): the focus
    // goes there so it is read, and the field is ready for another try.
    let focus_secret = move || {
        focus_id(if by_code.get_untracked() {
            "signin-code-0"
        } else {
            "signin-password"
        })
    };
    // What an attempt came to (the same words whether or not the account exists).
    let outcome = move |o: SignInOutcome, with_code: bool, typed: (String, &'static Region)| match o
    {
        // A code already is the second step; a right password may need one.
        SignInOutcome::Ok(a) if with_code => succeed.run((a, error)),
        SignInOutcome::Ok(a) => password_ok(a),
        SignInOutcome::Locked(until) => {
            image.failed(false);
            locked_until.set(Some(until));
            error.set(None);
            focus_secret();
        }
        SignInOutcome::Wrong => {
            image.failed(true);
            error.set(Some(if with_code {
                msg!(error_signin_code)
            } else {
                wrong_password_msg(&typed.0, typed.1)
            }));
            focus_secret();
        }
        // Not a failed attempt: nothing was checked, so nothing is counted.
        SignInOutcome::Unreadable => {
            error.set(Some(msg!(error_account_unreadable)));
            focus_secret();
        }
    };

    // Sending waits a moment for the store lock; a second click meanwhile sends nothing more.
    let sending = RwSignal::new(false);
    // "Resend" waits the same whether or not the account exists (as on forgot password).
    let resend_wait = PageResend::new();
    let send = move || {
        if sending.get_untracked() {
            return;
        }
        if account.get_untracked().trim().is_empty() {
            error.set(Some(msg!(error_signin_code_empty)));
            focus_id("signin-account");
            return;
        }
        error.set(None);
        if !readable("signin-account", account, region, account_error) {
            return;
        }
        // Once a code went out the check steps aside; another code brings it back first.
        if !image.shown() {
            code_sent.set(false);
            focus_id(captcha::INPUT_ID);
            return;
        }
        if !image.allows_send() {
            return;
        }
        let found = match web::auth::find_unlocked(&account.get_untracked(), region.get_untracked())
        {
            Ok(found) => found,
            Err(web::auth::Refused::Locked(until)) => {
                locked_until.set(Some(until));
                error.set(None);
                focus_secret();
                return;
            }
            Err(web::auth::Refused::Unreadable) => {
                error.set(Some(msg!(error_account_unreadable)));
                focus_id("signin-account");
                return;
            }
        };
        error.set(None);
        // Only a real account gets a code; the page says the same either way.
        let to = found
            .as_ref()
            .and_then(|a| web::auth::contact_for(a, &account.get_untracked()));
        sending.set(true);
        spawn_local(async move {
            if let Some((to, is_email)) = to {
                // A refused send (too soon, too many) says nothing here. One the storage refused
                // could never be checked: the reason instead, and the image check again.
                if let Err(e @ SendCodeError::Storage) =
                    send_code(app, Purpose::SignIn, &to, is_email).await
                {
                    sending.set(false);
                    error.set(send_error_msg(e));
                    focus_id(captcha::INPUT_ID);
                    return;
                }
            }
            resend_wait.sent(app);
            sending.set(false);
            code_sent.set(true);
            // The button is counting down, disabled, and the check it was pressed in is gone:
            // the focus moves on to the code.
            focus_id("signin-code-0");
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = pw.get_untracked();
        let with_code = by_code.get_untracked();
        let code_missing = code.with_untracked(|c| c.trim().is_empty());
        // Enter in the image check before any code went out asks for the code, as its button
        // does: there is no code yet to sign in with.
        if with_code && !code_sent.get_untracked() && code_missing {
            send();
            return;
        }
        let secret_missing = if with_code {
            code_missing
        } else {
            typed.is_empty()
        };
        if account.get_untracked().trim().is_empty() || secret_missing {
            error.set(Some(if with_code {
                msg!(error_signin_code_empty)
            } else {
                msg!(error_signin_empty)
            }));
            focus_secret();
            return;
        }
        if !readable("signin-account", account, region, account_error) {
            error.set(None);
            return;
        }
        if with_code && !whole_code("signin-code", code, error) {
            return;
        }
        // The last attempt's "incorrect" (or lockout) must not stand over a password not yet
        // checked.
        error.set(None);
        locked_until.set(None);
        if !image.allows() {
            return;
        }
        farewell.set(None);
        let (input, region) = (account.get_untracked(), region.get_untracked());
        error.set(None);
        busy.set(true);
        if with_code {
            let typed_code = code.get_untracked();
            code.set(String::new());
            spawn_local(async move {
                let o = web::auth::check_code_sign_in(&input, region, &typed_code).await;
                busy.set(false);
                if still_here(busy, &o, image) {
                    outcome(o, true, (input, region));
                };
            });
            return;
        }
        spawn_local(async move {
            let o = web::auth::check_password(&input, region, &typed).await;
            busy.set(false);
            if still_here(busy, &o, image) {
                outcome(o, false, (input, region));
            }
        });
    };
    let form_error = form_message(locked_until, error);
    view! {
        <Title text=tr!(i18n, title_sign_in) />
        <Show when=move || second_step.with(Option::is_some)>
            <TwoStep account=second_step succeed />
        </Show>
        <section class="card" aria-labelledby="page-heading" hidden=move || second_step.with(Option::is_some)>
            <AuthTabs />
            <h1 id="page-heading" class="card-title">{tr!(i18n, title_sign_in)}</h1>
            <p class="notice" id="signin-notice" tabindex="-1" role="status">{shown_msg(i18n, farewell)}</p>
            <form class="form" novalidate on:submit=submit>
                <AccountField id="signin-account" value=account region error=account_error />
                <Show
                    when=move || by_code.get()
                    fallback=move || view! {
                        <PasswordField
                            id="signin-password"
                            label=tr!(i18n, field_password)
                            value=pw
                            error=form_error
                            shown
                            autocomplete="current-password"
                        />
                        <ShowPasswordToggle shown />
                        <SignInImageCheck check=image />
                    }
                >
                    <SignInImageCheck check=image />
                    <button
                        type="button"
                        class="btn btn-secondary"
                        disabled=move || resend_wait.wait_secs(app).is_some()
                        on:click=move |_| send()
                    >
                        {move || send_label(i18n.get_locale(), resend_wait.any(), resend_wait.wait_secs(app))}
                    </button>
                    <Show when=move || code_sent.get()>
                        <p class="muted small" role="status">{tr!(i18n, signin_code_sent)}</p>
                        <Show when=move || resend_wait.hint_due(app)>
                            <p class="muted small">{tr!(i18n, code_missing_hint)}</p>
                        </Show>
                    </Show>
                    <CodeInput
                        id="signin-code"
                        value=code
                        label=tr!(i18n, code_label)
                        error=form_error
                    />
                </Show>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { t_string!(i18n, signing_in) } else { t_string!(i18n, title_sign_in) }}
                </button>
            </form>
            <button
                type="button"
                class="link-button"
                on:click=move |_| {
                    by_code.update(|b| *b = !*b);
                    error.set(None);
                    image.clear_message();
                }
            >
                {move || if by_code.get() { t_string!(i18n, signin_with_password) } else { t_string!(i18n, signin_with_code) }}
            </button>
            <p class="signin-links">
                <A href=web::href("/forgot")>{tr!(i18n, forgot_link)}</A>
                <A href=web::href("/signup")>{tr!(i18n, create_account)}</A>
            </p>
        </section>
    }
}

/// Two-step verification after a right password: a code to the account's phone or email (the
/// learner picks which when both are set).
#[component]
fn TwoStep(
    account: RwSignal<Option<Account>>,
    succeed: Callback<(Account, RwSignal<Option<Msg>>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(a) = account.get_untracked() else {
        return ().into_any();
    };
    // The password form this replaces had the focus: it starts again here, at where the code
    // goes when there is a choice, else at "Send code".
    if security::contacts(&a).len() > 1 {
        focus_id("two-step-to-0");
    } else {
        focus_first_field_in(".two-step-card");
    }
    let error = RwSignal::new(None::<Msg>);
    let verified = Callback::new(move |a: Account| succeed.run((a, error)));
    view! {
        <section class="card two-step-card" aria-labelledby="two-step-heading">
            <h1 id="two-step-heading" class="card-title">{tr!(i18n, two_step_title)}</h1>
            <p class="muted">{tr!(i18n, two_step_signin_intro)}</p>
            <TwoStepForm account=a code_id="two-step-code" choice_name="two-step-to" verified error />
            <button
                type="button"
                class="link-button"
                on:click=move |_| {
                    account.set(None);
                    focus_id("signin-account");
                }
            >
                {tr!(i18n, back_to_sign_in)}
            </button>
        </section>
    }
    .into_any()
}
