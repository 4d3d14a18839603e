//! Sending a verification code to a phone or email and checking it, for every purpose after
//! sign-up: two-step sign-in and the account center's security changes. The rules are
//! `core::codes`'; this adds the messages panel, the resend countdown and translated errors.

use crate::components::code_input::CodeInput;
use crate::core::clock::{whole_seconds, Millis};
use crate::core::codes::{self, CodeError, CodeRecord, Purpose, SendError};
use crate::core::security::mask;
use crate::i18n::*;
use crate::state::{use_app, AppState};
use crate::text::{fill, shown_msg, Msg};
use crate::web;
use crate::web::crypto::BrowserRng;
use crate::web::locks::with_lock;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendCodeError {
    Send(SendError),
    Storage,
}

/// Sends a code for `purpose` to `to` and delivers it to the messages panel. The code record is
/// read, changed and written under the cross-tab store lock, so two tabs' sends both count.
pub async fn send_code(
    app: AppState,
    purpose: Purpose,
    to: &str,
    is_email: bool,
) -> Result<(), SendCodeError> {
    let contact = to.to_owned();
    let code = with_lock(move || {
        let env = web::env();
        let mut rec = env
            .store
            .code_record(purpose, &contact)
            .map_err(|_| SendCodeError::Storage)?;
        let code =
            codes::send(&mut rec, &contact, env.now(), &BrowserRng).map_err(SendCodeError::Send)?;
        env.store
            .put_code_record(&contact, &rec)
            .map_err(|_| SendCodeError::Storage)?;
        Ok(code)
    })
    .await?;
    app.deliver(to.to_owned(), is_email, code);
    // The countdown starts now, not at the last one-second tick.
    app.refresh_now();
    Ok(())
}

/// Checks a typed code (spaces ignored) and stores the attempt, under the cross-tab store lock
/// (a code checked in two tabs at once is accepted once). `Err(None)` means the store could not
/// be read or written.
pub async fn check_code(purpose: Purpose, to: &str, typed: &str) -> Result<(), Option<CodeError>> {
    let (to, typed) = (to.to_owned(), typed.replace(' ', ""));
    with_lock(move || {
        let env = web::env();
        let mut rec = env.store.code_record(purpose, &to).map_err(|_| None)?;
        let result = codes::verify(&mut rec, &to, &typed, env.now());
        env.store.put_code_record(&to, &rec).map_err(|_| None)?;
        result.map_err(Some)
    })
    .await
}

/// The message for a code that was not accepted.
pub fn code_error_text(locale: Locale, e: Option<CodeError>) -> String {
    match e {
        Some(CodeError::Wrong { remaining }) => fill(
            td_string!(locale, error_code_wrong),
            &[("n", remaining.to_string())],
        ),
        Some(CodeError::Expired) => td_string!(locale, error_code_expired).to_owned(),
        Some(CodeError::TooManyAttempts) => td_string!(locale, error_code_attempts).to_owned(),
        Some(CodeError::Used | CodeError::NoCode) => td_string!(locale, error_code_none).to_owned(),
        None => td_string!(locale, error_storage_write).to_owned(),
    }
}

/// [`code_error_text`] as a message to keep in a signal.
pub fn code_error_msg(e: Option<CodeError>) -> Msg {
    Msg::new(move |locale| code_error_text(locale, e))
}

/// The message for a send that was refused, if it needs one (a running countdown does not).
pub fn send_error_msg(e: SendCodeError) -> Option<Msg> {
    match e {
        SendCodeError::Send(SendError::TooMany { .. }) => Some(msg!(error_code_too_many)),
        SendCodeError::Send(SendError::Wait { .. }) => None,
        SendCodeError::Storage => Some(msg!(error_code_not_sent)),
    }
}

/// The send button's words: "Send code" until a code went, "Resend" after, each with the wait
/// in m:ss while there is one ("Resend (0:59)").
pub fn send_label(locale: Locale, sent: bool, wait_secs: Option<i64>) -> String {
    let (waiting, ready) = if sent {
        (td_string!(locale, resend_in), td_string!(locale, resend))
    } else {
        (
            td_string!(locale, send_code_in),
            td_string!(locale, send_code),
        )
    };
    match wait_secs {
        Some(n) => fill(waiting, &[("n", crate::text::countdown(n))]),
        None => ready.to_owned(),
    }
}

/// See [`PageResend::hint_due`].
pub const MISSING_HINT_AFTER: Millis = 4 * crate::core::clock::SECOND;

/// "Resend" on the pages that never reveal whether an account exists (forgot password, sign-in
/// by code): the wait counts this page's sends, a minute per send, whatever the store did (the
/// real send may wait longer, silently).
#[derive(Clone, Copy)]
pub struct PageResend {
    sends: RwSignal<i64>,
    sent_at: RwSignal<Option<Millis>>,
}

impl Default for PageResend {
    fn default() -> Self {
        Self::new()
    }
}

impl PageResend {
    pub fn new() -> Self {
        Self {
            sends: RwSignal::new(0),
            sent_at: RwSignal::new(None),
        }
    }

    /// A send went (or looked as if it went) now.
    pub fn sent(self, app: AppState) {
        self.sends.update(|n| *n += 1);
        self.sent_at.set(Some(web::env().now()));
        // The countdown starts now, not at the last one-second tick.
        app.refresh_now();
    }

    /// Whether this page has sent anything yet (tracked).
    pub fn any(self) -> bool {
        self.sends.get() > 0
    }

    /// Whether the last send from this page was at least [`MISSING_HINT_AFTER`] ago (tracked):
    /// when "No message?" may be asked. Right after a send it would only cast doubt on a code
    /// on its way (messages arrive within 2.5 s); it waits the same for every account, as the
    /// page must not tell whether one exists.
    pub fn hint_due(self, app: AppState) -> bool {
        let now = app.now.get();
        self.sent_at
            .get()
            .is_some_and(|t| now - t >= MISSING_HINT_AFTER)
    }

    /// Seconds until the next send is allowed, if any (tracked, ticking with the demo clock).
    pub fn wait_secs(self, app: AppState) -> Option<i64> {
        let now = app.now.get();
        self.sent_at
            .get()
            .map(|t| t + codes::RESEND_STEP * self.sends.get() - now)
            .filter(|left| *left > 0)
            .map(whole_seconds)
    }
}

/// "Send code" (then "Resend (N)") for a code to `to`, where it went, and the six code boxes.
#[component]
pub fn CodeSender(
    /// Id prefix of the code boxes.
    id: &'static str,
    purpose: Purpose,
    /// Where the code goes, `(contact, is_email)`; nothing is sent while it is `None` (the
    /// button stays enabled so that `before_send` can say what is wrong).
    #[prop(into)]
    to: Signal<Option<(String, bool)>>,
    value: RwSignal<String>,
    error: RwSignal<Option<Msg>>,
    /// Runs before sending; returning false stops the send (e.g. a new contact that is invalid).
    #[prop(optional)]
    before_send: Option<Callback<(), bool>>,
    /// Filled with "send now, unless a code already went to this contact from here or the wait
    /// runs": the form's submit runs it when the code boxes are empty, so Enter in the address
    /// field sends the code, the one thing it can do then. Returns whether it took the submit.
    #[prop(optional)]
    send_first: Option<StoredValue<Option<Callback<(), bool>>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sent_to = RwSignal::new(None::<String>);
    let version = RwSignal::new(0u32);
    // Re-read on every tick so the countdown follows other tabs and the demo clock.
    let record = Memo::new(move |_| {
        version.track();
        app.now.track();
        to.get()
            .and_then(|(c, _)| web::env().store.code_record(purpose, &c).ok())
            .unwrap_or_else(|| CodeRecord::new(purpose))
    });
    let wait_secs = move || {
        let now = app.now.get();
        record
            .with(|r| codes::resend_available_at(r, now))
            .map(|t| whole_seconds(t - now))
    };
    // A send waits for the store lock a moment; a second click meanwhile sends nothing more.
    let sending = RwSignal::new(false);
    let send = move || {
        if sending.get_untracked() {
            return;
        }
        if let Some(check) = before_send {
            if !check.run(()) {
                return;
            }
        }
        let Some((contact, is_email)) = to.get_untracked() else {
            return;
        };
        sending.set(true);
        spawn_local(async move {
            match send_code(app, purpose, &contact, is_email).await {
                Ok(()) => {
                    error.set(None);
                    sent_to.set(Some(contact));
                    // The button now counts down, disabled: the focus moves on to the code.
                    crate::components::focus::focus_id(format!("{id}-0"));
                }
                Err(e) => {
                    if let Some(m) = send_error_msg(e) {
                        error.set(Some(m));
                    }
                }
            }
            value.set(String::new());
            version.update(|v| *v += 1);
            sending.set(false);
        });
    };
    // Where the code went, while the contact is still that one: edited since, a new code is
    // needed, and the page no longer says one went there.
    let sent_here = Memo::new(move |_| {
        sent_to
            .get()
            .filter(|c| to.with(|t| t.as_ref().is_some_and(|(now, _)| now == c)))
    });
    if let Some(slot) = send_first {
        slot.set_value(Some(Callback::new(move |()| {
            let waiting = record.with_untracked(|r| {
                codes::resend_available_at(r, app.now.get_untracked()).is_some()
            });
            if sent_here.with_untracked(Option::is_some) || waiting {
                return false;
            }
            send();
            true
        })));
    }
    view! {
        <div class="code-sender">
            <button
                type="button"
                class="btn btn-secondary"
                disabled=move || wait_secs().is_some()
                // Until a code is on its way the task starts here, not in the empty boxes below.
                data-autofocus=move || (sent_here.with(Option::is_none) && to.with(Option::is_some)).then_some("")
                on:click=move |_| send()
            >
                {move || send_label(i18n.get_locale(), sent_here.with(Option::is_some), wait_secs())}
            </button>
            <p class="muted small" role="status">
                {move || match sent_here.get() {
                    Some(c) => Some(fill(t_string!(i18n, code_sent_to), &[("to", mask(&c))])),
                    // Waiting before anything was sent from here: an earlier code (turning
                    // two-step on, another tab) started the countdown; say so.
                    None => wait_secs().map(|_| t_string!(i18n, code_recently_sent).to_string()),
                }}
            </p>
        </div>
        <CodeInput
            id
            value
            label=tr!(i18n, code_label)
            error=shown_msg(i18n, error)
        />
    }
}

#[cfg(test)]
mod tests {
    use super::send_label;
    use crate::i18n::Locale;

    #[test]
    fn the_send_button_says_send_or_resend_with_its_wait() {
        let english = Locale::default();
        assert_eq!(send_label(english, false, None), "Send code");
        assert_eq!(send_label(english, false, Some(51)), "Send code (0:51)");
        assert_eq!(send_label(english, true, None), "Resend");
        assert_eq!(send_label(english, true, Some(119)), "Resend (1:59)");
    }
}
