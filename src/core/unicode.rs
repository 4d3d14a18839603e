//! Unicode operations whose tables the browser already has. In the wasm they call the
//! browser's own (`String.prototype.normalize`, `toLowerCase`); natively (tests) Rust's std or
//! the `unicode-normalization` crate. Both sides follow the Unicode standard, and the browser
//! tests below check that they agree.
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

    /// In the browser `nfkc` is `String.prototype.normalize`: it must agree with the crate the
    /// native build uses, across the blocks where NFKC changes something.
    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn browser_nfkc_matches_the_crate() {
        use unicode_normalization::UnicodeNormalization;
        let ranges = [
            0x00a0..=0x024f, // Latin-1, Latin Extended
            0x0300..=0x036f, // combining marks
            0x2000..=0x24ff, // punctuation, super/subscripts, letterlike, numerals, enclosed
            0x3000..=0x33ff, // CJK symbols, kana, compatibility jamo, squared words
            0xac00..=0xac40, // Hangul syllables
            0xf900..=0xfaff, // CJK compatibility ideographs
            0xfb00..=0xfb4f, // ligatures
            0xff00..=0xffef, // half- and fullwidth forms
        ];
        for c in assigned(ranges.into_iter().flatten()) {
            let s = format!("a{c}\u{301}1");
            assert_eq!(nfkc(&s), s.nfkc().collect::<String>(), "U+{:04X}", c as u32);
        }
    }

    /// In the browser `lower` is `toLowerCase`: it must agree with std's `to_lowercase` for
    /// every cased character of the Basic Multilingual Plane and the cased blocks above it.
    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn browser_lower_matches_std() {
        let cased = js_sys::RegExp::new(r"^\p{Cased}$", "u");
        let ranges = [0x0080..=0xffff, 0x10400..=0x1e95f];
        let mut checked = 0;
        for c in assigned(ranges.into_iter().flatten()) {
            let s = c.to_string();
            if !cased.test(&s) {
                continue;
            }
            // Between letters too, where the final-sigma rule looks at both sides.
            let s = format!("x{c}Σ {c}");
            assert_eq!(lower(&s), s.to_lowercase(), "U+{:04X}", c as u32);
            checked += 1;
        }
        assert!(checked > 2000, "only {checked} cased characters checked");
    }

    /// The characters of `code_points` the browser's Unicode version has: a mapping of an
    /// assigned character never changes, and std or the crate may know a newer version.
    #[cfg(target_arch = "wasm32")]
    fn assigned(code_points: impl Iterator<Item = u32>) -> impl Iterator<Item = char> {
        let unassigned = js_sys::RegExp::new(r"^\p{Cn}$", "u");
        code_points
            .filter_map(char::from_u32)
            .filter(move |c| !unassigned.test(&c.to_string()))
    }
}
