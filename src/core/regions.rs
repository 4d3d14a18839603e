//! Countries and regions for the phone field: ISO code, English name, calling code and how long
//! a mobile number is there. The list itself is generated (`scripts/gen_regions.py` writes
//! `regions_data.rs` from libphonenumber's metadata and ISO 3166-1); this module only finds things
//! in it. Names in other languages arrive as data ([`Names::parse`] reads
//! `public/data/regions/<tag>.json`, generated from CLDR by the same script, already in that
//! language's alphabetical order); [`search`] and the A–Z list work on whichever [`Names`] is
//! current.

use super::unicode;
use std::sync::OnceLock;

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
/// depend on accents; likewise the few Cyrillic and Arabic letters people type without their
/// marks. Other characters are only lower-cased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in unicode::lower(s).chars() {
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
            // Cyrillic: "ё" is commonly written "е".
            'ё' => 'е',
            // Arabic: hamza and madda forms of alef, alef maqsura and teh marbuta as people
            // type them without the marks; short-vowel marks (tashkeel) are dropped.
            'آ' | 'أ' | 'إ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            '\u{064B}'..='\u{0652}' => continue,
            other => other,
        });
    }
    out
}

/// Whether `before` (the text ahead of a match) ends where a word starts. Arabic names mostly
/// begin with the article "ال" ("الصين"), which people leave out when they search, so a match
/// right after a word-initial "ال" counts as a word start too.
fn at_word_start(before: &str) -> bool {
    let before = match before.strip_suffix("ال") {
        Some(rest) if !rest.ends_with(char::is_alphanumeric) => rest,
        _ => before,
    };
    !before.ends_with(char::is_alphanumeric)
}

/// How well a folded name matches a folded query; lower is better.
fn name_rank(name: &str, q: &str) -> Option<u8> {
    if name.starts_with(q) {
        Some(1)
    } else if name
        .match_indices(q)
        .any(|(i, _)| at_word_start(&name[..i]))
    {
        Some(2)
    } else if name.contains(q) {
        Some(3)
    } else {
        None
    }
}

/// Region names in one language and the order the full list takes in it. English is built in
/// ([`Names::english`]); other languages are loaded as data ([`Names::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// ISO code and name, in the file's order; a region missing here shows its English name.
    /// A list, not a map: a scan of at most 260 two-letter codes finds a name, and a map type
    /// of its own would be kilobytes of wasm.
    names: Vec<(&'static str, String)>,
    /// Every region once, alphabetically in this language.
    order: Vec<&'static Region>,
    folded: Folded,
}

/// Each region's name in this language and its English name, [`fold`]ed for [`search`], in
/// [`Names::sorted`]' order: made at the first search and kept, not made again at every key
/// typed (in the browser, folding a name beyond ASCII is a call to its `toLowerCase`). Derived
/// from the names, so any two are equal, as the names decide whether two [`Names`] are.
#[derive(Debug, Clone, Default)]
struct Folded(OnceLock<Vec<(String, String)>>);

impl PartialEq for Folded {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Folded {}

impl Names {
    /// The built-in English names, in [`REGIONS`]' order.
    pub fn english() -> Self {
        Names {
            names: Vec::new(),
            order: REGIONS.iter().collect(),
            folded: Folded::default(),
        }
    }

    /// Reads one language's names: a JSON array of `[ISO code, name]` pairs in that language's
    /// alphabetical order, as `scripts/gen_regions.py` writes them. Codes this build does not
    /// know are skipped; regions the file lacks keep their English name and go last, so a stale
    /// file never hides a region.
    pub fn parse(json: &str) -> Result<Self, String> {
        let pairs: Vec<(String, String)> =
            serde_json::from_str(json).map_err(|e| format!("region names: {e}"))?;
        let mut names: Vec<(&'static str, String)> = Vec::with_capacity(pairs.len());
        let mut order = Vec::with_capacity(REGIONS.len());
        for (code, name) in pairs {
            if let Some(r) = by_code(&code) {
                let name = name.trim();
                // The first name a region gets is its name.
                if !name.is_empty() && !names.iter().any(|(c, _)| *c == r.code) {
                    names.push((r.code, name.to_owned()));
                    order.push(r);
                }
            }
        }
        order.extend(
            REGIONS
                .iter()
                .filter(|r| !names.iter().any(|(c, _)| *c == r.code)),
        );
        Ok(Names {
            names,
            order,
            folded: Folded::default(),
        })
    }

    /// The name shown for `r` in this language.
    pub fn name<'a>(&'a self, r: &'a Region) -> &'a str {
        self.names
            .iter()
            .find(|(c, _)| *c == r.code)
            .map_or(r.name, |(_, n)| n.as_str())
    }

    /// Every region, alphabetically in this language.
    pub fn sorted(&self) -> &[&'static Region] {
        &self.order
    }

    /// Each region's name here and its English name, folded, in [`Names::sorted`]' order.
    fn folded(&self) -> &[(String, String)] {
        self.folded.0.get_or_init(|| {
            self.order
                .iter()
                .map(|r| (fold(self.name(r)), fold(r.name)))
                .collect()
        })
    }
}

/// The region a calling code shared by several belongs to first: "+44" is the United Kingdom
/// before Guernsey, "+1" the United States before American Samoa. A test checks every shared
/// code has one.
const DIAL_OWNERS: &[&str] = &[
    "US", "RU", "IT", "GB", "NO", "AU", "MA", "RE", "FI", "GP", "CW",
];

/// Regions matching `query`, best first; an empty query gives every region in list order.
///
/// * digits, with or without a leading "+" ("86", "+86"): the calling code, exact matches
///   (the code's owner among regions that share it first, see [`DIAL_OWNERS`]) before codes
///   that merely start with it;
/// * otherwise the ISO code or a common alias ("cn", "uk") first, then the name: whole-name
///   prefix, then word prefix ("kor" → "South Korea"), then anywhere. Case and Latin accents are
///   ignored.
///
/// `names` gives the names the user sees (the current language's) and the list order kept
/// within a rank; the English name is searched too, so "China" still finds 中国 in a Chinese UI.
pub fn search(query: &str, names: &Names) -> Vec<&'static Region> {
    let q = query.trim();
    if q.is_empty() {
        return names.sorted().to_vec();
    }
    let digits = q.strip_prefix('+').unwrap_or(q).trim_start();
    if digits.is_empty() {
        return names.sorted().to_vec();
    }
    let list = names.sorted().iter().copied();
    let hits: Vec<(u8, &'static Region)> = if digits.bytes().all(|b| b.is_ascii_digit()) {
        list.filter_map(|r| {
            let dial = r.dial.to_string();
            if dial == digits {
                Some((if DIAL_OWNERS.contains(&r.code) { 0 } else { 1 }, r))
            } else if dial.starts_with(digits) {
                Some((2, r))
            } else {
                None
            }
        })
        .collect()
    } else {
        let q = fold(q);
        let alias = ALIASES.iter().find(|(a, _)| *a == q).map(|(_, code)| *code);
        list.zip(names.folded())
            .filter_map(|(r, (shown, english))| {
                if r.code.eq_ignore_ascii_case(&q) || alias == Some(r.code) {
                    return Some((0, r));
                }
                let (shown, english) = (name_rank(shown, &q), name_rank(english, &q));
                let best = match (shown, english) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                best.map(|rank| (rank, r))
            })
            .collect()
    };
    // Best rank first, the list's own order within a rank. Ranks are 0–3: four passes instead
    // of a stable sort, whose code (about 12 KB of raw wasm) nothing else needs.
    debug_assert!(
        hits.iter().all(|(rank, _)| *rank <= 3),
        "a rank past the passes"
    );
    (0..=3)
        .flat_map(|k| {
            hits.iter()
                .filter(move |(rank, _)| *rank == k)
                .map(|(_, r)| *r)
        })
        .collect()
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

    fn en() -> Names {
        Names::english()
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
    fn a_shared_calling_code_finds_its_owner_first() {
        let names = Names::english();
        for (query, first) in [("+44", "GB"), ("1", "US"), ("+7", "RU"), ("358", "FI")] {
            assert_eq!(search(query, &names)[0].code, first, "{query}");
        }
        // The others sharing it follow, in list order; then codes that only start with it.
        let uk: Vec<&str> = search("44", &names).iter().map(|r| r.code).collect();
        assert_eq!(uk, ["GB", "GG", "IM", "JE"]);
        let seven: Vec<&str> = search("7", &names).iter().map(|r| r.code).collect();
        assert_eq!(&seven[..2], ["RU", "KZ"]);
        // Every code shared by several regions has exactly one owner.
        for r in REGIONS {
            let sharing: Vec<&str> = REGIONS
                .iter()
                .filter(|o| o.dial == r.dial)
                .map(|o| o.code)
                .collect();
            if sharing.len() > 1 {
                let owners = sharing.iter().filter(|c| DIAL_OWNERS.contains(c)).count();
                assert_eq!(owners, 1, "+{}: {sharing:?}", r.dial);
            }
        }
    }

    #[test]
    fn common_group_is_all_known() {
        assert_eq!(common().len(), COMMON.len());
        assert_eq!(common()[0].code, "CN");
    }

    #[test]
    fn search_by_name_prefers_prefix_then_word_then_substring() {
        assert_eq!(codes(&search("china", &en()))[0], "CN");
        assert_eq!(codes(&search("Kor", &en())), ["KP", "KR"]);
        // "Guinea", "Guinea-Bissau" start with it; "Equatorial Guinea", "Papua New Guinea" have
        // a word starting with it.
        assert_eq!(codes(&search("guinea", &en())), ["GN", "GW", "GQ", "PG"]);
        let ind = codes(&search("ind", &en()));
        assert_eq!(ind, ["IN", "ID", "IO"]);
        // Anywhere in the name comes last.
        let stan = codes(&search("stan", &en()));
        assert!(stan.contains(&"AF") && stan.contains(&"PK") && stan.contains(&"KZ"));
        let isl = codes(&search("island", &en()));
        assert!(isl.contains(&"AX"), "word prefix after Åland");
    }

    #[test]
    fn search_ignores_accents_and_knows_aliases() {
        assert_eq!(codes(&search("cote", &en())), ["CI"]);
        assert_eq!(codes(&search("turk", &en()))[0], "TR");
        assert_eq!(codes(&search("Turkey", &en()))[0], "TR");
        assert_eq!(codes(&search("uk", &en()))[0], "GB");
        assert_eq!(codes(&search("USA", &en()))[0], "US");
    }

    #[test]
    fn search_by_iso_code_comes_first() {
        assert_eq!(codes(&search("cn", &en()))[0], "CN");
        let us = codes(&search("us", &en()));
        assert_eq!(us[0], "US");
        assert!(us.contains(&"AU"), "Australia still matches by name");
    }

    #[test]
    fn search_by_dial_code_with_or_without_plus() {
        assert_eq!(codes(&search("+86", &en())), ["CN"]);
        assert_eq!(codes(&search("86", &en())), ["CN"]);
        assert_eq!(codes(&search(" + 852 ", &en())), ["HK"]);
        assert_eq!(codes(&search("+358", &en())), ["FI", "AX"]);
        let one = codes(&search("+1", &en()));
        assert!(one.len() > 20 && one.contains(&"US") && one.contains(&"CA"));
        // Codes starting with the digits typed so far.
        assert_eq!(codes(&search("+85", &en())), ["KH", "HK", "LA", "MO", "KP"]);
    }

    /// A small language file: names for three regions, in an order of its own.
    const ZH: &str = r#"[["DE","德国"],["CN","中国"],["XX","无此地区"],["KR","韩国"]]"#;

    #[test]
    fn search_uses_the_shown_name() {
        let zh = Names::parse(ZH).unwrap();
        assert_eq!(codes(&search("中国", &zh)), ["CN"]);
        // Both contain 国; the file's order is kept within a rank.
        assert_eq!(codes(&search("国", &zh)), ["DE", "CN", "KR"]);
        assert_eq!(
            codes(&search("germany", &zh)),
            ["DE"],
            "English still works"
        );
        assert_eq!(codes(&search("+49", &zh)), ["DE"]);
    }

    #[test]
    fn parsed_names_keep_the_file_order_and_fall_back_to_english() {
        let zh = Names::parse(ZH).unwrap();
        let cn = by_code("CN").unwrap();
        let fr = by_code("FR").unwrap();
        assert_eq!(zh.name(cn), "中国");
        assert_eq!(zh.name(fr), "France", "missing from the file: English");
        let order = codes(zh.sorted());
        assert_eq!(
            order.len(),
            REGIONS.len(),
            "every region once; unknown XX skipped"
        );
        assert_eq!(order[..3], ["DE", "CN", "KR"]);
        // The rest follow in English order.
        assert_eq!(order[3], "AF");
        assert!(Names::parse("{}").is_err());
        assert!(Names::parse("not json").is_err());
        assert_eq!(en().sorted().len(), REGIONS.len());
        assert_eq!(en().name(cn), "China");
        // A region named twice (a hand-edited file) keeps its first name and place; a blank
        // name is no name.
        let twice =
            Names::parse(r#"[["CN","中国"],["DE","德国"],["CN","China 2"],["FR"," "]]"#).unwrap();
        assert_eq!(twice.name(cn), "中国");
        assert_eq!(twice.name(fr), "France");
        assert_eq!(codes(twice.sorted())[..2], ["CN", "DE"]);
        assert_eq!(twice.sorted().len(), REGIONS.len());
        assert_eq!(codes(&search("china 2", &twice)), Vec::<&str>::new());
    }

    #[test]
    fn search_folds_cyrillic_and_arabic_marks() {
        let names = Names::parse(
            r#"[["AE","الإمارات العربية المتحدة"],["CN","الصين"],["SA","المملكة العربية السعودية"],["RU","Россия"],["KZ","Казахстан"]]"#,
        )
        .unwrap();
        assert_eq!(codes(&search("امارات", &names)), ["AE"], "alef with hamza");
        // The article "ال" is skipped for word starts: a word-start match beats a substring.
        assert_eq!(codes(&search("صين", &names))[0], "CN");
        assert_eq!(codes(&search("عربي", &names)), ["AE", "SA"]);
        assert_eq!(codes(&search("росс", &names)), ["RU"]);
        assert_eq!(fold("Ёлка"), "елка");
    }

    #[test]
    fn every_language_file_names_every_region_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/data/regions");
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let pairs: Vec<(String, String)> = serde_json::from_str(&text).unwrap();
            let mut seen = std::collections::HashSet::new();
            for (code, name) in &pairs {
                assert!(
                    by_code(code).is_some(),
                    "{}: unknown {code}",
                    path.display()
                );
                assert!(
                    seen.insert(code.clone()),
                    "{}: {code} twice",
                    path.display()
                );
                assert!(
                    !name.trim().is_empty(),
                    "{}: {code} unnamed",
                    path.display()
                );
            }
            assert_eq!(seen.len(), REGIONS.len(), "{}", path.display());
            files += 1;
        }
        assert!(files >= 7, "only {files} language files");
    }

    #[test]
    fn empty_search_lists_everything() {
        assert_eq!(search("  ", &en()).len(), REGIONS.len());
        assert!(search("zzzz", &en()).is_empty());
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
