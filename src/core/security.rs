//! Account security rules: the security score and its risks (the real site's "NN points, N
//! risks found"), adding, changing and removing the security phone and email, and how contacts
//! are shown masked.

use super::account::Account;

/// What the score counts against the account, in the order the account center lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    NoPhone,
    NoEmail,
    TwoStepOff,
}

/// Points for a password alone; each fixed risk adds [`RISK_POINTS`], so no risks make 100.
pub const BASE_POINTS: u8 = 40;
pub const RISK_POINTS: u8 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub score: u8,
    pub risks: Vec<Risk>,
}

pub fn assess(a: &Account) -> Assessment {
    let mut risks = Vec::new();
    if a.phone.is_none() {
        risks.push(Risk::NoPhone);
    }
    if a.email.is_none() {
        risks.push(Risk::NoEmail);
    }
    if !a.two_step {
        risks.push(Risk::TwoStepOff);
    }
    let fixed = 3 - risks.len() as u8;
    Assessment {
        score: BASE_POINTS + RISK_POINTS * fixed,
        risks,
    }
}

/// The guide: "Add both a phone number and email as recovery options — losing both makes
/// account recovery very difficult." True when only one of them is set.
pub fn only_one_recovery_option(a: &Account) -> bool {
    a.phone.is_some() != a.email.is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    Phone,
    Email,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactError {
    /// The new value is the one already set.
    Unchanged,
    /// Removing it would leave no phone and no email to sign in with or recover the account.
    LastOne,
}

/// The account with its phone or email set to `value` (already normalised), or removed when
/// `None`. Uniqueness across accounts is the store's to check (`Store::update_contacts`).
pub fn set_contact(
    a: &Account,
    which: Contact,
    value: Option<String>,
) -> Result<Account, ContactError> {
    let mut next = a.clone();
    let slot = match which {
        Contact::Phone => &mut next.phone,
        Contact::Email => &mut next.email,
    };
    if *slot == value {
        return Err(ContactError::Unchanged);
    }
    *slot = value;
    if next.phone.is_none() && next.email.is_none() {
        return Err(ContactError::LastOne);
    }
    Ok(next)
}

/// Where codes for the account go, phone first: `(contact, is_email)`.
pub fn contacts(a: &Account) -> Vec<(String, bool)> {
    a.phone
        .iter()
        .map(|p| (p.clone(), false))
        .chain(a.email.iter().map(|e| (e.clone(), true)))
        .collect()
}

/// An E.164 number's calling code, as "+1" and a no-break space (so the two never part at a
/// line end), and the national number after it; or no code and the number as it is (none of our
/// calling codes starts it). For numbers only: callers keep emails away. Calling codes are a
/// prefix code, so at most one of ours starts the number.
fn split_calling_code(contact: &str) -> (String, &str) {
    contact
        .strip_prefix('+')
        .and_then(|digits| {
            super::regions::REGIONS.iter().find_map(|r| {
                let cc = r.dial.to_string();
                digits
                    .strip_prefix(cc.as_str())
                    .map(|rest| (format!("+{cc}\u{a0}"), rest))
            })
        })
        .unwrap_or((String::new(), contact))
}

/// A contact as pages show it to its owner: the calling code stands apart ("+1 2025550177", not
/// "+12025550177"); an email as it is.
pub fn spaced(contact: &str) -> String {
    // An email may start like a number ("+86shop@example.com"): never split.
    if contact.contains('@') {
        return contact.to_owned();
    }
    let (code, national) = split_calling_code(contact);
    format!("{code}{national}")
}

/// A contact as pages show it to someone who may not own it: "+86 138****5678" keeps the first
/// and last digits of an E.164 number; "a***e@example.com" the ends of an email's local part.
pub fn mask(contact: &str) -> String {
    if let Some((local, domain)) = contact.split_once('@') {
        let chars: Vec<char> = local.chars().collect();
        let shown: String = match chars.len() {
            0 => String::new(),
            1 | 2 => format!("{}***", chars[0]),
            n => format!("{}***{}", chars[0], chars[n - 1]),
        };
        return format!("{shown}@{domain}");
    }
    let (code, national) = split_calling_code(contact);
    let digits: Vec<char> = national.chars().collect();
    let n = digits.len();
    if n <= 7 {
        return format!("{code}{national}");
    }
    let head: String = digits[..n - 8].iter().collect();
    let tail: String = digits[n - 4..].iter().collect();
    format!("{code}{head}****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(phone: Option<&str>, email: Option<&str>) -> Account {
        Account::new(
            "1234567890".into(),
            "CN".into(),
            phone.map(Into::into),
            email.map(Into::into),
            String::new(),
            0,
        )
    }

    #[test]
    fn the_score_counts_phone_email_and_two_step() {
        let mut a = account(Some("+8613812345678"), None);
        assert_eq!(
            assess(&a),
            Assessment {
                score: 60,
                risks: vec![Risk::NoEmail, Risk::TwoStepOff]
            }
        );
        a.email = Some("a@b.com".into());
        assert_eq!(assess(&a).score, 80);
        a.two_step = true;
        assert_eq!(
            assess(&a),
            Assessment {
                score: 100,
                risks: vec![]
            }
        );
        let b = account(None, Some("a@b.com"));
        assert_eq!(assess(&b).risks, vec![Risk::NoPhone, Risk::TwoStepOff]);
    }

    #[test]
    fn the_one_recovery_option_warning() {
        assert!(only_one_recovery_option(&account(Some("+86138"), None)));
        assert!(only_one_recovery_option(&account(None, Some("a@b.com"))));
        assert!(!only_one_recovery_option(&account(
            Some("+86138"),
            Some("a@b.com")
        )));
    }

    #[test]
    fn contacts_can_be_added_changed_and_removed_but_not_the_last() {
        let a = account(Some("+8613812345678"), None);
        let b = set_contact(&a, Contact::Email, Some("a@b.com".into())).unwrap();
        assert_eq!(b.email.as_deref(), Some("a@b.com"));
        let c = set_contact(&b, Contact::Phone, Some("+8613900000000".into())).unwrap();
        assert_eq!(c.phone.as_deref(), Some("+8613900000000"));
        let d = set_contact(&c, Contact::Phone, None).unwrap();
        assert_eq!(
            (d.phone.as_deref(), d.email.as_deref()),
            (None, Some("a@b.com"))
        );
        assert_eq!(
            set_contact(&d, Contact::Email, None),
            Err(ContactError::LastOne)
        );
        assert_eq!(
            set_contact(&d, Contact::Email, Some("a@b.com".into())),
            Err(ContactError::Unchanged)
        );
        // The original is untouched: the caller stores the result.
        assert_eq!(a.email, None);
    }

    #[test]
    fn contacts_list_phone_first() {
        let a = account(Some("+8613812345678"), Some("a@b.com"));
        assert_eq!(
            contacts(&a),
            vec![
                ("+8613812345678".to_string(), false),
                ("a@b.com".to_string(), true)
            ]
        );
    }

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask("+8613812345678"), "+86\u{a0}138****5678");
        assert_eq!(mask("+14155550123"), "+1\u{a0}41****0123");
        assert_eq!(mask("+447911123456"), "+44\u{a0}79****3456");
        assert_eq!(mask("+85251234567"), "+852\u{a0}****4567");
        assert_eq!(mask("alice@example.com"), "a***e@example.com");
        assert_eq!(mask("al@example.com"), "a***@example.com");
        assert_eq!(mask("王小明@例子.中国"), "王***明@例子.中国");
    }

    #[test]
    fn spaced_numbers_keep_the_calling_code_apart() {
        assert_eq!(spaced("+12025550177"), "+1\u{a0}2025550177");
        assert_eq!(spaced("+8613812345678"), "+86\u{a0}13812345678");
        assert_eq!(spaced("+85251234567"), "+852\u{a0}51234567");
        assert_eq!(spaced("ann.lee@example.com"), "ann.lee@example.com");
        assert_eq!(spaced("+86shop@example.com"), "+86shop@example.com");
        // Not one of our calling codes: left as it is.
        assert_eq!(spaced("+99912345"), "+99912345");
    }
}
