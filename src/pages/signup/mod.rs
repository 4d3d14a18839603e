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
use std::time::Duration;

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
    // A step change takes three tasks: the submit with its navigation (history entry, the
    // router's updates); building the next step, hidden, beside the one on screen; then
    // showing it and taking the old one down. In one task the last two took 60–95 ms on a busy
    // two-core machine, in two up to 110 ms at half its speed (issue 6 allows none over 50 ms).
    // Nothing half-built is ever painted: between the tasks the old step is still whole.
    let shown = RwSignal::new(visible.get_untracked());
    // Two places for a step, so the next one can be built while the current one stays.
    let slots = [
        RwSignal::new(Some(shown.get_untracked())),
        RwSignal::new(None),
    ];
    Effect::new(move || {
        if visible.get() != shown.get_untracked() {
            set_timeout(move || build_next(visible, shown, slots), Duration::ZERO);
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
            <div class="signup-step" hidden=hidden(slots[0], shown)>{held(slots[0], flow)}</div>
            <div class="signup-step" hidden=hidden(slots[1], shown)>{held(slots[1], flow)}</div>
        </section>
    }
}

/// Whether a place for a step is hidden: unless it holds the step shown.
fn hidden(slot: RwSignal<Option<Step>>, shown: Signal<Step>) -> impl Fn() -> bool + Copy {
    move || slot.get() != Some(shown.get())
}

/// The step a place for one holds.
fn held(slot: RwSignal<Option<Step>>, flow: Flow) -> impl Fn() -> Option<AnyView> + Copy {
    move || slot.get().map(|step| step_view(step, flow))
}

fn step_view(step: Step, flow: Flow) -> AnyView {
    match step {
        Step::Details => view! { <details::Details flow /> }.into_any(),
        Step::Check => view! { <check::Check flow /> }.into_any(),
        Step::Code => view! { <code::Code flow /> }.into_any(),
        Step::Password => view! { <password::Password flow /> }.into_any(),
        Step::Done => view! { <done::Done flow /> }.into_any(),
    }
}

/// The first task after a step change: the step the address now asks for is built, hidden, in
/// the slot the step on screen does not use; the next task shows it.
fn build_next(visible: Memo<Step>, shown: RwSignal<Step>, slots: [RwSignal<Option<Step>>; 2]) {
    // The page may be gone (navigated away) by now.
    let (Some(step), Some(now)) = (visible.try_get_untracked(), shown.try_get_untracked()) else {
        return;
    };
    if step != now && !slots.iter().any(|s| s.get_untracked() == Some(step)) {
        if let Some(free) = slots.iter().find(|s| s.get_untracked() != Some(now)) {
            free.set(Some(step));
        }
    }
    set_timeout(move || show_next(visible, shown, slots), Duration::ZERO);
}

/// The second task: the step the address asks for, if built, is shown and every other one is
/// taken down (the old step, or one built for an address changed again meanwhile).
fn show_next(visible: Memo<Step>, shown: RwSignal<Step>, slots: [RwSignal<Option<Step>>; 2]) {
    let Some(step) = visible.try_get_untracked() else {
        return;
    };
    // Not built: the address changed again after this change's build; that change's own
    // tasks follow.
    if !slots.iter().any(|s| s.get_untracked() == Some(step)) {
        return;
    }
    shown.set(step);
    for slot in slots {
        if slot.get_untracked().is_some_and(|s| s != step) {
            slot.set(None);
        }
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
