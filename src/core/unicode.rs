//! Unicode operations whose tables the browser already has. In the wasm they call the
//! browser's own (`String.prototype.normalize`, `toLowerCase`); natively (tests) Rust's std or
//! the `unicode-normalization` crate. Both sides follow the Unicode standard; browser tests
//! (`tests/web_hash.rs`, in Chrome and Firefox) check that they agree.
//!
//! Why: the tables would be shipped in the wasm otherwise. NFKC's would add about 62 KB gzip;
//! std's lower-case table and code about 8 KB, 1.6 % of the first load (issue 6).

/// NFKC (compatibility composition), the form passwords are judged and hashed in.
pub fn nfkc(s: &str) -> String {
    if s.is_ascii() {
        // NFKC leaves ASCII as it is.
        return s.to_owned();
    }
    imp::nfkc(s)
}

/// Unicode's default lower-case mapping of `s` (as `str::to_lowercase`: "Σ" at a word's end
/// becomes "ς"), for comparing case-insensitively.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    imp::lower(s)
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::JsString;

    pub fn nfkc(s: &str) -> String {
        JsString::from(s).normalize("NFKC").into()
    }

    pub fn lower(s: &str) -> String {
        JsString::from(s).to_lower_case().into()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn nfkc(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfkc().collect()
    }

    pub fn lower(s: &str) -> String {
        s.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_stays_ascii() {
        assert_eq!(nfkc("Kq 7!"), "Kq 7!");
        assert_eq!(lower("Ana.Lee@Example.COM"), "ana.lee@example.com");
    }

    #[test]
    fn beyond_ascii() {
        assert_eq!(nfkc("ｋｑ７"), "kq7");
        assert_eq!(lower("ÇA VA, ÅSA"), "ça va, åsa");
        assert_eq!(lower("ЁЛКА"), "ёлка");
        // Final sigma, which a character-by-character mapping gets wrong.
        assert_eq!(lower("ΟΔΟΣ ΟΔΟΣ"), "οδος οδος");
        // "İ" lowers to two characters.
        assert_eq!(lower("İ").chars().count(), 2);
    }
}
