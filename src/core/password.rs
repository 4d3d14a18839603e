//! Password rules: Xiaomi's own (8–16 characters, at least two of digits, letters and symbols)
//! plus NIST SP 800-63B / OWASP ASVS 5.0 (Unicode NFKC normalisation, spaces allowed, no silent
//! truncation, no common passwords, not the account's own identifier).
//!
//! Everything is judged on the NFKC form, and counted in characters (Unicode scalar values),
//! not bytes; [`check`] returns that form, which is what gets hashed.

use super::unicode;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 16;

/// Why a password is refused. No text here: the UI translates each case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    Empty,
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort,
    /// More than [`MAX_CHARS`] characters (never silently cut).
    TooLong,
    /// Fewer than two of the classes digits, letters and symbols.
    TooFewClasses,
    /// On the common-passwords list (compared case-insensitively).
    Common,
    /// Equal (case-insensitively) to the phone number or email of the account.
    SameAsIdentifier,
    /// The account's current password.
    SameAsOld,
}

/// What a password is checked against besides the fixed rules. One context serves sign-up,
/// reset and change-password.
#[derive(Default)]
pub struct PasswordContext<'a> {
    /// Forms of the account's identifiers the password must not equal (case-insensitively);
    /// fill with [`add_phone`](Self::add_phone) and [`add_email`](Self::add_email).
    pub identifiers: Vec<String>,
    /// Tells whether a normalised candidate is the account's current password, if the caller
    /// can tell cheaply. Change-password has the current password the user just typed and
    /// verified, so it passes `&|n| n == current_normalised`. A flow that only has the stored
    /// hash (reset) leaves this `None`, and if it wants the check, runs
    /// `phc.job(normalised.as_bytes())` in slices after [`check`] and reports
    /// [`PasswordError::SameAsOld`] when `hash::verify` matches.
    pub is_old: Option<&'a dyn Fn(&str) -> bool>,
}

impl std::fmt::Debug for PasswordContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordContext")
            .field("identifiers", &self.identifiers)
            .field("is_old", &self.is_old.is_some())
            .finish()
    }
}

impl PasswordContext<'_> {
    /// A phone number: its E.164 form (`+8613800138000`), the same without `+`, and the national
    /// digits (`13800138000`).
    pub fn add_phone(&mut self, e164: &str, national: &str) -> &mut Self {
        self.push(e164);
        self.push(e164.trim_start_matches('+'));
        self.push(national);
        self
    }

    /// An email address and its local part.
    pub fn add_email(&mut self, email: &str) -> &mut Self {
        self.push(email);
        if let Some((local, _)) = email.rsplit_once('@') {
            self.push(local);
        }
        self
    }

    /// Every identifier of an account (phone with its national digits, email), for reset and
    /// change-password.
    pub fn for_account(a: &super::account::Account) -> Self {
        let mut ctx = Self::default();
        if let Some(p) = &a.phone {
            let national = super::regions::by_code(&a.region)
                .and_then(|r| super::identifier::parse_phone(r, p).ok())
                .map(|p| p.national().to_owned())
                .unwrap_or_default();
            ctx.add_phone(p, &national);
        }
        if let Some(e) = &a.email {
            ctx.add_email(e);
        }
        ctx
    }

    fn push(&mut self, form: &str) {
        let form = fold(form);
        if !form.is_empty() && !self.identifiers.contains(&form) {
            self.identifiers.push(form);
        }
    }
}

/// NFKC, the form every rule judges and the hash is made of.
pub fn normalise(password: &str) -> String {
    unicode::nfkc(password)
}

/// NFKC then lower case: the form compared case-insensitively.
fn fold(s: &str) -> String {
    unicode::lower(&normalise(s))
}

/// How many of the classes digits / letters / symbols `s` uses (0 to 3). Digits are any Unicode
/// number, letters any Unicode alphabetic character (CJK included), symbols everything else,
/// space included.
pub fn class_count(s: &str) -> usize {
    let (mut digit, mut letter, mut symbol) = (false, false, false);
    for c in s.chars() {
        if c.is_numeric() {
            digit = true;
        } else if c.is_alphabetic() {
            letter = true;
        } else {
            symbol = true;
        }
    }
    usize::from(digit) + usize::from(letter) + usize::from(symbol)
}

/// Checks `password` against every rule, in the order of [`PasswordError`]'s variants (the
/// first broken rule is reported), and returns its NFKC form.
pub fn check(
    password: &str,
    ctx: &PasswordContext<'_>,
    common: &CommonPasswords,
) -> Result<String, PasswordError> {
    if password.is_empty() {
        return Err(PasswordError::Empty);
    }
    let normalised = normalise(password);
    let chars = normalised.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    if class_count(&normalised) < 2 {
        return Err(PasswordError::TooFewClasses);
    }
    let folded = unicode::lower(&normalised);
    if common.contains_folded(&folded) {
        return Err(PasswordError::Common);
    }
    if ctx.identifiers.iter().any(|id| fold(id) == folded) {
        return Err(PasswordError::SameAsIdentifier);
    }
    if ctx.is_old.is_some_and(|is_old| is_old(&normalised)) {
        return Err(PasswordError::SameAsOld);
    }
    Ok(normalised)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Weak,
    Medium,
    Strong,
}

/// A meter for the sign-up form, on the NFKC form:
/// - `Weak`: anything [`check`] refuses (too short or long, fewer than two classes, a common
///   password, the account's own phone number or email): a meter saying "Strong" beside
///   "can't be your email" would contradict the error it sits next to;
/// - `Strong`: all three classes and at least 12 characters, or two classes and at least 14;
/// - `Medium`: anything else.
pub fn strength(password: &str, ctx: &PasswordContext<'_>, common: &CommonPasswords) -> Strength {
    let Ok(normalised) = check(password, ctx, common) else {
        return Strength::Weak;
    };
    let chars = normalised.chars().count();
    if (class_count(&normalised) >= 3 && chars >= 12) || chars >= 14 {
        Strength::Strong
    } else {
        Strength::Medium
    }
}

/// The most common passwords, lower-cased and sorted for binary search. Empty by default (the
/// list is a static asset fetched when first needed). Shared, so a copy costs nothing: pages
/// clone it out of their resource on every key typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommonPasswords(std::sync::Arc<[String]>);

impl CommonPasswords {
    /// One password a line; blank lines and lines starting with `#` are skipped. A trailing
    /// `\r` is dropped; other spaces are part of the password.
    pub fn parse(text: &str) -> Self {
        let mut list: Vec<String> = text
            .lines()
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            // ASCII (the whole list today) is its own NFKC form: one allocation, not two.
            .map(|l| {
                if l.is_ascii() {
                    l.to_ascii_lowercase()
                } else {
                    fold(l)
                }
            })
            .collect();
        list.sort_unstable();
        list.dedup();
        Self(list.into())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `password` is on the list, ignoring case (after NFKC).
    pub fn contains(&self, password: &str) -> bool {
        self.contains_folded(&fold(password))
    }

    fn contains_folded(&self, folded: &str) -> bool {
        self.0.binary_search_by(|p| p.as_str().cmp(folded)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    const LIST: &str = include_str!("../../public/data/common-passwords.txt");

    fn common() -> &'static CommonPasswords {
        static C: OnceLock<CommonPasswords> = OnceLock::new();
        C.get_or_init(|| CommonPasswords::parse(LIST))
    }

    fn ok(p: &str) -> Result<String, PasswordError> {
        check(p, &PasswordContext::default(), common())
    }

    #[test]
    fn the_list_has_3000_entries_and_an_attribution() {
        assert!(LIST.starts_with("# "));
        assert!(LIST.lines().next().unwrap().contains("zxcvbn"));
        assert_eq!(common().len(), 3000);
        assert_eq!(LIST.lines().filter(|l| !l.starts_with('#')).count(), 3000);
    }

    #[test]
    fn common_list_parsing() {
        let c = CommonPasswords::parse("# header\r\nAbc\r\n\nabc\npass word\n#x\nｚｚｚ\n");
        assert_eq!(c.len(), 3);
        assert!(c.contains("abc") && c.contains("ABC") && c.contains("aBc"));
        assert!(c.contains("pass word"));
        assert!(!c.contains("password") && !c.contains("# header") && !c.contains("#x"));
        assert!(c.contains("ZZZ"));
        assert!(CommonPasswords::default().is_empty());
        assert!(!CommonPasswords::default().contains("password"));
    }

    #[test]
    fn empty() {
        assert_eq!(ok(""), Err(PasswordError::Empty));
    }

    #[test]
    fn length_boundaries_in_characters() {
        assert_eq!(ok("abcde12"), Err(PasswordError::TooShort)); // 7
        assert_eq!(ok("abcdx123").as_deref(), Ok("abcdx123")); // 8
        assert_eq!(ok("abcdefghijklmn12").map(|s| s.len()), Ok(16)); // 16
        assert_eq!(ok("abcdefghijklmno12"), Err(PasswordError::TooLong)); // 17, not cut
        assert_eq!(
            ok(&"a1".repeat(64)),
            Err(PasswordError::TooLong),
            "long input is refused, never truncated"
        );
    }

    #[test]
    fn cjk_counts_characters_not_bytes() {
        // 7 characters, 19 bytes.
        assert_eq!(ok("密码密码密码1"), Err(PasswordError::TooShort));
        // 8 characters, 22 bytes: letters (CJK is alphabetic) and a digit.
        assert_eq!(ok("密码密码密码12").as_deref(), Ok("密码密码密码12"));
        // 16 characters (46 bytes) passes, 17 does not.
        assert!(ok(&format!("{}1", "密".repeat(15))).is_ok());
        assert_eq!(
            ok(&format!("{}1", "密".repeat(16))),
            Err(PasswordError::TooLong)
        );
        // Only CJK letters: one class.
        assert_eq!(ok("密码密码密码密码"), Err(PasswordError::TooFewClasses));
    }

    #[test]
    fn class_combinations() {
        use PasswordError::TooFewClasses;
        assert_eq!(ok("abcdefgh"), Err(TooFewClasses));
        assert_eq!(ok("93718264"), Err(TooFewClasses));
        assert_eq!(ok("!@#$%^&*"), Err(TooFewClasses));
        assert_eq!(ok("        "), Err(TooFewClasses));
        assert_eq!(ok("ÉléphantÖl"), Err(TooFewClasses));
        assert!(ok("kqzvwpx7").is_ok()); // letters + digit
        assert!(ok("kqzv!wpx").is_ok()); // letters + symbol
        assert!(ok("8402!937").is_ok()); // digits + symbol
        assert!(ok("kqzv wpx").is_ok()); // a space is a symbol
        assert!(ok("kq7v wpx").is_ok()); // all three
        assert!(ok("ÉléphantÖ1").is_ok()); // accented letters are letters
        assert!(ok("Пароль-кот").is_ok()); // Cyrillic letters + symbol
        assert_eq!(class_count(""), 0);
        assert_eq!(class_count("a1 "), 3);
        assert_eq!(class_count("٣٤"), 1); // Arabic-Indic digits are digits
    }

    #[test]
    fn nfkc_before_anything() {
        // Fullwidth forms become ASCII, and then it is a common password.
        assert_eq!(normalise("ｐａｓｓｗｏｒｄ１２３"), "password123");
        assert_eq!(ok("ｐａｓｓｗｏｒｄ１２３"), Err(PasswordError::Common));
        assert_eq!(ok("ｋｑｚｖｗｐｘ７").as_deref(), Ok("kqzvwpx7"));
        // A ligature is two letters once normalised: 7 characters typed, 8 judged.
        assert_eq!(ok("ﬁxkq7vw").as_deref(), Ok("fixkq7vw"));
        // Composed and decomposed forms are the same password.
        assert_eq!(ok("cafe\u{301}-kqz7"), ok("caf\u{e9}-kqz7"));
        // Counted after normalisation: "㍻" is two characters.
        assert_eq!(ok("㍻kqz7wp").map(|s| s.chars().count()), Ok(8));
    }

    #[test]
    fn common_passwords_are_refused_whatever_the_case() {
        for p in [
            "password1",
            "qwerty123",
            "PASSWORD1",
            "Qwerty123",
            "Passw0rd",
            "1qaz2wsx",
        ] {
            assert_eq!(ok(p), Err(PasswordError::Common), "{p}");
        }
        // Short common ones fail on length first.
        assert_eq!(ok("123456"), Err(PasswordError::TooShort));
    }

    #[test]
    fn identifiers_are_refused() {
        let mut ctx = PasswordContext::default();
        ctx.add_phone("+8613800138000", "13800138000")
            .add_email("Zhang.Wei99@Example.com");
        let chk = |p: &str| check(p, &ctx, common());
        assert_eq!(chk("13800138000"), Err(PasswordError::TooFewClasses));
        // Identifiers that pass the other rules:
        assert_eq!(chk("+8613800138000"), Err(PasswordError::SameAsIdentifier));
        assert_eq!(chk("zhang.wei99"), Err(PasswordError::SameAsIdentifier));
        assert_eq!(chk("ZHANG.WEI99"), Err(PasswordError::SameAsIdentifier));
        assert_eq!(chk("Ｚhang.wei99"), Err(PasswordError::SameAsIdentifier));
        assert_eq!(
            ctx.identifiers,
            [
                "+8613800138000",
                "8613800138000",
                "13800138000",
                "zhang.wei99@example.com",
                "zhang.wei99"
            ]
        );
        // The full address is 23 characters: too long before it can match.
        assert_eq!(chk("zhang.wei99@example.com"), Err(PasswordError::TooLong));
        let mut short = PasswordContext::default();
        short.add_email("li4@qq.com");
        assert_eq!(
            check("li4@qq.com", &short, common()),
            Err(PasswordError::SameAsIdentifier)
        );
        // Containing an identifier is allowed; only equality is refused.
        assert!(chk("zhang.wei99!").is_ok());
        // A national number of 8 digits plus a letter is not the identifier.
        let mut phone = PasswordContext::default();
        phone.add_phone("+85261234567", "61234567");
        assert_eq!(
            check("61234567", &phone, common()),
            Err(PasswordError::TooFewClasses)
        );
        assert!(check("61234567a", &phone, common()).is_ok());
        assert_eq!(
            check("+85261234567", &phone, common()),
            Err(PasswordError::SameAsIdentifier)
        );
    }

    #[test]
    fn old_password_is_refused_through_the_callers_test() {
        let current = normalise("kq7v wpx");
        let is_old = |n: &str| n == current;
        let ctx = PasswordContext {
            identifiers: vec![],
            is_old: Some(&is_old),
        };
        assert_eq!(
            check("ｋｑ７ｖ wpx", &ctx, common()),
            Err(PasswordError::SameAsOld)
        );
        // Case matters for the old password: it is the password itself.
        assert!(check("KQ7V wpx", &ctx, common()).is_ok());
    }

    #[test]
    fn spaces_are_allowed_and_kept() {
        assert_eq!(ok(" kq zv 7 ").as_deref(), Ok(" kq zv 7 "));
    }

    #[test]
    fn strength_heuristic() {
        let c = common();
        let none = PasswordContext::default();
        assert_eq!(strength("", &none, c), Strength::Weak);
        assert_eq!(strength("kq7", &none, c), Strength::Weak);
        assert_eq!(strength("abcdefghij", &none, c), Strength::Weak); // one class
        assert_eq!(strength("password1", &none, c), Strength::Weak); // common
        assert_eq!(strength("kqzvwpx7", &none, c), Strength::Medium);
        assert_eq!(strength("kq7v wpx!", &none, c), Strength::Medium); // 3 classes, 9 chars
        assert_eq!(strength("kq7v wpx!rt5z", &none, c), Strength::Strong); // 3 classes, 13
        assert_eq!(strength("kqzvwpxrtbnm12", &none, c), Strength::Strong); // 2 classes, 14
        assert_eq!(strength("kqzvwpxrtbn12", &none, c), Strength::Medium); // 2 classes, 13
        assert_eq!(strength("kq7v wpx!rt5zmn8", &none, c), Strength::Strong); // 16, the most allowed
        assert_eq!(strength("kq7v wpx!rt5zmn8q", &none, c), Strength::Weak); // 17: refused
        assert!(Strength::Weak < Strength::Medium && Strength::Medium < Strength::Strong);
        // What the account's own identifier would refuse is weak too, however long.
        let mut own = PasswordContext::default();
        own.add_email("Bob.Lee-1@example.com");
        assert_eq!(strength("bob.lee-1@example.com", &own, c), Strength::Weak);
        assert_eq!(strength("bob.lee-1@example.com", &none, c), Strength::Weak); // 21: refused
        own.add_email("kq7v@x.io");
        assert_eq!(strength("KQ7V@X.IO", &own, c), Strength::Weak);
        assert_eq!(strength("KQ7V@X.IO", &none, c), Strength::Medium);
    }
}
