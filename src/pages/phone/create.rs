//! "Create account" on the phone: the site's own sign-up flow (`core::signup::SignupFlow`),
//! one step a screen: details and terms → image check → code → password → the new ID. The
//! account is the same kind of record the site makes, and the phone signs in with it at once.

use super::screens::ScreenTitle;
use super::{ctx, sign_in_phone, Ctx};
use crate::components::captcha::{error_msg, Captcha};
use crate::components::code_sender;
use crate::components::focus::focus_id;
use crate::components::identifier_field::{IdentifierField, MethodSwitch};
use crate::components::region_select::RegionSelect;
use crate::components::signup_code::SignUpCode;
use crate::core::captcha::Challenge;
use crate::core::codes::Purpose;
use crate::core::security::spaced;
use crate::core::signup::{DetailsError, Method, SignupFlow, Step};
use crate::i18n::*;
use crate::pages::signup::details::details_error;
use crate::pages::signup::password::NewPasswordForm;
use crate::state::{use_app, AppState};
use crate::text::shown_msg;
use crate::web;
use crate::web::crypto::BrowserRng;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Reads the sign-up in progress (a default one only in the instant the screen is left).
fn flow(c: Ctx) -> SignupFlow {
    c.phone
        .with_untracked(|p| p.signup.clone())
        .unwrap_or_else(|| SignupFlow::new(web::guess_region()))
}

/// Changes the sign-up in progress and returns what `f` returned.
fn update<R>(c: Ctx, f: impl FnOnce(&mut SignupFlow) -> R) -> Option<R> {
    let mut out = None;
    c.phone.update(|p| {
        if let Some(flow) = p.signup.as_mut() {
            out = Some(f(flow));
        }
    });
    out
}

/// Sends the sign-up code to the flow's identifier, into the messages panel.
fn send(
    c: Ctx,
    app: AppState,
) -> impl std::future::Future<Output = Result<(), code_sender::SendCodeError>> {
    let f = flow(c);
    let to = f.identifier.clone().unwrap_or_default();
    let is_email = f.method == Method::Email;
    async move { code_sender::send_code(app, Purpose::SignUp, &to, is_email).await }
}

#[component]
pub fn Create() -> impl IntoView {
    let c = ctx();
    let step = Memo::new(move |_| c.phone.with(|p| p.signup.as_ref().map(|f| f.step)));
    move || match step.get() {
        Some(Step::Details) | None => view! { <Details /> }.into_any(),
        Some(Step::Check) => view! { <Check /> }.into_any(),
        Some(Step::Code) => view! { <Code /> }.into_any(),
        Some(Step::Password) => view! { <Password /> }.into_any(),
        Some(Step::Done) => view! { <Done /> }.into_any(),
    }
}

/// "Change phone number or email": back to the details, keeping what was typed.
#[component]
fn ChangeIdentifier() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    view! {
        <button type="button" class="link-button" on:click=move |_| { update(c, |f| f.edit_details()); }>
            {tr!(i18n, change_identifier)}
        </button>
    }
}

#[component]
fn Details() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let initial = flow(c);
    let region = RwSignal::new(initial.region());
    let method = RwSignal::new(initial.method);
    let input = RwSignal::new(initial.input.clone());
    let other_input = RwSignal::new(initial.other_input.clone());
    let agreed = RwSignal::new(initial.agreed);
    let error = RwSignal::new(None::<DetailsError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = method.get_untracked();
        let kind = m.id_kind();
        let store = &web::env().store;
        let result = update(c, |f| {
            f.submit_details(
                region.get_untracked(),
                m,
                &input.get_untracked(),
                agreed.get_untracked(),
                |id| store.is_registered(kind, id).unwrap_or(false),
            )
        });
        match result {
            Some(Err(e)) => {
                error.set(Some(e));
                focus_id(match e {
                    DetailsError::TermsNotAccepted => "phone-terms",
                    _ => "phone-signup-id",
                });
            }
            _ => error.set(None),
        }
    };
    let registered = Signal::derive(move || {
        (error.get() == Some(DetailsError::Registered)).then_some("phone-signup-registered")
    });
    let field_error = Signal::derive(move || {
        error
            .get()
            .filter(|e| !matches!(e, DetailsError::Registered | DetailsError::TermsNotAccepted))
            .map(|e| details_error(i18n.get_locale(), e, method.get()))
    });
    let switched = move || error.set(None);
    let sign_in_instead = move |_| {
        c.phone.update(|p| {
            p.back();
            if p.screen == crate::core::phone::Screen::AccountSetup {
                p.start_sign_in();
            }
        });
    };
    view! {
        <ScreenTitle>{tr!(i18n, title_sign_up)}</ScreenTitle>
        <form class="form" novalidate on:submit=submit>
            <RegionSelect selected=region sign_up_note=true />
            <IdentifierField id="phone-signup-id" method region value=input error=field_error problem=registered />
            <Show when=move || error.get() == Some(DetailsError::Registered)>
                <div id="phone-signup-registered" class="form-error" role="alert">
                    <p>{move || details_error(i18n.get_locale(), DetailsError::Registered, method.get())}</p>
                    <button type="button" class="link-button" on:click=sign_in_instead>{tr!(i18n, title_sign_in)}</button>
                </div>
            </Show>
            <MethodSwitch method value=input stash=other_input on_switch=switched />
            <div class="terms">
                <input
                    id="phone-terms"
                    type="checkbox"
                    aria-describedby="phone-terms-error"
                    aria-invalid=move || (error.get() == Some(DetailsError::TermsNotAccepted)).then_some("true")
                    prop:checked=move || agreed.get()
                    on:change=move |ev| agreed.set(event_target_checked(&ev))
                />
                // The phone shows the documents' names; the site's own pages explain them.
                <label for="phone-terms">
                    {tr!(i18n, terms_line_before)}
                    <strong>{tr!(i18n, user_agreement)}</strong>
                    {tr!(i18n, terms_line_and)}
                    <strong>{tr!(i18n, privacy_policy)}</strong>
                    {tr!(i18n, terms_line_after)}
                </label>
            </div>
            <p id="phone-terms-error" class="form-error" role="alert">
                {move || (error.get() == Some(DetailsError::TermsNotAccepted)).then(|| t_string!(i18n, terms_dialog_body))}
            </p>
            <button type="submit" class="btn btn-primary">{tr!(i18n, next)}</button>
        </form>
    }
}

#[component]
fn Check() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    if c.phone
        .with_untracked(|p| p.signup.as_ref().is_some_and(|f| f.challenge.is_none()))
    {
        let now = web::env().now();
        update(c, |f| {
            f.new_challenge(&BrowserRng, now);
        });
    }
    let challenge = Signal::derive(move || {
        c.phone
            .with(|p| p.signup.as_ref().and_then(|f| f.challenge.clone()))
            .unwrap_or(Challenge {
                answer: String::new(),
                issued_at: 0,
            })
    });
    // The demo tools can reveal the answer on screen, as on the site.
    Effect::new(move |_| {
        app.captcha_answer.set(c.phone.with(|p| {
            p.signup
                .as_ref()
                .and_then(|f| f.challenge.as_ref().map(|ch| ch.answer.clone()))
        }))
    });
    on_cleanup(move || app.captcha_answer.set(None));
    let value = RwSignal::new(String::new());
    // Back here because the code could not be sent: say why (the focus goes to the screen's
    // title, as on every new screen, and the message follows it).
    let error = RwSignal::new(flow(c).code_unsent.then(|| msg!(error_code_not_sent)));
    let refresh = Callback::new(move |_| {
        let now = web::env().now();
        update(c, |f| {
            f.new_challenge(&BrowserRng, now);
        });
        value.set(String::new());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now = web::env().now();
        let answer = value.get_untracked();
        match update(c, |f| f.submit_check(&answer, now, &BrowserRng)) {
            Some(Ok(())) => {
                // A send refused by the countdown or the hourly cap still opens the code step,
                // which shows them. One the storage refused could never be checked: back to
                // this screen, which then says why.
                let sending = send(c, app);
                spawn_local(async move {
                    if let Err(code_sender::SendCodeError::Storage) = sending.await {
                        let now = web::env().now();
                        update(c, |f| f.code_not_sent(&BrowserRng, now));
                    }
                });
            }
            Some(Err(e)) => {
                value.set(String::new());
                error.set(Some(error_msg(e)));
            }
            None => {}
        }
    };
    let to = move || spaced(&flow(c).identifier.unwrap_or_default());
    view! {
        <ScreenTitle>{tr!(i18n, check_title)}</ScreenTitle>
        <p class="muted">{tr!(i18n, check_intro)} " " <span dir="ltr" class="identifier">{to}</span></p>
        <form class="form" novalidate on:submit=submit>
            <Captcha challenge on_refresh=refresh value error=shown_msg(i18n, error) />
            <button type="submit" class="btn btn-primary">{tr!(i18n, send_code)}</button>
        </form>
        <ChangeIdentifier />
    }
}

#[component]
fn Code() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let f = flow(c);
    let identifier = f.identifier.clone().unwrap_or_default();
    let is_email = f.method == Method::Email;
    let verified = Callback::new(move |()| {
        update(c, |f| f.code_verified());
    });
    view! {
        <ScreenTitle>{tr!(i18n, code_title)}</ScreenTitle>
        <p class="muted">{tr!(i18n, code_intro)} " " <span dir="ltr" class="identifier">{spaced(&identifier)}</span></p>
        <SignUpCode id="phone-code" identifier is_email verified links_class="phone-links">
            <ChangeIdentifier />
        </SignUpCode>
    }
}

#[component]
fn Password() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let c = ctx();
    let created = Callback::new(move |id: String| {
        // Stored in English; the devices list words it in the language it is read in.
        let label = crate::core::device::PHONE;
        spawn_local(async move {
            // A real phone is signed in with the account it just created; if that write fails
            // the account still exists, and the phone's sign-in screen follows.
            let _ = sign_in_phone(app, &id, label).await;
            update(c, |f| f.finish(id));
        });
    });
    view! {
        <ScreenTitle>{tr!(i18n, password_title)}</ScreenTitle>
        <p class="phone-tip">{tr!(i18n, tip_unique_password)}</p>
        <NewPasswordForm
            password_id="phone-password"
            confirm_id="phone-confirm"
            progress_id="phone-hash-progress"
            flow=Signal::derive(move || flow(c))
            created
        >
            <ChangeIdentifier />
        </NewPasswordForm>
    }
}

#[component]
fn Done() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let id = flow(c).account_id.unwrap_or_default();
    view! {
        <div class="done" role="status">
            <ScreenTitle>{tr!(i18n, done_title)}</ScreenTitle>
            <p class="account-id">{tr!(i18n, done_id_is)} " " <strong dir="ltr">{id}</strong></p>
            <p>{tr!(i18n, phone_created_signed_in)}</p>
        </div>
        <p class="phone-tip">{tr!(i18n, tip_credentials)}</p>
        <button type="button" class="btn btn-primary" on:click=move |_| c.phone.update(|p| p.continue_after_create())>
            {tr!(i18n, phone_continue)}
        </button>
    }
}
