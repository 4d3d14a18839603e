//! The two-step verification form after a right password, shared by the web sign-in and the
//! simulated phone: pick the phone or email when the account has both (masked), send a code,
//! enter it. The code rules are `core::codes`' through the code sender.

use crate::components::code_input::whole_code;
use crate::components::code_sender::{check_code, code_error_msg, CodeSender};
use crate::components::focus::focus_id;
use crate::core::account::Account;
use crate::core::codes::Purpose;
use crate::core::security;
use crate::i18n::*;
use crate::text::Msg;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TwoStepForm(
    /// Whose sign-in this is.
    account: Account,
    /// Id prefix of the code boxes and name of the radio group (unique on the page).
    code_id: &'static str,
    choice_name: &'static str,
    /// Runs once the code checks out (with the account as it was when the form was drawn; the
    /// sign-in itself reads it again). What goes wrong after that, it shows in `error`.
    verified: Callback<Account>,
    /// The form's message: a code not accepted, or what `verified` reports.
    error: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = security::contacts(&account);
    let chosen = RwSignal::new(0usize);
    let to = {
        let options = options.clone();
        Signal::derive(move || options.get(chosen.get()).cloned())
    };
    let value = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let account = StoredValue::new(account);
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some((contact, _)) = to.get_untracked() else {
            return;
        };
        if !whole_code(code_id, value, error) {
            return;
        }
        let typed = value.get_untracked();
        let a = account.get_value();
        busy.set(true);
        spawn_local(async move {
            let checked = check_code(Purpose::TwoStep, &contact, &typed).await;
            // Left meanwhile: the page's callbacks are gone (they would panic).
            if busy.is_disposed() {
                return;
            }
            busy.set(false);
            match checked {
                Ok(()) => verified.run(a),
                Err(e) => {
                    value.set(String::new());
                    error.set(Some(code_error_msg(e)));
                    focus_id(format!("{code_id}-0"));
                }
            }
        });
    };
    let choices = options.len() > 1;
    view! {
        <form class="form" novalidate on:submit=verify>
            <Show when=move || choices>
                <fieldset class="choice-group">
                    <legend>{tr!(i18n, two_step_send_to)}</legend>
                    {options
                        .iter()
                        .enumerate()
                        .map(|(i, (contact, _))| {
                            let id = format!("{choice_name}-{i}");
                            view! {
                                <div class="choice">
                                    <input
                                        type="radio"
                                        name=choice_name
                                        id=id.clone()
                                        prop:checked=move || chosen.get() == i
                                        on:change=move |_| chosen.set(i)
                                    />
                                    <label for=id dir="ltr">{security::mask(contact)}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </Show>
            <CodeSender id=code_id purpose=Purpose::TwoStep to value error />
            <button type="submit" class="btn btn-primary">{tr!(i18n, verify)}</button>
        </form>
    }
}
