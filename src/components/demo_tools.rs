//! The demo tools: move the demo clock, reveal the human check's answer, erase all demo data,
//! back up the accounts, and the storage problems (see `storage_panel`).
//! End-to-end tests use these same visible controls; there is no other back door.

use crate::components::dialog::{Dialog, DialogActions};
use crate::components::storage_panel::{Backup, StorageProblems};
use crate::core::clock::MINUTE;
use crate::i18n::*;
use crate::state::use_app;
use crate::text::{shown_msg, Msg};
use crate::web;
use crate::web::locks::with_lock;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn DemoTools() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // Read again whenever the clock is (this tab's tools or another tab's move it).
    let offset_min = Memo::new(move |_| {
        app.now.track();
        web::env().clock.offset.get() / MINUTE
    });
    let error = RwSignal::new(None::<Msg>);
    let advance = move |minutes: i64| {
        spawn_local(async move {
            // Read-modify-write of the shared offset: another tab may have moved it meanwhile.
            let result = with_lock(move || {
                let env = web::env();
                let offset =
                    env.store.clock_offset().unwrap_or(env.clock.offset.get()) + minutes * MINUTE;
                env.store.set_clock_offset(offset).map(|()| offset)
            })
            .await;
            match result {
                Ok(offset) => {
                    web::env().clock.offset.set(offset);
                    app.refresh_now();
                    error.set(None);
                }
                Err(_) => error.set(Some(msg!(error_storage_write))),
            }
        });
    };
    let revealed = RwSignal::new(false);
    // A new image hides the answer again.
    Effect::new(move |_| {
        app.captcha_answer.track();
        revealed.set(false);
    });
    let confirm_open = RwSignal::new(false);
    let erase = move |_| {
        let _ = web::session().clear_all();
        spawn_local(async move {
            match with_lock(|| web::env().store.erase_all()).await {
                Ok(()) => {
                    let _ = web_sys::window().map(|w| w.location().replace(&web::href("/")));
                }
                Err(_) => {
                    confirm_open.set(false);
                    error.set(Some(msg!(error_storage_write)));
                }
            }
        });
    };
    view! {
        <section class="side-panel demo-tools" aria-labelledby="demo-tools-heading">
            <h2 id="demo-tools-heading">{tr!(i18n, demo_tools_heading)}</h2>
            <p class="muted small">{tr!(i18n, demo_tools_note)}</p>
            <div class="tool-row" role="group" aria-labelledby="demo-clock-label">
                <p id="demo-clock-label" class="tool-label">
                    {move || crate::text::fill(t_string!(i18n, demo_clock_label), &[("minutes", offset_min.get().to_string())])}
                </p>
                <button type="button" class="btn-small" on:click=move |_| advance(1)>
                    {tr!(i18n, demo_clock_1)}
                </button>
                <button type="button" class="btn-small" on:click=move |_| advance(10)>
                    {tr!(i18n, demo_clock_10)}
                </button>
                <button type="button" class="btn-small" on:click=move |_| advance(60)>
                    {tr!(i18n, demo_clock_60)}
                </button>
            </div>
            <div class="tool-row">
                <button
                    type="button"
                    class="btn-small"
                    aria-expanded=move || revealed.get().to_string()
                    disabled=move || app.captcha_answer.with(Option::is_none)
                    on:click=move |_| revealed.update(|r| *r = !*r)
                >
                    {tr!(i18n, demo_reveal_captcha)}
                </button>
                <Show when=move || revealed.get()>
                    <output class="captcha-answer" aria-live="polite">
                        {tr!(i18n, demo_captcha_answer)}
                        " "
                        <strong>{move || app.captcha_answer.get().unwrap_or_default()}</strong>
                    </output>
                </Show>
            </div>
            <div class="tool-row">
                <button type="button" class="btn-small btn-danger" on:click=move |_| confirm_open.set(true)>
                    {tr!(i18n, demo_erase)}
                </button>
            </div>
            <p class="field-error" role="alert">{shown_msg(i18n, error)}</p>
            <Backup />
            <StorageProblems />
            <Dialog open=confirm_open labelledby="erase-heading">
                <h2 id="erase-heading">{tr!(i18n, demo_erase_confirm_title)}</h2>
                <p>{tr!(i18n, demo_erase_confirm_body)}</p>
                <DialogActions open=confirm_open>
                    <button type="button" class="btn btn-primary" on:click=erase>
                        {tr!(i18n, demo_erase_confirm)}
                    </button>
                </DialogActions>
            </Dialog>
        </section>
    }
}
