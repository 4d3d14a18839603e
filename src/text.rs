//! Small text helpers for translated strings.

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
