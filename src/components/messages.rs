//! The simulated phone and inbox: nothing can really be sent, so codes arrive here; and the
//! heads-up that shows a new one where the panel is out of sight.

use crate::core::security::spaced;
use crate::i18n::*;
use crate::state::{use_app, Message};
use crate::text::fill;
use leptos::prelude::*;

#[component]
pub fn MessagesPanel() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    view! {
        <section class="side-panel messages" aria-labelledby="messages-heading">
            <h2 id="messages-heading">{tr!(i18n, messages_heading)}</h2>
            <p class="muted small">{tr!(i18n, messages_note)}</p>
            // Not a live region: the heads-up announces each new message once. Long, it may
            // scroll (messages.css), so it can take the focus to be scrolled by keyboard.
            <ul
                class="message-list"
                aria-labelledby="messages-heading"
                tabindex=move || app.inbox.with(|m| m.len() > 3).then_some("0")
            >
                <For
                    each=move || app.inbox.get().into_iter().rev()
                    key=|m| m.id
                    children=move |m| {
                        let kind = if m.is_email { "email" } else { "sms" };
                        view! {
                            <li class=format!("message message-{kind}")>
                                <p class="message-meta">
                                    {if m.is_email {
                                        tr!(i18n, messages_email_from).into_any()
                                    } else {
                                        tr!(i18n, messages_sms_from).into_any()
                                    }}
                                    " → "
                                    <span dir="ltr">{spaced(&m.to)}</span>
                                </p>
                                <p class="message-text">
                                    {let code = m.code.clone(); move || fill(t_string!(i18n, messages_code_text), &[("code", code.clone())])}
                                </p>
                            </li>
                        }
                    }
                />
            </ul>
            <Show when=move || app.inbox.with(Vec::is_empty)>
                <p class="muted small">{tr!(i18n, messages_empty)}</p>
            </Show>
        </section>
    }
}

/// A new message as a phone shows one: on top of the page, until closed, until the page or step
/// changes, or until `active` goes (its dialog closes, or one opens over the page). At 360 px
/// the panel is below the form, and behind a dialog's backdrop at any width; this is in sight.
/// Only what arrives while it is active shows; the panel keeps every message.
#[component]
pub fn HeadsUp(
    #[prop(into)] active: Signal<bool>,
    /// The page and step (the shell's: path and query), whose change clears it.
    #[prop(optional, into)]
    page: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let newest = move || app.inbox.with_untracked(|v| v.last().map_or(0, |m| m.id));
    let seen = RwSignal::new(newest());
    Effect::new(move |_| {
        if let Some(page) = page {
            page.track();
        }
        if active.get() {
            seen.set(newest());
        }
    });
    let shown = Memo::new(move |_| {
        let after = seen.get();
        if !active.get() {
            return None;
        }
        app.inbox
            .with(|v| v.last().filter(|m| m.id > after).cloned())
    });
    let card = move |m: Message| {
        let id = m.id;
        view! {
            <div class="heads-up">
                <p class="heads-up-meta">
                    {if m.is_email { tr!(i18n, messages_email_from).into_any() } else { tr!(i18n, messages_sms_from).into_any() }}
                    " → "
                    <span dir="ltr">{spaced(&m.to)}</span>
                </p>
                <p class="heads-up-text">
                    {move || fill(t_string!(i18n, messages_code_text), &[("code", m.code.clone())])}
                </p>
                <button
                    type="button"
                    class="close-button heads-up-close"
                    aria-label=tr!(i18n, heads_up_close)
                    on:click=move |_| seen.set(id)
                >
                    "×"
                </button>
            </div>
        }
    };
    view! { <div class="heads-up-region" role="status">{move || shown.get().map(card)}</div> }
}
