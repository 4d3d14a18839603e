//! Sign up (Method 3): one step at a time, each step's URL `?step=…` so back and forward move
//! between steps; the flow is saved per tab on every change, so a reload resumes it.

mod check;
mod code;
pub mod details;
mod done;
pub mod password;

use super::AuthTabs;
use crate::core::signup::{SignupFlow, Step};
use crate::i18n::*;
use crate::web;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

/// What every step gets: the flow and a way to move to another step.
#[derive(Clone, Copy)]
pub struct Flow {
    pub state: RwSignal<SignupFlow>,
    pub go: Callback<Step>,
}

/// The step the URL asks for (`?step=…`).
fn step_in(query: &ParamsMap) -> Option<Step> {
    query.get("step").and_then(|s| Step::from_slug(&s))
}

#[component]
pub fn SignUp() -> impl IntoView {
    crate::components::shell::with_banner();
    let i18n = use_i18n();
    let query = use_query_map();
    let requested = move || query.with(step_in);
    // A finished sign-up stays on screen through reloads of its page; coming back to /signup
    // any other way (the tab, a link) starts a new one.
    let state = RwSignal::new(
        web::session()
            .signup_flow()
            .filter(|f| f.step != Step::Done || query.with_untracked(step_in) == Some(Step::Done))
            .unwrap_or_else(|| SignupFlow::new(web::guess_region())),
    );
    // Saved on every change; the flow never holds the password.
    Effect::new(move |_| {
        state.with(|f| {
            let _ = web::session().set_signup_flow(f);
        })
    });
    let visible = Memo::new(move |_| state.with(|f| f.visible(requested())));
    let navigate = use_navigate();
    let go = {
        let navigate = navigate.clone();
        Callback::new(move |step: Step| {
            // The router prefixes its base to navigations itself (unlike `<A>` hrefs).
            navigate(
                &format!("/signup?step={}", step.slug()),
                NavigateOptions::default(),
            )
        })
    };
    // The address names the step on screen. A bare /signup, or a ?step= the flow cannot show (a
    // link to a later step, Back past "Account created"), is replaced by the step shown, so the
    // two never disagree and Back from the next step returns here. Checked when the address
    // changes, not the flow: a step's own move changes both, the address a moment later. After
    // the paint: on a cold load the router's work would otherwise delay the form.
    Effect::new(move || {
        let step = visible.get_untracked();
        if requested() != Some(step) {
            let navigate = navigate.clone();
            crate::components::first_paint::after_first_paint(move || {
                // Only if still so: the page may be gone, or the address changed, by then.
                if visible.try_get_untracked() == Some(step)
                    && query.try_with_untracked(step_in) != Some(Some(step))
                {
                    navigate(
                        &format!("/signup?step={}", step.slug()),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    )
                }
            });
        }
    });
    let flow = Flow { state, go };
    // The step on screen follows `visible` one task later, so a step change is two tasks: the
    // submit with its navigation (history entry, the router's updates), then taking the old
    // step down and drawing the new one. Together they made one task of 60–95 ms on a busy
    // machine (issue 6 allows none over 50 ms); nothing is drawn in between.
    let shown = RwSignal::new(visible.get_untracked());
    Effect::new(move || {
        if visible.get() != shown.get_untracked() {
            set_timeout(
                move || {
                    // The page may be gone (navigated away), or back at the step shown, by now.
                    if let (Some(step), Some(now)) =
                        (visible.try_get_untracked(), shown.try_get_untracked())
                    {
                        if step != now {
                            shown.set(step);
                        }
                    }
                },
                std::time::Duration::ZERO,
            );
        }
    });
    let shown = Signal::from(shown);
    // Focus the step's first field when the step changes (not on first load).
    Effect::new(move |prev: Option<Step>| {
        let step = shown.get();
        if prev.is_some_and(|p| p != step) {
            crate::components::focus::focus_first_field_in(".signup");
        }
        step
    });
    view! {
        <Title text=tr!(i18n, title_sign_up) />
        <section class="card signup" aria-labelledby="page-heading">
            <Show when=move || shown.get() != Step::Done>
                <AuthTabs />
            </Show>
            <StepIndicator visible=shown />
            {move || match shown.get() {
                Step::Details => view! { <details::Details flow /> }.into_any(),
                Step::Check => view! { <check::Check flow /> }.into_any(),
                Step::Code => view! { <code::Code flow /> }.into_any(),
                Step::Password => view! { <password::Password flow /> }.into_any(),
                Step::Done => view! { <done::Done flow /> }.into_any(),
            }}
        </section>
    }
}

/// "Change phone number or email": back to the first step, keeping what was typed.
#[component]
fn ChangeIdentifier(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="link-button"
            on:click=move |_| {
                flow.state.update(|f| f.edit_details());
                flow.go.run(Step::Details);
            }
        >
            {tr!(i18n, change_identifier)}
        </button>
    }
}

#[component]
fn StepIndicator(visible: Signal<Step>) -> impl IntoView {
    let i18n = use_i18n();
    let number = move || match visible.get() {
        Step::Details => 1,
        Step::Check | Step::Code => 2,
        Step::Password => 3,
        Step::Done => 4,
    };
    view! {
        <p class="step-indicator muted small">
            {move || crate::text::fill(t_string!(i18n, signup_step_of), &[("n", number().to_string()), ("total", "4".into())])}
        </p>
    }
}
