//! Six single-digit boxes for a verification code: typing a digit fills (or replaces) the box and
//! advances, Backspace on an empty box goes back, pasting a whole code fills every box. The value
//! is the joined digits.

use crate::core::codes::CODE_DIGITS;
use crate::core::identifier::ascii_digit;

use crate::text::Msg;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub const BOXES: usize = 6;

/// The id of the first empty box of a code typed as `value` in the boxes of `group` (ids
/// `{group}-0`…): where "Enter all 6 digits" sends the focus.
fn empty_box(group: &str, value: &str) -> String {
    let i = value
        .chars()
        .position(|c| c == ' ')
        .unwrap_or(value.chars().count())
        .min(BOXES - 1);
    format!("{group}-{i}")
}

/// Whether every box of `group` holds a digit. If not, `error` says "Enter all 6 digits of the
/// code" and the focus goes to the first empty box: part of a code is never checked, where it
/// would only use up an attempt.
pub fn whole_code(group: &str, value: RwSignal<String>, error: RwSignal<Option<Msg>>) -> bool {
    let typed = value.get_untracked();
    if typed.replace(' ', "").len() == CODE_DIGITS {
        return true;
    }
    error.set(Some(msg!(error_code_incomplete)));
    crate::components::focus::focus_id(empty_box(group, &typed));
    false
}

fn focus_box(group: &str, i: usize) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("{group}-{i}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
        el.select();
    }
}

#[component]
pub fn CodeInput(
    /// Id prefix; box i has id `{id}-{i}`.
    id: &'static str,
    value: RwSignal<String>,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let digit =
        move |i: usize| value.with(|v| v.chars().nth(i).map(String::from).unwrap_or_default());
    // Writes digits starting at box `i`, keeping the others; returns where the cursor ends.
    let write = move |i: usize, digits: &str| -> usize {
        let mut cells: Vec<char> = value.with(|v| v.chars().collect());
        cells.resize(BOXES, ' ');
        let mut at = i;
        // Full-width digits too, as CJK input methods type them.
        for d in digits.chars().filter_map(ascii_digit) {
            if at >= BOXES {
                break;
            }
            cells[at] = d;
            at += 1;
        }
        value.set(cells.into_iter().collect::<String>().trim_end().to_string());
        at
    };
    // Empties box `i`, keeping the digits after it in their boxes.
    let clear = move |i: usize| {
        let mut cells: Vec<char> = value.with(|v| v.chars().collect());
        if i < cells.len() {
            cells[i] = ' ';
        }
        value.set(cells.into_iter().collect::<String>().trim_end().to_string());
    };
    let ticking = crate::components::field::only_ticking(error);
    let error_id = format!("{id}-error");
    view! {
        <fieldset class="code-input" class:field-invalid=move || error.with(Option::is_some)>
            <legend>{label}</legend>
            <div class="code-boxes" dir="ltr">
                {(0..BOXES)
                    .map(|i| {
                        let error_id = error_id.clone();
                        view! {
                            <input
                                id=format!("{id}-{i}")
                                class="code-box"
                                type="text"
                                inputmode="numeric"
                                autocomplete=if i == 0 { "one-time-code" } else { "off" }
                                maxlength=if i == 0 { 6 } else { 1 }
                                aria-label=move || format!("{} {}", label.get(), i + 1)
                                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                                aria-describedby=error_id
                                prop:value=move || digit(i).trim().to_string()
                                on:input=move |ev: ev::Event| {
                                    let typed = event_target_value(&ev);
                                    if typed.is_empty() {
                                        clear(i);
                                        return;
                                    }
                                    let end = write(i, &typed);
                                    // Show only the digit that belongs in this box.
                                    if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                        t.set_value(digit(i).trim());
                                    }
                                    if end > i {
                                        focus_box(id, end.min(BOXES - 1));
                                    }
                                }
                                // A click puts the caret after a filled box's digit; selected,
                                // the next digit typed replaces it (on touch keyboards too).
                                on:click=move |ev: ev::MouseEvent| {
                                    if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                        t.select();
                                    }
                                }
                                on:keydown=move |ev: ev::KeyboardEvent| {
                                    let key = ev.key();
                                    // A digit typed into a filled box replaces it wherever the
                                    // caret is (a full box would refuse it, or box 1 would shift
                                    // the rest along), then moves on.
                                    // (In any script ascii_digit reads.)
                                    let mut chars = key.chars();
                                    let one_digit = matches!(
                                        (chars.next(), chars.next()),
                                        (Some(c), None) if ascii_digit(c).is_some()
                                    );
                                    if one_digit && !(ev.ctrl_key() || ev.meta_key() || ev.alt_key()) {
                                        ev.prevent_default();
                                        let end = write(i, &key);
                                        focus_box(id, end.min(BOXES - 1));
                                        return;
                                    }
                                    match key.as_str() {
                                        "Backspace" if digit(i).trim().is_empty() && i > 0 => {
                                            ev.prevent_default();
                                            clear(i - 1);
                                            focus_box(id, i - 1);
                                        }
                                        "ArrowLeft" if i > 0 => focus_box(id, i - 1),
                                        "ArrowRight" if i + 1 < BOXES => focus_box(id, i + 1),
                                        _ => {}
                                    }
                                }
                                on:paste=move |ev: ev::ClipboardEvent| {
                                    let text = ev
                                        .clipboard_data()
                                        .and_then(|d| d.get_data("text").ok())
                                        .unwrap_or_default();
                                    if text.chars().any(|c| ascii_digit(c).is_some()) {
                                        ev.prevent_default();
                                        let end = write(0, &text);
                                        focus_box(id, end.min(BOXES - 1));
                                    }
                                }
                            />
                        }
                    })
                    .collect_view()}
            </div>
            <p class="field-error" id=format!("{id}-error") role=move || (!ticking.get()).then_some("alert")>
                {move || error.get()}
            </p>
        </fieldset>
    }
}
