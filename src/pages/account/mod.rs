//! The account center. Signed out, it sends you to sign in.

pub mod devices;
pub mod security;

use crate::components::code_input::whole_code;
use crate::components::code_sender::{check_code, code_error_msg, CodeSender};
use crate::components::dialog::{Dialog, DialogActions, Rounds};
use crate::components::error_summary::{field_errors, focus_after_submit, ErrorSummary};
use crate::components::field::TextField;
use crate::components::focus::{focus_first_field_in, focus_id};
use crate::components::services::ServiceList;
use crate::components::signin_form::form_message;
use crate::core::account::{export_json, Account, NICKNAME_MAX};
use crate::core::clock::Millis;
use crate::core::codes::Purpose;
use crate::core::password;
use crate::core::regions;
use crate::core::store::StoreError;
use crate::i18n::*;
use crate::state::use_app;
use crate::text::{fill, shown_msg, Msg};
use crate::web;
use crate::web::auth::{SignInOutcome, UpdateError};
use crate::web::locks::with_lock;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

/// What the last action in the account center did ("Two-step verification is on"). It lives
/// above the center, which is drawn again whenever the stored account changes.
/// `fresh` counts the notices of the last [`FRESH_FOR`]: while one is fresh the line sticks to
/// the top of the window, so it shows where the action was (a dialog far down the page), then
/// settles back at the top of the center.
#[derive(Clone, Copy)]
pub struct Notice {
    pub text: RwSignal<Option<Msg>>,
    pub fresh: RwSignal<u32>,
}

const FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(6);

pub fn notify(msg: Msg) {
    if let Some(Notice { text, fresh }) = use_context::<Notice>() {
        text.set(Some(msg));
        fresh.update(|n| *n += 1);
        set_timeout(
            move || fresh.update(|n| *n = n.saturating_sub(1)),
            FRESH_FOR,
        );
    }
}

/// The notice's line. While fresh it floats over the page, so it can be closed: it then
/// settles at the top of the center at once, and the focus, which was on "×", stays on the line.
#[component]
fn NoticeLine(notice: Notice) -> impl IntoView {
    let i18n = use_i18n();
    let Notice { text, fresh } = notice;
    let line = NodeRef::<leptos::html::P>::new();
    let close = move |_| {
        fresh.set(0);
        if let Some(p) = line.get_untracked() {
            let _ = p.focus();
        }
    };
    view! {
        <p node_ref=line class="notice" class:fresh=move || fresh.get() != 0 role="status" tabindex="-1">
            {shown_msg(i18n, text)}
            {move || (fresh.get() != 0 && text.with(Option::is_some)).then(|| view! {
                <button type="button" class="close-button notice-close" aria-label=tr!(i18n, heads_up_close) on:click=close>
                    "×"
                </button>
            })}
        </p>
    }
}

#[component]
pub fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let notice = Notice {
        text: RwSignal::new(None::<Msg>),
        fresh: RwSignal::new(0),
    };
    provide_context(notice);
    // A session whose device was signed out elsewhere (or whose account is gone) is stale:
    // drop it so the sign-in page starts clean.
    Effect::new(move |_| {
        if app.account.get().is_none() && app.session.with(Option::is_some) {
            app.session.set(None);
            spawn_local(async move {
                // Under the lock, and only if the stored session is still a stale one: another
                // tab may have signed in meanwhile.
                with_lock(|| {
                    let store = &web::env().store;
                    if let Ok(Some(s)) = store.session() {
                        if web::auth::signed_in_account(&s).is_none() {
                            let _ = store.clear_session();
                        }
                    }
                })
                .await;
            });
        }
    });
    // Whether this page has shown the account: losing it then, without a reason of this tab's
    // (signed out, deleted, password changed here), happened in another tab or on another device.
    let shown = StoredValue::new(false);
    // The page is drawn anew from the account whenever it changes (here or in another tab),
    // which would take an open dialog, and what was typed in it, away: while one is open the
    // page keeps the account it shows. Leaving it (signed out, deleted) does not wait.
    let account = Memo::new(move |prev: Option<&Option<Account>>| {
        let now = app.account.get();
        match (prev, &now) {
            (Some(Some(old)), Some(new)) if app.dialogs.get() > 0 && old.id == new.id => {
                Some(old.clone())
            }
            _ => now,
        }
    });
    view! {
        <Title text=tr!(i18n, title_account) />
        {move || match account.get() {
            // Signing in leads back here. No `?next=`: this is the one page behind sign-in, and
            // an address that picks where sign-in leads is a way to send people elsewhere.
            None => {
                // Set while drawing, and safe: the farewell is read only untracked, by the
                // sign-in page this leads to, so nothing redraws because of it. A session whose
                // account record cannot be read says so (a hand edit, not a sign-out).
                if app.farewell.with_untracked(Option::is_none) {
                    let damaged = app.session.get_untracked().is_some_and(|s| {
                        matches!(
                            web::env().store.account(&s.account_id),
                            Err(StoreError::Corrupt { .. })
                        )
                    });
                    if damaged {
                        app.farewell.set(Some(msg!(error_account_unreadable)));
                    } else if shown.get_value() {
                        app.farewell.set(Some(msg!(signed_out_elsewhere)));
                    }
                }
                view! { <super::SendTo path="/signin" /> }.into_any()
            }
            Some(a) => {
                shown.set_value(true);
                // The control that had the focus (the dialog's opener, as the dialog closed)
                // is drawn anew: the focus follows it rather than falling to the page's top.
                crate::components::focus::carry_over();
                view! { <Center account=a /> }.into_any()
            }
        }}
    }
}

/// The avatar's letters: the first of each of the first two words ("Ann Lee" → "AL"), or one
/// ("User1042" → "U", not "US", which reads as a country).
pub fn initials(nickname: &str) -> String {
    let mut letters: String = nickname
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .collect();
    // A name without letters or digits ("😀😀") shows its first character that draws, other
    // than punctuation ("-- !!" leaves the avatar empty, as before).
    if letters.is_empty() {
        letters.extend(
            nickname
                .chars()
                .find(|&c| crate::core::account::shows(c) && !c.is_ascii_punctuation()),
        );
    }
    // The browser's upper-casing: Rust's would link its Unicode case table (about 11 KB of
    // wasm) for this alone.
    js_sys::JsString::from(letters).to_upper_case().into()
}

/// A date as YYYY-MM-DD in the browser's time zone.
pub(crate) fn date(ms: i64) -> String {
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
        // Every tab of this browser follows: they all watch the same session record.
        let (Some(a), Some(s)) = (app.account.get_untracked(), app.session.get_untracked()) else {
            return;
        };
        spawn_local(async move {
            let _ = web::auth::sign_out_here(&a.id, &s).await;
            app.farewell.set(Some(msg!(signed_out)));
            app.session.set(None);
            app.touch();
        });
    };
    // Re-read on every language switch (and when that language's names arrive).
    let code = account.region.clone();
    let region = move || {
        regions::by_code(&code).map_or(code.clone(), crate::components::region_select::region_name)
    };
    view! {
        <section class="card account" aria-labelledby="page-heading">
            <header class="account-header">
                <span class="avatar" aria-hidden="true">{initials(&account.nickname)}</span>
                <div>
                    <h1 id="page-heading" class="card-title">{account.nickname.clone()}</h1>
                    <p class="muted">{tr!(i18n, account_id_label)} " " <span dir="ltr">{account.id.clone()}</span></p>
                </div>
            </header>
            {use_context::<Notice>().map(|notice| view! { <NoticeLine notice /> })}
            <section class="account-section" aria-labelledby="personal-heading">
                <h2 id="personal-heading">{tr!(i18n, personal_info)}</h2>
                <dl class="facts">
                    <dt>{tr!(i18n, field_nickname)}</dt>
                    <dd>{account.nickname.clone()}</dd>
                    <dt>{tr!(i18n, region_label)}</dt>
                    <dd>{region} <span class="muted small">" — "{tr!(i18n, region_locked_note)}</span></dd>
                    <dt>{tr!(i18n, created_label)}</dt>
                    <dd>{date(account.created_at)}</dd>
                </dl>
                <Nickname account=account.clone() />
            </section>
            <security::Security account=account.clone() />
            <devices::Devices account=account.clone() />
            <section class="account-section" aria-labelledby="services-heading">
                <h2 id="services-heading">{tr!(i18n, services_title)}</h2>
                <ServiceList class="services" />
                <p class="muted small">{tr!(i18n, service_google_note)}</p>
            </section>
            <section class="account-section" aria-labelledby="privacy-heading">
                <h2 id="privacy-heading">{tr!(i18n, privacy_title)}</h2>
                <div class="account-actions">
                    <a
                        class="btn btn-secondary"
                        download=format!("xiaomi-account-{}.json", account.id)
                        href=format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(&export_json(&account)))
                    >
                        {tr!(i18n, download_data)}
                    </a>
                    <DeleteAccount account=account.clone() />
                </div>
            </section>
            <button type="button" class="btn btn-secondary sign-out" on:click=sign_out>{tr!(i18n, sign_out)}</button>
        </section>
    }
}

/// What the account center's dialogs do with a password check (`web::auth::password_matches`)
/// that did not pass: `busy` ends, the field at `field` says why (`wrong`, a record that can't
/// be read, or the lockout's countdown through `locked_until`, its own message cleared) and has
/// the focus. A right one
/// gives the account as checked, the work going on.
pub(super) fn passed_or_refused(
    outcome: SignInOutcome,
    field: &'static str,
    busy: RwSignal<bool>,
    error: RwSignal<Option<Msg>>,
    wrong: Msg,
    locked_until: RwSignal<Option<Millis>>,
) -> Option<Account> {
    match outcome {
        SignInOutcome::Ok(a) => return Some(a),
        SignInOutcome::Wrong => error.set(Some(wrong)),
        SignInOutcome::Unreadable => error.set(Some(msg!(error_account_unreadable))),
        SignInOutcome::Locked(until) => {
            error.set(None);
            locked_until.set(Some(until));
        }
    }
    busy.set(false);
    focus_id(field);
    None
}

/// Delete account: the password and an explicit confirmation, then, with two-step verification
/// on, a code to the account's phone (or email), as turning two-step off needs; then every stored
/// byte of the account goes.
#[component]
fn DeleteAccount(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let open = RwSignal::new(false);
    let pw = RwSignal::new(String::new());
    let understood = RwSignal::new(false);
    // Both fields can be wrong at once: each has its message, and two show an error summary.
    let pw_error = RwSignal::new(None::<Msg>);
    let confirm_error = RwSignal::new(None::<Msg>);
    let error = RwSignal::new(None::<Msg>);
    let errors = field_errors([
        ("delete-password", pw_error),
        ("delete-understood", confirm_error),
    ]);
    let busy = RwSignal::new(false);
    let locked_until = RwSignal::new(None::<Millis>);
    // The code stage (set while it shows): the password hash the first stage verified and
    // where the code goes, both as stored then; the code typed and what is wrong with it.
    let code_for = RwSignal::new(None::<(String, (String, bool))>);
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<Msg>);
    let rounds = Rounds::new(open);
    // Closed, the dialog keeps no password and a deletion still being checked has stopped;
    // opened again, it starts clean, at the password.
    Effect::new(move || {
        if !open.get() {
            pw.set(String::new());
            understood.set(false);
            pw_error.set(None);
            confirm_error.set(None);
            error.set(None);
            locked_until.set(None);
            busy.set(false);
            code_for.set(None);
            code.set(String::new());
            code_error.set(None);
        }
    });
    let account = StoredValue::new(account);
    let to = Signal::derive(move || code_for.with(|c| c.as_ref().map(|(_, to)| to.clone())));
    // One form for both stages: what its submit checks depends on the stage.
    enum Check {
        Password {
            typed: String,
            unticked: bool,
        },
        Code {
            verified: String,
            to: (String, bool),
            typed: String,
        },
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        let check = match code_for.get_untracked() {
            Some((verified, to)) => {
                if !whole_code("delete-code", code, code_error) {
                    return;
                }
                let typed = code.get_untracked();
                Check::Code {
                    verified,
                    to,
                    typed,
                }
            }
            None => {
                pw_error.set(
                    pw.with_untracked(String::is_empty)
                        .then(|| msg!(error_password_empty)),
                );
                let unticked = !understood.get_untracked();
                confirm_error.set(unticked.then(|| msg!(error_delete_confirm)));
                // A password typed is checked even with the box unticked, so a wrong one is
                // told now, with the box, not only after the box is ticked and the form sent
                // again.
                if pw_error.with_untracked(Option::is_some) {
                    focus_after_submit("delete-errors", &errors.get_untracked());
                    return;
                }
                let typed = password::normalise(&pw.get_untracked());
                Check::Password { typed, unticked }
            }
        };
        let id = account.with_value(|a| a.id.clone());
        busy.set(true);
        // Cancel (or Escape) while the password or code is checked stops the deletion.
        let round = rounds.current();
        spawn_local(async move {
            // The password hash checked, and where a code was checked (None: no code).
            let (verified, code_to) = match check {
                Check::Password { typed, unticked } => {
                    // Checked against the password as stored now.
                    let checked = web::auth::password_matches(&id, &typed).await;
                    if !round.live() {
                        return;
                    }
                    let wrong = msg!(error_delete_password);
                    let Some(stored) = passed_or_refused(
                        checked,
                        "delete-password",
                        busy,
                        pw_error,
                        wrong,
                        locked_until,
                    ) else {
                        if unticked {
                            focus_after_submit("delete-errors", &errors.get_untracked());
                        }
                        return;
                    };
                    if unticked {
                        busy.set(false);
                        focus_id("delete-understood");
                        return;
                    }
                    // Two-step on (as stored now): the password alone does not delete the
                    // account; a code to its phone (or email) must follow.
                    if let Some(to) = stored
                        .two_step
                        .then(|| web::auth::contact(&stored))
                        .flatten()
                    {
                        busy.set(false);
                        pw.set(String::new());
                        code_for.set(Some((stored.phc, to)));
                        focus_first_field_in("#delete-code-stage");
                        return;
                    }
                    (stored.phc, None)
                }
                Check::Code {
                    verified,
                    to,
                    typed,
                } => {
                    let checked = check_code(Purpose::Delete, &to.0, &typed).await;
                    if !round.live() {
                        return;
                    }
                    if let Err(e) = checked {
                        busy.set(false);
                        code.set(String::new());
                        code_error.set(Some(code_error_msg(e)));
                        focus_id("delete-code-0");
                        return;
                    }
                    (verified, Some(to))
                }
            };
            // Every byte of the account as stored now goes (its identifiers may have changed
            // in another tab since this page was drawn), unless its password changed since it
            // was checked, two-step now asks for a code to a contact none went to (turned on,
            // or its phone or email changed, in another tab), or the dialog was cancelled while
            // waiting for the lock.
            let deleted = web::auth::update_account(&id, move |store, a| {
                if !round.live() {
                    return Err(UpdateError::Cancelled);
                }
                if a.phc != verified {
                    return Err(UpdateError::Stale);
                }
                if a.two_step && web::auth::contact(a) != code_to {
                    return Err(UpdateError::Changed);
                }
                Ok(store.delete_account(a)?)
            })
            .await;
            // Done is done, whatever the dialog did meanwhile; a failure is told only to the
            // round it belongs to (`busy` and the messages are the live round's).
            if deleted.is_err() && !round.live() {
                return;
            }
            busy.set(false);
            match deleted {
                Ok(()) => {
                    open.set(false);
                    app.farewell.set(Some(Msg::new(move |l| {
                        fill(td_string!(l, account_deleted), &[("id", id.clone())])
                    })));
                    app.session.set(None);
                }
                // The password or the two-step setting changed meanwhile (another tab): back to
                // asking for the password, saying which.
                Err(e @ (UpdateError::Stale | UpdateError::Changed)) => {
                    code_for.set(None);
                    code.set(String::new());
                    code_error.set(None);
                    if matches!(e, UpdateError::Stale) {
                        pw_error.set(Some(msg!(error_delete_password)));
                    } else {
                        error.set(Some(msg!(error_delete_changed)));
                    }
                    focus_id("delete-password");
                }
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    };
    let at_code = move || code_for.with(Option::is_some);
    view! {
        <button type="button" class="btn btn-secondary btn-danger" on:click=move |_| open.set(true)>
            {tr!(i18n, delete_account)}
        </button>
        <Dialog open labelledby="delete-heading">
            <h2 id="delete-heading">{tr!(i18n, delete_account_title)}</h2>
            <form class="form" novalidate on:submit=submit>
                <div class="form" hidden=at_code>
                    <p>{tr!(i18n, delete_account_body)}</p>
                    <ErrorSummary id="delete-errors" errors />
                    <TextField
                        id="delete-password"
                        label=tr!(i18n, field_password)
                        value=pw
                        error=form_message(locked_until, pw_error)
                        input_type="password"
                        autocomplete="current-password"
                        maxlength=64
                        live=false
                    />
                    <div class="terms">
                        <input
                            id="delete-understood"
                            type="checkbox"
                            prop:checked=move || understood.get()
                            aria-invalid=move || confirm_error.with(Option::is_some).to_string()
                            aria-describedby=move || confirm_error.with(Option::is_some).then_some("delete-understood-error")
                            on:change=move |ev| understood.set(event_target_checked(&ev))
                        />
                        <label for="delete-understood">{tr!(i18n, delete_understood)}</label>
                    </div>
                    <p class="field-error" id="delete-understood-error">{shown_msg(i18n, confirm_error)}</p>
                </div>
                // A group described by its text, so a screen reader says why a code is needed as
                // the focus enters it (at "Send code").
                <div class="form" id="delete-code-stage" role="group" aria-describedby="delete-code-body" hidden=move || !at_code()>
                    <p id="delete-code-body">{tr!(i18n, delete_code_body)}</p>
                    <CodeSender id="delete-code" purpose=Purpose::Delete to value=code error=code_error />
                </div>
                <p class="form-error" role="alert">{shown_msg(i18n, error)}</p>
                <DialogActions open>
                    <button type="submit" class="btn btn-primary btn-danger" disabled=move || busy.get()>
                        {tr!(i18n, delete_account)}
                    </button>
                </DialogActions>
            </form>
        </Dialog>
    }
}

/// Edit nickname: 1–20 characters after trimming.
#[component]
fn Nickname(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let editing = RwSignal::new(false);
    let value = RwSignal::new(account.nickname.clone());
    let error = RwSignal::new(None::<Msg>);
    let account = StoredValue::new(account);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let id = account.with_value(|a| a.id.clone());
        match crate::core::account::check_nickname(&value.get_untracked()) {
            Ok(n) => {
                busy.set(true);
                spawn_local(async move {
                    // The nickname goes on the account as stored now, not on the copy this
                    // page was drawn with (another tab may have changed it since).
                    let saved = web::auth::update_account(&id, move |store, a| {
                        a.nickname = n;
                        Ok(store.put_account(a)?)
                    })
                    .await;
                    busy.set(false);
                    match saved {
                        Ok(()) => {
                            error.set(None);
                            editing.set(false);
                            // Re-read everywhere the account is shown.
                            app.touch();
                            focus_id("edit-nickname");
                        }
                        Err(_) => {
                            error.set(Some(msg!(error_storage_write)));
                            // A deleted account: the center reads it again and leaves.
                            app.touch();
                        }
                    }
                });
            }
            Err(_) => {
                error.set(Some(msg!(error_nickname)));
                focus_id("nickname");
            }
        }
    };
    let cancel = move || {
        value.set(account.with_value(|a| a.nickname.clone()));
        error.set(None);
        editing.set(false);
        focus_id("edit-nickname");
    };
    view! {
        <Show
            when=move || editing.get()
            fallback=move || view! {
                <button
                    type="button"
                    id="edit-nickname"
                    class="link-button"
                    on:click=move |_| {
                        editing.set(true);
                        focus_id("nickname");
                    }
                >
                    {tr!(i18n, edit_nickname)}
                </button>
            }
        >
            // Escape anywhere in the form cancels, as it closes the dialogs.
            <form
                class="form nickname-form"
                novalidate
                on:submit=save
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    // Not the Escape that ends an input method's composition (CJK typing).
                    if ev.key() == "Escape" && !ev.is_composing() {
                        ev.prevent_default();
                        cancel();
                    }
                }
            >
                <TextField
                    id="nickname"
                    label=tr!(i18n, field_nickname)
                    value
                    error=shown_msg(i18n, error)
                    // Room for one past the limit in characters of two UTF-16 units (emoji,
                    // rarer CJK), which `maxlength` counts: the count says when it is too long,
                    // rather than the field cutting a paste short without a word.
                    maxlength=2 * NICKNAME_MAX as u32 + 2
                    autocomplete="nickname"
                    hint=Signal::derive(move || {
                        let n = value.with(|v| v.trim().chars().count());
                        fill(
                            t_string!(i18n, nickname_count),
                            &[("n", n.to_string()), ("max", NICKNAME_MAX.to_string())],
                        )
                    })
                />
                <div class="dialog-actions">
                    <button type="button" class="btn btn-secondary" on:click=move |_| cancel()>
                        {tr!(i18n, cancel)}
                    </button>
                    <button type="submit" class="btn btn-primary">{tr!(i18n, save)}</button>
                </div>
            </form>
        </Show>
    }
}
