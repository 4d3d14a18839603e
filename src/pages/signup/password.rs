//! Step 3: the password (Xiaomi's rules plus the common-password list), hashed in the browser,
//! then the account is created.

use super::Flow;
use crate::components::field::{PasswordField, ShowPasswordToggle, UsernameHint};
use crate::components::focus::focus_id;
use crate::core::account::new_account_id;
use crate::core::hash::Phc;
use crate::core::kv::KvError;
use crate::core::password::{self, CommonPasswords, PasswordContext, PasswordError, Strength};
use crate::core::signup::{SignupFlow, Step};
use crate::core::store::StoreError;
use crate::i18n::*;
use crate::text::{shown_msg, Msg};
use crate::web;
use crate::web::crypto::{hash_password, BrowserRng, UserTiming};
use crate::web::locks::with_lock;
use leptos::prelude::*;
use leptos::task::spawn_local;

pub fn password_error(locale: Locale, e: PasswordError) -> &'static str {
    match e {
        PasswordError::Empty => td_string!(locale, error_password_empty),
        PasswordError::TooShort | PasswordError::TooLong => {
            td_string!(locale, error_password_length)
        }
        PasswordError::TooFewClasses => td_string!(locale, error_password_classes),
        PasswordError::Common => td_string!(locale, error_password_common),
        PasswordError::SameAsIdentifier => td_string!(locale, error_password_identifier),
        PasswordError::SameAsOld => td_string!(locale, error_password_old),
    }
}

/// [`password_error`] as a message to keep in a signal.
pub fn password_msg(e: PasswordError) -> Msg {
    Msg::new(move |locale| password_error(locale, e).to_owned())
}

/// What is wrong with a new password and its confirmation, by field.
pub enum NewPasswordError {
    Password(Msg),
    Confirm(Msg),
}

/// Checks a new password against every rule and its confirmation against it; returns the NFKC
/// form to hash. Sign-up, reset and change-password share it.
pub fn check_new_password(
    typed: &str,
    confirm: &str,
    ctx: &PasswordContext<'_>,
    common: &CommonPasswords,
) -> Result<String, NewPasswordError> {
    let normalised = password::check(typed, ctx, common)
        .map_err(|e| NewPasswordError::Password(password_msg(e)))?;
    if password::normalise(confirm) != normalised {
        return Err(NewPasswordError::Confirm(msg!(error_password_mismatch)));
    }
    Ok(normalised)
}

thread_local! {
    /// The list once parsed: every later form (reset, change password, the phone) reuses it.
    static COMMON: std::cell::OnceCell<CommonPasswords> = const { std::cell::OnceCell::new() };
}

/// The common-password list, fetched from our own origin the first time it is needed, parsed
/// once per page load (User Timing "xa:common-passwords" measures the parse). `None` until it
/// is here, and for good if the fetch fails (the other password rules still hold).
pub fn common_passwords() -> ReadSignal<Option<CommonPasswords>> {
    let list = RwSignal::new(COMMON.with(|c| c.get().cloned()));
    if list.get_untracked().is_none() {
        spawn_local(async move {
            let Ok(text) = web::fetch_text("/data/common-passwords.txt").await else {
                return;
            };
            let parsed = COMMON.with(|c| {
                c.get_or_init(|| {
                    let _timing = UserTiming::start("xa:common-passwords");
                    CommonPasswords::parse(&text)
                })
                .clone()
            });
            // The form may be gone by now.
            list.try_set(Some(parsed));
        });
    }
    list.read_only()
}

#[component]
pub fn Password(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let created = Callback::new(move |id: String| {
        flow.state.update(|f| f.finish(id));
        flow.go.run(Step::Done);
    });
    view! {
        <h1 id="page-heading" class="card-title">{tr!(i18n, password_title)}</h1>
        <NewPasswordForm
            password_id="signup-password"
            confirm_id="signup-confirm"
            progress_id="hash-progress"
            flow=flow.state.into()
            created
            left=finish_in_session
        >
            <super::ChangeIdentifier flow />
        </NewPasswordForm>
    }
}

/// A sign-up whose page was left while it hashed: the account exists, so the tab's saved flow
/// says so (sign-in then offers it, as after any finished sign-up).
fn finish_in_session(mut f: SignupFlow, id: String) {
    f.finish(id);
    let _ = web::session().set_signup_flow(&f);
}

/// The password form of a sign-up, on the site and on the simulated phone: the rules and the
/// strength meter, the confirmation, hashing in the browser with its progress, then the
/// account is created and `created` gets its new ID.
#[component]
pub fn NewPasswordForm(
    password_id: &'static str,
    confirm_id: &'static str,
    progress_id: &'static str,
    /// The sign-up as it stands (read when the form is submitted).
    flow: Signal<SignupFlow>,
    created: Callback<String>,
    /// Keeps a sign-up finished after the form was left mid-hash (the form's state is gone).
    #[prop(optional)]
    left: Option<fn(SignupFlow, String)>,
    /// The way back to the first step, offered when the identifier was registered meanwhile.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let common = common_passwords();
    let pw = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let pw_error = RwSignal::new(None::<Msg>);
    let confirm_error = RwSignal::new(None::<Msg>);
    let form_error = RwSignal::new(None::<Msg>);
    let progress = RwSignal::new(None::<f32>);
    let taken = RwSignal::new(false);
    let list = move || common.get().unwrap_or_default();
    let strength = strength_of(pw, common, move || flow.with(SignupFlow::password_context));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if progress.get_untracked().is_some() {
            return;
        }
        let f = flow.get_untracked();
        let checked = check_new_password(
            &pw.get_untracked(),
            &confirm.get_untracked(),
            &f.password_context(),
            &list(),
        );
        pw_error.set(None);
        confirm_error.set(None);
        let normalised = match checked {
            Ok(n) => n,
            Err(NewPasswordError::Password(e)) => {
                pw_error.set(Some(e));
                focus_id(password_id);
                return;
            }
            Err(NewPasswordError::Confirm(e)) => {
                confirm_error.set(Some(e));
                focus_id(confirm_id);
                return;
            }
        };
        form_error.set(None);
        taken.set(false);
        progress.set(Some(0.0));
        spawn_local(async move {
            let phc = hash_password(&normalised, &BrowserRng, |p| progress.set(Some(p))).await;
            drop(normalised);
            let result = match phc {
                Ok(phc) => create_account(f.clone(), phc).await.map_err(|e| match e {
                    StoreError::Taken => {
                        taken.set(true);
                        msg!(error_taken_meanwhile)
                    }
                    StoreError::Kv(KvError::Full) => msg!(error_storage_full),
                    _ => msg!(error_storage_write),
                }),
                Err(_) => Err(msg!(error_hash_failed)),
            };
            // The visitor may have left the page while it hashed: the account stands, but the
            // page's signals and callbacks are gone (using them would panic).
            if progress.is_disposed() {
                if let (Ok(id), Some(left)) = (result, left) {
                    left(f, id);
                }
                return;
            }
            progress.set(None);
            match result {
                Ok(id) => {
                    pw.set(String::new());
                    confirm.set(String::new());
                    created.run(id);
                }
                Err(m) => form_error.set(Some(m)),
            }
        });
    };

    view! {
        <form class="form" novalidate on:submit=submit>
            <UsernameHint value=flow.with_untracked(|f| f.identifier.clone().unwrap_or_default()) />
            <PasswordField
                id=password_id
                label=tr!(i18n, field_password)
                value=pw
                error=shown_msg(i18n, pw_error)
                shown
                autocomplete="new-password"
                hint=Signal::derive(move || t_string!(i18n, password_hint).to_string())
            />
            // The meter is about the password above it, so it sits right under its hint.
            <StrengthMeter strength />
            <ShowPasswordToggle shown />
            <PasswordField
                id=confirm_id
                label=tr!(i18n, field_confirm)
                value=confirm
                error=shown_msg(i18n, confirm_error)
                shown
                autocomplete="new-password"
            />
            <p class="form-error" role="alert">{shown_msg(i18n, form_error)}</p>
            {children.map(|change| view! { <Show when=move || taken.get()>{change()}</Show> })}
            <Show when=move || progress.get().is_some()>
                <div class="hash-progress">
                    <label for=progress_id>{tr!(i18n, hashing)}</label>
                    // A whole number: an f32 attribute would link in float formatting (~4 KB gzip).
                    <progress id=progress_id max="100" value=move || (progress.get().unwrap_or(0.0) * 100.0).round() as u32></progress>
                </div>
            </Show>
            <button type="submit" class="btn btn-primary" disabled=move || progress.get().is_some()>
                {tr!(i18n, create_account)}
            </button>
        </form>
    }
}

/// Stores the new account: a fresh random ID, the hash, no plaintext anywhere. It runs under the
/// cross-tab store lock and checks again there that the identifier is free: another tab may
/// have created an account for it while this one was hashing, and two tabs submitting the same
/// identifier at the same moment must make exactly one account.
async fn create_account(f: SignupFlow, phc: Phc) -> Result<String, StoreError> {
    with_lock(move || {
        let env = web::env();
        let kind = f.method.id_kind();
        let identifier = f.identifier.as_deref().unwrap_or_default();
        if env.store.is_registered(kind, identifier)? {
            return Err(StoreError::Taken);
        }
        let id = new_account_id(&BrowserRng, |id| env.store.id_taken(id));
        let account = f
            .new_account(id.clone(), phc.to_string(), env.now())
            .ok_or(StoreError::Taken)?;
        // Refuses too if any index key of the account is taken (written in the same batch).
        env.store.create_account(&account)?;
        Ok(id)
    })
    .await
}

/// The weak / medium / strong meter under a new password (sign-up and the phone).
/// The meter's reading of the new password typed in `pw` (`None` while it is empty), by every
/// rule for the account `ctx` gives, as sign-up and the password reset both show it.
pub fn strength_of(
    pw: RwSignal<String>,
    common: ReadSignal<Option<CommonPasswords>>,
    ctx: impl Fn() -> PasswordContext<'static> + Send + Sync + 'static,
) -> Memo<Option<Strength>> {
    Memo::new(move |_| {
        let p = pw.get();
        (!p.is_empty()).then(|| password::strength(&p, &ctx(), &common.get().unwrap_or_default()))
    })
}

#[component]
pub fn StrengthMeter(strength: Memo<Option<Strength>>) -> impl IntoView {
    let i18n = use_i18n();
    let level = move || match strength.get() {
        None => "none",
        Some(Strength::Weak) => "weak",
        Some(Strength::Medium) => "medium",
        Some(Strength::Strong) => "strong",
    };
    view! {
        <div class=move || format!("strength strength-{}", level()) aria-live="polite">
            <div class="strength-bars" aria-hidden="true"><span></span><span></span><span></span></div>
            <span class="strength-label">
                {move || match strength.get() {
                    None => String::new(),
                    Some(Strength::Weak) => t_string!(i18n, strength_weak).to_string(),
                    Some(Strength::Medium) => t_string!(i18n, strength_medium).to_string(),
                    Some(Strength::Strong) => t_string!(i18n, strength_strong).to_string(),
                }}
            </span>
        </div>
    }
}
