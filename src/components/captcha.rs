//! The image check before a code is sent: a canvas with the characters, "new image" and
//! "listen" buttons, and the field. The page owns every piece of state (the challenge lives in
//! its persisted flow, or in a [`PageCheck`]; the demo tools read the answer), so the component
//! only draws and reports.

use crate::core::captcha::{check, expired, new_challenge, CaptchaError, Challenge};
use crate::i18n::*;
use crate::text::Msg;
use crate::web;
use crate::web::crypto::BrowserRng;
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, SpeechSynthesis};

/// Ids of the field and its messages (one captcha per page).
pub const INPUT_ID: &str = "captcha-input";
pub const ERROR_ID: &str = "captcha-error";
const HINT_ID: &str = "captcha-hint";

/// An image check whose challenge the page keeps itself while it is on screen (sign-in after
/// failed attempts or before a code is sent, forgot password), where the sign-up keeps its in the flow: the image, the
/// typed answer, a new image, the check, and the demo tools' reveal.
#[derive(Clone, Copy)]
pub struct PageCheck {
    pub challenge: RwSignal<Challenge>,
    pub answer: RwSignal<String>,
}

impl PageCheck {
    /// A fresh image; the demo tools can reveal its answer while `shown()`.
    pub fn new(shown: impl Fn() -> bool + Send + Sync + 'static) -> Self {
        let app = crate::state::use_app();
        let check = Self {
            challenge: RwSignal::new(new_challenge(&BrowserRng, web::env().now())),
            answer: RwSignal::new(String::new()),
        };
        Effect::new(move |_| {
            app.captcha_answer
                .set(shown().then(|| check.challenge.with(|c| c.answer.clone())));
        });
        on_cleanup(move || app.captcha_answer.set(None));
        // An image outlives its five minutes while the form waits (a lockout, a tab left open):
        // one not yet answered is replaced unseen, so what is typed answers a live one.
        Effect::new(move |_| {
            let now = app.now.get();
            if check.answer.with_untracked(String::is_empty)
                && check.challenge.with_untracked(|c| expired(c, now))
            {
                check.challenge.set(new_challenge(&BrowserRng, now));
            }
        });
        check
    }

    /// A new image, and the field emptied.
    pub fn redraw(self) {
        self.challenge
            .set(new_challenge(&BrowserRng, web::env().now()));
        self.answer.set(String::new());
    }

    /// Checks what was typed, now. If it fails, `error` says why, a new image is drawn (unless
    /// nothing was typed) and the focus goes to the field; else `error` is cleared.
    pub fn passes(self, error: RwSignal<Option<Msg>>) -> bool {
        let now = web::env().now();
        let result = self
            .challenge
            .with_untracked(|c| check(c, &self.answer.get_untracked(), now));
        match result {
            Ok(()) => {
                error.set(None);
                true
            }
            Err(e) => {
                error.set(Some(error_msg(e)));
                if e != CaptchaError::Empty {
                    self.redraw();
                }
                crate::components::focus::focus_id(INPUT_ID);
                false
            }
        }
    }
}

/// The message for a failed [`crate::core::captcha::check`], to keep in a signal.
pub fn error_msg(e: CaptchaError) -> Msg {
    Msg::new(move |locale| error_text(locale, e).to_owned())
}

fn error_text(locale: Locale, e: CaptchaError) -> &'static str {
    match e {
        CaptchaError::Empty => td_string!(locale, captcha_error_empty),
        CaptchaError::Wrong => td_string!(locale, captcha_error_wrong),
        CaptchaError::Expired => td_string!(locale, captcha_error_expired),
    }
}

/// `challenge`: what to draw (redrawn when it changes). `on_refresh`: the page draws a new
/// challenge; the field is cleared first. `value`: the field. `error`: translated message or None.
#[component]
pub fn Captcha(
    #[prop(into)] challenge: Signal<Challenge>,
    #[prop(into)] on_refresh: Callback<()>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        if let Some(el) = canvas.get() {
            challenge.with(|c| draw(&el, c));
        }
    });
    let refresh = move |_| {
        value.set(String::new());
        on_refresh.run(());
    };
    let listen = move |_| {
        if let Some(s) = speech() {
            s.cancel();
            let lang = i18n.get_locale_untracked().as_str();
            // One utterance a character, so letters are read as letters ("A", not "a").
            challenge.with_untracked(|c| {
                for ch in c.answer.chars() {
                    if let Ok(u) = web_sys::SpeechSynthesisUtterance::new_with_text(&ch.to_string())
                    {
                        u.set_lang(lang);
                        u.set_rate(0.8);
                        s.speak(&u);
                    }
                }
            });
        }
    };
    let audio = if speech().is_some() {
        Either::Left(view! {
            <button type="button" class="captcha-btn captcha-listen" on:click=listen>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M18.5 6.5a7.5 7.5 0 0 1 0 11" />
                </svg>
                <span class="visually-hidden">{tr!(i18n, captcha_listen)}</span>
            </button>
        })
    } else {
        Either::Right(view! { <p class="captcha-note">{tr!(i18n, captcha_no_audio)}</p> })
    };
    // Typing after an error hides it, as in every other field; the next check says anew.
    let edited = RwSignal::new(false);
    Effect::new(move |_| {
        error.track();
        edited.set(false);
    });
    let has_error = move || error.with(Option::is_some) && !edited.get();
    view! {
        <div class="captcha">
            <div class="captcha-row">
                <span class="captcha-image">
                    <canvas
                        node_ref=canvas
                        width="300"
                        height="120"
                        role="img"
                        aria-label=tr!(i18n, captcha_image_label)
                    ></canvas>
                </span>
                <button type="button" class="captcha-btn captcha-refresh" on:click=refresh>
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5" />
                    </svg>
                    <span class="visually-hidden">{tr!(i18n, captcha_refresh)}</span>
                </button>
                {audio}
            </div>
            <label class="captcha-label" for=INPUT_ID>{tr!(i18n, captcha_label)}</label>
            <input
                id=INPUT_ID
                class="captcha-input"
                type="text"
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                // Room for the answer typed with spaces ("K 7 P 2 X"), which check() ignores.
                maxlength="20"
                bind:value=value
                on:input=move |_| edited.set(true)
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || {
                    if has_error() { format!("{HINT_ID} {ERROR_ID}") } else { HINT_ID.into() }
                }
            />
            <p id=HINT_ID class="captcha-hint">{tr!(i18n, captcha_hint)}</p>
            {move || error.get().filter(|_| !edited.get()).map(|m| view! { <p id=ERROR_ID class="captcha-error" role="alert">{m}</p> })}
        </div>
    }
}

/// The browser's speech synthesis, if it has one.
fn speech() -> Option<SpeechSynthesis> {
    web_sys::window()?
        .speech_synthesis()
        .ok()
        .filter(|s| !s.is_undefined() && !s.is_null())
}

/// Draws the characters on a transparent 300×120 backing store (shown at 150×60 CSS px) in dark
/// inks; the stylesheet inverts the canvas in dark mode. The noise comes from a generator seeded
/// by the challenge, so the same challenge always looks the same.
fn draw(canvas: &HtmlCanvasElement, c: &Challenge) {
    let Some(cx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|o| o.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    const INK: [&str; 4] = ["#1f3b8f", "#8a1f1f", "#1d5e2a", "#5b2a86"];
    let mut seed = c.answer.bytes().fold(c.issued_at as u64 | 1, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rnd = move |n: f64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 10_000) as f64 / 10_000.0 * n
    };
    let _ = cx.set_transform(2.0, 0.0, 0.0, 2.0, 0.0, 0.0);
    cx.clear_rect(0.0, 0.0, 150.0, 60.0);
    cx.set_font("bold 30px sans-serif");
    cx.set_text_align("center");
    cx.set_text_baseline("middle");
    for (i, ch) in c.answer.chars().enumerate() {
        cx.save();
        let _ = cx.translate(
            19.0 + 28.0 * i as f64 + rnd(6.0) - 3.0,
            30.0 + rnd(12.0) - 6.0,
        );
        let _ = cx.rotate(rnd(0.8) - 0.4);
        cx.set_fill_style_str(INK[i % 4]);
        let _ = cx.fill_text(&ch.to_string(), 0.0, 0.0);
        cx.restore();
    }
    cx.set_global_alpha(0.6);
    cx.set_line_width(1.2);
    for (i, ink) in INK.iter().enumerate() {
        cx.set_stroke_style_str(ink);
        cx.begin_path();
        cx.move_to(0.0, rnd(60.0));
        cx.quadratic_curve_to(rnd(150.0), rnd(60.0), 150.0, rnd(60.0));
        cx.stroke();
        cx.set_fill_style_str(ink);
        for _ in 0..8 + i {
            cx.fill_rect(rnd(150.0), rnd(60.0), 2.0, 2.0);
        }
    }
    cx.set_global_alpha(1.0);
}
