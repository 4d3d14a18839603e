//! The account center's Devices section: every device that signed in (this browser, simulated
//! phones), its first and last sign-in, "Remove" on each other device, and "sign out of other
//! devices".

use crate::components::focus::focus_id;
use crate::core::account::Account;
use crate::core::device::{self, Name};
use crate::i18n::*;
use crate::state::use_app;
use crate::text::{fill, shown_msg, Msg};
use crate::web;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;

#[component]
pub fn Devices(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let this_device = app
        .session
        .get_untracked()
        .map(|s| s.device_id)
        .unwrap_or_default();
    let others_signed_in = account
        .signed_in_devices()
        .filter(|d| d.id != this_device)
        .count();
    let error = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(account.id.clone());
    // Both actions change the devices of the account as stored now (including one that signed
    // in after this list was drawn) the same way: one path, told apart by `Change`.
    let change = move |what: Change| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let id = id.get_value();
        let removing = matches!(what, Change::Remove(..));
        // Scoped: `notify` finds the account center's notice through the owner.
        spawn_local_scoped(async move {
            let result = web::auth::update_account(&id, move |store, a| {
                let n = match &what {
                    Change::SignOutOthers(keep) => a.sign_out_other_devices(keep),
                    Change::Remove(device, _) => usize::from(a.remove_device(device)),
                };
                store.put_account(a)?;
                Ok((n, what))
            })
            .await;
            busy.set(false);
            // "Remove" had the focus, on a button that `busy` disabled and, done, took away with
            // its row: the focus goes to the list's heading. "Sign out of other devices" keeps
            // its own (see there).
            if removing {
                focus_id("devices-heading");
            }
            match result {
                Ok((n, what)) => {
                    error.set(None);
                    super::notify(Msg::new(move |locale| match &what {
                        Change::SignOutOthers(_) => fill(
                            td_string!(locale, signed_out_others),
                            &[("n", n.to_string())],
                        ),
                        Change::Remove(_, label) => fill(
                            td_string!(locale, device_removed),
                            &[("name", device_name(locale, label))],
                        ),
                    }));
                    app.touch();
                }
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    };
    let sign_out_others = {
        let keep = this_device.clone();
        move |_| change(Change::SignOutOthers(keep.clone()))
    };
    let rows = account
        .devices
        .iter()
        .rev()
        .map(|d| {
            let here = d.id == this_device;
            let signed_in = d.token.is_some();
            let (first, last) = (d.first_sign_in, d.last_sign_in);
            let name = shown_name(i18n, d.label.clone());
            let (device, stored_name) = (d.id.clone(), d.label.clone());
            view! {
                <li class="device">
                    <div>
                        <p class="device-name">
                            {name.clone()}
                            {here.then(|| view! { " " <span class="badge">{tr!(i18n, this_device)}</span> })}
                        </p>
                        <p class="muted small">
                            {move || fill(t_string!(i18n, device_first), &[("date", super::date(first))])}
                            " · "
                            {move || fill(t_string!(i18n, device_last), &[("date", super::date(last))])}
                            " · "
                            {if signed_in { tr!(i18n, device_signed_in) } else { tr!(i18n, device_signed_out) }}
                        </p>
                    </div>
                    {(!here).then(|| {
                        let shown = name.clone();
                        view! {
                            <button
                                type="button"
                                class="btn btn-secondary btn-small"
                                aria-label=move || format!("{} — {}", t_string!(i18n, remove), shown())
                                disabled=move || busy.get()
                                on:click=move |_| change(Change::Remove(device.clone(), stored_name.clone()))
                            >
                                {tr!(i18n, remove)}
                            </button>
                        }
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="account-section" aria-labelledby="devices-heading">
            // The heading takes the focus when "Sign out of other devices", done, can no longer.
            <h2 id="devices-heading" tabindex="-1">{tr!(i18n, devices_title)}</h2>
            <ul class="device-list">{rows}</ul>
            <button
                type="button"
                id="sign-out-others"
                data-focus-next="devices-heading"
                class="btn btn-secondary"
                disabled=others_signed_in == 0
                on:click=sign_out_others
            >
                {tr!(i18n, sign_out_others)}
            </button>
            <p class="form-error" role="alert">{shown_msg(i18n, error)}</p>
        </section>
    }
}

/// What a button in the list does: "Sign out of other devices" (all but this one), or "Remove"
/// on one device (its id and its stored name, for the notice, which words it in the language
/// of the moment).
enum Change {
    SignOutOthers(String),
    Remove(String, String),
}

/// A stored device name in the language of the moment ("Chrome on Linux", "Linux 上的 Chrome").
fn shown_name(i18n: I18n, stored: String) -> impl Fn() -> String + Clone {
    move || device_name(i18n.get_locale(), &stored)
}

/// A stored device name in `locale`.
fn device_name(locale: Locale, stored: &str) -> String {
    match device::name(stored) {
        Name::Phone => td_string!(locale, phone_device_label).to_owned(),
        Name::Browser { browser, os } => fill(
            td_string!(locale, device_name),
            &[
                (
                    "browser",
                    browser
                        .unwrap_or(td_string!(locale, device_unknown_browser))
                        .to_owned(),
                ),
                (
                    "os",
                    os.unwrap_or(td_string!(locale, device_unknown_os))
                        .to_owned(),
                ),
            ],
        ),
        Name::Other(name) => name.to_owned(),
    }
}
