//! The account center's Security section: the score and its risks, change password, the
//! security phone and email (add, change, remove, each verified by a code) and two-step
//! verification. Every rule is in `core::security`; this file only asks and shows.

use super::passed_or_refused;
use crate::components::code_input::whole_code;
use crate::components::code_sender::{check_code, code_error_msg, CodeSender};
use crate::components::dialog::{Dialog, DialogActions, Rounds};
use crate::components::error_summary::{field_errors, focus_after_submit, ErrorSummary};
use crate::components::field::{PasswordField, ShowPasswordToggle, TextField, UsernameHint};
use crate::components::focus::focus_id;
use crate::components::region_select::RegionSelect;
use crate::components::signin_form::form_message;
use crate::core::account::Account;
use crate::core::clock::Millis;
use crate::core::codes::Purpose;
use crate::core::identifier::{parse_email, parse_phone};
use crate::core::password::{self, PasswordContext};
use crate::core::regions;
use crate::core::security::{self, mask, Contact, Risk};
use crate::core::signup::{DetailsError, Method};
use crate::core::store::StoreError;
use crate::i18n::*;
use crate::pages::signup::details::details_msg;
use crate::pages::signup::password::{check_new_password, common_passwords, NewPasswordError};
use crate::state::use_app;
use crate::text::{fill, shown_msg, Msg};
use crate::web;
use crate::web::auth::{contact, UpdateError};
use crate::web::crypto::{hash_password, BrowserRng};
use leptos::prelude::*;
use leptos::task::{spawn_local, spawn_local_scoped};
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Seconds between a password change and the sign-out, as the real site counts down.
const SIGN_OUT_AFTER: u32 = 5;

#[component]
pub fn Security(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let assessment = security::assess(&account);
    let risk_count = assessment.risks.len();
    let risks = assessment
        .risks
        .iter()
        .map(|&r| {
            let text = move || match r {
                Risk::NoPhone => t_string!(i18n, risk_no_phone),
                Risk::NoEmail => t_string!(i18n, risk_no_email),
                Risk::TwoStepOff => t_string!(i18n, risk_two_step_off),
            };
            view! { <li>{text}</li> }
        })
        .collect_view();
    let score = assessment.score;
    let changed = account.password_changed_at;
    view! {
        <section class="account-section" aria-labelledby="security-heading">
            <h2 id="security-heading">{tr!(i18n, security_title)}</h2>
            <div class="security-score">
                <label for="security-meter">
                    {move || fill(t_string!(i18n, security_score), &[("n", score.to_string())])}
                </label>
                <meter id="security-meter" min="0" max="100" low="61" high="81" optimum="100" value=score></meter>
                <p class="muted">
                    {move || fill(t_string!(i18n, security_risks), &[("n", risk_count.to_string())])}
                </p>
                <ul class="risk-list">{risks}</ul>
            </div>
            <Show when={
                let a = account.clone();
                move || security::only_one_recovery_option(&a)
            }>
                <p class="warning" role="note">{tr!(i18n, recovery_warning)}</p>
            </Show>
            <ul class="security-list">
                <li class="security-row account-row">
                    <div>
                        <h3>{tr!(i18n, password_row)}</h3>
                        <p class="muted small">
                            {move || match changed {
                                Some(ms) => fill(t_string!(i18n, password_changed_on), &[("date", super::date(ms))]),
                                None => t_string!(i18n, password_never_changed).to_string(),
                            }}
                        </p>
                    </div>
                    <ChangePassword account=account.clone() />
                </li>
                <ContactRow account=account.clone() which=Contact::Phone />
                <ContactRow account=account.clone() which=Contact::Email />
                <TwoStepRow account=account.clone() />
            </ul>
        </section>
    }
}

/// Change password: the current one, the new one twice (every rule, not the current one); then
/// every device is signed out and this one follows after a countdown.
#[component]
fn ChangePassword(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    // Each field's own message; two or more at once also show an error summary. `error` is for
    // what belongs to no field (storage, hashing).
    let current_error = RwSignal::new(None::<Msg>);
    let new_error = RwSignal::new(None::<Msg>);
    let confirm_error = RwSignal::new(None::<Msg>);
    let error = RwSignal::new(None::<Msg>);
    let errors = field_errors([
        ("current-password", current_error),
        ("new-password", new_error),
        ("confirm-new-password", confirm_error),
    ]);
    let locked_until = RwSignal::new(None::<Millis>);
    let busy = RwSignal::new(false);
    let rounds = Rounds::new(open);
    // Closed, the dialog keeps no password and whatever was running has stopped; opened
    // again, it starts clean.
    Effect::new(move || {
        if !open.get() {
            for p in [current, new, confirm] {
                p.set(String::new());
            }
            for e in [current_error, new_error, confirm_error, error] {
                e.set(None);
            }
            locked_until.set(None);
            busy.set(false);
        }
    });
    let countdown = RwSignal::new(None::<u32>);
    let common = common_passwords();
    // For password managers: a name sign-in accepts, the account's contact (the phone before the
    // email, as sign-up saved it unless the account was made by email and has a phone now).
    let username = contact(&account).map_or_else(|| account.id.clone(), |(to, _)| to);
    let account = StoredValue::new(account);
    let sign_in_as = username.clone();
    let finish = Callback::new(move |_: ()| {
        app.farewell.set(Some(msg!(signed_out_password_changed)));
        // What is left to type there is the new password.
        app.sign_in_as.set(Some(sign_in_as.clone()));
        app.session.set(None);
        app.touch();
        navigate("/signin", NavigateOptions::default());
    });
    // The countdown runs on the app's one-second tick.
    Effect::new(move |prev: Option<i64>| {
        let now = app.now.get();
        let Some(left) = countdown.get_untracked() else {
            return now;
        };
        if prev.is_some_and(|p| now > p) {
            if left <= 1 {
                countdown.set(None);
                finish.run(());
            } else {
                countdown.set(Some(left - 1));
            }
        }
        now
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || countdown.get_untracked().is_some() {
            return;
        }
        let a = account.get_value();
        let typed_current = password::normalise(&current.get_untracked());
        error.set(None);
        current_error.set(
            typed_current
                .is_empty()
                .then(|| msg!(error_current_password_empty)),
        );
        new_error.set(None);
        confirm_error.set(None);
        let is_old = |n: &str| n == typed_current;
        let mut ctx = PasswordContext::for_account(&a);
        ctx.is_old = Some(&is_old);
        let list = common.get().unwrap_or_default();
        let checked =
            check_new_password(&new.get_untracked(), &confirm.get_untracked(), &ctx, &list);
        match &checked {
            Ok(_) => {}
            Err(NewPasswordError::Password(e)) => new_error.set(Some(e.clone())),
            Err(NewPasswordError::Confirm(e)) => confirm_error.set(Some(e.clone())),
        }
        let found = errors.get_untracked();
        let (Ok(normalised), true) = (checked, found.is_empty()) else {
            focus_after_submit("change-password-errors", &found);
            return;
        };
        busy.set(true);
        // Cancel (or Escape) while this runs stops it: nothing is changed.
        let round = rounds.current();
        spawn_local(async move {
            // Checked against the password as stored now (not as this dialog was drawn).
            let checked = web::auth::password_matches(&a.id, &typed_current).await;
            if !round.live() {
                return;
            }
            let wrong = msg!(error_current_password);
            let Some(stored) = passed_or_refused(
                checked,
                "current-password",
                busy,
                current_error,
                wrong,
                locked_until,
            ) else {
                return;
            };
            let verified = stored.phc;
            let hashed = hash_password(&normalised, &BrowserRng, |_| {}).await;
            if !round.live() {
                return;
            }
            let Ok(phc) = hashed else {
                busy.set(false);
                error.set(Some(msg!(error_hash_failed)));
                return;
            };
            let replaced =
                web::auth::replace_password(&a.id, Some(verified), &phc, move || round.live())
                    .await;
            // A failure is told only to the round it belongs to (`busy` and the messages are
            // the live round's); a change made is followed through, open or not.
            if replaced.is_err() && !round.live() {
                return;
            }
            busy.set(false);
            match replaced {
                Ok(_) => {
                    current.set(String::new());
                    new.set(String::new());
                    confirm.set(String::new());
                    countdown.set(Some(SIGN_OUT_AFTER));
                    // The form (and its Save button, which had the focus) gives way to the
                    // countdown and its one button.
                    focus_id("sign-in-again");
                }
                // The password was changed (in another tab) after this dialog checked the
                // current one against it: what was typed is not the current password now.
                Err(UpdateError::Stale) => {
                    current_error.set(Some(msg!(error_current_password)));
                    focus_id("current-password");
                }
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    };
    view! {
        // Named like the other rows' buttons ("Change — Security phone").
        <button
            type="button"
            class="btn btn-secondary btn-small"
            aria-label=move || format!("{} — {}", t_string!(i18n, change), t_string!(i18n, field_password))
            id="password-open"
            on:click=move |_| open.set(true)
        >
            {tr!(i18n, change)}
        </button>
        <Dialog open labelledby="change-password-heading">
            <h2 id="change-password-heading">{tr!(i18n, change_password_title)}</h2>
            <Show
                when=move || countdown.get().is_none()
                fallback=move || view! {
                    <p role="status" class="success">
                        {move || fill(
                            t_string!(i18n, password_changed_countdown),
                            &[("n", countdown.get().unwrap_or(0).to_string())],
                        )}
                    </p>
                    <div class="dialog-actions">
                        <button type="button" id="sign-in-again" class="btn btn-primary" on:click=move |_| {
                            countdown.set(None);
                            finish.run(());
                        }>{tr!(i18n, sign_in_again)}</button>
                    </div>
                }
            >
                <form class="form" novalidate on:submit=submit>
                    <UsernameHint value=username.clone() />
                    <ErrorSummary id="change-password-errors" errors />
                    <PasswordField
                        id="current-password"
                        label=tr!(i18n, field_current_password)
                        value=current
                        error=form_message(locked_until, current_error)
                        shown
                        autocomplete="current-password"
                        live=false
                    />
                    <PasswordField
                        id="new-password"
                        label=tr!(i18n, field_new_password)
                        value=new
                        error=shown_msg(i18n, new_error)
                        shown
                        autocomplete="new-password"
                        hint=Signal::derive(move || t_string!(i18n, password_hint).to_string())
                        live=false
                    />
                    <PasswordField
                        id="confirm-new-password"
                        label=tr!(i18n, field_confirm)
                        value=confirm
                        error=shown_msg(i18n, confirm_error)
                        shown
                        autocomplete="new-password"
                        live=false
                    />
                    <ShowPasswordToggle shown />
                    <p class="form-error" role="alert">{shown_msg(i18n, error)}</p>
                    <p class="muted small">{tr!(i18n, change_password_note)}</p>
                    <DialogActions open>
                        <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                            {move || if busy.get() { t_string!(i18n, saving) } else { t_string!(i18n, save) }}
                        </button>
                    </DialogActions>
                </form>
            </Show>
        </Dialog>
    }
}

/// The security phone or email: its masked value and Add / Change / Remove.
#[component]
fn ContactRow(account: Account, which: Contact) -> impl IntoView {
    let i18n = use_i18n();
    let value = match which {
        Contact::Phone => account.phone.clone(),
        Contact::Email => account.email.clone(),
    };
    let has = value.is_some();
    let is_email = which == Contact::Email;
    // Ids of the row's buttons, so the focus finds them again after the page is redrawn.
    let key = if is_email { "email" } else { "phone" };
    let other_set = match which {
        Contact::Phone => account.email.is_some(),
        Contact::Email => account.phone.is_some(),
    };
    let editing = RwSignal::new(false);
    let removing = RwSignal::new(false);
    let shown = value.as_deref().map(mask);
    let title = move || {
        if is_email {
            t_string!(i18n, security_email)
        } else {
            t_string!(i18n, security_phone)
        }
    };
    view! {
        <li class="security-row account-row">
            <div>
                <h3>{title}</h3>
                <p class="muted small" dir="ltr">
                    {match shown {
                        Some(m) => m.into_any(),
                        None => tr!(i18n, not_set).into_any(),
                    }}
                </p>
            </div>
            <div class="row-actions">
                <button type="button" class="btn btn-secondary btn-small" on:click=move |_| editing.set(true)
                    id=format!("{key}-edit")
                    aria-label=move || format!("{} — {}", if has { t_string!(i18n, change) } else { t_string!(i18n, add) }, title())>
                    {if has { tr!(i18n, change) } else { tr!(i18n, add) }}
                </button>
                <Show when=move || has && other_set>
                    <button type="button" class="btn btn-secondary btn-small" on:click=move |_| removing.set(true)
                        id=format!("{key}-remove") data-focus-next=format!("{key}-edit")
                        aria-label=move || format!("{} — {}", t_string!(i18n, remove), title())>
                        {tr!(i18n, remove)}
                    </button>
                </Show>
            </div>
            <EditContact account=account.clone() which open=editing />
            {value.map(|v| view! { <RemoveContact account=account.clone() which current=v open=removing /> })}
        </li>
    }
}

/// Sets (`Some`) or removes (`None`) a security phone or email on the account as stored now, so
/// the index entries that go are that account's even if another tab changed the other contact
/// meanwhile. `Ok(false)`: the change no longer applies (the same value, or the last contact).
async fn store_contact(
    id: &str,
    which: Contact,
    contact: Option<String>,
) -> Result<bool, UpdateError> {
    web::auth::update_account(id, move |store, old| {
        match security::set_contact(old, which, contact) {
            Ok(new) => Ok(store.update_contacts(old, &new).map(|()| true)?),
            Err(_) => Ok(false),
        }
    })
    .await
}

/// Adds or changes the phone or email: the new one, a code sent to it, then saved.
#[component]
fn EditContact(account: Account, which: Contact, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let is_email = which == Contact::Email;
    let region =
        RwSignal::new(regions::by_code(&account.region).unwrap_or_else(|| web::guess_region()));
    let input = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<Msg>);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let account = StoredValue::new(account);
    // The password comes first, each time the dialog opens (see `ConfirmPassword`).
    let confirmed = RwSignal::new(false);
    Effect::new(move || {
        if !open.get() {
            confirmed.set(false);
        }
    });
    // Where a failed step sends the focus: the new phone/email, or the first code box.
    let field_id = if is_email { "new-email" } else { "new-phone" };
    let code_id = if is_email { "email-code" } else { "phone-code" };
    let method = if is_email {
        Method::Email
    } else {
        Method::Phone
    };
    // The new contact, normalised, or the message for what is wrong with it.
    let parsed = move || -> Result<String, Msg> {
        let typed = input.get();
        let result = if is_email {
            parse_email(&typed)
                .map(|e| e.as_str().to_owned())
                .map_err(DetailsError::Email)
        } else {
            parse_phone(region.get(), &typed)
                .map(|p| p.e164().to_owned())
                .map_err(DetailsError::Phone)
        };
        result.map_err(|e| details_msg(e, method))
    };
    let to = Signal::derive(move || parsed().ok().map(|c| (c, is_email)));
    let slot = move |a: &Account| match which {
        Contact::Phone => a.phone.clone(),
        Contact::Email => a.email.clone(),
    };
    // Before a code goes out: the contact must be valid, new, and nobody else's.
    let before_send = Callback::new(move |_: ()| {
        let contact = match parsed() {
            Ok(c) => c,
            Err(e) => {
                field_error.set(Some(e));
                focus_id(field_id);
                return false;
            }
        };
        let a = account.get_value();
        if slot(&a).as_deref() == Some(contact.as_str()) {
            field_error.set(Some(msg!(error_contact_unchanged)));
            focus_id(field_id);
            return false;
        }
        if web::env()
            .store
            .is_registered(method.id_kind(), &contact)
            .unwrap_or(false)
        {
            field_error.set(Some(msg!(error_contact_taken)));
            focus_id(field_id);
            return false;
        }
        field_error.set(None);
        true
    });
    let purpose = if is_email {
        Purpose::BindEmail
    } else {
        Purpose::BindPhone
    };
    let busy = RwSignal::new(false);
    let send_first = StoredValue::new(None::<Callback<(), bool>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Ok(contact) = parsed() else {
            before_send.run(());
            return;
        };
        if code.with_untracked(|c| c.trim().is_empty())
            && send_first.get_value().is_some_and(|send| send.run(()))
        {
            return;
        }
        if !whole_code(code_id, code, error) {
            return;
        }
        let typed = code.get_untracked();
        let id = account.with_value(|a| a.id.clone());
        busy.set(true);
        // Scoped: `notify` finds the account center's notice through the owner.
        spawn_local_scoped(async move {
            if let Err(e) = check_code(purpose, &contact, &typed).await {
                busy.set(false);
                code.set(String::new());
                error.set(Some(code_error_msg(e)));
                focus_id(format!("{code_id}-0"));
                return;
            }
            let saved = store_contact(&id, which, Some(contact)).await;
            busy.set(false);
            match saved {
                Ok(true) => {
                    open.set(false);
                    super::notify(if is_email {
                        msg!(email_saved)
                    } else {
                        msg!(phone_saved)
                    });
                    app.touch();
                }
                Ok(false) => error.set(Some(msg!(error_contact_unchanged))),
                Err(UpdateError::Store(StoreError::Taken)) => {
                    error.set(Some(msg!(error_contact_taken)))
                }
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    };
    let heading = if is_email {
        "edit-email-heading"
    } else {
        "edit-phone-heading"
    };
    view! {
        <Dialog open labelledby=heading>
            <h2 id=heading>
                {if is_email { tr!(i18n, edit_email_title) } else { tr!(i18n, edit_phone_title) }}
            </h2>
            <Show
                when=move || confirmed.get()
                fallback=move || view! {
                    <ConfirmPassword
                        id=if is_email { "edit-email-password" } else { "edit-phone-password" }
                        account_id=account.with_value(|a| a.id.clone())
                        confirmed
                        open
                        next=field_id
                    />
                }
            >
            <form class="form" novalidate on:submit=save>
                {(!is_email).then(|| view! { <RegionSelect selected=region /> })}
                <TextField
                    id=field_id
                    // "New" only when it replaces one.
                    label=match (is_email, account.with_value(|a| slot(a).is_some())) {
                        (true, true) => tr!(i18n, field_new_email),
                        (true, false) => tr!(i18n, field_email),
                        (false, true) => tr!(i18n, field_new_phone),
                        (false, false) => tr!(i18n, field_phone),
                    }
                    value=input
                    error=shown_msg(i18n, field_error)
                    input_type=if is_email { "email" } else { "tel" }
                    inputmode=if is_email { "email" } else { "tel" }
                    autocomplete=if is_email { "email" } else { "tel-national" }
                    maxlength=if is_email { 254 } else { 24 }
                    prefix=Signal::derive(move || if is_email { String::new() } else { region.get().dial_label() })
                />
                <CodeSender
                    id=code_id
                    purpose
                    to
                    value=code
                    error
                    before_send
                    send_first
                />
                <DialogActions open>
                    <button type="submit" class="btn btn-primary">{tr!(i18n, save)}</button>
                </DialogActions>
            </form>
            </Show>
        </Dialog>
    }
}

/// A dialog's first step before a security phone or email is added or changed: the account's
/// password again, so a session left open is not enough to give the account a contact of
/// someone else's (who could then reset its password). Removing one needs a code to it instead,
/// and the password change and account deletion ask for the password themselves.
#[component]
fn ConfirmPassword(
    /// The password field's id.
    id: &'static str,
    account_id: String,
    /// Set once the password is right.
    confirmed: RwSignal<bool>,
    /// The dialog's: Cancel closes it.
    open: RwSignal<bool>,
    /// The id of the field the dialog continues at.
    next: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let pw = RwSignal::new(String::new());
    let pw_error = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let locked_until = RwSignal::new(None::<Millis>);
    let account_id = StoredValue::new(account_id);
    // A check still running when the dialog was cancelled must not let the next opening skip
    // the password.
    let rounds = Rounds::new(open);
    // Closed, the dialog keeps no password, typed or wrong.
    Effect::new(move || {
        if !open.get() {
            pw.set(String::new());
            pw_error.set(None);
            locked_until.set(None);
            busy.set(false);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = password::normalise(&pw.get_untracked());
        if typed.is_empty() {
            pw_error.set(Some(msg!(error_password_empty)));
            focus_id(id);
            return;
        }
        busy.set(true);
        let account_id = account_id.get_value();
        let round = rounds.current();
        spawn_local(async move {
            let checked = web::auth::password_matches(&account_id, &typed).await;
            if !round.live() {
                return;
            }
            let wrong = msg!(error_delete_password);
            if passed_or_refused(checked, id, busy, pw_error, wrong, locked_until).is_some() {
                busy.set(false);
                pw.set(String::new());
                pw_error.set(None);
                confirmed.set(true);
                focus_id(next);
            }
        });
    };
    view! {
        <p>{tr!(i18n, confirm_password_intro)}</p>
        <form class="form" novalidate on:submit=submit>
            <TextField
                id
                label=tr!(i18n, field_password)
                value=pw
                error=form_message(locked_until, pw_error)
                input_type="password"
                autocomplete="current-password"
                maxlength=64
                live=false
            />
            <DialogActions open>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {tr!(i18n, next)}
                </button>
            </DialogActions>
        </form>
    }
}

/// Removes the phone or email (only while the other one is set): a code to it first.
#[component]
fn RemoveContact(
    account: Account,
    which: Contact,
    current: String,
    open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let is_email = which == Contact::Email;
    let purpose = if is_email {
        Purpose::BindEmail
    } else {
        Purpose::BindPhone
    };
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let to = Signal::stored(Some((current.clone(), is_email)));
    let account = StoredValue::new(account);
    let code_id = if is_email {
        "remove-email-code"
    } else {
        "remove-phone-code"
    };
    let busy = RwSignal::new(false);
    let remove = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if !whole_code(code_id, code, error) {
            return;
        }
        let typed = code.get_untracked();
        let (id, current) = (account.with_value(|a| a.id.clone()), current.clone());
        busy.set(true);
        // Scoped: `notify` finds the account center's notice through the owner.
        spawn_local_scoped(async move {
            if let Err(e) = check_code(purpose, &current, &typed).await {
                busy.set(false);
                code.set(String::new());
                error.set(Some(code_error_msg(e)));
                focus_id(format!("{code_id}-0"));
                return;
            }
            let removed = store_contact(&id, which, None).await;
            busy.set(false);
            match removed {
                Ok(true) => {
                    open.set(false);
                    super::notify(if is_email {
                        msg!(email_removed)
                    } else {
                        msg!(phone_removed)
                    });
                    app.touch();
                }
                Ok(false) => error.set(Some(msg!(error_contact_last))),
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    };
    let heading = if is_email {
        "remove-email-heading"
    } else {
        "remove-phone-heading"
    };
    view! {
        <Dialog open labelledby=heading>
            <h2 id=heading>
                {if is_email { tr!(i18n, remove_email_title) } else { tr!(i18n, remove_phone_title) }}
            </h2>
            <p>{tr!(i18n, remove_contact_body)}</p>
            <form class="form" novalidate on:submit=remove>
                <CodeSender
                    id=code_id
                    purpose
                    to
                    value=code
                    error
                />
                <DialogActions open>
                    <button type="submit" class="btn btn-primary">{tr!(i18n, remove)}</button>
                </DialogActions>
            </form>
        </Dialog>
    }
}

/// Two-step verification on or off (the guide: Security → Two-step verification), confirmed by
/// a code to the account's phone (or email if it has no phone).
#[component]
fn TwoStepRow(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let on = account.two_step;
    let open = RwSignal::new(false);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let target = security::contacts(&account).into_iter().next();
    let to = Signal::stored(target.clone());
    let account = StoredValue::new(account);
    let code_id = "two-step-toggle-code";
    let busy = RwSignal::new(false);
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some((contact, _)) = target.clone() else {
            return;
        };
        if !whole_code(code_id, code, error) {
            return;
        }
        let typed = code.get_untracked();
        let id = account.with_value(|a| a.id.clone());
        busy.set(true);
        // Scoped: `notify` finds the account center's notice through the owner.
        spawn_local_scoped(async move {
            if let Err(e) = check_code(Purpose::TwoStep, &contact, &typed).await {
                busy.set(false);
                code.set(String::new());
                error.set(Some(code_error_msg(e)));
                focus_id(format!("{code_id}-0"));
                return;
            }
            // What the learner asked for ("turn on" or "turn off"), set on the account as
            // stored now: a toggle of a copy would undo whatever another tab changed.
            let saved = web::auth::update_account(&id, move |store, a| {
                a.two_step = !on;
                Ok(store.put_account(a)?)
            })
            .await;
            busy.set(false);
            match saved {
                Ok(()) => {
                    open.set(false);
                    super::notify(if on {
                        msg!(two_step_now_off)
                    } else {
                        msg!(two_step_now_on)
                    });
                    app.touch();
                }
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    };
    view! {
        <li class="security-row account-row">
            <div>
                <h3 id="two-step-row-heading">{tr!(i18n, two_step_title)}</h3>
                <p class="muted small">
                    {if on { tr!(i18n, two_step_on) } else { tr!(i18n, two_step_off) }}
                </p>
            </div>
            <button type="button" class="btn btn-secondary btn-small" on:click=move |_| open.set(true)
                id="two-step-open" aria-describedby="two-step-row-heading">
                {if on { tr!(i18n, turn_off) } else { tr!(i18n, turn_on) }}
            </button>
            <Dialog open labelledby="two-step-dialog-heading">
                <h2 id="two-step-dialog-heading">
                    {if on { tr!(i18n, two_step_turn_off_title) } else { tr!(i18n, two_step_turn_on_title) }}
                </h2>
                <p>{if on { tr!(i18n, two_step_off_body) } else { tr!(i18n, two_step_on_body) }}</p>
                <form class="form" novalidate on:submit=confirm>
                    <CodeSender id=code_id purpose=Purpose::TwoStep to value=code error />
                    <DialogActions open>
                        <button type="submit" class="btn btn-primary">
                            {if on { tr!(i18n, turn_off) } else { tr!(i18n, turn_on) }}
                        </button>
                    </DialogActions>
                </form>
            </Dialog>
        </li>
    }
}
