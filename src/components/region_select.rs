//! The country/region picker of the sign-up form: a 60 px field with the chosen region's name on
//! the left and its calling code on the right; opening it shows a search box over a listbox, the
//! "Common" group first, then every region A–Z. The list is in the DOM only while open.
//!
//! Accessibility follows the WAI-ARIA combobox pattern with a listbox popup. The field is a
//! `<button role="combobox">`; opening it moves focus into the search box, itself a combobox
//! (`aria-autocomplete="list"`) that owns `aria-activedescendant`, so options never take focus.
//!
//! Keys on the closed field: Down, Up (Alt+Down too) open at the chosen region, Home/End open at
//! the first/last option, Enter, Space or a click open. A printable character opens the list with
//! that character already typed in the search box: type-ahead *is* the search box, every further
//! key goes there, so there is no separate first-letter jump.
//! Keys in the search box: Down/Up move the active option (no wrap), PageDown/PageUp by ten,
//! Home/End to the first/last option, Enter chooses it and closes, Escape closes without
//! choosing (both put focus back on the field), Tab closes and moves on. Typing filters by name,
//! ISO code or calling code (with or without "+") and makes the best match active.
//! Mouse: a click on an option chooses it; focus leaving the widget closes it.
//!
//! The options are plain markup, not reactive views: about 250 rows with three bindings each took
//! 60–180 ms to create on opening and were rebuilt on every key typed in the search box (issue
//! 6: no main-thread task over 50 ms). The list's HTML is written as one string and set in one
//! step when it opens and when its content changes (search, language, groups); the active row
//! is the only thing that changes often, and one effect moves its class from the old row to the
//! new; one listener on the list handles clicks on any row. Opening draws the "Common" group and
//! the rows around the active one only, the rest a task later (see `first_drawn`).

use crate::core::regions::{self, Names, Region};
use crate::i18n::*;
use crate::lang;
use leptos::ev::{Event, FocusEvent, KeyboardEvent, MouseEvent};
use leptos::html;
use leptos::prelude::*;
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use wasm_bindgen::JsCast;

static ENGLISH: LazyLock<Arc<Names>> = LazyLock::new(|| Arc::new(Names::english()));

/// The region names of the current UI language, shared by every picker and page. English is
/// built in; another language's names are a file (`data/regions/<tag>.json`, about 2.5 KB gzip
/// each) that `lang::load` fetches with that language's text, so they are here when the page
/// switches to it and no visitor downloads names they never see.
#[derive(Clone, Copy)]
pub struct RegionNames(Signal<Arc<Names>>);

impl RegionNames {
    /// The current names (tracked).
    pub fn get(self) -> Arc<Names> {
        self.0.get()
    }
}

/// Provides [`RegionNames`], which follows the UI language in the same step as the text (it is
/// derived from the language, not set after it). Called once by the app, inside the i18n
/// context.
pub fn provide_region_names() {
    let i18n = use_i18n();
    // Bumped when names missing at the switch arrive later.
    let arrived = RwSignal::new(0u32);
    let names = Signal::derive(move || {
        arrived.track();
        lang::region_names(i18n.get_locale()).unwrap_or_else(|| ENGLISH.clone())
    });
    Effect::new(move || {
        let locale = i18n.get_locale();
        if locale == Locale::default() || lang::region_names(locale).is_some() {
            return;
        }
        // They could not be had with the text: English names stand in (the page stays usable)
        // while they are tried once more.
        let loading = lang::load_region_names(locale);
        leptos::task::spawn_local(async move {
            match loading.await {
                Ok(_) => arrived.update(|n| *n += 1),
                Err(e) => leptos::logging::warn!("{e}"),
            }
        });
    });
    provide_context(RegionNames(names));
}

/// The current names: from the app's [`RegionNames`], or English where there is none (a
/// component mounted on its own, as in tests).
pub fn region_names() -> Signal<Arc<Names>> {
    match use_context::<RegionNames>() {
        Some(n) => n.0,
        None => Signal::stored(ENGLISH.clone()),
    }
}

/// The name shown for a region in the current language (tracked, so call it inside a reactive
/// closure to follow language switches).
pub fn region_name(r: &Region) -> String {
    match use_context::<RegionNames>() {
        Some(n) => n.0.with(|names| names.name(r).to_owned()),
        None => r.name.to_owned(),
    }
}

/// Where a key moves the active option.
#[derive(Clone, Copy)]
enum Target {
    Chosen,
    First,
    Last,
    By(isize),
}

/// The active option after moving to `t` from `from` in a list of `len` options, where the chosen
/// region sits at `chosen`. `None` only when the list is empty.
fn step(t: Target, from: Option<usize>, len: usize, chosen: Option<usize>) -> Option<usize> {
    let last = len.checked_sub(1)?;
    Some(match t {
        Target::Chosen => chosen.unwrap_or(0).min(last),
        Target::First => 0,
        Target::Last => last,
        Target::By(d) => match from {
            None if d > 0 => 0,
            None => last,
            Some(i) => i.saturating_add_signed(d).min(last),
        },
    })
}

/// The rows drawn when the list opens, past the "Common" group (by index in the options on
/// show): `FIRST_ROWS` from the returned index. A screenful before the active option (`None`:
/// the first), as the list shows about seven rows and the active one may be at the bottom, and
/// more after it for keys pressed before the rest come.
fn first_rows(active: Option<usize>, common: usize) -> usize {
    active.unwrap_or(0).saturating_sub(8).max(common)
}

const FIRST_ROWS: usize = 24;

/// Whether the row at `i` is drawn: every row once `first` is `None`, else the "Common" group
/// and [`FIRST_ROWS`] from `first`.
fn is_drawn(i: usize, common: usize, first: Option<usize>) -> bool {
    i < common || first.is_none_or(|f| (f..f + FIRST_ROWS).contains(&i))
}

/// Keeps element ids unique when a page shows more than one picker.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn RegionSelect(
    selected: RwSignal<&'static Region>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// Sign-up's note under the selector: the region cannot be changed after registration.
    #[prop(optional)]
    sign_up_note: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let id = move |part: &str| format!("region{n}-{part}");
    let option_id = move |i: usize| format!("region{n}-o{i}");

    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(None::<usize>);
    // Which rows are drawn. Opening draws the "Common" group and the rows around the active
    // one, whose neighbours then fill the view as they will once every row is there; the rest
    // follow in a task of their own. All 260 rows' markup, style and layout with the popup's
    // views made one task of 35–76 ms on a two-core machine (issue 6: none over 50 ms); in the
    // next animation frame instead, the frame's task still took them together. `Some(i)`: the
    // first draw, from row `i` ([`first_rows`]); `None`: every row. (An `Option<usize>` like
    // `active`, so no signal type of its own is compiled in.)
    let first_drawn = RwSignal::new(None::<usize>);
    let root = NodeRef::<html::Div>::new();
    let field = NodeRef::<html::Button>::new();
    let search = NodeRef::<html::Input>::new();
    let listbox = NodeRef::<html::Div>::new();

    let names = region_names();
    // The options on show, and how many leading ones form the "Common" group (0: plain results).
    // The full list follows the current language's alphabetical order.
    let items = Memo::new(move |_| {
        let names = names.get();
        let q = query.read();
        if q.trim().is_empty() {
            let mut v = regions::common();
            let common = v.len();
            v.extend(names.sorted());
            (v, common)
        } else {
            (regions::search(&q, &names), 0)
        }
    });
    let name = move |r: &Region| names.with(|n| n.name(r).to_owned());

    let move_to = move |t: Target| {
        let code = selected.get_untracked().code;
        let (len, chosen) =
            items.with_untracked(|(v, _)| (v.len(), v.iter().position(|r| r.code == code)));
        active.set(step(t, active.get_untracked(), len, chosen));
    };
    let show = move |q: String, t: Target| {
        if disabled.get_untracked() {
            return;
        }
        query.set(q);
        active.set(None);
        move_to(t);
        let common = items.with_untracked(|(_, common)| *common);
        first_drawn.set(Some(first_rows(active.get_untracked(), common)));
        set_timeout(
            move || {
                if open.try_get_untracked() == Some(true) {
                    first_drawn.set(None);
                }
            },
            std::time::Duration::ZERO,
        );
        open.set(true);
    };
    let close = move |refocus: bool| {
        if refocus {
            if let Some(f) = field.get_untracked() {
                let _ = f.focus();
            }
        }
        if open.get_untracked() {
            open.set(false);
            query.set(String::new());
            active.set(None);
        }
    };
    let choose = move |r: &'static Region| {
        selected.set(r);
        close(true);
    };

    let on_key = move |ev: KeyboardEvent| {
        let key = ev.key();
        let modified = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
        let t = if !open.get_untracked() {
            match key.as_str() {
                "ArrowDown" | "ArrowUp" => Target::Chosen,
                "Home" => Target::First,
                "End" => Target::Last,
                k if !modified && k != " " && k.chars().count() == 1 => {
                    ev.prevent_default();
                    show(k.to_string(), Target::First);
                    return;
                }
                _ => return,
            }
        } else {
            match key.as_str() {
                "ArrowDown" => Target::By(1),
                "ArrowUp" => Target::By(-1),
                "PageDown" => Target::By(10),
                "PageUp" => Target::By(-10),
                "Home" if !modified && !ev.shift_key() => Target::First,
                "End" if !modified && !ev.shift_key() => Target::Last,
                "Enter" => {
                    ev.prevent_default();
                    let i = active.get_untracked();
                    if let Some(r) =
                        i.and_then(|i| items.with_untracked(|(v, _)| v.get(i).copied()))
                    {
                        choose(r);
                    }
                    return;
                }
                "Escape" => {
                    ev.prevent_default();
                    close(true);
                    return;
                }
                "Tab" => {
                    close(false);
                    return;
                }
                _ => return,
            }
        };
        ev.prevent_default();
        if open.get_untracked() {
            move_to(t);
        } else {
            show(String::new(), t);
        }
    };

    // Focus leaving the whole widget (a click elsewhere, Tab) closes the list.
    let on_focusout = move |ev: FocusEvent| {
        // Chrome sends focusout when the focused field is removed with its step (Back/Forward
        // while the picker has the focus); by then this picker's signals are gone.
        if open.try_get_untracked().is_none() {
            return;
        }
        let to = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside =
            matches!((root.get_untracked(), to), (Some(r), Some(to)) if r.contains(Some(&to)));
        if !inside {
            close(false);
        }
    };

    // Opening moves focus into the search box.
    Effect::new(move || {
        if let Some(el) = search.get() {
            let _ = el.focus();
        }
    });
    // Keeps the active option in view; the rows must be in the list.
    let scroll_to_active = move || {
        let (Some(i), Some(list)) = (active.get_untracked(), listbox.get_untracked()) else {
            return;
        };
        let Some(opt) = document()
            .get_element_by_id(&option_id(i))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let (top, bottom) = (opt.offset_top(), opt.offset_top() + opt.offset_height());
        let (from, height) = (list.scroll_top(), list.client_height());
        if i == 0 || top < from {
            list.set_scroll_top(if i == 0 { 0 } else { top });
        } else if bottom > from + height {
            list.set_scroll_top(bottom - height);
        }
    };

    // The list's markup: the same rows a view would make, as one string (see the module
    // comment). Rebuilt when the rows drawn, the options, the names, the chosen region or the
    // group labels change; the active row is read, not tracked (the effect below moves it).
    let list_html = move || {
        let first = first_drawn.get();
        let names = names.get();
        let chosen = selected.get().code;
        let act = active.get_untracked();
        let (common_label, all_label) =
            (t_string!(i18n, region_common), t_string!(i18n, region_all));
        items.with(|(v, common)| {
            let mut html = String::with_capacity(200 + v.len() * 190);
            let draw_rows = |html: &mut String, from: usize, to: usize| {
                for (i, r) in v.iter().enumerate().take(to).skip(from) {
                    if !is_drawn(i, *common, first) {
                        continue;
                    }
                    let _ = write!(
                        html,
                        r#"<li role="option" id="region{n}-o{i}" class="region-option{}" aria-selected="{}"><span class="region-name">"#,
                        if act == Some(i) { " active" } else { "" },
                        r.code == chosen,
                    );
                    escape_into(html, names.name(r));
                    // Calling codes read left to right in every language ("+86", never "86+").
                    let _ = write!(
                        html,
                        r#"</span><span class="region-dial" dir="ltr">{}</span></li>"#,
                        r.dial_label()
                    );
                }
            };
            if *common > 0 {
                for (part, label, from, to) in [
                    ("common", common_label, 0, *common),
                    ("all", all_label, *common, v.len()),
                ] {
                    let _ = write!(
                        html,
                        r#"<ul role="group" class="region-group" aria-labelledby="region{n}-{part}"><li role="presentation" id="region{n}-{part}" class="region-group-label">"#
                    );
                    escape_into(&mut html, label);
                    html.push_str("</li>");
                    draw_rows(&mut html, from, to);
                    html.push_str("</ul>");
                }
            } else {
                html.push_str(r#"<ul role="presentation" class="region-group">"#);
                draw_rows(&mut html, 0, v.len());
                html.push_str("</ul>");
            }
            html
        })
    };
    // Set here rather than by a reactive `inner_html`, so the active row can be scrolled to in
    // the same step, before the frame is painted.
    // The ref keeps a closed popup's list, out of the page: nothing is drawn there.
    Effect::new(move || {
        let Some(list) = listbox.get().filter(|l| l.is_connected()) else {
            return;
        };
        list.set_inner_html(&list_html());
        scroll_to_active();
    });
    // The active row: its class moves from the row that had it to the new one (the rows are
    // not reactive). The list's markup already has it when the list is rebuilt.
    Effect::new(move || {
        let i = active.get();
        let Some(list) = listbox.get() else {
            return;
        };
        let id = i.map(option_id);
        let old = list.query_selector(".region-option.active").ok().flatten();
        if let Some(old) = old.filter(|old| id.as_deref() != Some(old.id().as_str())) {
            let _ = old.class_list().remove_1("active");
        }
        if let Some(new) = id.and_then(|id| document().get_element_by_id(&id)) {
            let _ = new.class_list().add_1("active");
        }
        scroll_to_active();
    });
    // A click on a row (or its text) chooses its region; the row's id ends in its index.
    let on_list_click = move |ev: MouseEvent| {
        let Some(row) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[role=option]").ok().flatten())
        else {
            return;
        };
        let index = row
            .id()
            .rsplit_once("-o")
            .and_then(|(_, i)| i.parse::<usize>().ok());
        if let Some(r) = index.and_then(|i| items.with_untracked(|(v, _)| v.get(i).copied())) {
            choose(r);
        }
    };
    let on_input = move |ev: Event| {
        let q = event_target_value(&ev);
        let t = if q.trim().is_empty() {
            Target::Chosen
        } else {
            Target::First
        };
        query.set(q);
        active.set(None);
        move_to(t);
    };
    let count = move || items.with(|(v, _)| v.len());
    // Clicks inside the list must not take focus from the search box (which would close it).
    let keep_focus = |ev: MouseEvent| ev.prevent_default();

    view! {
        <div class="region-field" node_ref=root on:focusout=on_focusout>
            <div class="region-box">
                <label id=id("label") for=id("field") class="region-label">
                    {tr!(i18n, region_label)}
                </label>
                <button
                    type="button"
                    id=id("field")
                    class="region-trigger"
                    node_ref=field
                    role="combobox"
                    aria-haspopup="listbox"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=move || open.get().then(|| id("list"))
                    aria-labelledby=id("label")
                    aria-describedby=sign_up_note.then(|| id("note"))
                    disabled=move || disabled.get()
                    on:mousedown=keep_focus
                    on:click=move |_| {
                        if open.get_untracked() {
                            close(true);
                        } else {
                            show(String::new(), Target::Chosen);
                        }
                    }
                    on:keydown=on_key
                >
                    <span class="region-value">{move || name(selected.get())}</span>
                    <span class="region-dial" dir="ltr">{move || selected.get().dial_label()}</span>
                </button>
                <Show when=move || open.get() && !disabled.get()>
                    <div class="region-popup">
                        <input
                            type="search"
                            class="region-search"
                            node_ref=search
                            role="combobox"
                            aria-autocomplete="list"
                            aria-expanded="true"
                            aria-controls=id("list")
                            aria-activedescendant=move || active.get().map(option_id)
                            aria-label=tr!(i18n, region_search_label)
                            placeholder=move || t_string!(i18n, region_search_placeholder)
                            autocomplete="off"
                            maxlength="64"
                            spellcheck="false"
                            prop:value=move || query.get()
                            on:input=on_input
                            on:keydown=on_key
                        />
                        <div
                            id=id("list")
                            role="listbox"
                            class="region-list"
                            aria-labelledby=id("label")
                            node_ref=listbox
                            on:mousedown=keep_focus
                            on:click=on_list_click
                        ></div>
                        <Show when=move || items.with(|(v, _)| v.is_empty())>
                            <p class="region-empty">{tr!(i18n, region_no_match)}</p>
                        </Show>
                        <p class="visually-hidden" role="status">
                            <Show when=move || !query.read().trim().is_empty()>
                                {move || crate::text::fill(t_string!(i18n, region_results), &[("count", count().to_string())])}
                            </Show>
                        </p>
                    </div>
                </Show>
            </div>
            {sign_up_note.then(|| view! { <p id=id("note") class="region-note">{tr!(i18n, region_note)}</p> })}
        </div>
    }
}

/// Appends `text` to `html` with the characters that are markup escaped.
fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{first_rows, is_drawn, step, Target};

    #[test]
    fn the_first_draw_is_the_common_group_and_the_rows_around_the_active_one() {
        let drawn = |active: Option<usize>, len: usize, common: usize| {
            let first = Some(first_rows(active, common));
            (0..len)
                .filter(|&i| is_drawn(i, common, first))
                .collect::<Vec<_>>()
        };
        // Active in the "Common" group (18 rows): those and 24 more.
        assert_eq!(drawn(Some(4), 260, 18), (0..42).collect::<Vec<_>>());
        // Far down: eight rows before it (a screenful above it) and 15 after.
        let far = drawn(Some(180), 260, 18);
        assert_eq!(far[..18], (0..18).collect::<Vec<_>>());
        assert_eq!(far[18..], (172..196).collect::<Vec<_>>());
        // The last row; search results, which have no "Common" group.
        assert_eq!(
            drawn(Some(259), 260, 18)[18..],
            (251..260).collect::<Vec<_>>()
        );
        assert_eq!(drawn(None, 40, 0), (0..24).collect::<Vec<_>>());
        assert_eq!((0..40).filter(|&i| is_drawn(i, 0, None)).count(), 40);
    }

    #[test]
    fn keys_move_within_the_list_without_wrapping() {
        assert_eq!(step(Target::By(1), None, 5, Some(3)), Some(0));
        assert_eq!(step(Target::By(-1), None, 5, None), Some(4));
        assert_eq!(step(Target::By(1), Some(4), 5, None), Some(4));
        assert_eq!(step(Target::By(-10), Some(3), 5, None), Some(0));
        assert_eq!(step(Target::By(10), Some(3), 5, None), Some(4));
        assert_eq!(step(Target::Chosen, None, 5, Some(2)), Some(2));
        assert_eq!(step(Target::Chosen, None, 5, None), Some(0));
        assert_eq!(step(Target::Last, Some(0), 5, None), Some(4));
        assert_eq!(step(Target::First, None, 0, None), None);
    }

    #[test]
    fn names_are_escaped_in_the_list_markup() {
        let mut html = String::new();
        super::escape_into(&mut html, r#"Trinidad & Tobago <b>"x"'"#);
        assert_eq!(html, "Trinidad &amp; Tobago &lt;b&gt;&quot;x&quot;&#39;");
    }
}
