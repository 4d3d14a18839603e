//! Step 1: region, phone number or email, and the terms.

use super::Flow;
use crate::components::dialog::{Dialog, DialogActions};
use crate::components::focus::focus_id;
use crate::components::identifier_field::{
    email_error, phone_error, IdentifierField, MethodSwitch,
};
use crate::components::region_select::RegionSelect;
use crate::core::signup::{DetailsError, Method, Step};
use crate::i18n::*;
use crate::text::Msg;
use crate::web;
use leptos::prelude::*;
use leptos_router::components::A;

/// The translated message for a rejected identifier.
pub fn details_error(locale: Locale, e: DetailsError, method: Method) -> String {
    match e {
        DetailsError::Phone(e) => phone_error(locale, e),
        DetailsError::Email(e) => email_error(locale, e),
        DetailsError::Registered if method == Method::Phone => {
            td_string!(locale, error_phone_registered).into()
        }
        DetailsError::Registered => td_string!(locale, error_email_registered).into(),
        DetailsError::TermsNotAccepted => td_string!(locale, terms_dialog_body).into(),
    }
}

/// [`details_error`] as a message to keep in a signal.
pub fn details_msg(e: DetailsError, method: Method) -> Msg {
    Msg::new(move |locale| details_error(locale, e, method))
}

#[component]
pub fn Details(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let initial = flow.state.get_untracked();
    let region = RwSignal::new(initial.region());
    let method = RwSignal::new(initial.method);
    let input = RwSignal::new(initial.input.clone());
    let other_input = RwSignal::new(initial.other_input.clone());
    let agreed = RwSignal::new(initial.agreed);
    // The form as it is on screen goes into the flow (saved per tab), so a reload shows it again.
    Effect::new(move |first: Option<()>| {
        let (r, m, i, o, a) = (
            region.get(),
            method.get(),
            input.get(),
            other_input.get(),
            agreed.get(),
        );
        if first.is_some() {
            flow.state.update(|f| f.keep_draft(r, m, &i, &o, a));
        }
    });
    let error = RwSignal::new(None::<DetailsError>);
    let dialog = RwSignal::new(false);
    // "Already registered" is about what was submitted: a change to the number or email, its
    // region or the method makes it stale (its "Sign in" link would not carry the new one).
    Effect::new(move |prev: Option<(String, &'static str, Method)>| {
        let now = (input.get(), region.get().code, method.get());
        if prev.is_some_and(|p| p != now) && error.get_untracked() == Some(DetailsError::Registered)
        {
            error.set(None);
        }
        now
    });

    let submit = move |agree_now: bool| {
        if agree_now {
            agreed.set(true);
        }
        let store = &web::env().store;
        let m = method.get_untracked();
        let kind = m.id_kind();
        let mut result = Ok(());
        flow.state.update(|f| {
            result = f.submit_details(
                region.get_untracked(),
                m,
                &input.get_untracked(),
                agreed.get_untracked(),
                |id| store.is_registered(kind, id).unwrap_or(false),
            );
        });
        match result {
            Ok(()) => {
                error.set(None);
                dialog.set(false);
                flow.go.run(Step::Check);
            }
            Err(DetailsError::TermsNotAccepted) => {
                error.set(None);
                dialog.set(true);
            }
            Err(e) => {
                error.set(Some(e));
                focus_id("signup-id");
            }
        }
    };
    let field_error = Signal::derive(move || {
        error
            .get()
            .filter(|e| *e != DetailsError::Registered)
            .map(|e| details_error(i18n.get_locale(), e, method.get()))
    });
    // "Already registered" comes with a link to sign in, so it sits below the field, tied to it.
    let registered = Signal::derive(move || {
        (error.get() == Some(DetailsError::Registered)).then_some("signup-registered")
    });
    let switched = move || {
        error.set(None);
        focus_id("signup-id");
    };
    view! {
        <h1 id="page-heading" class="card-title">{tr!(i18n, title_sign_up)}</h1>
        <form
            class="form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                submit(false);
            }
        >
            <RegionSelect selected=region sign_up_note=true />
            <IdentifierField id="signup-id" method region value=input error=field_error problem=registered />
            <Show when=move || error.get() == Some(DetailsError::Registered)>
                <p id="signup-registered" class="form-error" role="alert">
                    {move || details_error(i18n.get_locale(), DetailsError::Registered, method.get())}
                    " "
                    <A href=web::href("/signin")>{tr!(i18n, tab_sign_in)}</A>
                </p>
            </Show>
            <MethodSwitch method value=input stash=other_input on_switch=switched />
            <div class="terms">
                <input
                    id="signup-terms"
                    type="checkbox"
                    prop:checked=move || agreed.get()
                    on:change=move |ev| agreed.set(event_target_checked(&ev))
                />
                <label for="signup-terms">
                    {tr!(i18n, terms_line_before)}
                    <A href=web::href("/agreement")>{tr!(i18n, user_agreement)}</A>
                    {tr!(i18n, terms_line_and)}
                    <A href=web::href("/privacy")>{tr!(i18n, privacy_policy)}</A>
                    {tr!(i18n, terms_line_after)}
                </label>
            </div>
            <button type="submit" class="btn btn-primary">{tr!(i18n, next)}</button>
        </form>
        <Dialog open=dialog labelledby="terms-dialog-heading">
            <h2 id="terms-dialog-heading">{tr!(i18n, terms_dialog_title)}</h2>
            <p>
                {tr!(i18n, terms_line_before)}
                <A href=web::href("/agreement")>{tr!(i18n, user_agreement)}</A>
                {tr!(i18n, terms_line_and)}
                <A href=web::href("/privacy")>{tr!(i18n, privacy_policy)}</A>
                {tr!(i18n, terms_line_after)}
            </p>
            <DialogActions open=dialog>
                <button type="button" class="btn btn-primary" on:click=move |_| submit(true)>
                    {tr!(i18n, agree_and_continue)}
                </button>
            </DialogActions>
        </Dialog>
    }
}
