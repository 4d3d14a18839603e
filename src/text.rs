//! Small text helpers for translated strings.

use crate::i18n::{I18n, Locale};
use leptos::prelude::*;
use std::sync::Arc;

/// `tr!(i18n, key)`: a plain translated key as a text node that follows the language.
///
/// A closure written at each call site would be a new type each time, and each type gets its
/// own copy of the reactive text-node code (240 call sites cost ~94 KB of wasm). Every `tr!` is
/// the one type [`tr`] returns, so that code exists once. Texts with `%values%` use [`fill`].
macro_rules! tr {
    ($i18n:expr, $key:ident) => {
        $crate::text::tr($i18n, |locale| $crate::i18n::td_string!(locale, $key))
    };
}

/// The view `tr!` builds (see there).
pub fn tr(
    i18n: I18n,
    key: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(i18n.get_locale())
}

/// `msg!(key)`: a [`Msg`] of a plain key.
macro_rules! msg {
    ($key:ident) => {
        $crate::text::Msg::key(|locale| $crate::i18n::td_string!(locale, $key))
    };
}

/// A message an event handler leaves in a signal (an error, a notice) until it is shown. It
/// holds how to word it, not the words: the view words it in the language of the moment, so a
/// message on screen follows a language switch, and a handler that finishes after an `await`
/// needs no reactive context to translate.
#[derive(Clone)]
pub struct Msg(Arc<dyn Fn(Locale) -> String + Send + Sync>);

impl Msg {
    /// A plain key (see `msg!`).
    pub fn key(key: fn(Locale) -> &'static str) -> Self {
        Self(Arc::new(move |locale| key(locale).to_owned()))
    }

    /// Any wording, for messages with values or chosen by an error kind.
    pub fn new(words: impl Fn(Locale) -> String + Send + Sync + 'static) -> Self {
        Self(Arc::new(words))
    }

    /// The message in `locale`.
    pub fn text(&self, locale: Locale) -> String {
        (self.0)(locale)
    }
}

/// A signal of messages as the text to show, in the current language.
pub fn shown_msg(i18n: I18n, msg: RwSignal<Option<Msg>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        let locale = i18n.get_locale();
        msg.with(|m| m.as_ref().map(|m| m.text(locale)))
    })
}

/// Fills `%name%` placeholders (build.rs checks every translation keeps English's).
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("%{name}%"), value);
    }
    out
}

/// Whether two messages differ in their digits only (a countdown's tick).
pub fn same_but_digits(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    letters(a) == letters(b)
}

/// A countdown in a button, m:ss as the lockout message counts ("Resend (0:59)", "(19:55)"): one
/// format for every wait, which grows a minute per send and to the hour at the hourly limit.
pub fn countdown(secs: i64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn countdowns_read_minutes_and_seconds() {
        assert_eq!(super::countdown(59), "0:59");
        assert_eq!(super::countdown(120), "2:00");
        assert_eq!(super::countdown(121), "2:01");
        assert_eq!(super::countdown(1195), "19:55");
        assert_eq!(super::countdown(3600), "60:00");
    }

    #[test]
    fn a_tick_differs_in_digits_only() {
        use super::same_but_digits as same;
        assert!(same("Try again in 1:00.", "Try again in 0:59."));
        assert!(same("Try again in 10:00.", "Try again in 9:59."));
        assert!(!same("Try again in 0:01.", "Incorrect account or password"));
        assert!(!same("Réessayez dans 0:59.", "Try again in 0:59."));
    }

    #[test]
    fn fills_every_placeholder() {
        assert_eq!(
            super::fill(
                "%min% to %max% digits",
                &[("min", "8".into()), ("max", "11".into())]
            ),
            "8 to 11 digits"
        );
    }
}
