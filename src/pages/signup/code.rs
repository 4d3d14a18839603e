//! Step 2b: the verification code, with the resend countdown and the hourly limit.

use super::Flow;
use crate::components::code_input::CodeInput;
use crate::components::code_sender::{
    self, check_code, code_error_text, send_error_text, SendCodeError,
};
use crate::components::focus::focus_id;
use crate::core::clock::SECOND;
use crate::core::codes::{self, Purpose, SendError};
use crate::core::signup::{Method, Step};
use crate::i18n::*;
use crate::state::{use_app, AppState};
use crate::text::fill;
use crate::web;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The first code box (the boxes' ids are `signup-code-0` … `-5`).
const FIRST_BOX: &str = "signup-code-0";

/// Sends a sign-up code to the flow's identifier and delivers it to the messages panel (the
/// identifier is read now; the code record is changed under the store lock when awaited).
pub fn send_code(
    flow: Flow,
    app: AppState,
) -> impl std::future::Future<Output = Result<(), SendCodeError>> {
    let (identifier, is_email) = flow.state.with_untracked(|f| {
        (
            f.identifier.clone().unwrap_or_default(),
            f.method == Method::Email,
        )
    });
    async move { code_sender::send_code(app, Purpose::SignUp, &identifier, is_email).await }
}

#[component]
pub fn Code(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let identifier = flow
        .state
        .with_untracked(|f| f.identifier.clone().unwrap_or_default());
    // Re-read from the store whenever the clock ticks or we write, so limits follow other tabs.
    let version = RwSignal::new(0u32);
    let record = {
        let identifier = identifier.clone();
        Memo::new(move |_| {
            version.track();
            app.now.track();
            web::env()
                .store
                .code_record(Purpose::SignUp, &identifier)
                .unwrap_or_else(|_| codes::CodeRecord::new(Purpose::SignUp))
        })
    };
    let resend_at = Memo::new(move |_| {
        let now = app.now.get();
        record.with(|r| codes::resend_available_at(r, now))
    });
    let too_many = Memo::new(move |_| {
        let now = app.now.get();
        record.with(|r| matches!(codes::can_send(r, now), Err(SendError::TooMany { .. })))
    });
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // A check or a resend waits a moment for the store lock; nothing more starts meanwhile.
    let busy = RwSignal::new(false);
    let verify = {
        let identifier = identifier.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let code = value.get_untracked().replace(' ', "");
            if code.len() != codes::CODE_DIGITS {
                error.set(Some(t_string!(i18n, error_code_incomplete).to_string()));
                focus_id(FIRST_BOX);
                return;
            }
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let identifier = identifier.clone();
            spawn_local(async move {
                let result = check_code(Purpose::SignUp, &identifier, &code).await;
                busy.set(false);
                version.update(|v| *v += 1);
                match result {
                    Ok(()) => {
                        flow.state.update(|f| f.code_verified());
                        flow.go.run(Step::Password);
                    }
                    Err(e) => {
                        value.set(String::new());
                        error.set(Some(code_error_text(i18n, e)));
                        focus_id(FIRST_BOX);
                    }
                }
            });
        }
    };
    let resend = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let sending = send_code(flow, app);
        spawn_local(async move {
            match sending.await {
                Ok(()) => error.set(None),
                Err(e) => {
                    if let Some(text) = send_error_text(i18n, e) {
                        error.set(Some(text));
                    }
                }
            }
            busy.set(false);
            value.set(String::new());
            version.update(|v| *v += 1);
            // "Resend" is now disabled by its countdown: the focus moves on to the boxes.
            focus_id(FIRST_BOX);
        });
    };
    let seconds_left = move || {
        resend_at
            .get()
            .map(|t| ((t - app.now.get()).max(0) + SECOND - 1) / SECOND)
    };
    let to = identifier.clone();
    view! {
        <h1 id="page-heading" class="card-title">{t!(i18n, code_title)}</h1>
        <p class="muted">{t!(i18n, code_intro)} " " <span dir="ltr" class="identifier">{to}</span></p>
        <form class="form" novalidate on:submit=verify>
            <CodeInput
                id="signup-code"
                value
                label=Signal::derive(move || t_string!(i18n, code_label).to_string())
                error
            />
            <Show when=move || too_many.get()>
                <p class="form-error" role="status">{t!(i18n, error_code_too_many)}</p>
            </Show>
            <button type="submit" class="btn btn-primary">{t!(i18n, verify)}</button>
        </form>
        <div class="code-actions">
            <button
                type="button"
                class="link-button"
                disabled=move || resend_at.get().is_some()
                on:click=resend
            >
                {move || match seconds_left() {
                    Some(n) => fill(t_string!(i18n, resend_in), &[("n", n.to_string())]),
                    None => t_string!(i18n, resend).to_string(),
                }}
            </button>
            <super::ChangeIdentifier flow />
        </div>
    }
}
