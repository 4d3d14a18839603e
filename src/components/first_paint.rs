//! Work that can wait until the first page is on screen. A cold load paints once the first page
//! is built and every effect it started has run; whatever is built before that delays the form
//! (`make bench` splits a cold load into these steps). Parts below or beside the form, and work
//! with no visible result, go here instead.
//!
//! "On screen" is the browser's own word for it, the Paint Timing entry "first-contentful-paint":
//! the main thread's paint (an animation frame, then a task) is only half of it, since the
//! compositor still rasterizes the frame on another thread. Work started at that half took CPU
//! from the raster on a two-core machine and put the form's paint off by 50–80 ms (`make bench`).

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::time::Duration;

/// How many frames after the main thread's paint to look for the browser's word at most (about
/// half a second at 60 frames a second): a browser without Paint Timing never gives it, nor
/// does a page with nothing contentful.
const PAINT_FRAMES: u32 = 30;

thread_local! {
    /// Whether the app's first frame has been painted (then nothing is deferred any more).
    static PAINTED: Cell<bool> = const { Cell::new(false) };
    /// What waits for the first contentful paint, run in order once it comes.
    static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` after the next frame is painted: a timer set from an animation frame callback runs
/// in the task after that frame's style, layout and paint.
fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, Duration::ZERO));
}

/// Runs `f` once the app's first frame is on screen, or at once when it was already: after the
/// next frame's paint and the page's first contentful paint (or [`PAINT_FRAMES`] past the former).
pub fn after_first_paint(f: impl FnOnce() + 'static) {
    // Boxed at once, so each caller's closure does not get a copy of what follows.
    wait_for_first_paint(Box::new(f))
}

fn wait_for_first_paint(f: Box<dyn FnOnce()>) {
    if PAINTED.with(Cell::get) {
        return f();
    }
    after_next_paint(move || {
        let first = WAITING.with(|w| {
            let mut w = w.borrow_mut();
            w.push(f);
            w.len() == 1
        });
        if first {
            look_for_first_contentful_paint(PAINT_FRAMES);
        }
    });
}

/// Runs what waits once the browser has reported the first contentful paint, looking once a
/// frame, `frames` more times at most. (Once a frame rather than a PerformanceObserver: the
/// same promptness for a third of the code.)
fn look_for_first_contentful_paint(frames: u32) {
    let seen = web_sys::window()
        .and_then(|w| w.performance())
        .is_some_and(|p| p.get_entries_by_name("first-contentful-paint").length() > 0);
    if seen || frames == 0 {
        PAINTED.with(|p| p.set(true));
        // Each in a task of its own (timers of the same delay run in the order set): together,
        // the side column's parts and sign-up's address fix made one task of 40–57 ms on a
        // two-core machine, near the 50 ms of a long task (issue 6).
        for f in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
            set_timeout(f, Duration::ZERO);
        }
    } else {
        request_animation_frame(move || look_for_first_contentful_paint(frames - 1));
    }
}

/// Draws `children` once the app's first frame is on screen ([`after_first_paint`]); at once
/// when it already is.
#[component]
pub fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(PAINTED.with(Cell::get));
    if !ready.get_untracked() {
        // try_: the view may be gone by then (a test's unmount).
        after_first_paint(move || {
            let _ = ready.try_set(true);
        });
    }
    move || ready.get().then(|| children())
}
