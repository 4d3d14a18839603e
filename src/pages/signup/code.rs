//! Step 2b: the verification code (the form is `components::signup_code`, shared with the
//! simulated phone).

use super::Flow;
use crate::components::code_sender::{self, SendCodeError};
use crate::components::signup_code::SignUpCode;
use crate::core::codes::Purpose;
use crate::core::security::spaced;
use crate::core::signup::{Method, Step};
use crate::i18n::*;
use crate::state::AppState;
use crate::web;
use leptos::prelude::*;

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
    let (identifier, is_email) = flow.state.with_untracked(|f| {
        (
            f.identifier.clone().unwrap_or_default(),
            f.method == Method::Email,
        )
    });
    let verified = Callback::new(move |()| {
        flow.state.update(|f| f.code_verified());
        flow.go.run(Step::Password);
    });
    // The check may end after this step was left: still on sign-up (Back, another tab of the
    // page), the flow moves on; off it, the tab's saved flow does.
    let left = std::sync::Arc::new(move || {
        if flow.state.try_update(|f| f.code_verified()).is_none() {
            verified_in_session();
        }
    });
    view! {
        <h1 id="page-heading" class="card-title">{tr!(i18n, code_title)}</h1>
        <p class="muted">{tr!(i18n, code_intro)} " " <span dir="ltr" class="identifier">{spaced(&identifier)}</span></p>
        <SignUpCode id="signup-code" identifier is_email verified left links_class="code-actions">
            <super::ChangeIdentifier flow />
        </SignUpCode>
    }
}

/// A right code whose page was left while it was checked: the code is used up, so the tab's
/// saved flow moves on to the password, where coming back to sign-up resumes.
fn verified_in_session() {
    if let Some(mut f) = web::session().signup_flow() {
        f.code_verified();
        let _ = web::session().set_signup_flow(&f);
    }
}
