//! `AfterFirstPaint` in a real browser: what it wraps is left out of the first frame and drawn
//! after it; once the first frame is painted, it is drawn at once. A test file of its own, so
//! the page has painted nothing of the app's before it starts.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use mi_account_demo::components::first_paint::AfterFirstPaint;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn later_count() -> u32 {
    support::document()
        .query_selector_all(".later")
        .unwrap()
        .length()
}

#[wasm_bindgen_test]
async fn the_side_parts_wait_for_the_first_paint_then_come_at_once() {
    let (_root, _app, _first) = mount_app(|| {
        view! {
            <p class="now">"now"</p>
            <AfterFirstPaint><p class="later">"later"</p></AfterFirstPaint>
        }
    });
    leptos::task::tick().await;
    assert!(support::document()
        .query_selector(".now")
        .unwrap()
        .is_some());
    assert_eq!(later_count(), 0, "left out of the first frame");
    // An animation frame, then the timer set from it.
    let mut waited = 0;
    while later_count() == 0 && waited < 2000 {
        sleep(10).await;
        waited += 10;
    }
    assert_eq!(later_count(), 1, "drawn after the first frame");

    // The first frame is behind us: a second one is drawn with the rest, in the same task.
    let (_root, _app, _second) = mount_app(|| {
        view! { <AfterFirstPaint><p class="later">"later"</p></AfterFirstPaint> }
    });
    assert_eq!(later_count(), 2);
}
