//! Step 2b: the verification code, with the resend countdown and the hourly limit.

use super::Flow;
use crate::components::code_input::CodeInput;
use crate::core::clock::SECOND;
use crate::core::codes::{self, CodeError, Purpose, SendError};
use crate::core::signup::{Method, Step};
use crate::i18n::*;
use crate::state::{use_app, AppState};
use crate::text::fill;
use crate::web;
use crate::web::crypto::BrowserRng;
use leptos::prelude::*;

/// Sends a sign-up code to the flow's identifier and delivers it to the messages panel.
pub fn send_code(flow: Flow, app: AppState) -> Result<(), SendCodeError> {
    let (identifier, is_email) = flow.state.with_untracked(|f| {
        (
            f.identifier.clone().unwrap_or_default(),
            f.method == Method::Email,
        )
    });
    let env = web::env();
    let now = env.now();
    let mut rec = env
        .store
        .code_record(Purpose::SignUp, &identifier)
        .map_err(|_| SendCodeError::Storage)?;
    let code = codes::send(&mut rec, &identifier, now, &BrowserRng).map_err(SendCodeError::Send)?;
    env.store
        .put_code_record(&identifier, &rec)
        .map_err(|_| SendCodeError::Storage)?;
    app.deliver(identifier, is_email, code);
    // The countdown starts now, not at the last one-second tick.
    app.refresh_now();
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendCodeError {
    Send(SendError),
    Storage,
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
    let verify = {
        let identifier = identifier.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let code = value.get_untracked().replace(' ', "");
            if code.len() != codes::CODE_DIGITS {
                error.set(Some(t_string!(i18n, error_code_incomplete).to_string()));
                return;
            }
            let env = web::env();
            let now = env.now();
            let Ok(mut rec) = env.store.code_record(Purpose::SignUp, &identifier) else {
                error.set(Some(t_string!(i18n, error_storage_read).to_string()));
                return;
            };
            let result = codes::verify(&mut rec, &identifier, &code, now);
            if env.store.put_code_record(&identifier, &rec).is_err() {
                error.set(Some(t_string!(i18n, error_storage_write).to_string()));
                return;
            }
            version.update(|v| *v += 1);
            match result {
                Ok(()) => {
                    flow.state.update(|f| f.code_verified());
                    flow.go.run(Step::Password);
                }
                Err(e) => {
                    value.set(String::new());
                    error.set(Some(match e {
                        CodeError::Wrong { remaining } => fill(
                            t_string!(i18n, error_code_wrong),
                            &[("n", remaining.to_string())],
                        ),
                        CodeError::Expired => t_string!(i18n, error_code_expired).to_string(),
                        CodeError::TooManyAttempts => {
                            t_string!(i18n, error_code_attempts).to_string()
                        }
                        CodeError::Used | CodeError::NoCode => {
                            t_string!(i18n, error_code_none).to_string()
                        }
                    }));
                }
            }
        }
    };
    let resend = move |_| {
        match send_code(flow, app) {
            Ok(()) => error.set(None),
            Err(SendCodeError::Send(SendError::TooMany { .. })) => {
                error.set(Some(t_string!(i18n, error_code_too_many).to_string()))
            }
            Err(SendCodeError::Send(SendError::Wait { .. })) => {}
            Err(SendCodeError::Storage) => {
                error.set(Some(t_string!(i18n, error_storage_write).to_string()))
            }
        }
        value.set(String::new());
        version.update(|v| *v += 1);
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
