//! What a person signs up or signs in with: a mobile number (in a chosen [`Region`]), an email
//! address, or (sign-in only) a 10-digit Xiaomi Account ID. Each parser returns a normalised value
//! or an error enum; the UI maps the variants to translated messages.

use super::regions::{Region, REGIONS};
use super::unicode;
use email_address::{EmailAddress, Options};

/// Longest email address accepted (RFC 5321's path limit less the angle brackets), in characters.
pub const EMAIL_MAX_LEN: usize = 254;
/// Digits in a Xiaomi Account ID.
pub const ACCOUNT_ID_LEN: usize = 10;

/// A mobile number that passed its region's rules, kept in E.164 form ("+8613812345678").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    e164: String,
    /// Bytes of `e164` before the national number: "+" and the calling code.
    national_at: usize,
}

impl Phone {
    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// "+" and the calling code ("+86").
    pub fn calling_code(&self) -> &str {
        &self.e164[..self.national_at]
    }

    /// The national significant number, without calling code or trunk prefix ("13812345678").
    pub fn national(&self) -> &str {
        &self.e164[self.national_at..]
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.e164)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing but spaces and separators.
    Empty,
    /// Something other than digits, a leading "+" and the separators `space - . ( )`.
    InvalidChars,
    /// The national number has the wrong number of digits: one with calling code `dial` has
    /// `min..=max` (the message names the code, as the region may be one a "+" code named).
    WrongLength { min: u8, max: u8, dial: u16 },
    /// Another country's calling code, or digits a mobile number there cannot have.
    InvalidForRegion,
}

/// A digit as ASCII: '0'–'9', or the same digit in another script that people type numbers in:
/// full-width ('０'–'９', CJK input methods), Arabic-Indic ('٠'–'٩') and its Persian/Urdu
/// forms, Devanagari ('०'–'९', Hindi) and Bengali. Each of those is a run of ten code points
/// from its zero.
pub fn ascii_digit(c: char) -> Option<char> {
    const ZEROS: [u32; 5] = [0x0660, 0x06F0, 0x0966, 0x09E6, 0xFF10];
    if c.is_ascii_digit() {
        return Some(c);
    }
    let n = c as u32;
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&n))
        .and_then(|zero| char::from_digit(n - zero, 10))
}

/// Digits and "+" with separators removed; full-width forms (as typed with CJK input methods)
/// become ASCII. `None` if any other character is present.
fn phone_chars(input: &str) -> Option<String> {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if let Some(d) = ascii_digit(c) {
            out.push(d);
            continue;
        }
        match c {
            '+' | '＋' => out.push('+'),
            '-' | '.' | '(' | ')' | '‐'..='―' | '－' | '（' | '）' | '．' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Checks a mobile number typed for `region` and returns it in E.164 form.
///
/// Accepted: the national number, optionally after the region's trunk prefix ("0" in the UK and
/// China, "8" in Russia, "1" in North America), or after "+" or "00" and the region's calling
/// code. Spaces, dashes, dots and parentheses are ignored, so "+44 (0)7911 123-456" works.
pub fn parse_phone(region: &Region, input: &str) -> Result<Phone, PhoneError> {
    let s = phone_chars(input).ok_or(PhoneError::InvalidChars)?;
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    let (plus, digits) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PhoneError::InvalidChars);
    }
    let wrong_length = PhoneError::WrongLength {
        min: region.min_len,
        max: region.max_len,
        dial: region.dial,
    };
    let fits = |n: &str| (region.min_len as usize..=region.max_len as usize).contains(&n.len());
    let dial = region.dial.to_string();

    let mut national = if plus {
        match digits.strip_prefix(dial.as_str()) {
            Some(rest) => rest,
            // "+" or "+8" while typing "+86": too short rather than the wrong country.
            None if dial.starts_with(digits) => return Err(wrong_length),
            None => return Err(PhoneError::InvalidForRegion),
        }
    } else if let Some(intl) = digits.strip_prefix("00") {
        match intl.strip_prefix(dial.as_str()) {
            Some(rest) => rest,
            // A few regions (Tajikistan) have mobile numbers starting "00"; where the trunk
            // prefix is "0" such a number is never national.
            None if region.trunk != "0" && fits(digits) => digits,
            None => return Err(PhoneError::InvalidForRegion),
        }
    } else {
        digits
    };
    // No region's mobile numbers begin with its own trunk prefix, so it can always go; this also
    // covers "+44 (0)7911...".
    if !region.trunk.is_empty() {
        national = national.strip_prefix(region.trunk).unwrap_or(national);
    }
    if !fits(national) {
        return Err(wrong_length);
    }
    // Mainland China: 1[2-9] followed by 9 digits (the length is already 11).
    if region.code == "CN" && !matches!(national.as_bytes(), [b'1', b'2'..=b'9', ..]) {
        return Err(PhoneError::InvalidForRegion);
    }
    Ok(Phone {
        e164: format!("+{dial}{national}"),
        national_at: 1 + dial.len(),
    })
}

/// A syntactically valid email address, trimmed and lower-cased (see [`parse_email`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    Invalid,
    /// Over [`EMAIL_MAX_LEN`] characters, or a part over its RFC limit (64 before the "@",
    /// 63 per domain label).
    TooLong,
}

/// Checks an email address (RFC 5322 addr-spec via the `email_address` crate, requiring a dot in
/// the domain and refusing "[1.2.3.4]" domains and "Name <addr>" forms).
pub fn parse_email(input: &str) -> Result<Email, EmailError> {
    use email_address::Error as E;
    // NFKC first: "Ü" typed as one character or as U+0055 U+0308 (as macOS pastes it) is one
    // address, and the full-width forms CJK input methods type ("ｂｏｂ＠ｅｘａｍｐｌｅ．ｃｏｍ")
    // are their ASCII letters, as digits are.
    let normal = super::password::normalise(input);
    let s = normal.trim();
    if s.is_empty() {
        return Err(EmailError::Empty);
    }
    if s.chars().count() > EMAIL_MAX_LEN {
        return Err(EmailError::TooLong);
    }
    let options = Options::default()
        .with_required_tld()
        .without_domain_literal()
        .without_display_text();
    EmailAddress::parse_with_options(s, options).map_err(|e| match e {
        E::LocalPartTooLong | E::DomainTooLong | E::SubDomainTooLong => EmailError::TooLong,
        _ => EmailError::Invalid,
    })?;
    // Matched without regard to case, as mail providers and the real site do: "Bob@Example.com"
    // and "bob@example.com" are one account (the RFC lets a local part be case-sensitive, but
    // an account that only the exact case signs in to, or a second account for another case,
    // is not what anyone means).
    Ok(Email(unicode::lower(s)))
}

/// The Account ID `input` (trimmed) is: exactly [`ACCOUNT_ID_LEN`] digits, full-width ones (as
/// CJK input methods type them) read as ASCII. No separators: IDs are shown without any.
pub fn account_id(input: &str) -> Option<String> {
    let id: String = input
        .trim()
        .chars()
        .map(|c| ascii_digit(c).unwrap_or(c))
        .collect();
    (id.len() == ACCOUNT_ID_LEN && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

/// Whether `input` is an Account ID (see [`account_id`]).
pub fn is_account_id(input: &str) -> bool {
    account_id(input).is_some()
}

/// What the sign-in field ("Email/Phone/Xiaomi Account ID") holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identifier {
    Phone(Phone),
    Email(Email),
    AccountId(String),
}

impl Identifier {
    /// The normalised lookup key: E.164 number, lower-cased email, or the ID digits.
    pub fn key(&self) -> String {
        match self {
            Identifier::Phone(p) => p.e164().to_owned(),
            Identifier::Email(e) => e.as_str().to_owned(),
            Identifier::AccountId(id) => id.clone(),
        }
    }
}

/// Every reading of the sign-in field, most likely first: an "@" means email; exactly 10 digits
/// (no "+") is an account ID and, where that is also a valid mobile number in `region` (US,
/// India...), a phone second, so sign-in can fall back to it when no account has that ID. A
/// number after "+" or "00" with another country's calling code is read in that country (every
/// region sharing the code, such as +7 for Russia and Kazakhstan), whatever `region` is.
pub fn candidates(input: &str, region: &Region) -> Vec<Identifier> {
    let s = input.trim();
    if s.contains('@') {
        return parse_email(s).map(Identifier::Email).into_iter().collect();
    }
    let mut out = Vec::new();
    if let Some(id) = account_id(s) {
        out.push(Identifier::AccountId(id));
    }
    let picked = parse_phone(region, s).into_iter();
    // Also when the picked region read it too: there "00" may begin a national number.
    let named = international(s)
        .into_iter()
        .flat_map(|digits| named_by(digits).filter_map(|r| parse_phone(r, s).ok()));
    for p in picked.chain(named).map(Identifier::Phone) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// The digits after an international prefix ("+" or "00"), if `input` is a number with one.
fn international(input: &str) -> Option<String> {
    let s = phone_chars(input)?;
    let digits = s.strip_prefix('+').or_else(|| s.strip_prefix("00"))?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_owned())
}

/// The regions whose calling code begins `digits` (those after "+" or "00"): more than one where
/// a code is shared, such as +7 for Russia and Kazakhstan.
fn named_by(digits: String) -> impl Iterator<Item = &'static Region> {
    REGIONS
        .iter()
        .filter(move |r| digits.starts_with(&r.dial.to_string()))
}

/// Whether the sign-in field holds digits that may be a phone number in the chosen region (an
/// Account ID may be one too: India's mobile numbers also have 10 digits), so the page shows the
/// calling-code selector next to it. Not after a "+": that number names its own country.
pub fn looks_like_phone(input: &str) -> bool {
    phone_chars(input).is_some_and(|p| !p.is_empty() && !p.starts_with('+'))
}

/// Why the sign-in field names no account that a lookup could find, for a message that says
/// what to fix (a format anyone can check: it tells nothing about which accounts exist).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// It has an "@", and is not an email address.
    Email(EmailError),
    /// Digits (and separators) that are not a mobile number where they are read.
    Phone(PhoneError),
    /// Neither an email, nor a phone number, nor an Account ID ("hello").
    Neither,
}

/// The [`FieldError`] of the sign-in field, if no reading of it (see [`candidates`]) exists. A
/// number after "+" or "00" is judged in the country its calling code names, any other in
/// `region`. `None` for an empty field too: each form words that itself.
pub fn field_error(input: &str, region: &Region) -> Option<FieldError> {
    let s = input.trim();
    if s.is_empty() || !candidates(s, region).is_empty() {
        return None;
    }
    if s.contains('@') {
        return Some(
            parse_email(s)
                .err()
                .map_or(FieldError::Neither, FieldError::Email),
        );
    }
    if phone_chars(s).is_none() {
        return Some(FieldError::Neither);
    }
    let named = international(s)
        .and_then(|digits| named_by(digits).next())
        .unwrap_or(region);
    Some(FieldError::Phone(
        parse_phone(named, s)
            .err()
            .unwrap_or(PhoneError::InvalidForRegion),
    ))
}

/// The most likely reading of the sign-in field (the first of [`candidates`]), if any.
pub fn classify(input: &str, region: &Region) -> Option<Identifier> {
    candidates(input, region).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_like_input_shows_the_calling_code_selector() {
        assert!(looks_like_phone("138 1234 5678"));
        // Full-width digits, as CJK input methods type them.
        assert!(looks_like_phone("０１３８"));
        // An Account ID may also be a 10-digit mobile number (India): the region is needed.
        assert!(looks_like_phone("9876543210"));
        // A number with its own calling code needs no selector.
        assert!(!looks_like_phone("+86 138"));
        assert!(!looks_like_phone("＋86 138"));
        assert!(!looks_like_phone("ann@example.com"));
        assert!(!looks_like_phone("  "));
        assert!(!looks_like_phone("abc"));
    }
    use crate::core::regions::by_code;

    fn region(code: &str) -> &'static Region {
        by_code(code).unwrap()
    }

    fn phone(code: &str, input: &str) -> Result<String, PhoneError> {
        parse_phone(region(code), input).map(|p| p.e164().to_owned())
    }

    #[test]
    fn china_valid_numbers() {
        assert_eq!(phone("CN", "13812345678").unwrap(), "+8613812345678");
        assert_eq!(phone("CN", "138 1234 5678").unwrap(), "+8613812345678");
        assert_eq!(phone("CN", "138-1234-5678").unwrap(), "+8613812345678");
        assert_eq!(phone("CN", " (138) 1234.5678 ").unwrap(), "+8613812345678");
        assert_eq!(phone("CN", "19912345678").unwrap(), "+8619912345678");
        assert_eq!(phone("CN", "12012345678").unwrap(), "+8612012345678");
        assert_eq!(
            phone("CN", "１３８１２３４５６７８").unwrap(),
            "+8613812345678"
        );
    }

    #[test]
    fn china_with_international_prefixes() {
        assert_eq!(phone("CN", "+86 138 1234 5678").unwrap(), "+8613812345678");
        assert_eq!(phone("CN", "+8613812345678").unwrap(), "+8613812345678");
        assert_eq!(phone("CN", "0086 138 1234 5678").unwrap(), "+8613812345678");
        assert_eq!(phone("CN", "＋86 13812345678").unwrap(), "+8613812345678");
        // Trunk "0" before a mobile number is dropped too.
        assert_eq!(phone("CN", "013812345678").unwrap(), "+8613812345678");
    }

    #[test]
    fn china_invalid_numbers() {
        let len = Err(PhoneError::WrongLength {
            min: 11,
            max: 11,
            dial: 86,
        });
        assert_eq!(
            phone("CN", "11812345678"),
            Err(PhoneError::InvalidForRegion)
        );
        assert_eq!(
            phone("CN", "10812345678"),
            Err(PhoneError::InvalidForRegion)
        );
        assert_eq!(
            phone("CN", "23812345678"),
            Err(PhoneError::InvalidForRegion)
        );
        assert_eq!(phone("CN", "1381234567"), len); // 10 digits
        assert_eq!(phone("CN", "138123456789"), len); // 12 digits
        assert_eq!(phone("CN", "138abcd5678"), Err(PhoneError::InvalidChars));
        assert_eq!(phone("CN", "138 1234 567x"), Err(PhoneError::InvalidChars));
        assert_eq!(phone("CN", "138+12345678"), Err(PhoneError::InvalidChars));
        assert_eq!(
            phone("CN", "++8613812345678"),
            Err(PhoneError::InvalidChars)
        );
        assert_eq!(phone("CN", ""), Err(PhoneError::Empty));
        assert_eq!(phone("CN", " - ( ) "), Err(PhoneError::Empty));
    }

    #[test]
    fn wrong_calling_code_is_invalid_for_region() {
        assert_eq!(
            phone("CN", "+1 212 555 0123"),
            Err(PhoneError::InvalidForRegion)
        );
        assert_eq!(
            phone("CN", "+1 13812345678"),
            Err(PhoneError::InvalidForRegion)
        );
        assert_eq!(
            phone("CN", "001 212 555 0123"),
            Err(PhoneError::InvalidForRegion)
        );
        assert_eq!(
            phone("US", "+86 13812345678"),
            Err(PhoneError::InvalidForRegion)
        );
        // Half-typed calling codes are too short, not wrong.
        let cn_len = Err(PhoneError::WrongLength {
            min: 11,
            max: 11,
            dial: 86,
        });
        assert_eq!(phone("CN", "+"), cn_len);
        assert_eq!(phone("CN", "+8"), cn_len);
        assert_eq!(phone("CN", "+86"), cn_len);
    }

    #[test]
    fn united_states_ten_digits() {
        assert_eq!(phone("US", "(212) 555-0123").unwrap(), "+12125550123");
        assert_eq!(phone("US", "+1 212 555 0123").unwrap(), "+12125550123");
        assert_eq!(phone("US", "1 212 555 0123").unwrap(), "+12125550123");
        assert_eq!(
            phone("US", "212 555 012"),
            Err(PhoneError::WrongLength {
                min: 10,
                max: 10,
                dial: 1
            })
        );
        assert_eq!(phone("CA", "+1 416 555 0123").unwrap(), "+14165550123");
    }

    #[test]
    fn india_ten_digits() {
        assert_eq!(phone("IN", "98765 43210").unwrap(), "+919876543210");
        assert_eq!(phone("IN", "+91 98765 43210").unwrap(), "+919876543210");
        assert_eq!(phone("IN", "098765 43210").unwrap(), "+919876543210");
        assert_eq!(
            phone("IN", "98765 4321"),
            Err(PhoneError::WrongLength {
                min: 10,
                max: 10,
                dial: 91
            })
        );
    }

    #[test]
    fn uk_with_and_without_trunk_zero() {
        assert_eq!(phone("GB", "07911 123456").unwrap(), "+447911123456");
        assert_eq!(phone("GB", "7911 123456").unwrap(), "+447911123456");
        assert_eq!(phone("GB", "+44 7911 123456").unwrap(), "+447911123456");
        assert_eq!(phone("GB", "+44 (0)7911 123456").unwrap(), "+447911123456");
        assert_eq!(phone("GB", "0044 7911 123456").unwrap(), "+447911123456");
        assert_eq!(
            phone("GB", "07911 12345"),
            Err(PhoneError::WrongLength {
                min: 10,
                max: 10,
                dial: 44
            })
        );
    }

    #[test]
    fn other_trunk_prefixes_and_ranges() {
        assert_eq!(phone("RU", "8 916 123-45-67").unwrap(), "+79161234567");
        assert_eq!(phone("RU", "+7 916 123-45-67").unwrap(), "+79161234567");
        // No trunk prefix in Spain: a leading 0 is kept and makes it too long.
        assert!(phone("ES", "0612345678").is_err());
        assert_eq!(phone("ES", "612 34 56 78").unwrap(), "+34612345678");
        // Indonesia allows 9 to 12 digits.
        assert_eq!(phone("ID", "0812-3456-789").unwrap(), "+628123456789");
        assert_eq!(
            phone("ID", "0812 34"),
            Err(PhoneError::WrongLength {
                min: 9,
                max: 12,
                dial: 62
            })
        );
    }

    #[test]
    fn phone_parts_and_display() {
        let p = parse_phone(region("GB"), "07911 123456").unwrap();
        assert_eq!((p.calling_code(), p.national()), ("+44", "7911123456"));
        let p = parse_phone(region("HK"), "+852 5123 4567").unwrap();
        assert_eq!(p.e164(), "+85251234567");
        assert_eq!((p.calling_code(), p.national()), ("+852", "51234567"));
        assert_eq!(p.to_string(), "+85251234567");
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased_so_any_case_is_one_address() {
        let e = parse_email("  Lei.Jun@Xiaomi.COM ").unwrap();
        assert_eq!(e.as_str(), "lei.jun@xiaomi.com");
        assert_eq!(e.to_string(), "lei.jun@xiaomi.com");
        assert_eq!(parse_email("LEI.JUN@xiaomi.com"), Ok(e));
        assert_eq!(
            parse_email("Ünïcödé@Example.org").unwrap().as_str(),
            "ünïcödé@example.org"
        );
        assert_eq!(
            parse_email("a+tag@sub.Example.org").unwrap().as_str(),
            "a+tag@sub.example.org"
        );
    }

    #[test]
    fn invalid_emails() {
        assert_eq!(parse_email(""), Err(EmailError::Empty));
        assert_eq!(parse_email("   "), Err(EmailError::Empty));
        for bad in [
            "plain",
            "@example.com",
            "user@",
            "user@localhost",
            "user@@example.com",
            "us er@example.com",
            "user@exa mple.com",
            "user@.example.com",
            "user@example..com",
            "user@-example.com",
            "user@[127.0.0.1]",
            "Name <user@example.com>",
            "user.@example.com",
        ] {
            assert_eq!(parse_email(bad), Err(EmailError::Invalid), "{bad}");
        }
    }

    #[test]
    fn email_lengths() {
        // 64 characters before the "@" is the limit.
        let local = "a".repeat(64);
        assert!(parse_email(&format!("{local}@example.com")).is_ok());
        assert_eq!(
            parse_email(&format!("a{local}@example.com")),
            Err(EmailError::TooLong)
        );
        // 254 in all is the limit: 64 + "@" + 189.
        let label = "b".repeat(60);
        let domain = format!("{label}.{label}.{label}.{}.com", "c".repeat(2));
        let ok = format!("{local}@{domain}");
        assert_eq!(ok.len(), 254);
        assert!(parse_email(&ok).is_ok());
        assert_eq!(parse_email(&format!("{ok}m")), Err(EmailError::TooLong));
        assert_eq!(
            parse_email(&format!("user@{}.com", "d".repeat(64))),
            Err(EmailError::TooLong)
        );
    }

    #[test]
    fn digits_of_other_scripts_read_as_ascii() {
        for typed in [
            "０１２３４５６７８９", // full-width
            "٠١٢٣٤٥٦٧٨٩",           // Arabic-Indic
            "۰۱۲۳۴۵۶۷۸۹",           // Persian/Urdu
            "०१२३४५६७८९",           // Devanagari
            "০১২৩৪৫৬৭৮৯",           // Bengali
        ] {
            let ascii: String = typed.chars().filter_map(ascii_digit).collect();
            assert_eq!(ascii, "0123456789", "{typed}");
        }
        assert_eq!(ascii_digit('7'), Some('7'));
        // Letters, signs, the ideographic zero, and the code points just past each run.
        for other in [
            'a', '+', '〇', ' ', '\u{066A}', '\u{06FA}', '\u{0970}', '\u{FF1A}',
        ] {
            assert_eq!(ascii_digit(other), None, "{other}");
        }
    }

    #[test]
    fn phone_numbers_in_arabic_indic_digits() {
        let eg = region("EG");
        assert_eq!(
            classify("٠١٠٠١٢٣٤٥٦٧", eg).map(|p| p.key()),
            classify("01001234567", eg).map(|p| p.key())
        );
        assert!(classify("01001234567", eg).is_some());
    }

    #[test]
    fn emails_are_one_address_however_their_letters_were_composed() {
        let composed = parse_email("\u{DC}n\u{EF}code.User@Example.COM").unwrap();
        let decomposed = parse_email("U\u{308}ni\u{308}code.User@Example.COM").unwrap();
        assert_eq!(composed, decomposed);
        assert_eq!(composed.as_str(), "\u{FC}n\u{EF}code.user@example.com");
        assert_eq!(
            parse_email("ｂｏｂ＠ｅｘａｍｐｌｅ．ｃｏｍ")
                .unwrap()
                .as_str(),
            "bob@example.com"
        );
    }

    #[test]
    fn account_ids() {
        assert!(is_account_id("1234567890"));
        assert!(is_account_id(" 1234567890 "));
        assert!(!is_account_id("123456789"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("+1234567890"));
        assert!(!is_account_id("12345 67890"));
        assert_eq!(
            account_id("１２３４５６７８９０").as_deref(),
            Some("1234567890")
        );
        assert_eq!(account_id("123456789０").as_deref(), Some("1234567890"));
        assert_eq!(account_id("１２３４５６７８９"), None);
        assert_eq!(account_id("１２３４５ ６７８９０"), None);
    }

    #[test]
    fn classify_sign_in_field() {
        let cn = region("CN");
        assert_eq!(
            classify("Mi@Fan.COM", cn),
            Some(Identifier::Email(parse_email("Mi@fan.com").unwrap()))
        );
        assert_eq!(classify("mi@", cn), None);
        assert_eq!(
            classify(" 1234567890 ", cn),
            Some(Identifier::AccountId("1234567890".into()))
        );
        // As a CJK input method types it, with an ideographic space after.
        assert_eq!(
            classify("１２３４５６７８９０\u{3000}", cn),
            Some(Identifier::AccountId("1234567890".into()))
        );
        let p = classify("138 1234 5678", cn).unwrap();
        assert_eq!(p.key(), "+8613812345678");
        assert!(matches!(p, Identifier::Phone(_)));
        assert_eq!(
            classify("+86 138 1234 5678", cn).unwrap().key(),
            "+8613812345678"
        );
        // "+" rules out an account ID.
        assert_eq!(classify("+1234567890", cn), None);
        assert_eq!(classify("hello", cn), None);
        assert_eq!(classify("", cn), None);
    }

    #[test]
    fn a_number_with_its_own_calling_code_is_read_in_that_country() {
        let us = region("US");
        // Typed in an American browser: "+86" or "0086" names China, whatever the picker says.
        for typed in [
            "+8613812345678",
            "+86 138 1234 5678",
            "008613812345678",
            "＋86 138-1234-5678",
        ] {
            let all = candidates(typed, us);
            assert_eq!(all.len(), 1, "{typed}");
            assert_eq!(all[0].key(), "+8613812345678", "{typed}");
        }
        assert_eq!(candidates("+91 98765 43210", us)[0].key(), "+919876543210");
        // +7 is shared: each region that reads the number gives it, once.
        let seven = candidates("+7 912 345 6789", us);
        assert!(!seven.is_empty());
        assert!(seven.iter().all(|i| i.key() == "+79123456789"));
        assert_eq!(seven.len(), 1);
        // Still checked in that country: too short for China, an unknown code, no digits.
        assert!(candidates("+86 138 1234", us).is_empty());
        assert!(candidates("+999 1234 5678", us).is_empty());
        assert!(candidates("+", us).is_empty());
        // The picked region's own code is read as before, once.
        assert_eq!(candidates("+1 212 555 0123", us)[0].key(), "+12125550123");
        assert_eq!(candidates("+86 138 1234 5678", region("CN")).len(), 1);
    }

    #[test]
    fn ten_digits_can_be_an_id_or_a_phone() {
        let us = region("US");
        let all = candidates("2125550123", us);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], Identifier::AccountId("2125550123".into()));
        assert_eq!(all[1].key(), "+12125550123");
        assert_eq!(candidates("1234567890", region("CN")).len(), 1);
    }

    #[test]
    fn keys_are_normalised() {
        let cn = region("CN");
        assert_eq!(
            classify("A.B@EXAMPLE.com", cn).unwrap().key(),
            "a.b@example.com"
        );
        assert_eq!(
            classify("0086-138-1234-5678", cn).unwrap().key(),
            "+8613812345678"
        );
        assert_eq!(classify("0123456789", cn).unwrap().key(), "0123456789");
    }

    #[test]
    fn what_is_wrong_with_a_sign_in_field_that_names_no_account() {
        let us = region("US");
        // A Chinese mobile number typed with India's calling code picked (with America's it
        // is a valid American number: "1" is the trunk prefix there).
        assert_eq!(
            field_error("138 1234 5678", region("IN")),
            Some(FieldError::Phone(PhoneError::WrongLength {
                min: 10,
                max: 10,
                dial: 91
            }))
        );
        assert_eq!(
            field_error("1381 2345", us),
            Some(FieldError::Phone(PhoneError::WrongLength {
                min: 10,
                max: 10,
                dial: 1
            }))
        );
        // With its own calling code it is judged in China: too short there.
        assert_eq!(
            field_error("+86 138 1234", us),
            Some(FieldError::Phone(PhoneError::WrongLength {
                min: 11,
                max: 11,
                dial: 86
            }))
        );
        assert_eq!(
            field_error("+999 1234 5678", us),
            Some(FieldError::Phone(PhoneError::InvalidForRegion))
        );
        assert_eq!(
            field_error("mi@", us),
            Some(FieldError::Email(EmailError::Invalid))
        );
        assert_eq!(field_error("hello", us), Some(FieldError::Neither));
        assert_eq!(field_error("12ab34", us), Some(FieldError::Neither));
        // Whatever can be looked up is not an error, and neither is an empty field.
        for fine in [
            "",
            "  ",
            "mi@fan.com",
            "1234567890",
            "212 555 0123",
            "+86 138 1234 5678",
        ] {
            assert_eq!(field_error(fine, us), None, "{fine}");
        }
        assert_eq!(field_error("138 1234 5678", region("CN")), None);
    }
}
