//! The site's 60 px text field with a floating label, and its error line tied to it for
//! assistive technology (aria-describedby, aria-invalid).

use leptos::prelude::*;

/// Whether `message` is only counting down now ("Try again in 0:59" after "1:00"). Its alert
/// then steps aside: one re-read every second would drown everything else for a screen reader,
/// which heard the message when it came.
pub fn only_ticking(message: Signal<Option<String>>) -> Memo<bool> {
    let last = StoredValue::new(None::<String>);
    Memo::new(move |was: Option<&bool>| {
        let now = message.get();
        let before = last.get_value();
        last.set_value(now.clone());
        match (before, now) {
            (Some(b), Some(n)) if b == n => was.copied().unwrap_or(false),
            (Some(b), Some(n)) => crate::text::same_but_digits(&b, &n),
            _ => false,
        }
    })
}

#[component]
pub fn TextField(
    /// The input's id; the label and error derive theirs from it.
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// "text", "password", …; a signal where it changes (show/hide password) so the field,
    /// and what it knows about its message, is not rebuilt.
    #[prop(into, default = Signal::stored("text"))]
    input_type: Signal<&'static str>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(default = 64)] maxlength: u32,
    /// Something shown at the start of the field, such as "+86".
    #[prop(optional, into)]
    prefix: Option<Signal<String>>,
    /// Controls shown at the end of the field (e.g. show/hide).
    #[prop(optional)]
    suffix: Option<AnyView>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// Whether the error line announces itself (aria-live). A form with an [`ErrorSummary`]
    /// turns it off so each message is read once, from the summary.
    ///
    /// [`ErrorSummary`]: crate::components::error_summary::ErrorSummary
    #[prop(default = true)]
    live: bool,
    /// The id of a message elsewhere that says what is wrong with this field (one with a link,
    /// which the error line cannot hold); while set, the field is marked invalid and described
    /// by it.
    #[prop(optional, into)]
    problem: Option<Signal<Option<&'static str>>>,
) -> impl IntoView {
    // A message is about the value it was given for: once the user changes the value it no
    // longer applies and is hidden, until the message is set again (a submit, a button that
    // checks, a lockout's countdown) or the form is submitted. Not where an error summary
    // lists the form's errors (`live` off): the summary and the field must agree.
    let edited = RwSignal::new(false);
    Effect::new(move |_| {
        error.track();
        edited.set(false);
    });
    let input_ref = NodeRef::<leptos::html::Input>::new();
    // Submit bubbles from the form to the window, after the page's own handler set its message
    // (which may be a memo that did not change, so did not notify).
    let submits = window_event_listener(leptos::ev::submit, move |ev| {
        let form = input_ref
            .get_untracked()
            .and_then(|i| i.closest("form").ok().flatten());
        let target = ev.target().map(wasm_bindgen::JsValue::from);
        if form.is_some_and(|f| target.as_ref() == Some(f.as_ref())) {
            edited.set(false);
        }
    });
    on_cleanup(move || submits.remove());
    let error = Signal::derive(move || {
        if live && edited.get() {
            None
        } else {
            error.get()
        }
    });
    let ticking = only_ticking(error);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let problem_id = move || problem.and_then(|p| p.get());
    let invalid = move || error.with(Option::is_some) || problem_id().is_some();
    let described = move || {
        let mut ids = Vec::new();
        if error.with(Option::is_some) {
            ids.push(error_id.clone());
        }
        if let Some(p) = problem_id() {
            ids.push(p.to_owned());
        }
        if has_hint {
            ids.push(hint_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <div class="field-box">
                {prefix.map(|p| view! {
                    <Show when=move || p.with(|p| !p.is_empty())>
                        <span class="field-prefix">{p}</span>
                    </Show>
                })}
                <div class="field-control">
                    <input
                        id=id
                        node_ref=input_ref
                        type=move || input_type.get()
                        placeholder=" "
                        autocomplete=autocomplete
                        inputmode=inputmode
                        maxlength=maxlength
                        spellcheck="false"
                        aria-invalid=move || if invalid() { "true" } else { "false" }
                        aria-describedby=described
                        prop:value=move || value.get()
                        on:input=move |ev| {
                            edited.set(live);
                            value.set(event_target_value(&ev));
                        }
                    />
                    <label for=id>{label}</label>
                </div>
                {suffix}
            </div>
            {hint.map(|h| view! { <p class="field-hint" id=format!("{id}-hint")>{h}</p> })}
            <p
                class="field-error"
                id=format!("{id}-error")
                role=move || (live && !ticking.get()).then_some("alert")
                aria-live=move || (live && !ticking.get()).then_some("assertive")
            >
                {move || error.get()}
            </p>
        </div>
    }
}

/// A password field that follows a shared show/hide switch (see [`ShowPasswordToggle`]).
#[component]
pub fn PasswordField(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    shown: RwSignal<bool>,
    autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// See [`TextField`]'s `live`.
    #[prop(default = true)]
    live: bool,
) -> impl IntoView {
    let kind = Signal::derive(move || if shown.get() { "text" } else { "password" });
    match hint {
        Some(hint) => view! {
            <TextField id label value error input_type=kind autocomplete maxlength=64 hint live />
        }
        .into_any(),
        None => view! {
            <TextField id label value error input_type=kind autocomplete maxlength=64 live />
        }
        .into_any(),
    }
}

/// "Show password" / "Hide password" for the password fields sharing `shown`.
#[component]
pub fn ShowPasswordToggle(shown: RwSignal<bool>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <button
            type="button"
            class="field-toggle"
            aria-pressed=move || shown.get().to_string()
            on:click=move |_| shown.update(|s| *s = !*s)
        >
            {move || {
                if shown.get() {
                    crate::i18n::t_string!(i18n, hide_password)
                } else {
                    crate::i18n::t_string!(i18n, show_password)
                }
            }}
        </button>
    }
}

/// The account a password form is for, for password managers (they save a new password with its
/// account name, and warn about a password form without one): hidden, read-only, out of the tab
/// order and of the accessibility tree. It holds the name normalised as sign-in reads it
/// ("+8613812345678", a lower-cased email, an Account ID).
/// The account is known when the form is drawn and does not change while it is up.
#[component]
pub fn UsernameHint(value: String) -> impl IntoView {
    // A maxlength like every field's (an email's longest), though nobody types here.
    view! {
        <input type="text" hidden readonly tabindex="-1" autocomplete="username" maxlength="254" value=value />
    }
}
