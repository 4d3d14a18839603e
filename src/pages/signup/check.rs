//! Step 2a: the human check, before any code is sent.

use super::code::send_code;
use super::Flow;
use crate::components::captcha::{error_msg, Captcha};
use crate::components::code_sender::{send_error_msg, SendCodeError};
use crate::core::captcha::Challenge;
use crate::core::signup::Step;
use crate::i18n::*;
use crate::state::use_app;
use crate::text::{shown_msg, Msg};
use crate::web;
use crate::web::crypto::BrowserRng;
use leptos::prelude::*;

#[component]
pub fn Check(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    if flow.state.with_untracked(|f| f.challenge.is_none()) {
        let now = web::env().now();
        flow.state.update(|f| {
            f.new_challenge(&BrowserRng, now);
        });
    }
    let challenge = Signal::derive(move || {
        flow.state
            .with(|f| f.challenge.clone())
            .unwrap_or(Challenge {
                answer: String::new(),
                issued_at: 0,
            })
    });
    // The demo tools can reveal the answer on screen; nothing else can.
    Effect::new(move |_| {
        app.captcha_answer.set(
            flow.state
                .with(|f| f.challenge.as_ref().map(|c| c.answer.clone())),
        )
    });
    on_cleanup(move || app.captcha_answer.set(None));
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let refresh = Callback::new(move |_| {
        let now = web::env().now();
        flow.state.update(|f| {
            f.new_challenge(&BrowserRng, now);
        });
        value.set(String::new());
    });
    // The send waits a moment for the store lock; a second press meanwhile does nothing.
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let now = web::env().now();
        let mut result = Ok(());
        flow.state
            .update(|f| result = f.submit_check(&value.get_untracked(), now, &BrowserRng));
        match result {
            Ok(()) => {
                error.set(None);
                sending.set(true);
                let sent = send_code(flow, app);
                leptos::task::spawn_local(async move {
                    // A send refused by the countdown or the hourly cap still opens the code
                    // step, which shows the countdown or the limit. One the storage refused
                    // could never be checked: the check step stays, saying why.
                    if let Err(e @ SendCodeError::Storage) = sent.await {
                        flow.state
                            .try_update(|f| f.code_not_sent(&BrowserRng, web::env().now()));
                        value.try_set(String::new());
                        error.try_set(send_error_msg(e));
                        crate::components::focus::focus_id(crate::components::captcha::INPUT_ID);
                    } else {
                        // Not if the visitor left the page meanwhile (its callback is gone).
                        let _ = flow.go.try_run(Step::Code);
                    }
                    let _ = sending.try_set(false);
                });
            }
            Err(e) => {
                value.set(String::new());
                error.set(Some(error_msg(e)));
                crate::components::focus::focus_id(crate::components::captcha::INPUT_ID);
            }
        }
    };
    let to = move || {
        flow.state
            .with(|f| crate::core::security::spaced(f.identifier.as_deref().unwrap_or_default()))
    };
    view! {
        <h1 id="page-heading" class="card-title">{tr!(i18n, check_title)}</h1>
        <p class="muted">{tr!(i18n, check_intro)} " " <span dir="ltr" class="identifier">{to}</span></p>
        <form class="form" novalidate on:submit=submit>
            <Captcha challenge on_refresh=refresh value error=shown_msg(i18n, error) />
            <button type="submit" class="btn btn-primary">{tr!(i18n, send_code)}</button>
        </form>
        <super::ChangeIdentifier flow />
    }
}
