//! The account record and its identifiers.

use super::clock::Millis;
use super::rng::Rng;
use super::signin::Session;
use serde::{Deserialize, Serialize};

/// Digits in a Xiaomi Account ID.
pub const ID_LEN: usize = 10;

/// One account as stored. Holds no password and no code in plain text: only the PHC hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The numeric Account ID, 10 digits, never starting with 0.
    pub id: String,
    /// ISO 3166-1 alpha-2 code chosen at sign-up; cannot be changed.
    pub region: String,
    /// E.164, e.g. "+8613812345678".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Normalised (domain lower-cased).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `$pbkdf2-sha256$i=600000,l=32$salt$hash`.
    pub phc: String,
    pub created_at: Millis,
    pub nickname: String,
    /// Two-step verification: after the password, sign-in asks for a code to the phone or email.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub two_step: bool,
    /// When the password was last changed (by the account center or "Forgot password?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_changed_at: Option<Millis>,
    /// Every device (browser profile, simulated phone) that has signed in, newest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<Device>,
}

/// A device that signed in to the account. Its session is valid while `token` matches the
/// token of the session record that device holds; clearing `token` signs that device out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// Random per browser profile (see `store::Store::device_id`) or per simulated phone.
    pub id: String,
    /// "Chrome on Linux".
    pub label: String,
    pub first_sign_in: Millis,
    pub last_sign_in: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl Account {
    /// A new account as sign-up creates it: the default nickname, two-step off, no devices yet.
    pub fn new(
        id: String,
        region: String,
        phone: Option<String>,
        email: Option<String>,
        phc: String,
        created_at: Millis,
    ) -> Self {
        Self {
            nickname: default_nickname(&id),
            id,
            region,
            phone,
            email,
            phc,
            created_at,
            two_step: false,
            password_changed_at: None,
            devices: Vec::new(),
        }
    }

    /// The lookup keys that lead to this account (see [`lookup_key`]).
    pub fn lookup_keys(&self) -> Vec<String> {
        let mut keys = vec![lookup_key(IdKind::AccountId, &self.id)];
        keys.extend(self.phone.iter().map(|p| lookup_key(IdKind::Phone, p)));
        keys.extend(self.email.iter().map(|e| lookup_key(IdKind::Email, e)));
        keys
    }

    /// Records a sign-in from `device_id` with the new session's `token`: its first sign-in is
    /// kept, its last sign-in becomes `now`.
    pub fn sign_in_device(&mut self, device_id: &str, label: &str, token: &str, now: Millis) {
        match self.devices.iter_mut().find(|d| d.id == device_id) {
            Some(d) => {
                d.label = label.to_owned();
                d.last_sign_in = now;
                d.token = Some(token.to_owned());
            }
            None => self.devices.push(Device {
                id: device_id.to_owned(),
                label: label.to_owned(),
                first_sign_in: now,
                last_sign_in: now,
                token: Some(token.to_owned()),
            }),
        }
    }

    pub fn sign_out_device(&mut self, device_id: &str) {
        for d in self.devices.iter_mut().filter(|d| d.id == device_id) {
            d.token = None;
        }
    }

    /// "Sign out of other devices": every device but `keep`. Returns how many were signed in.
    pub fn sign_out_other_devices(&mut self, keep: &str) -> usize {
        let mut n = 0;
        for d in self.devices.iter_mut().filter(|d| d.id != keep) {
            n += usize::from(d.token.take().is_some());
        }
        n
    }

    /// "Remove" on one device of the list: it goes from the list, and with it its token, so it
    /// is signed out too (signing in again lists it anew). Returns whether it was listed.
    pub fn remove_device(&mut self, device_id: &str) -> bool {
        let before = self.devices.len();
        self.devices.retain(|d| d.id != device_id);
        self.devices.len() < before
    }

    /// After a password change or reset: every device, this one included.
    pub fn sign_out_all_devices(&mut self) {
        for d in &mut self.devices {
            d.token = None;
        }
    }

    /// Whether `session` (held by some device) still signs that device in to this account.
    pub fn session_valid(&self, session: &Session) -> bool {
        session.account_id == self.id
            && self
                .devices
                .iter()
                .any(|d| d.id == session.device_id && d.token.as_deref() == Some(&session.token))
    }

    /// Devices currently signed in.
    pub fn signed_in_devices(&self) -> impl Iterator<Item = &Device> {
        self.devices.iter().filter(|d| d.token.is_some())
    }
}

pub const NICKNAME_MAX: usize = 20;

/// A nickname that is empty, too long or holds control characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadNickname;

/// A nickname as typed, trimmed: 1 to [`NICKNAME_MAX`] characters, no control characters, and
/// at least one that shows (a name of zero-width spaces would leave the heading blank).
pub fn check_nickname(input: &str) -> Result<String, BadNickname> {
    let n = input.trim();
    let chars = n.chars().count();
    if chars > NICKNAME_MAX || n.chars().any(char::is_control) || !n.chars().any(shows) {
        return Err(BadNickname);
    }
    Ok(n.to_owned())
}

/// Whether `c` draws something: not white space, a control, or one of the characters that only
/// shape their neighbours or are blank by design (format characters such as the zero-width
/// space and joiners, the soft hyphen, bidi marks, variation selectors, tags, Hangul fillers,
/// the blank Braille pattern).
pub fn shows(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        ))
}

/// "Download my data": everything stored for the account except secrets (the password hash).
pub fn export_json(account: &Account) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        xiaomi_account_id: &'a str,
        nickname: &'a str,
        region: &'a str,
        phone: Option<&'a str>,
        email: Option<&'a str>,
        created_at_ms: Millis,
        two_step_verification: bool,
        password_changed_at_ms: Option<Millis>,
        devices: Vec<ExportDevice<'a>>,
        note: &'a str,
    }
    #[derive(Serialize)]
    struct ExportDevice<'a> {
        name: &'a str,
        first_sign_in_ms: Millis,
        last_sign_in_ms: Millis,
        signed_in: bool,
    }
    serde_json::to_string_pretty(&Export {
        xiaomi_account_id: &account.id,
        nickname: &account.nickname,
        region: &account.region,
        phone: account.phone.as_deref(),
        email: account.email.as_deref(),
        created_at_ms: account.created_at,
        two_step_verification: account.two_step,
        password_changed_at_ms: account.password_changed_at,
        devices: account
            .devices
            .iter()
            .map(|d| ExportDevice {
                name: &d.label,
                first_sign_in_ms: d.first_sign_in,
                last_sign_in_ms: d.last_sign_in,
                signed_in: d.token.is_some(),
            })
            .collect(),
        note: "Exported from the Xiaomi Account practice demo. The password hash and session tokens are not included.",
    })
    .expect("plain data serialises")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdKind {
    Phone,
    Email,
    AccountId,
}

/// The index key for a normalised identifier; phone, email and ID never collide.
pub fn lookup_key(kind: IdKind, normalised: &str) -> String {
    let tag = match kind {
        IdKind::Phone => "p",
        IdKind::Email => "e",
        IdKind::AccountId => "i",
    };
    format!("{tag}:{normalised}")
}

/// A fresh random Account ID that `taken` does not know.
pub fn new_account_id(rng: &dyn Rng, taken: impl Fn(&str) -> bool) -> String {
    loop {
        let mut id = String::with_capacity(ID_LEN);
        id.push(char::from(b'1' + rng.below(9) as u8));
        for _ in 1..ID_LEN {
            id.push(char::from(b'0' + rng.below(10) as u8));
        }
        if !taken(&id) {
            return id;
        }
    }
}

/// The nickname an account starts with, as the real site does: derived from the ID.
pub fn default_nickname(id: &str) -> String {
    format!("User{}", &id[id.len().saturating_sub(4)..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::TestRng;

    #[test]
    fn ids_are_ten_digits_without_a_leading_zero_and_unique() {
        let rng = TestRng::new(3);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2_000 {
            let id = new_account_id(&rng, |id| seen.contains(id));
            assert_eq!(id.len(), ID_LEN);
            assert!(id.bytes().all(|b| b.is_ascii_digit()));
            assert_ne!(id.as_bytes()[0], b'0');
            assert!(seen.insert(id));
        }
    }

    #[test]
    fn nicknames_are_trimmed_and_bounded() {
        assert_eq!(check_nickname("  Ann  "), Ok("Ann".to_string()));
        assert_eq!(check_nickname("小米用户"), Ok("小米用户".to_string()));
        assert_eq!(check_nickname("   "), Err(BadNickname));
        assert_eq!(check_nickname(&"x".repeat(21)), Err(BadNickname));
        assert!(check_nickname(&"字".repeat(20)).is_ok());
        assert_eq!(check_nickname("a\u{0}b"), Err(BadNickname));
        // Nothing that shows: zero-width space, soft hyphen and word joiner, a Hangul filler.
        for blank in [
            "\u{200B}",
            "\u{00AD}\u{2060}",
            " \u{3164} ",
            "\u{FEFF}\u{200D}",
        ] {
            assert_eq!(check_nickname(blank), Err(BadNickname), "{blank:?}");
        }
        // One visible character is enough, with invisible ones around it; emoji show.
        assert!(check_nickname("\u{200B}A\u{200B}").is_ok());
        assert_eq!(check_nickname("😀😀"), Ok("😀😀".to_string()));
    }

    #[test]
    fn the_export_holds_everything_but_the_hash() {
        let mut a = Account::new(
            "1234567890".into(),
            "CN".into(),
            Some("+8613812345678".into()),
            None,
            "$pbkdf2-sha256$i=600000,l=32$secret$secret".into(),
            42,
        );
        a.nickname = "Ann".into();
        a.sign_in_device("dev1", "Chrome on Linux", "tokensecret", 50);
        let json = export_json(&a);
        assert!(!json.contains("secret") && !json.contains("pbkdf2"));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["xiaomi_account_id"], "1234567890");
        assert_eq!(v["phone"], "+8613812345678");
        assert_eq!(v["created_at_ms"], 42);
        assert_eq!(v["devices"][0]["name"], "Chrome on Linux");
        assert_eq!(v["devices"][0]["signed_in"], true);
        assert!(!json.contains("tokensecret"));
    }

    /// An account with no phone, email or password, as the device tests need.
    fn bare() -> Account {
        Account::new(
            "1234567890".into(),
            "CN".into(),
            None,
            None,
            String::new(),
            0,
        )
    }

    fn session(device_id: &str, token: &str) -> Session {
        Session {
            account_id: "1234567890".into(),
            token: token.into(),
            created_at: 0,
            device: String::new(),
            device_id: device_id.into(),
        }
    }

    #[test]
    fn a_session_is_valid_while_its_device_holds_its_token() {
        let mut a = bare();
        assert!(!a.session_valid(&session("web", "t1")));
        a.sign_in_device("web", "Chrome on Linux", "t1", 10);
        a.sign_in_device("phone", "Xiaomi phone", "p1", 20);
        assert!(a.session_valid(&session("web", "t1")));
        assert!(a.session_valid(&session("phone", "p1")));
        // Another device's token, a stale token, another account: all invalid.
        assert!(!a.session_valid(&session("web", "p1")));
        let mut other = session("web", "t1");
        other.account_id = "2234567890".into();
        assert!(!a.session_valid(&other));
        // Signing in again on the same device replaces its token and keeps its first sign-in.
        a.sign_in_device("web", "Chrome on Linux", "t2", 30);
        assert!(!a.session_valid(&session("web", "t1")));
        assert!(a.session_valid(&session("web", "t2")));
        assert_eq!(
            (a.devices[0].first_sign_in, a.devices[0].last_sign_in),
            (10, 30)
        );
        assert_eq!(a.devices.len(), 2);
    }

    #[test]
    fn signing_out_other_devices_keeps_this_one() {
        let mut a = bare();
        a.sign_in_device("web", "Chrome on Linux", "t1", 10);
        a.sign_in_device("phone", "Xiaomi phone", "p1", 20);
        a.sign_in_device("tablet", "Xiaomi Pad", "q1", 20);
        a.sign_out_device("tablet");
        assert_eq!(a.sign_out_other_devices("web"), 1);
        assert!(a.session_valid(&session("web", "t1")));
        assert!(!a.session_valid(&session("phone", "p1")));
        assert_eq!(a.signed_in_devices().count(), 1);
        // Devices stay listed after signing out.
        assert_eq!(a.devices.len(), 3);
        a.sign_out_all_devices();
        assert_eq!(a.signed_in_devices().count(), 0);
    }

    #[test]
    fn a_removed_device_leaves_the_list_signed_out() {
        let mut a = bare();
        a.sign_in_device("web", "Chrome on Linux", "t1", 10);
        a.sign_in_device("phone", "Xiaomi phone", "p1", 20);
        assert!(a.remove_device("phone"));
        assert!(!a.session_valid(&session("phone", "p1")));
        assert!(a.session_valid(&session("web", "t1")));
        assert_eq!(a.devices.len(), 1);
        // Not listed (removed in another tab meanwhile): nothing changes.
        assert!(!a.remove_device("phone"));
        assert_eq!(a.devices.len(), 1);
        // Signing in again lists it anew, from that sign-in.
        a.sign_in_device("phone", "Xiaomi phone", "p2", 30);
        assert_eq!(a.devices[1].first_sign_in, 30);
    }

    #[test]
    fn records_without_the_newer_fields_still_read() {
        let old = r#"{"id":"1234567890","region":"CN","phone":"+8613812345678","phc":"x","created_at":1,"nickname":"Ann"}"#;
        let a: Account = serde_json::from_str(old).unwrap();
        assert!(!a.two_step && a.devices.is_empty() && a.password_changed_at.is_none());
        // And a fresh account writes none of them, so the two shapes agree.
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, old);
    }

    #[test]
    fn a_taken_id_is_drawn_again() {
        let rng = TestRng::new(9);
        let first = new_account_id(&TestRng::new(9), |_| false);
        let second = new_account_id(&rng, |id| id == first);
        assert_ne!(first, second);
    }

    #[test]
    fn lookup_keys_cover_every_identifier() {
        let a = Account::new(
            "1234567890".into(),
            "CN".into(),
            Some("+8613812345678".into()),
            Some("a@b.com".into()),
            String::new(),
            0,
        );
        assert_eq!(
            a.lookup_keys(),
            ["i:1234567890", "p:+8613812345678", "e:a@b.com"]
        );
        assert_eq!(a.nickname, "User7890");
    }
}
