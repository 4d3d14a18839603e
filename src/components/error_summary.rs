//! The error summary of a form that can fail in more than one field at once: a box above the
//! form that says how many problems there are and lists them, each a button that moves the
//! focus to its field. A failed submit moves the focus to the summary when it lists two or
//! more, and straight to the field when there is only one (see [`focus_after_submit`]).

use crate::components::focus::focus_id;
use crate::i18n::*;
use crate::text::{fill, Msg};
use leptos::prelude::*;

/// One problem: the id of the field it belongs to and its message.
pub type FieldError = (&'static str, String);

/// The problems of `fields` (each a field's id and its message signal), in that order and in the
/// current language: what [`ErrorSummary`] lists and [`focus_after_submit`] reads.
pub fn field_errors<const N: usize>(
    fields: [(&'static str, RwSignal<Option<Msg>>); N],
) -> Signal<Vec<FieldError>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let locale = i18n.get_locale();
        fields
            .iter()
            .filter_map(|(id, e)| e.with(|e| e.as_ref().map(|e| (*id, e.text(locale)))))
            .collect()
    })
}

#[component]
pub fn ErrorSummary(
    /// The summary's id (the focus goes here after a failed submit).
    id: &'static str,
    /// The problems, in the order of their fields.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("{id}-title");
    view! {
        <Show when=move || errors.with(|e| e.len() > 1)>
            // role=alert: it is announced when it appears, wherever the focus is.
            <div id=id class="form-error error-summary" role="alert" tabindex="-1" aria-labelledby=title_id.clone()>
                <p id=title_id.clone() class="error-summary-title">
                    {move || fill(t_string!(i18n, form_problems), &[("n", errors.with(Vec::len).to_string())])}
                </p>
                <ul class="error-summary-list">
                    {move || {
                        errors
                            .get()
                            .into_iter()
                            .map(|(field, message)| {
                                view! {
                                    <li>
                                        <button type="button" class="link-button" on:click=move |_| focus_id(field)>
                                            {message}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// After a failed submit: the focus goes to the summary `summary_id` when there are two or more
/// problems, else to the one field that has a problem.
pub fn focus_after_submit(summary_id: &'static str, errors: &[FieldError]) {
    match errors {
        [] => {}
        [(field, _)] => focus_id(*field),
        _ => focus_id(summary_id),
    }
}
