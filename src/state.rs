//! App-wide reactive state, provided once by `App`: the demo clock's current time, the simulated
//! messages panel, and what the demo tools can reveal.

use crate::core::account::Account;
use crate::core::clock::Millis;
use crate::core::signin::Session;
use crate::web;
use leptos::prelude::*;

/// One simulated SMS or email. Kept in memory only: the code in it is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: u32,
    /// The E.164 phone or the email it went to.
    pub to: String,
    pub is_email: bool,
    pub code: String,
    pub at: Millis,
}

#[derive(Clone, Copy)]
pub struct AppState {
    /// The demo clock, refreshed every second and whenever the demo tools move it.
    pub now: RwSignal<Millis>,
    /// The demo time this page started: codes sent before it are not in `inbox` (which lives
    /// only as long as the page: codes are never stored).
    pub started: Millis,
    pub inbox: RwSignal<Vec<Message>>,
    /// How many modal dialogs are open: the page behind one is out of reach, so a message that
    /// arrives then shows in the dialog (see `messages::HeadsUp`).
    pub dialogs: RwSignal<u32>,
    /// What the sign-in page says first when the account center sent the visitor there
    /// ("You've signed out", "Account … was deleted"); the page takes it, so it shows once.
    pub farewell: RwSignal<Option<crate::text::Msg>>,
    /// The account the sign-in page's field starts with, when the account center sent the
    /// visitor there to sign in again (after a password change); taken like `farewell`.
    pub sign_in_as: RwSignal<Option<String>>,
    /// Bumped by a page that moves to another step without changing the address (forgot
    /// password): the message shown on top of the page goes with the step it was for, as it
    /// does when the address changes.
    pub step: RwSignal<u32>,
    /// The answer of the human check on screen, for the demo tools' "reveal".
    pub captcha_answer: RwSignal<Option<String>>,
    /// This browser's signed-in session, shared by its tabs: another tab signing out (or in)
    /// changes it through the `storage` event.
    pub session: RwSignal<Option<Session>>,
    /// Bumped whenever stored data changes (another tab's write, or [`AppState::touch`]), so
    /// views that read the store read it again.
    pub revision: RwSignal<u32>,
    /// The signed-in account: the session's, while that session is still valid (its device was
    /// not signed out elsewhere and the account still exists).
    pub account: Memo<Option<Account>>,
}

impl AppState {
    pub fn new() -> Self {
        let env = web::env();
        let now = RwSignal::new(env.now());
        // A one-second tick drives every countdown; the interval lives as long as the page.
        let _ = set_interval_with_handle(
            move || now.set(web::env().now()),
            std::time::Duration::from_secs(1),
        );
        let session = RwSignal::new(env.store.session().ok().flatten());
        let revision = RwSignal::new(0u32);
        // Other tabs' writes arrive as `storage` events; the session follows them at once.
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            let key = ev.key();
            if key
                .as_deref()
                .is_none_or(|k| k == crate::core::store::KEY_SESSION)
            {
                session.set(web::env().store.session().ok().flatten());
            }
            // The demo clock is the browser's, as the codes and limits it times are: another
            // tab moving it moves this one.
            if key
                .as_deref()
                .is_none_or(|k| k == crate::core::store::KEY_CLOCK)
            {
                let env = web::env();
                env.clock.offset.set(env.store.clock_offset().unwrap_or(0));
                now.set(env.now());
            }
            if key
                .as_deref()
                .is_none_or(|k| k.starts_with(crate::core::store::PREFIX))
            {
                revision.update(|r| *r = r.wrapping_add(1));
            }
        });
        std::mem::forget(handle);
        let account = Memo::new(move |_| {
            revision.track();
            session.get().and_then(|s| web::auth::signed_in_account(&s))
        });
        Self {
            session,
            revision,
            account,
            now,
            started: env.now(),
            inbox: RwSignal::new(Vec::new()),
            dialogs: RwSignal::new(0),
            farewell: RwSignal::new(None),
            sign_in_as: RwSignal::new(None),
            captcha_answer: RwSignal::new(None),
            step: RwSignal::new(0),
        }
    }

    /// Tells every view that stored data changed (after this tab wrote it).
    pub fn touch(&self) {
        self.revision.update(|r| *r = r.wrapping_add(1));
    }

    /// Re-reads the clock now (after the demo tools moved it).
    pub fn refresh_now(&self) {
        self.now.set(web::env().now());
    }

    /// Delivers a simulated message after a short, realistic delay.
    pub fn deliver(&self, to: String, is_email: bool, code: String) {
        let inbox = self.inbox;
        let delay = if is_email { 2_500 } else { 1_500 };
        set_timeout(
            move || {
                let at = web::env().now();
                inbox.update(|list| {
                    let id = list.last().map_or(1, |m| m.id + 1);
                    list.push(Message {
                        id,
                        to,
                        is_email,
                        code,
                        at,
                    });
                });
            },
            std::time::Duration::from_millis(delay),
        );
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
