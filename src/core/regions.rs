//! Countries and regions for the phone field: ISO code, English name, calling code and how long
//! a mobile number is there. The list itself is generated (`scripts/gen_regions.py` writes
//! `regions_data.rs` from libphonenumber's metadata and ISO 3166-1); this module only finds things
//! in it. Names shown to users are translated elsewhere, so [`search`] takes the display name as a
//! closure instead of assuming English.

#[derive(Debug, PartialEq, Eq)]
pub struct Region {
    /// ISO 3166-1 alpha-2, upper case ("CN").
    pub code: &'static str,
    /// Short common English name ("China").
    pub name: &'static str,
    /// Country calling code without "+" (86).
    pub dial: u16,
    /// Shortest and longest national significant number of a mobile number.
    pub min_len: u8,
    pub max_len: u8,
    /// National trunk prefix dialled before the number at home ("0", "8", "1"; "" if none).
    pub trunk: &'static str,
}

const fn r(
    code: &'static str,
    name: &'static str,
    dial: u16,
    min_len: u8,
    max_len: u8,
    trunk: &'static str,
) -> Region {
    Region {
        code,
        name,
        dial,
        min_len,
        max_len,
        trunk,
    }
}

include!("regions_data.rs");

/// The "common" group shown above the full list (roughly Xiaomi's markets), in display order.
pub const COMMON: &[&str] = &[
    "CN", "IN", "ID", "RU", "US", "GB", "ES", "MX", "BR", "HK", "TW", "MY", "TH", "VN", "PH", "SA",
    "AE", "TR",
];

/// Where nothing better is known.
pub const FALLBACK: &str = "US";

/// Everyday names people type that are neither the ISO code nor in the list's name.
const ALIASES: &[(&str, &str)] = &[
    ("uk", "GB"),
    ("britain", "GB"),
    ("england", "GB"),
    ("usa", "US"),
    ("america", "US"),
    ("uae", "AE"),
    ("ksa", "SA"),
    ("turkey", "TR"),
    ("macau", "MO"),
    ("burma", "MM"),
];

impl Region {
    /// The calling code as shown next to the field: "+86".
    pub fn dial_label(&self) -> String {
        format!("+{}", self.dial)
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (+{})", self.name, self.dial)
    }
}

/// The region with this ISO alpha-2 code, in any case.
pub fn by_code(code: &str) -> Option<&'static Region> {
    let code = code.trim();
    REGIONS.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// [`COMMON`] as regions, in its order.
pub fn common() -> Vec<&'static Region> {
    COMMON.iter().filter_map(|c| by_code(c)).collect()
}

/// Lower case with Latin diacritics removed ("Côte" → "cote"), so searching and sorting do not
/// depend on accents. Characters outside Latin-1 and Latin Extended-A are only lower-cased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        out.push(match c {
            'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
            'ď' => 'd',
            'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
            'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' => 'i',
            'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
            'ò'..='ö' | 'ō' | 'ŏ' | 'ő' => 'o',
            'ř' => 'r',
            'ś' | 'ŝ' | 'ş' | 'š' => 's',
            'ţ' | 'ť' => 't',
            'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            '’' => '\'',
            other => other,
        });
    }
    out
}

/// How well a folded name matches a folded query; lower is better.
fn name_rank(name: &str, q: &str) -> Option<u8> {
    if name.starts_with(q) {
        Some(1)
    } else if name
        .match_indices(q)
        .any(|(i, _)| !name[..i].ends_with(char::is_alphanumeric))
    {
        Some(2)
    } else if name.contains(q) {
        Some(3)
    } else {
        None
    }
}

/// Regions matching `query`, best first; an empty query gives every region in list order.
///
/// * digits, with or without a leading "+" ("86", "+86"): the calling code, exact matches
///   before codes that merely start with it;
/// * otherwise the ISO code or a common alias ("cn", "uk") first, then the name: whole-name
///   prefix, then word prefix ("kor" → "South Korea"), then anywhere. Case and Latin accents are
///   ignored.
///
/// `name` gives the name the user sees (the translated one); the English name is searched too,
/// so "China" still finds 中国 in a Chinese UI. Within a rank, list order is kept.
pub fn search(query: &str, name: impl Fn(&Region) -> String) -> Vec<&'static Region> {
    let q = query.trim();
    if q.is_empty() {
        return REGIONS.iter().collect();
    }
    let digits = q.strip_prefix('+').unwrap_or(q).trim_start();
    if digits.is_empty() {
        return REGIONS.iter().collect();
    }
    let mut hits: Vec<(u8, &'static Region)> = if digits.bytes().all(|b| b.is_ascii_digit()) {
        REGIONS
            .iter()
            .filter_map(|r| {
                let dial = r.dial.to_string();
                if dial == digits {
                    Some((0, r))
                } else if dial.starts_with(digits) {
                    Some((1, r))
                } else {
                    None
                }
            })
            .collect()
    } else {
        let q = fold(q);
        let alias = ALIASES.iter().find(|(a, _)| *a == q).map(|(_, code)| *code);
        REGIONS
            .iter()
            .filter_map(|r| {
                if r.code.eq_ignore_ascii_case(&q) || alias == Some(r.code) {
                    return Some((0, r));
                }
                let shown = name_rank(&fold(&name(r)), &q);
                let english = name_rank(&fold(r.name), &q);
                let best = match (shown, english) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                best.map(|rank| (rank, r))
            })
            .collect()
    };
    hits.sort_by_key(|(rank, _)| *rank);
    hits.into_iter().map(|(_, r)| r).collect()
}

/// Default region for a language without a region subtag (CLDR's likely subtags, trimmed to
/// the languages that matter here).
const LANGUAGE_REGIONS: &[(&str, &str)] = &[
    ("zh", "CN"),
    ("en", "US"),
    ("hi", "IN"),
    ("bn", "IN"),
    ("ta", "IN"),
    ("te", "IN"),
    ("mr", "IN"),
    ("ar", "SA"),
    ("es", "ES"),
    ("id", "ID"),
    ("in", "ID"),
    ("ms", "MY"),
    ("ru", "RU"),
    ("pt", "BR"),
    ("fr", "FR"),
    ("de", "DE"),
    ("it", "IT"),
    ("ja", "JP"),
    ("ko", "KR"),
    ("th", "TH"),
    ("vi", "VN"),
    ("fil", "PH"),
    ("tl", "PH"),
    ("tr", "TR"),
    ("pl", "PL"),
    ("uk", "UA"),
    ("nl", "NL"),
    ("el", "GR"),
    ("cs", "CZ"),
    ("ro", "RO"),
    ("hu", "HU"),
    ("sv", "SE"),
    ("da", "DK"),
    ("nb", "NO"),
    ("no", "NO"),
    ("fi", "FI"),
    ("he", "IL"),
    ("fa", "IR"),
    ("ur", "PK"),
];

/// The region implied by one BCP 47 tag ("zh-Hant-TW", "en_GB", "hi"), if any.
fn region_of_tag(tag: &str) -> Option<&'static Region> {
    let mut parts = tag.trim().split(['-', '_']);
    let lang = parts.next()?.to_ascii_lowercase();
    let mut script = None;
    for sub in parts {
        if sub.len() == 2 && sub.bytes().all(|b| b.is_ascii_alphabetic()) {
            if let Some(r) = by_code(sub) {
                return Some(r);
            }
        } else if sub.len() == 4 {
            script = Some(sub.to_ascii_lowercase());
        }
    }
    if lang == "zh" && script.as_deref() == Some("hant") {
        return by_code("TW");
    }
    LANGUAGE_REGIONS
        .iter()
        .find(|(l, _)| *l == lang)
        .and_then(|(_, code)| by_code(code))
}

/// The region to preselect from the browser's languages (`navigator.languages`, most preferred
/// first): the first tag that names or implies a region wins; otherwise [`FALLBACK`].
pub fn guess_from_languages(tags: &[String]) -> &'static Region {
    tags.iter()
        .find_map(|t| region_of_tag(t))
        .or_else(|| by_code(FALLBACK))
        .expect("the fallback region is in the list")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(r: &Region) -> String {
        r.name.to_owned()
    }

    fn codes(v: &[&Region]) -> Vec<&'static str> {
        v.iter().map(|r| r.code).collect()
    }

    fn tags(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn list_is_complete_unique_and_sorted() {
        assert!(REGIONS.len() > 230, "only {} regions", REGIONS.len());
        let mut seen = std::collections::HashSet::new();
        for r in REGIONS {
            assert!(seen.insert(r.code), "{} twice", r.code);
            assert_eq!(r.code.len(), 2);
            assert!(r.code.bytes().all(|b| b.is_ascii_uppercase()), "{}", r.code);
            assert!(
                r.dial > 0 && r.min_len > 0 && r.min_len <= r.max_len,
                "{}",
                r.code
            );
            assert!(r.trunk.bytes().all(|b| b.is_ascii_digit()), "{}", r.code);
        }
        for w in REGIONS.windows(2) {
            assert!(
                fold(w[0].name) < fold(w[1].name),
                "{} before {}",
                w[0].name,
                w[1].name
            );
        }
    }

    #[test]
    fn key_regions_have_the_expected_data() {
        let cn = by_code("CN").unwrap();
        assert_eq!(
            (cn.name, cn.dial, cn.min_len, cn.max_len, cn.trunk),
            ("China", 86, 11, 11, "0")
        );
        let us = by_code("US").unwrap();
        assert_eq!(
            (us.name, us.dial, us.min_len, us.max_len),
            ("United States", 1, 10, 10)
        );
        for (code, name) in [
            ("HK", "Hong Kong"),
            ("TW", "Taiwan"),
            ("RU", "Russia"),
            ("KR", "South Korea"),
            ("VN", "Vietnam"),
            ("GB", "United Kingdom"),
        ] {
            assert_eq!(by_code(code).unwrap().name, name);
        }
        assert_eq!(by_code("IN").unwrap().dial, 91);
        assert_eq!(by_code("GB").unwrap().dial_label(), "+44");
        assert_eq!(by_code("CN").unwrap().to_string(), "China (+86)");
    }

    #[test]
    fn by_code_ignores_case_and_rejects_unknown() {
        assert_eq!(by_code("cn").unwrap().code, "CN");
        assert_eq!(by_code(" Gb ").unwrap().code, "GB");
        assert!(by_code("XX").is_none());
        assert!(by_code("").is_none());
        assert!(by_code("AQ").is_none(), "Antarctica has no calling code");
    }

    #[test]
    fn common_group_is_all_known() {
        assert_eq!(common().len(), COMMON.len());
        assert_eq!(common()[0].code, "CN");
    }

    #[test]
    fn search_by_name_prefers_prefix_then_word_then_substring() {
        assert_eq!(codes(&search("china", english))[0], "CN");
        assert_eq!(codes(&search("Kor", english)), ["KP", "KR"]);
        // "Guinea", "Guinea-Bissau" start with it; "Equatorial Guinea", "Papua New Guinea" have
        // a word starting with it.
        assert_eq!(codes(&search("guinea", english)), ["GN", "GW", "GQ", "PG"]);
        let ind = codes(&search("ind", english));
        assert_eq!(ind, ["IN", "ID", "IO"]);
        // Anywhere in the name comes last.
        let stan = codes(&search("stan", english));
        assert!(stan.contains(&"AF") && stan.contains(&"PK") && stan.contains(&"KZ"));
        let isl = codes(&search("island", english));
        assert!(isl.contains(&"AX"), "word prefix after Åland");
    }

    #[test]
    fn search_ignores_accents_and_knows_aliases() {
        assert_eq!(codes(&search("cote", english)), ["CI"]);
        assert_eq!(codes(&search("turk", english))[0], "TR");
        assert_eq!(codes(&search("Turkey", english))[0], "TR");
        assert_eq!(codes(&search("uk", english))[0], "GB");
        assert_eq!(codes(&search("USA", english))[0], "US");
    }

    #[test]
    fn search_by_iso_code_comes_first() {
        assert_eq!(codes(&search("cn", english))[0], "CN");
        let us = codes(&search("us", english));
        assert_eq!(us[0], "US");
        assert!(us.contains(&"AU"), "Australia still matches by name");
    }

    #[test]
    fn search_by_dial_code_with_or_without_plus() {
        assert_eq!(codes(&search("+86", english)), ["CN"]);
        assert_eq!(codes(&search("86", english)), ["CN"]);
        assert_eq!(codes(&search(" + 852 ", english)), ["HK"]);
        assert_eq!(codes(&search("+358", english)), ["AX", "FI"]);
        let one = codes(&search("+1", english));
        assert!(one.len() > 20 && one.contains(&"US") && one.contains(&"CA"));
        // Codes starting with the digits typed so far.
        assert_eq!(
            codes(&search("+85", english)),
            ["KH", "HK", "LA", "MO", "KP"]
        );
    }

    #[test]
    fn search_uses_the_shown_name() {
        let zh = |r: &Region| match r.code {
            "CN" => "中国".to_string(),
            "DE" => "德国".to_string(),
            _ => r.name.to_string(),
        };
        assert_eq!(codes(&search("中国", zh)), ["CN"]);
        assert_eq!(codes(&search("国", zh)), ["CN", "DE"]);
        assert_eq!(codes(&search("germany", zh)), ["DE"], "English still works");
    }

    #[test]
    fn empty_search_lists_everything() {
        assert_eq!(search("  ", english).len(), REGIONS.len());
        assert!(search("zzzz", english).is_empty());
    }

    #[test]
    fn guess_from_languages_uses_region_then_language() {
        let g = |v: &[&str]| guess_from_languages(&tags(v)).code;
        assert_eq!(g(&["zh-CN"]), "CN");
        assert_eq!(g(&["zh-TW"]), "TW");
        assert_eq!(g(&["zh-Hant"]), "TW");
        assert_eq!(g(&["zh-Hans-CN"]), "CN");
        assert_eq!(g(&["zh"]), "CN");
        assert_eq!(g(&["en-GB", "en"]), "GB");
        assert_eq!(g(&["en_gb"]), "GB");
        assert_eq!(g(&["hi"]), "IN");
        assert_eq!(g(&["ar"]), "SA");
        assert_eq!(g(&["es"]), "ES");
        assert_eq!(g(&["es-MX"]), "MX");
        assert_eq!(g(&["id"]), "ID");
        assert_eq!(g(&["ru"]), "RU");
        assert_eq!(g(&["en"]), "US");
        assert_eq!(g(&["es-419"]), "ES");
        assert_eq!(g(&["xx", "pt-BR"]), "BR");
        assert_eq!(g(&[]), "US");
        assert_eq!(g(&["tlh"]), "US");
    }
}
