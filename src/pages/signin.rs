//! Sign in with the same credentials: one field for email, phone or Account ID, and the
//! password. One generic error whether or not the account exists; failures counted per account
//! with a growing lockout.

use super::AuthTabs;
use crate::components::code_input::CodeInput;

use crate::components::field::{PasswordField, ShowPasswordToggle, TextField};
use crate::components::focus::{focus_first_field_in, focus_id};
use crate::components::region_select::RegionSelect;
use crate::components::two_step::TwoStepForm;
use crate::core::account::Account;
use crate::core::clock::SECOND;
use crate::core::codes::{self, Purpose};
use crate::core::hash::{self, Phc};
use crate::core::identifier;
use crate::core::password;
use crate::core::security;
use crate::core::signin::{self, Locked};
use crate::i18n::*;
use crate::state::use_app;
use crate::text::fill;
use crate::web;
use crate::web::crypto::{hash_password, verify_password, BrowserRng};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Where to go after signing in: `?next=` if it is one of our own paths, else the account center.
fn next_path() -> String {
    let next = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|p| p.get("next"));
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains(':') => n,
        _ => "/account".to_owned(),
    }
}

/// Where a sign-in code goes: the account's phone if it has one, else its email.
pub fn contact(a: &Account) -> Option<(String, bool)> {
    a.phone
        .clone()
        .map(|p| (p, false))
        .or_else(|| a.email.clone().map(|e| (e, true)))
}

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let region = RwSignal::new(web::guess_region());
    let account = RwSignal::new(String::new());
    let pw = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let locked_until = RwSignal::new(None::<i64>);
    let busy = RwSignal::new(false);
    let by_code = RwSignal::new(false);
    let code = RwSignal::new(String::new());
    let code_sent = RwSignal::new(false);
    let phone_mode = Memo::new(move |_| identifier::looks_like_phone(&account.get()));

    // What a right answer does, by password or by code: start the session on this device.
    let succeed = {
        let navigate = navigate.clone();
        Callback::new(move |a: Account| match web::auth::sign_in_here(&a) {
            Ok(session) => {
                pw.set(String::new());
                code.set(String::new());
                app.session.set(Some(session));
                app.touch();
                navigate(&next_path(), NavigateOptions::default());
            }
            Err(_) => error.set(Some(t_string!(i18n, error_storage_write).to_string())),
        })
    };
    // The password was right; with two-step verification on, a code comes next.
    let second_step = RwSignal::new(None::<Account>);
    let password_ok = Callback::new(move |a: Account| {
        if a.two_step {
            error.set(None);
            second_step.set(Some(a));
        } else {
            succeed.run(a);
        }
    });
    // The message of a failed attempt is tied to the password (or the code boxes): the focus
    // goes there so it is read, and the field is ready for another try.
    let focus_secret = move || {
        focus_id(if by_code.get_untracked() {
            "signin-code-0"
        } else {
            "signin-password"
        })
    };
    // A wrong answer: counted against the account if there is one; the same words either way.
    let fail = Callback::new(move |a: Option<Account>| {
        let env = web::env();
        let lock = a.and_then(|a| {
            let mut t = env.store.throttle(&a.id).unwrap_or_default();
            let lock = signin::record_failure(&mut t, env.now());
            let _ = env.store.put_throttle(&a.id, &t);
            lock
        });
        match lock {
            Some(until) => locked_until.set(Some(until)),
            None if by_code.get_untracked() => {
                error.set(Some(t_string!(i18n, error_signin_code).to_string()))
            }
            None => error.set(Some(t_string!(i18n, error_signin).to_string())),
        }
        focus_secret();
    });
    // The account behind the field, unless it is locked (then the lock is shown).
    let unlocked_account = move || -> Result<Option<Account>, ()> {
        let env = web::env();
        let found = {
            let _timing = web::crypto::UserTiming::start("xa:lookup");
            env.store
                .find_by_input(&account.get_untracked(), region.get_untracked())
        };
        if let Some(a) = &found {
            let throttle = env.store.throttle(&a.id).unwrap_or_default();
            if let Err(Locked { until }) = signin::check_allowed(&throttle, env.now()) {
                locked_until.set(Some(until));
                error.set(None);
                focus_secret();
                return Err(());
            }
        }
        Ok(found)
    };

    let send_code = move |_| {
        if account.get_untracked().trim().is_empty() {
            error.set(Some(t_string!(i18n, error_signin_empty).to_string()));
            return;
        }
        let Ok(found) = unlocked_account() else {
            return;
        };
        error.set(None);
        // Only a real account gets a code; the page says the same either way.
        if let Some((to, is_email)) = found.as_ref().and_then(contact) {
            let env = web::env();
            if let Ok(mut rec) = env.store.code_record(Purpose::SignIn, &to) {
                if let Ok(c) = codes::send(&mut rec, &to, env.now(), &BrowserRng) {
                    if env.store.put_code_record(&to, &rec).is_ok() {
                        app.deliver(to, is_email, c);
                    }
                }
            }
        }
        code_sent.set(true);
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = pw.get_untracked();
        let secret_missing = if by_code.get_untracked() {
            code.with_untracked(|c| c.trim().is_empty())
        } else {
            typed.is_empty()
        };
        if account.get_untracked().trim().is_empty() || secret_missing {
            error.set(Some(t_string!(i18n, error_signin_empty).to_string()));
            focus_secret();
            return;
        }
        let Ok(found) = unlocked_account() else {
            return;
        };
        error.set(None);
        if by_code.get_untracked() {
            let env = web::env();
            let typed_code = code.get_untracked().replace(' ', "");
            let ok = found.as_ref().and_then(contact).is_some_and(|(to, _)| {
                let Ok(mut rec) = env.store.code_record(Purpose::SignIn, &to) else {
                    return false;
                };
                let r = codes::verify(&mut rec, &to, &typed_code, env.now());
                let _ = env.store.put_code_record(&to, &rec);
                r.is_ok()
            });
            code.set(String::new());
            match found {
                Some(a) if ok => succeed.run(a),
                other => fail.run(other),
            }
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let normalised = password::normalise(&typed);
            let phc = found
                .as_ref()
                .and_then(|a| Phc::parse(&a.phc).ok())
                .unwrap_or_else(|| Phc::parse(signin::DECOY_PHC).expect("the decoy record parses"));
            let ok = verify_password(&phc, &normalised, |_| {})
                .await
                .unwrap_or(false);
            // A record hashed at an older, lower cost is re-hashed at today's on success.
            let rehashed = match (&found, ok && hash::needs_rehash(&phc)) {
                (Some(_), true) => hash_password(&normalised, &BrowserRng, |_| {}).await.ok(),
                _ => None,
            };
            busy.set(false);
            match found {
                Some(mut a) if ok => {
                    if let Some(new) = rehashed {
                        a.phc = new.to_string();
                        // Keeping the old hash is harmless if this write fails: it still verifies.
                        let _ = web::env().store.put_account(&a);
                    }
                    password_ok.run(a);
                }
                other => fail.run(other),
            }
        });
    };
    let lock_text = move || {
        let until = locked_until.get()?;
        let left = until - app.now.get();
        if left <= 0 {
            return None;
        }
        let secs = (left + SECOND - 1) / SECOND;
        Some(fill(
            t_string!(i18n, error_locked),
            &[
                ("m", (secs / 60).to_string()),
                ("s", format!("{:02}", secs % 60)),
            ],
        ))
    };
    let form_error = Signal::derive(move || lock_text().or_else(|| error.get()));
    view! {
        <Title text=move || t_string!(i18n, title_sign_in) />
        <Show when=move || second_step.with(Option::is_some)>
            <TwoStep account=second_step succeed />
        </Show>
        <section class="card" aria-labelledby="page-heading" hidden=move || second_step.with(Option::is_some)>
            <AuthTabs />
            <h1 id="page-heading" class="card-title">{t!(i18n, title_sign_in)}</h1>
            <form class="form" novalidate on:submit=submit>
                <Show when=move || phone_mode.get()>
                    <RegionSelect selected=region />
                </Show>
                <TextField
                    id="signin-account"
                    label=Signal::derive(move || t_string!(i18n, field_account).to_string())
                    value=account
                    error=Signal::derive(|| None::<String>)
                    autocomplete="username"
                    maxlength=254
                    prefix=Signal::derive(move || {
                        if phone_mode.get() { region.get().dial_label() } else { String::new() }
                    })
                />
                <Show
                    when=move || by_code.get()
                    fallback=move || view! {
                        <PasswordField
                            id="signin-password"
                            label=Signal::derive(move || t_string!(i18n, field_password).to_string())
                            value=pw
                            error=form_error
                            shown
                            autocomplete="current-password"
                        />
                        <ShowPasswordToggle shown />
                    }
                >
                    <button type="button" class="btn btn-secondary" on:click=send_code>
                        {t!(i18n, send_code)}
                    </button>
                    <Show when=move || code_sent.get()>
                        <p class="muted small" role="status">{t!(i18n, signin_code_sent)}</p>
                    </Show>
                    <CodeInput
                        id="signin-code"
                        value=code
                        label=Signal::derive(move || t_string!(i18n, code_label).to_string())
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
                }
            >
                {move || if by_code.get() { t_string!(i18n, signin_with_password) } else { t_string!(i18n, signin_with_code) }}
            </button>
            <p class="signin-links">
                <A href=web::href("/forgot")>{t!(i18n, forgot_link)}</A>
                <A href=web::href("/signup")>{t!(i18n, create_account)}</A>
            </p>
        </section>
    }
}

/// Two-step verification after a right password: a code to the account's phone or email (the
/// learner picks which when both are set).
#[component]
fn TwoStep(account: RwSignal<Option<Account>>, succeed: Callback<Account>) -> impl IntoView {
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
    let verified = Callback::new(move |a: Account| {
        succeed.run(a);
        None
    });
    view! {
        <section class="card two-step-card" aria-labelledby="two-step-heading">
            <h1 id="two-step-heading" class="card-title">{t!(i18n, two_step_title)}</h1>
            <p class="muted">{t!(i18n, two_step_signin_intro)}</p>
            <TwoStepForm account=a code_id="two-step-code" choice_name="two-step-to" verified />
            <button
                type="button"
                class="link-button"
                on:click=move |_| {
                    account.set(None);
                    focus_id("signin-account");
                }
            >
                {t!(i18n, back_to_sign_in)}
            </button>
        </section>
    }
    .into_any()
}
