//! The parts of a sign-in form that the site and the simulated phone share: the one field for
//! email, phone or Account ID (with the calling-code selector once it holds a phone number),
//! the lockout message with its countdown on the demo clock, and the image check after repeated
//! failures (and, on the site, before a sign-in code is sent).

use crate::components::captcha::{Captcha, PageCheck};
use crate::components::field::TextField;
use crate::components::focus::focus_id;
use crate::components::identifier_field::{email_error, phone_error};
use crate::components::region_select::RegionSelect;
use crate::core::clock::{whole_seconds, Millis};
use crate::core::identifier::{self, FieldError, Identifier};
use crate::core::regions::Region;
use crate::core::signin::needs_image_check;
use crate::i18n::*;
use crate::state::use_app;
use crate::text::{fill, shown_msg, Msg};
use crate::web;
use crate::web::auth::SignInOutcome;
use leptos::prelude::*;

/// "Email/Phone/Xiaomi Account ID"; the region selector appears above it, and the calling code
/// inside it, while what is typed looks like a phone number.
#[component]
pub fn AccountField(
    /// The input's id (unique on the page).
    id: &'static str,
    value: RwSignal<String>,
    region: RwSignal<&'static Region>,
    /// Why what is typed names no account (see [`readable`]).
    error: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let phone_mode = Memo::new(move |_| identifier::looks_like_phone(&value.get()));
    // The region picker comes below the field, not above it: it appears with the first digit
    // typed, and the field must not move under the caret as it does.
    view! {
        <TextField
            id=id
            label=tr!(i18n, field_account)
            value=value
            error=shown_msg(i18n, error)
            autocomplete="username"
            maxlength=254
            prefix=Signal::derive(move || {
                // Not beside an Account ID: the selector offers the phone reading of its digits.
                if phone_mode.get() && !value.with(|v| identifier::is_account_id(v)) {
                    region.get().dial_label()
                } else {
                    String::new()
                }
            })
        />
        <Show when=move || phone_mode.get()>
            <RegionSelect selected=region />
        </Show>
    }
}

/// Whether the account field (`id`) can name an account at all. If not, its message says what
/// to fix and the focus goes there: nothing is looked up, and no failed attempt is counted (the
/// format is anyone's to check, so this tells nothing about which accounts exist).
pub fn readable(
    id: &'static str,
    account: RwSignal<String>,
    region: RwSignal<&'static Region>,
    error: RwSignal<Option<Msg>>,
) -> bool {
    let found = account.with_untracked(|a| identifier::field_error(a, region.get_untracked()));
    let Some(e) = found else {
        error.set(None);
        return true;
    };
    error.set(Some(Msg::new(move |locale| match e {
        FieldError::Phone(e) => phone_error(locale, e),
        FieldError::Email(e) => email_error(locale, e),
        FieldError::Neither => td_string!(locale, error_identifier).into(),
    })));
    focus_id(id);
    false
}

/// "Incorrect account or password", and where the field was read as a phone number, a word on
/// its calling code: a number typed with the wrong country picked is a valid number of nobody's.
pub fn wrong_password_msg(input: &str, region: &'static Region) -> Msg {
    // Ten digits are an Account ID first, and may be a phone number too (India, the US).
    let phone = identifier::candidates(input, region)
        .into_iter()
        .find_map(|i| match i {
            Identifier::Phone(p) => Some(p),
            _ => None,
        });
    match phone {
        Some(p) => {
            let code = p.calling_code().to_owned();
            Msg::new(move |locale| {
                fill(
                    td_string!(locale, error_signin_phone),
                    &[("code", code.clone())],
                )
            })
        }
        None => msg!(error_signin),
    }
}

/// A sign-in form's lockout ("Too many attempts", until when). It is the typed account's: its
/// message goes once another account is typed.
pub fn lockout_of(account: RwSignal<String>) -> RwSignal<Option<Millis>> {
    let locked_until = RwSignal::new(None);
    Effect::new(move |first: Option<()>| {
        account.track();
        if first.is_some() {
            locked_until.set(None);
        }
    });
    locked_until
}

/// After an attempt's check: whether its form is still on screen (`busy`, any signal of it).
/// If the visitor left meanwhile, a wrong secret still counts for the tab's image check, and
/// nothing else follows: the form's signals and callbacks are gone.
pub fn still_here(busy: RwSignal<bool>, outcome: &SignInOutcome, check: SignInCheck) -> bool {
    if busy.is_disposed() {
        if matches!(outcome, SignInOutcome::Wrong) {
            check.failed(true);
        }
        return false;
    }
    true
}

/// The form's message: "Too many attempts. Try again in m:ss" while a lockout runs (counting
/// down on the demo clock), else `error`.
pub fn form_message(
    locked_until: RwSignal<Option<Millis>>,
    error: RwSignal<Option<Msg>>,
) -> Signal<Option<String>> {
    let i18n = use_i18n();
    let app = use_app();
    let error = shown_msg(i18n, error);
    // A memo: the one-second tick notifies only while the lockout's countdown changes the text,
    // so a field does not show a message again every second after the user edited it.
    let message = Memo::new(move |_| {
        let locked = locked_until.get().and_then(|until| {
            // The tick can be up to a second old when a lockout starts: the clock itself says
            // how long is left, so a fresh one-minute lockout reads 1:00, not 1:01.
            let left = until - app.now.get().max(crate::web::env().now());
            (left > 0).then(|| {
                let secs = whole_seconds(left);
                fill(
                    t_string!(i18n, error_locked),
                    &[
                        ("m", (secs / 60).to_string()),
                        ("s", format!("{:02}", secs % 60)),
                    ],
                )
            })
        });
        locked.or_else(|| error.get())
    });
    message.into()
}

/// The image check of a sign-in form, the site's and the phone's alike: from
/// `IMAGE_CHECK_AFTER` failed attempts in this tab on (counted in the tab's session store, so
/// both forms share the count), each attempt needs it first; so does each code sent for a
/// sign-in by code, as the real site asks before it sends one. Each use takes a new image.
#[derive(Clone, Copy)]
pub struct SignInCheck {
    failures: RwSignal<u32>,
    /// The form is about to send a code (sign-in by code): the check is shown for it too.
    sends: Signal<bool>,
    image: PageCheck,
    error: RwSignal<Option<Msg>>,
}

impl SignInCheck {
    pub fn for_this_tab(sends: Signal<bool>) -> Self {
        let failures = RwSignal::new(web::session().signin_failures());
        SignInCheck {
            failures,
            sends,
            image: PageCheck::new(move || needs_image_check(failures.get()) || sends.get()),
            error: RwSignal::new(None),
        }
    }

    fn set_failures(self, n: u32) {
        self.failures.set(n);
        // Unstored (storage blocked), the count lasts as long as the page.
        let _ = web::session().set_signin_failures(n);
    }

    /// Whether what was typed matches the image (else the check says why and has the focus).
    /// A passed image is used up, whatever comes of the action (a right password on a two-step
    /// account can come back to this form).
    fn take(self) -> bool {
        let passed = self.image.passes(self.error);
        if passed {
            self.image.redraw();
        }
        passed
    }

    /// Before an attempt: whether it may go ahead (no check needed, or it passed).
    pub fn allows(self) -> bool {
        !needs_image_check(self.failures.get_untracked()) || self.take()
    }

    /// Whether the check is on the form now.
    pub fn shown(self) -> bool {
        needs_image_check(self.failures.get_untracked()) || self.sends.get_untracked()
    }

    /// Before a code is sent: whether the check passed.
    pub fn allows_send(self) -> bool {
        self.take()
    }

    /// The check's message goes (the form changed: password or code).
    pub fn clear_message(self) {
        self.error.set(None);
    }

    /// After an attempt that failed: a wrong secret counts (`counted`), a refusal during a
    /// lockout does not; either way the next attempt gets a new image.
    pub fn failed(self, counted: bool) {
        if counted {
            // The page may be gone by the time an attempt ends: it counts for the tab anyway.
            let n = self
                .failures
                .try_get_untracked()
                .unwrap_or_else(|| web::session().signin_failures());
            self.set_failures(n + 1);
        }
        self.image.redraw();
    }

    /// After a sign-in (the session started): the tab starts clean. The phone's sign-in clears
    /// the same count itself (`pages::phone::sign_in_phone`); nothing else does.
    pub fn succeeded(self) {
        self.set_failures(0);
    }
}

/// The image check's field while `check` asks for it, with a note while repeated failures are
/// the reason.
#[component]
pub fn SignInImageCheck(check: SignInCheck) -> impl IntoView {
    let i18n = use_i18n();
    let image = check.image;
    let after_failures = move || needs_image_check(check.failures.get());
    view! {
        <Show when=move || after_failures() || check.sends.get()>
            <Show when=after_failures>
                <p class="muted small">{tr!(i18n, signin_image_check)}</p>
            </Show>
            <Captcha
                challenge=Signal::derive(move || image.challenge.get())
                on_refresh=Callback::new(move |_| image.redraw())
                value=image.answer
                error=shown_msg(i18n, check.error)
            />
        </Show>
    }
}
