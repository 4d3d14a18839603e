//! Small text helpers for translated strings.

use crate::i18n::Locale;
use leptos_i18n::I18nContext;

/// `tr!(i18n, key)`: a plain translated key as a text node that follows the language.
///
/// leptos_i18n's `t!` makes a new closure type at every call site, and each type gets its own
/// copy of the reactive text-node code; with ~580 call sites that was a large part of the wasm.
/// Every `tr!` is the one type `text::Tr`, so that code exists once. Keys with `{{ values }}`
/// keep using `t!`.
macro_rules! tr {
    ($i18n:expr, $($key:tt)+) => {
        $crate::text::tr($i18n, |locale| $crate::i18n::td_string!(locale, $($key)+))
    };
}

/// The view `tr!` builds (see there).
pub fn tr(
    i18n: I18nContext<Locale>,
    key: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(i18n.get_locale())
}

/// Fills `%name%` placeholders. Translations read as plain strings (error messages kept in
/// signals) use these; translations rendered as views use leptos_i18n's checked `{{ name }}`.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("%{name}%"), value);
    }
    out
}

#[cfg(test)]
mod tests {
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
