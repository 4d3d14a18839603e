//! Work that can wait until the first page is on screen. A cold load paints once the first page
//! is built and every effect it started has run; whatever is built before that delays the form
//! (`make bench` splits a cold load into these steps). Parts below or beside the form, and work
//! with no visible result, go here instead.

use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    /// Whether the app's first frame has been painted (then nothing is deferred any more).
    static PAINTED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` after the next frame is painted: a timer set from an animation frame callback runs
/// in the task after that frame's style, layout and paint.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// Draws `children` once the app's first frame is painted; at once when it already is.
#[component]
pub fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(PAINTED.with(Cell::get));
    if !ready.get_untracked() {
        after_next_paint(move || {
            PAINTED.with(|p| p.set(true));
            // try_: the view may be gone by then (a test's unmount).
            let _ = ready.try_set(true);
        });
    }
    move || ready.get().then(|| children())
}
