//! The simulated phone and inbox: nothing can really be sent, so codes arrive here.

use crate::i18n::*;
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn MessagesPanel() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    view! {
        <section class="side-panel messages" aria-labelledby="messages-heading">
            <h2 id="messages-heading">{tr!(i18n, messages_heading)}</h2>
            <p class="muted small">{tr!(i18n, messages_note)}</p>
            <ul class="message-list" aria-live="polite" aria-relevant="additions">
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
                                    <span dir="ltr">{m.to.clone()}</span>
                                </p>
                                <p class="message-text">
                                    {let code = m.code.clone(); move || crate::text::fill(t_string!(i18n, messages_code_text), &[("code", code.clone())])}
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
