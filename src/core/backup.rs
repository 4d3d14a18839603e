//! Export and import of every account as one JSON file, because browsers may evict
//! localStorage (Safari after 7 days without a visit) and a learner may move to another browser.
//!
//! The file holds each readable account as stored, password hash included (so the accounts
//! sign in again after an import) and session tokens removed (sign-ins do not travel). Import
//! first [`plan`]s: each account in the file is new, identical to one here, conflicting (same
//! ID with other content, or an identifier that leads to another account here) or invalid.
//! [`apply`] then adds only the new ones, all or none, so nothing is ever duplicated and
//! nothing stored is replaced.

use super::account::{check_nickname, Account};
use super::clock::Millis;
use super::hash::Phc;
use super::identifier;
use super::kv::{self, Kv};
use super::regions;
use super::store::{Store, StoreError, ACCOUNT, INDEX, SCHEMA_VERSION};
use super::unicode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the file says it is, so another JSON file is refused by name.
pub const FORMAT: &str = "xiaomi-account-demo/accounts";
/// Larger files are refused before parsing: localStorage holds about 5 MiB anyway.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Devices a valid account may list; the demo never makes this many.
const MAX_DEVICES: usize = 100;
/// Characters of a device label.
const MAX_LABEL: usize = 100;

#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    schema: u32,
    #[serde(default)]
    exported_at: Millis,
    accounts: Vec<Value>,
}

/// Every readable account, sorted by ID, as the file's JSON; and how many. Unreadable records
/// are left to the storage panel, which exports them one by one.
pub fn export<K: Kv>(store: &Store<K>, now: Millis) -> Result<(String, usize), StoreError> {
    let accounts = accounts(store)?;
    let file = File {
        format: FORMAT.into(),
        schema: SCHEMA_VERSION,
        exported_at: now,
        accounts: accounts
            .iter()
            .map(|a| serde_json::to_value(portable(a)).expect("plain data serialises"))
            .collect(),
    };
    let json = serde_json::to_string_pretty(&file).expect("plain data serialises");
    Ok((json, accounts.len()))
}

/// The same account, apart from where it has signed in since (its devices list).
fn same_account(a: &Account, b: &Account) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.devices.clear();
    b.devices.clear();
    a == b
}

/// An account as it travels: without session tokens.
fn portable(a: &Account) -> Account {
    let mut a = a.clone();
    for d in &mut a.devices {
        d.token = None;
    }
    // Files from builds before schema 3 keep the case of an email's local part; emails are
    // matched without case now (see `identifier::parse_email`).
    a.email = a.email.map(|e| unicode::lower(&e));
    a
}

/// In the order of their IDs: the keys share one prefix, so they sort as the IDs do (sorted as
/// strings, which the store sorts anyway: one sort's code in the wasm, not one more).
fn accounts<K: Kv>(store: &Store<K>) -> Result<Vec<Account>, StoreError> {
    let mut keys = store.kv().keys()?;
    keys.sort_unstable();
    let mut out = Vec::new();
    for key in keys {
        if let Some(id) = key.strip_prefix(ACCOUNT) {
            if let Ok(Some(a)) = store.account(id) {
                if a.id == id {
                    out.push(a);
                }
            }
        }
    }
    Ok(out)
}

/// Why a whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    TooLarge,
    /// Not JSON, or not an export of this demo.
    NotAnExport,
    /// Made by a newer version of the demo.
    Newer(u32),
}

/// What importing one account of the file would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    New,
    /// The same as the account stored here (apart from sign-ins): skipped.
    Identical,
    /// Same Account ID, different content: the one here is kept.
    Differs,
    /// One of its identifiers leads to another account here (or earlier in the file): skipped,
    /// so no identifier ever leads to two accounts.
    Taken(String),
    /// Not a valid account: skipped. The reason, in English, for the curious.
    Invalid(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The Account ID as the file gives it (may be anything in an invalid entry).
    pub id: String,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub entries: Vec<Entry>,
    /// The accounts that would be added.
    pub new: Vec<Account>,
}

impl Plan {
    pub fn count(&self, f: impl Fn(&Verdict) -> bool) -> usize {
        self.entries.iter().filter(|e| f(&e.verdict)).count()
    }
}

/// Reads a file and says what importing it would change; writes nothing.
pub fn plan<K: Kv>(store: &Store<K>, text: &str) -> Result<Plan, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge);
    }
    let file: File = serde_json::from_str(text).map_err(|_| FileError::NotAnExport)?;
    if file.format != FORMAT || file.schema == 0 {
        return Err(FileError::NotAnExport);
    }
    if file.schema > SCHEMA_VERSION {
        return Err(FileError::Newer(file.schema));
    }
    let mut plan = Plan::default();
    // IDs seen, and index keys claimed by accounts earlier in the file: sets, kept as the keys
    // of serde_json's map (see `Seen`).
    let mut seen_ids = Seen::new();
    let mut claimed = Seen::new();
    for value in file.accounts {
        let shown_id = value
            .get("id")
            .and_then(Value::as_str)
            .map(|s| s.chars().take(20).collect())
            .unwrap_or_default();
        let account = match serde_json::from_value::<Account>(value) {
            Ok(a) => portable(&a),
            Err(e) => {
                plan.entries.push(Entry {
                    id: shown_id,
                    verdict: Verdict::Invalid(e.to_string()),
                });
                continue;
            }
        };
        let verdict = verdict(store, &account, &mut seen_ids, &mut claimed);
        if verdict == Verdict::New {
            plan.new.push(account.clone());
        }
        plan.entries.push(Entry {
            id: account.id.clone(),
            verdict,
        });
    }
    Ok(plan)
}

fn verdict<K: Kv>(
    store: &Store<K>,
    a: &Account,
    seen_ids: &mut Seen,
    claimed: &mut Seen,
) -> Verdict {
    if let Err(reason) = validate(a) {
        return Verdict::Invalid(reason.into());
    }
    if seen_ids.insert(a.id.clone(), Value::Null).is_some() {
        return Verdict::Invalid("appears twice in the file".into());
    }
    match store.account(&a.id) {
        Ok(Some(here)) => {
            return if same_account(&here, a) {
                Verdict::Identical
            } else {
                Verdict::Differs
            };
        }
        Ok(None) => {}
        // An unreadable record under this ID: keep it for the storage panel, add nothing.
        Err(_) => return Verdict::Differs,
    }
    for key in a.lookup_keys() {
        let here = store.kv().get(&format!("{INDEX}{key}")).ok().flatten();
        if here.is_some() || claimed.contains_key(&key) {
            let shown = key.split_once(':').map_or(key.as_str(), |(_, v)| v);
            return Verdict::Taken(shown.to_owned());
        }
    }
    for key in a.lookup_keys() {
        claimed.insert(key, Value::Null);
    }
    Verdict::New
}

/// A set of strings as the keys of serde_json's map (a BTreeMap, O(log n) for a file of
/// thousands of accounts), which the store's JSON code links in already: a HashSet or BTreeSet
/// of its own would be kilobytes more wasm for an import now and then.
type Seen = serde_json::Map<String, Value>;

/// The rules every stored account follows (what sign-up and the account center enforce).
fn validate(a: &Account) -> Result<(), &'static str> {
    let id_ok = a.id.len() == super::account::ID_LEN
        && a.id.bytes().all(|b| b.is_ascii_digit())
        && !a.id.starts_with('0');
    if !id_ok {
        return Err("the Account ID is not 10 digits");
    }
    if regions::by_code(&a.region).is_none() {
        return Err("unknown region");
    }
    if a.phone.is_none() && a.email.is_none() {
        return Err("neither a phone number nor an email");
    }
    if let Some(p) = &a.phone {
        let digits = p.strip_prefix('+').unwrap_or("");
        if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("the phone number is not in E.164 form");
        }
    }
    if let Some(e) = &a.email {
        if identifier::parse_email(e).map(|n| n.as_str() == e) != Ok(true) {
            return Err("the email is not valid");
        }
    }
    if Phc::parse(&a.phc).is_err() {
        return Err("the password hash is not valid");
    }
    if check_nickname(&a.nickname).as_deref() != Ok(a.nickname.as_str()) {
        return Err("the nickname is not valid");
    }
    if a.devices.len() > MAX_DEVICES
        || a.devices
            .iter()
            .any(|d| d.label.chars().count() > MAX_LABEL || d.id.is_empty())
    {
        return Err("the devices list is not valid");
    }
    Ok(())
}

/// Adds the file's new accounts with their index entries, all or none, and returns how many.
/// It plans again first, so it acts on the store as it is now (run it under the cross-tab lock).
pub fn apply<K: Kv>(store: &Store<K>, text: &str) -> Result<usize, ApplyError> {
    let plan = plan(store, text).map_err(ApplyError::File)?;
    let mut writes = Vec::new();
    for a in &plan.new {
        writes.push(Store::<K>::encode(&format!("{ACCOUNT}{}", a.id), a));
        for key in a.lookup_keys() {
            writes.push((format!("{INDEX}{key}"), Some(a.id.clone())));
        }
    }
    kv::write_all(store.guarded(), &writes).map_err(|e| ApplyError::Store(e.into()))?;
    Ok(plan.new.len())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    File(FileError),
    Store(StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::account::{lookup_key, IdKind};
    use crate::core::kv::{KvError, MemoryKv};
    use crate::core::migrate::tests::snapshot;

    fn index_key(kind: IdKind, normalised: &str) -> String {
        format!("{INDEX}{}", lookup_key(kind, normalised))
    }

    const PHC: &str = "$pbkdf2-sha256$i=600000,l=32$AAECAwQFBgcICQoLDA0ODw$GhrrX29/6J/VVJBQcHTUhBtyDDJ7j9geKPQcr+CE9ec";

    fn account(id: &str, phone: Option<&str>, email: Option<&str>) -> Account {
        Account::new(
            id.into(),
            "CN".into(),
            phone.map(Into::into),
            email.map(Into::into),
            PHC.into(),
            5,
        )
    }

    fn store_with(accounts: &[Account]) -> Store<MemoryKv> {
        let s = Store::new(MemoryKv::new());
        s.init().unwrap();
        for a in accounts {
            s.create_account(a).unwrap();
        }
        s
    }

    #[test]
    fn an_export_imports_into_an_empty_browser_and_signs_in_there() {
        let mut a = account("1234567890", Some("+8613812345678"), None);
        a.sign_in_device("dev", "Chrome on Linux", "secret-token", 9);
        let b = account("2234567890", None, Some("ann@example.com"));
        let here = store_with(&[a.clone(), b.clone()]);
        here.kv().set("xa.acct.3234567890", "{broken").unwrap();
        let (json, n) = export(&here, 77).unwrap();
        assert_eq!(n, 2);
        assert!(!json.contains("secret-token"), "session tokens never leave");
        assert!(json.contains(FORMAT));

        let there = store_with(&[]);
        let plan = plan(&there, &json).unwrap();
        assert_eq!(plan.count(|v| *v == Verdict::New), 2);
        assert_eq!(apply(&there, &json), Ok(2));
        let got = there
            .find_account(IdKind::Email, "ann@example.com")
            .unwrap()
            .unwrap();
        assert_eq!(got, b);
        let got = there.account("1234567890").unwrap().unwrap();
        assert_eq!(got.devices[0].token, None);
        assert_eq!(got.phc, PHC);
        assert!(there.problems().unwrap().is_empty());
    }

    /// Storage whose keys come back in no set order, as a browser's may: here reversed.
    struct Reversed(MemoryKv);

    impl Kv for Reversed {
        fn get(&self, key: &str) -> Result<Option<String>, kv::KvError> {
            self.0.get(key)
        }
        fn set(&self, key: &str, value: &str) -> Result<(), kv::KvError> {
            self.0.set(key, value)
        }
        fn remove(&self, key: &str) -> Result<(), kv::KvError> {
            self.0.remove(key)
        }
        fn keys(&self) -> Result<Vec<String>, kv::KvError> {
            let mut keys = self.0.keys()?;
            keys.reverse();
            Ok(keys)
        }
    }

    #[test]
    fn an_export_lists_the_accounts_by_id_in_any_storage_order() {
        let s = Store::new(Reversed(MemoryKv::new()));
        s.init().unwrap();
        for id in ["2234567890", "3234567890", "1234567890"] {
            s.create_account(&account(id, None, Some(&format!("u{id}@example.com"))))
                .unwrap();
        }
        let (json, n) = export(&s, 0).unwrap();
        assert_eq!(n, 3);
        let at = |id: &str| json.find(&format!("u{id}@")).unwrap();
        assert!(at("1234567890") < at("2234567890") && at("2234567890") < at("3234567890"));
    }

    #[test]
    fn a_second_import_of_the_same_file_adds_nothing() {
        let here = store_with(&[account("1234567890", Some("+8613812345678"), None)]);
        let (json, _) = export(&here, 0).unwrap();
        // Signing in since the export changes only where the account is signed in.
        let mut a = here.account("1234567890").unwrap().unwrap();
        a.sign_in_device("dev", "Chrome on Linux", "t", 9);
        here.put_account(&a).unwrap();
        let before = snapshot(here.kv());
        let plan = plan(&here, &json).unwrap();
        assert_eq!(plan.entries[0].verdict, Verdict::Identical);
        assert_eq!(apply(&here, &json), Ok(0));
        assert_eq!(snapshot(here.kv()), before);
    }

    #[test]
    fn conflicts_keep_what_is_here_and_new_accounts_merge_in() {
        let mine = account("1234567890", Some("+8613812345678"), None);
        let file_side = store_with(&[
            {
                let mut a = mine.clone();
                a.nickname = "Renamed".into();
                a
            },
            account("6234567890", None, Some("new@example.com")),
        ]);
        let (json, _) = export(&file_side, 0).unwrap();
        // Hand-edit the file: another ID with my phone number, the same email twice, a duplicate
        // ID, and garbage entries.
        let mut file: Value = serde_json::from_str(&json).unwrap();
        let list = file["accounts"].as_array_mut().unwrap();
        let new = list[1].clone();
        let theirs = account("5234567890", Some("+8613812345678"), Some("x@example.com"));
        list.insert(1, serde_json::to_value(&theirs).unwrap());
        let mut twin = new.clone();
        twin["id"] = "7234567890".into();
        list.push(twin);
        list.push(new.clone());
        list.push(serde_json::json!({"id": "<img src=x onerror=alert(1)>", "region": 5}));
        list.push(serde_json::json!("not an account"));
        let mut bad_phc = new.clone();
        bad_phc["id"] = "8234567890".into();
        bad_phc["email"] = "other@example.com".into();
        bad_phc["phc"] = "plaintext".into();
        list.push(bad_phc);
        let json = file.to_string();

        let here = store_with(std::slice::from_ref(&mine));
        let before = snapshot(here.kv());
        let p = plan(&here, &json).unwrap();
        let verdicts: Vec<(&str, &Verdict)> = p
            .entries
            .iter()
            .map(|e| (e.id.as_str(), &e.verdict))
            .collect();
        assert_eq!(verdicts[0], ("1234567890", &Verdict::Differs));
        assert_eq!(
            verdicts[1],
            ("5234567890", &Verdict::Taken("+8613812345678".into()))
        );
        assert_eq!(verdicts[2], ("6234567890", &Verdict::New));
        assert_eq!(
            verdicts[3],
            ("7234567890", &Verdict::Taken("new@example.com".into()))
        );
        assert!(matches!(verdicts[4].1, Verdict::Invalid(_)));
        assert!(matches!(
            verdicts[5],
            ("<img src=x onerror=a", Verdict::Invalid(_))
        ));
        assert!(matches!(verdicts[6], ("", Verdict::Invalid(_))));
        assert!(matches!(verdicts[7], ("8234567890", Verdict::Invalid(_))));
        assert_eq!(snapshot(here.kv()), before, "planning writes nothing");
        assert_eq!(apply(&here, &json), Ok(1));
        assert_eq!(here.account(&mine.id).unwrap(), Some(mine));
        assert!(here.account("6234567890").unwrap().is_some());
        for id in ["5234567890", "7234567890", "8234567890"] {
            assert_eq!(here.account(id).unwrap(), None);
        }
        assert_eq!(
            here.kv()
                .get(&index_key(IdKind::Phone, "+8613812345678"))
                .unwrap()
                .as_deref(),
            Some("1234567890")
        );
        assert!(here.problems().unwrap().is_empty());
    }

    #[test]
    fn other_files_are_refused_whole() {
        let s = store_with(&[]);
        assert_eq!(plan(&s, "not json"), Err(FileError::NotAnExport));
        assert_eq!(plan(&s, "[]"), Err(FileError::NotAnExport));
        assert_eq!(
            plan(
                &s,
                r#"{"format":"something-else","schema":2,"accounts":[]}"#
            ),
            Err(FileError::NotAnExport)
        );
        assert_eq!(
            plan(
                &s,
                &format!(r#"{{"format":"{FORMAT}","schema":9,"accounts":[]}}"#)
            ),
            Err(FileError::Newer(9))
        );
        let huge = format!(
            r#"{{"format":"{FORMAT}","schema":2,"accounts":[],"pad":"{}"}}"#,
            "x".repeat(MAX_FILE_BYTES)
        );
        assert_eq!(plan(&s, &huge), Err(FileError::TooLarge));
    }

    #[test]
    fn an_import_that_does_not_fit_adds_nothing() {
        let from = store_with(&[
            account("1234567890", Some("+8613812345678"), None),
            account("2234567890", None, Some("ann@example.com")),
        ]);
        let (json, _) = export(&from, 0).unwrap();
        let s = Store::new(MemoryKv::with_quota(400));
        s.init().unwrap();
        let before = snapshot(s.kv());
        assert_eq!(
            apply(&s, &json),
            Err(ApplyError::Store(StoreError::Kv(KvError::Full)))
        );
        assert_eq!(snapshot(s.kv()), before);
    }
}
