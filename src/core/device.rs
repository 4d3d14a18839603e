//! Device names. A browser is stored as "Chrome on Linux", built from its user agent; a simulated
//! phone as [`PHONE`]. Both are stored in English and read back by [`name`], so the devices list
//! words them in the language of the moment. The order of the user-agent checks matters because
//! browsers name their ancestors in their user agents (Edge says Chrome, Chrome says Safari).

/// (what the user agent contains, the browser's name)
const BROWSERS: [(&str, &str); 9] = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("MiuiBrowser/", "Mi Browser"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
];

/// (what the user agent contains, the system's name)
const SYSTEMS: [(&str, &str); 7] = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
];

const UNKNOWN_BROWSER: &str = "Browser";
const UNKNOWN_SYSTEM: &str = "an unknown system";

/// The stored name of a simulated phone.
pub const PHONE: &str = "Xiaomi phone (simulated)";

/// The stored name of a browser, from its user agent.
pub fn label(ua: &str) -> String {
    let find = |table: &[(&'static str, &'static str)]| {
        table
            .iter()
            .find(|(needle, _)| ua.contains(needle))
            .map(|&(_, name)| name)
    };
    let browser = find(&BROWSERS).unwrap_or(UNKNOWN_BROWSER);
    let os = find(&SYSTEMS).unwrap_or(UNKNOWN_SYSTEM);
    format!("{browser} on {os}")
}

/// What a stored name says, for wording it in another language.
#[derive(Debug, PartialEq, Eq)]
pub enum Name<'a> {
    /// A simulated phone.
    Phone,
    /// A browser; `None` where the user agent did not say.
    Browser {
        browser: Option<&'a str>,
        os: Option<&'a str>,
    },
    /// Anything else (a phone named in another language by an older version): shown as stored.
    Other(&'a str),
}

/// Reads a stored device name. Only names [`label`] or [`PHONE`] can produce are read; the
/// browser and system names are proper names, kept as they are in every language.
pub fn name(stored: &str) -> Name<'_> {
    if stored == PHONE {
        return Name::Phone;
    }
    let known = |table: &[(&str, &'static str)], unknown: &str, s: &str| {
        if s == unknown {
            Some(None)
        } else {
            table.iter().find(|&&(_, n)| n == s).map(|&(_, n)| Some(n))
        }
    };
    stored
        .split_once(" on ")
        .and_then(|(b, o)| {
            Some(Name::Browser {
                browser: known(&BROWSERS, UNKNOWN_BROWSER, b)?,
                os: known(&SYSTEMS, UNKNOWN_SYSTEM, o)?,
            })
        })
        .unwrap_or(Name::Other(stored))
}

#[cfg(test)]
mod tests {
    use super::{label, name, Name, PHONE};

    #[test]
    fn common_user_agents() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome on Linux"),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", "Firefox on Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", "Edge on Windows"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "Safari on iOS"),
            ("Mozilla/5.0 (Linux; U; Android 14; 23049PCD8G) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XiaoMi/MiuiBrowser/18.1.1", "Mi Browser on Android"),
        ];
        for (ua, want) in cases {
            assert_eq!(label(ua), want, "{ua}");
        }
        assert_eq!(label(""), "Browser on an unknown system");
    }

    #[test]
    fn the_stored_phone_name_is_the_english_text() {
        let en = crate::i18n::text(
            crate::i18n::Locale::default(),
            crate::i18n::keys::phone_device_label,
        );
        assert_eq!(PHONE, en);
    }

    #[test]
    fn stored_names_read_back() {
        assert_eq!(
            name("Samsung Internet on Android"),
            Name::Browser {
                browser: Some("Samsung Internet"),
                os: Some("Android")
            }
        );
        assert_eq!(
            name(&label("")),
            Name::Browser {
                browser: None,
                os: None
            }
        );
        assert_eq!(name(PHONE), Name::Phone);
        // A phone named in Chinese by an older version, a name from an imported backup, and
        // names that only look like ours are shown as stored.
        for other in [
            "小米手机（模拟）",
            "Chrome on Linux on Linux",
            "Netscape on Linux",
            "Chrome on Plan 9",
            "",
        ] {
            assert_eq!(name(other), Name::Other(other));
        }
    }
}
