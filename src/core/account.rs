//! The account record and its identifiers.

use super::clock::Millis;
use super::rng::Rng;
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
}

impl Account {
    /// The lookup keys that lead to this account (see [`lookup_key`]).
    pub fn lookup_keys(&self) -> Vec<String> {
        let mut keys = vec![lookup_key(IdKind::AccountId, &self.id)];
        keys.extend(self.phone.iter().map(|p| lookup_key(IdKind::Phone, p)));
        keys.extend(self.email.iter().map(|e| lookup_key(IdKind::Email, e)));
        keys
    }
}

pub const NICKNAME_MAX: usize = 20;

/// A nickname that is empty, too long or holds control characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadNickname;

/// A nickname as typed, trimmed: 1 to [`NICKNAME_MAX`] characters, no control characters.
pub fn check_nickname(input: &str) -> Result<String, BadNickname> {
    let n = input.trim();
    let chars = n.chars().count();
    if chars == 0 || chars > NICKNAME_MAX || n.chars().any(char::is_control) {
        return Err(BadNickname);
    }
    Ok(n.to_owned())
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
        note: &'a str,
    }
    serde_json::to_string_pretty(&Export {
        xiaomi_account_id: &account.id,
        nickname: &account.nickname,
        region: &account.region,
        phone: account.phone.as_deref(),
        email: account.email.as_deref(),
        created_at_ms: account.created_at,
        note: "Exported from the Xiaomi Account practice demo. The password hash is not included.",
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
    }

    #[test]
    fn the_export_holds_everything_but_the_hash() {
        let a = Account {
            id: "1234567890".into(),
            region: "CN".into(),
            phone: Some("+8613812345678".into()),
            email: None,
            phc: "$pbkdf2-sha256$i=600000,l=32$secret$secret".into(),
            created_at: 42,
            nickname: "Ann".into(),
        };
        let json = export_json(&a);
        assert!(!json.contains("secret") && !json.contains("pbkdf2"));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["xiaomi_account_id"], "1234567890");
        assert_eq!(v["phone"], "+8613812345678");
        assert_eq!(v["created_at_ms"], 42);
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
        let a = Account {
            id: "1234567890".into(),
            region: "CN".into(),
            phone: Some("+8613812345678".into()),
            email: Some("a@b.com".into()),
            phc: String::new(),
            created_at: 0,
            nickname: default_nickname("1234567890"),
        };
        assert_eq!(
            a.lookup_keys(),
            ["i:1234567890", "p:+8613812345678", "e:a@b.com"]
        );
        assert_eq!(a.nickname, "User7890");
    }
}
