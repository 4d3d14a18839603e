//! Schema versions: what `xa.meta` says, and the steps that bring an older store up to
//! [`SCHEMA_VERSION`].
//!
//! - **v1** (the first builds): a session was one record per browser profile and stayed signed
//!   in while its account existed. `xa.session` had no `device_id`, accounts had no `devices`,
//!   and there was no `xa.device`.
//! - **v2**: a session signs in while the account's entry for this profile's device holds the
//!   session's token, so "sign out of other devices" and a password change can end it.
//!
//! - **v3**: emails are matched without regard to case. v2 kept the local part as typed, so
//!   `Bob@example.com` and `bob@example.com` could be two accounts.
//!
//! Read as v2, a v1 session names no device and would silently sign the user out. The v1 → v2
//! step keeps them signed in: this profile gets a device ID (the stored one, else the first 16
//! hex digits of the session's random token, so the step needs no randomness and is
//! deterministic), the session's account gets that device with the session's token, and the
//! session names the device. A session that already names a device is left alone (builds
//! between the two versions wrote such sessions under a v1 marker).
//!
//! The v2 → v3 step lower-cases every account's email and moves its index entry to match. If two
//! accounts' emails differ only in case, the one created first keeps the email. The other keeps
//! its phone and ID but no longer has an email: otherwise one index entry would lead to two
//! accounts. Code records sent to such an email move to the lower-cased key. Their active
//! code is dropped, because its MAC covers the identifier as it was; the sends stay counted,
//! and a new code can be sent.
//!
//! Steps work on raw JSON (`serde_json::Value`), not on today's Rust types, so they keep
//! describing their own version's format when the types change later. Each step's writes and
//! the new version marker land together (`kv::write_all`): a store is always wholly at one
//! version, and a step that fails (storage full) is tried again at the next start.
//!
//! A store whose marker is newer than this build, or unreadable, is frozen (`kv::Guarded`):
//! the app reads what it can and refuses every write rather than overwrite data it does not
//! understand.

use super::kv::{self, Kv, KvError, Write};
use super::store::{
    Meta, Store, StoreError, ACCOUNT, CODE, INDEX, KEY_DEVICE, KEY_META, KEY_SESSION, PREFIX,
    SCHEMA_VERSION,
};
use serde_json::{json, Map, Value};

/// What start-up found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// Nothing stored yet: the marker of this version was written.
    New,
    /// Already at [`SCHEMA_VERSION`].
    Current,
    /// Brought up from an older version.
    Migrated { from: u32 },
    /// Written by a newer build: frozen, read-only.
    Newer(u32),
    /// The version marker cannot be read: frozen, read-only, until it is removed.
    Unreadable(String),
}

/// One step: the writes that turn a store of version `n` into version `n + 1` (the marker is
/// added by [`open`]).
type Step = fn(&dyn Kv) -> Result<Vec<Write>, KvError>;

/// `STEPS[n - 1]` goes from version `n` to `n + 1`; one per earlier version.
const STEPS: [Step; SCHEMA_VERSION as usize - 1] = [v1_to_v2, v2_to_v3];

/// The stored schema version: `Ok(None)` when there is no marker.
pub fn stored_version(kv: &dyn Kv) -> Result<Option<u32>, StoreError> {
    match kv.get(KEY_META)? {
        None => Ok(None),
        Some(raw) => serde_json::from_str::<Meta>(&raw)
            .map(|m| Some(m.v))
            .map_err(|e| StoreError::Corrupt {
                key: KEY_META.to_owned(),
                reason: e.to_string(),
            }),
    }
}

/// Runs at start-up: writes the marker of a new store, migrates an older one, freezes a newer or
/// unreadable one. Reading failures (storage blocked) are returned and change nothing.
pub fn open<K: Kv>(store: &Store<K>) -> Result<Opened, StoreError> {
    let kv = store.guarded();
    let version = match stored_version(kv) {
        Ok(Some(v)) => v,
        Ok(None) => {
            let has_data = kv
                .keys()?
                .iter()
                .any(|k| k.starts_with(PREFIX) && k != KEY_META);
            if !has_data {
                write_marker(kv, SCHEMA_VERSION, Vec::new())?;
                return Ok(Opened::New);
            }
            // Records without a marker: the marker was lost (edited or evicted). Treat them as
            // the oldest version; every step leaves data that is already newer as it is.
            1
        }
        Err(StoreError::Corrupt { reason, .. }) => {
            kv.set_frozen(true);
            return Ok(Opened::Unreadable(reason));
        }
        Err(e) => return Err(e),
    };
    if version == 0 {
        kv.set_frozen(true);
        return Ok(Opened::Unreadable("version 0 never existed".into()));
    }
    if version > SCHEMA_VERSION {
        kv.set_frozen(true);
        return Ok(Opened::Newer(version));
    }
    kv.set_frozen(false);
    if version == SCHEMA_VERSION {
        return Ok(Opened::Current);
    }
    for v in version..SCHEMA_VERSION {
        let writes = STEPS[v as usize - 1](kv)?;
        write_marker(kv, v + 1, writes)?;
    }
    Ok(Opened::Migrated { from: version })
}

fn write_marker(kv: &dyn Kv, v: u32, mut writes: Vec<Write>) -> Result<(), KvError> {
    let marker = serde_json::to_string(&Meta { v }).expect("plain data serialises");
    writes.push((KEY_META.to_owned(), Some(marker)));
    kv::write_all(kv, &writes)
}

fn parse_object(raw: Option<String>) -> Option<Map<String, Value>> {
    match serde_json::from_str(&raw?) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// v1 → v2: tie this profile's session to a device entry of its account (see the module note).
/// Records it cannot read are left as they are for the storage problems panel to show.
fn v1_to_v2(kv: &dyn Kv) -> Result<Vec<Write>, KvError> {
    let Some(mut session) = parse_object(kv.get(KEY_SESSION)?) else {
        return Ok(Vec::new());
    };
    let names_device = session
        .get("device_id")
        .and_then(Value::as_str)
        .is_some_and(|d| !d.is_empty());
    let (Some(account_id), Some(token)) = (
        session.get("account_id").and_then(Value::as_str),
        session.get("token").and_then(Value::as_str),
    ) else {
        return Ok(Vec::new());
    };
    if names_device {
        return Ok(Vec::new());
    }
    let (account_id, token) = (account_id.to_owned(), token.to_owned());
    let account_key = format!("{ACCOUNT}{account_id}");
    let Some(mut account) = parse_object(kv.get(&account_key)?) else {
        return Ok(Vec::new());
    };
    let mut writes = Vec::new();
    let stored_device = kv
        .get(KEY_DEVICE)?
        .and_then(|raw| serde_json::from_str::<String>(&raw).ok());
    let device_id = match stored_device {
        Some(id) => id,
        None => {
            if token.len() < 16 || !token.is_ascii() {
                return Ok(Vec::new());
            }
            let id = token[..16].to_owned();
            writes.push((
                KEY_DEVICE.to_owned(),
                Some(Value::from(id.clone()).to_string()),
            ));
            id
        }
    };
    let created_at = session.get("created_at").cloned().unwrap_or(json!(0));
    let label = session
        .get("device")
        .cloned()
        .filter(Value::is_string)
        .unwrap_or_else(|| json!(""));
    let devices = account
        .entry("devices")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(devices) = devices else {
        return Ok(Vec::new());
    };
    let entry = json!({
        "id": device_id,
        "label": label,
        "first_sign_in": created_at,
        "last_sign_in": created_at,
        "token": token,
    });
    match devices
        .iter_mut()
        .find(|d| d.get("id").and_then(Value::as_str) == Some(device_id.as_str()))
    {
        Some(d) => *d = entry,
        None => devices.push(entry),
    }
    session.insert("device_id".into(), Value::from(device_id));
    writes.push((account_key, Some(Value::Object(account).to_string())));
    writes.push((
        KEY_SESSION.to_owned(),
        Some(Value::Object(session).to_string()),
    ));
    Ok(writes)
}

/// v2 → v3: emails lower-cased (see the module note).
fn v2_to_v3(kv: &dyn Kv) -> Result<Vec<Write>, KvError> {
    // Every readable account with an email: (created_at, id, its record), oldest first.
    let mut with_email = Vec::new();
    for key in kv.keys()? {
        let Some(id) = key.strip_prefix(ACCOUNT) else {
            continue;
        };
        let Some(account) = parse_object(kv.get(&key)?) else {
            continue;
        };
        if account.get("email").and_then(Value::as_str).is_some() {
            let created = account.get("created_at").and_then(Value::as_i64);
            with_email.push((created.unwrap_or(i64::MAX), id.to_owned(), account));
        }
    }
    with_email.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut writes = Vec::new();
    let mut kept = std::collections::HashSet::new();
    for (_, id, mut account) in with_email {
        let email = account["email"].as_str().unwrap_or_default().to_owned();
        let lower = email.to_lowercase();
        let old_index = format!("{INDEX}e:{email}");
        let new_index = format!("{INDEX}e:{lower}");
        let indexed_here = kv.get(&old_index)?.as_deref() == Some(id.as_str());
        if kept.insert(lower.clone()) {
            if lower == email {
                continue;
            }
            account.insert("email".into(), Value::from(lower));
            if indexed_here {
                writes.push((old_index, None));
            }
            writes.push((new_index, Some(id.clone())));
        } else {
            // A newer account with an email that differs only in case: the older one keeps it.
            account.remove("email");
            if indexed_here && old_index != new_index {
                writes.push((old_index, None));
            }
        }
        writes.push((
            format!("{ACCOUNT}{id}"),
            Some(Value::Object(account).to_string()),
        ));
    }
    for key in kv.keys()? {
        let Some((purpose, to)) = key.strip_prefix(CODE).and_then(|r| r.split_once('.')) else {
            continue;
        };
        let lower = to.to_lowercase();
        if !to.contains('@') || lower == to {
            continue;
        }
        writes.push((key.clone(), None));
        let new_key = format!("{CODE}{purpose}.{lower}");
        if kv.get(&new_key)?.is_some() {
            continue;
        }
        if let Some(mut record) = parse_object(kv.get(&key)?) {
            record.remove("active");
            writes.push((new_key, Some(Value::Object(record).to_string())));
        }
    }
    Ok(writes)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::account::IdKind;
    use crate::core::identifier::parse_email;
    use crate::core::kv::MemoryKv;
    use std::collections::BTreeMap;

    /// A stored sample: the key → value map of localStorage, as a JSON object of strings.
    fn load(sample: &str) -> Store<MemoryKv> {
        let map: BTreeMap<String, String> = serde_json::from_str(sample).unwrap();
        let kv = MemoryKv::new();
        for (k, v) in map {
            kv.set(&k, &v).unwrap();
        }
        Store::new(kv)
    }

    pub(crate) fn snapshot(kv: &dyn Kv) -> BTreeMap<String, String> {
        kv.keys()
            .unwrap()
            .into_iter()
            .map(|k| {
                let v = kv.get(&k).unwrap().unwrap();
                (k, v)
            })
            .collect()
    }

    pub(crate) const V1: &str = include_str!("../../tests/fixtures/store-v1.json");
    const V1_LATE: &str = include_str!("../../tests/fixtures/store-v1-late.json");
    const V2: &str = include_str!("../../tests/fixtures/store-v2.json");
    const V2_EMAIL_CASE: &str = include_str!("../../tests/fixtures/store-v2-email-case.json");
    pub(crate) const V3: &str = include_str!("../../tests/fixtures/store-v3.json");
    const FUTURE: &str = include_str!("../../tests/fixtures/store-v4-future.json");

    /// A stored sample of every earlier version: a new version does not compile without one.
    const SAMPLES: [&str; SCHEMA_VERSION as usize - 1] = [V1, V2];

    #[test]
    fn there_is_one_step_and_one_sample_from_every_earlier_version() {
        assert_eq!(STEPS.len(), SCHEMA_VERSION as usize - 1);
        for (i, sample) in SAMPLES.into_iter().enumerate() {
            let s = load(sample);
            let from = stored_version(s.kv()).unwrap().unwrap();
            assert_eq!(from as usize, i + 1);
            assert_eq!(s.init().unwrap(), Opened::Migrated { from });
        }
    }

    #[test]
    fn a_v1_store_keeps_its_user_signed_in_and_every_record() {
        let s = load(V1);
        let before = snapshot(s.kv());
        assert_eq!(s.init().unwrap(), Opened::Migrated { from: 1 });
        let after = snapshot(s.kv());
        // Only the session, its account, the marker and the new device ID changed.
        let changed: Vec<&str> = after
            .keys()
            .filter(|k| before.get(*k) != after.get(*k))
            .map(String::as_str)
            .collect();
        assert_eq!(
            changed,
            ["xa.acct.1234567890", "xa.device", "xa.meta", "xa.session"]
        );
        assert!(before.keys().all(|k| after.contains_key(k)));
        assert_eq!(after["xa.meta"], r#"{"v":3}"#);
        // The session still signs in, on a device entry with the session's label and time.
        let session = s.session().unwrap().unwrap();
        let account = s.account("1234567890").unwrap().unwrap();
        assert!(account.session_valid(&session));
        assert_eq!(session.device_id, "9f86d081884c7d65");
        assert_eq!(
            s.device_id(&crate::core::rng::TestRng::new(1)).unwrap(),
            session.device_id
        );
        let d = &account.devices[0];
        assert_eq!(
            (d.label.as_str(), d.first_sign_in, d.last_sign_in),
            ("Chrome on Linux", 1_764_000_500_000, 1_764_000_500_000)
        );
        // Everything else reads as before: the other account, codes, throttle, prefs, clock.
        let other = s.account("2234567890").unwrap().unwrap();
        assert_eq!(other.email.as_deref(), Some("ann@example.com"));
        assert!(other.devices.is_empty());
        assert_eq!(s.throttle("2234567890").unwrap().failures, 2);
        assert_eq!(
            s.code_record(crate::core::codes::Purpose::SignUp, "+8613812345678")
                .unwrap()
                .sends,
            [1_764_000_000_000]
        );
        assert_eq!(s.prefs().unwrap().lang.as_deref(), Some("es"));
        assert_eq!(s.clock_offset().unwrap(), 600_000);
        assert!(s.problems().unwrap().is_empty());
        // A second start finds it current and changes nothing.
        assert_eq!(s.init().unwrap(), Opened::Current);
        assert_eq!(snapshot(s.kv()), after);
    }

    #[test]
    fn a_v1_marker_over_v2_records_changes_only_the_marker() {
        let s = load(V1_LATE);
        let before = snapshot(s.kv());
        assert_eq!(s.init().unwrap(), Opened::Migrated { from: 1 });
        let mut after = snapshot(s.kv());
        assert_eq!(
            after.insert("xa.meta".into(), before["xa.meta"].clone()),
            Some(r#"{"v":3}"#.into())
        );
        assert_eq!(after, before);
        let session = s.session().unwrap().unwrap();
        assert!(s
            .account(&session.account_id)
            .unwrap()
            .unwrap()
            .session_valid(&session));
    }

    #[test]
    fn records_without_a_marker_are_taken_as_v1() {
        let s = load(V1);
        s.kv().remove("xa.meta").unwrap();
        assert_eq!(s.init().unwrap(), Opened::Migrated { from: 1 });
        let session = s.session().unwrap().unwrap();
        assert!(s
            .account("1234567890")
            .unwrap()
            .unwrap()
            .session_valid(&session));
    }

    #[test]
    fn v2_emails_are_lower_cased_and_the_older_of_two_keeps_a_shared_one() {
        let s = load(V2_EMAIL_CASE);
        let before = snapshot(s.kv());
        assert_eq!(s.init().unwrap(), Opened::Migrated { from: 2 });
        let find = |e: &str| {
            s.find_account(IdKind::Email, e)
                .unwrap()
                .map(|a| a.id.clone())
        };
        // Any case of an email now leads to its account.
        let carol = parse_email("CAROL@Example.com").unwrap();
        assert_eq!(find(carol.as_str()).as_deref(), Some("5234567890"));
        let carol_rec = s.account("5234567890").unwrap().unwrap();
        assert_eq!(carol_rec.email.as_deref(), Some("carol@example.com"));
        // Bob signed up twice, as "Bob.Test@" and then "bob.test@": the first keeps the email.
        assert_eq!(find("bob.test@example.com").as_deref(), Some("3234567890"));
        let first = s.account("3234567890").unwrap().unwrap();
        assert_eq!(first.email.as_deref(), Some("bob.test@example.com"));
        let second = s.account("4234567890").unwrap().unwrap();
        assert_eq!(second.email, None);
        assert_eq!(second.nickname, "Bob again");
        assert_eq!(
            s.find_account(IdKind::Phone, "+8613812345679")
                .unwrap()
                .map(|a| a.id),
            Some("4234567890".into()),
            "the second keeps its phone"
        );
        // No mixed-case index entry or code record is left, and every index entry is sound.
        let after = snapshot(s.kv());
        assert!(after
            .keys()
            .all(|k| !k.starts_with("xa.idx.e:") || *k == k.to_lowercase()));
        assert!(!after.contains_key("xa.code.in.Carol@example.com"));
        assert!(!after.contains_key("xa.code.in.Bob.Test@example.com"));
        assert_eq!(
            after["xa.code.in.bob.test@example.com"], before["xa.code.in.bob.test@example.com"],
            "a record already under the lower-cased key stays"
        );
        // Carol's moved record keeps its sends but not the code, whose MAC named the old key.
        let carol_code = s
            .code_record(crate::core::codes::Purpose::SignIn, "carol@example.com")
            .unwrap();
        assert_eq!(carol_code.sends, vec![1_764_000_600_000]);
        assert!(carol_code.active.is_none());
        assert_eq!(s.problems().unwrap(), Vec::new());
        assert_eq!(s.init().unwrap(), Opened::Current);
    }

    #[test]
    fn a_current_store_is_left_byte_for_byte() {
        let s = load(V3);
        let before = snapshot(s.kv());
        assert_eq!(s.init().unwrap(), Opened::Current);
        assert_eq!(snapshot(s.kv()), before);
        assert!(!s.is_read_only());
    }

    #[test]
    fn an_empty_store_gets_the_current_marker_and_other_apps_keys_do_not_count() {
        let s = Store::new(MemoryKv::new());
        s.kv().set("other-app", "{}").unwrap();
        assert_eq!(s.init().unwrap(), Opened::New);
        assert_eq!(
            s.kv().get("xa.meta").unwrap().as_deref(),
            Some(r#"{"v":3}"#)
        );
        assert_eq!(s.kv().get("other-app").unwrap().as_deref(), Some("{}"));
    }

    #[test]
    fn a_newer_store_is_read_but_never_written() {
        let s = load(FUTURE);
        let before = snapshot(s.kv());
        assert_eq!(s.init().unwrap(), Opened::Newer(4));
        assert!(s.is_read_only());
        // What this build understands still reads.
        assert!(s.account("1234567890").unwrap().is_some());
        // Every kind of write is refused and nothing changes.
        let a = s.account("1234567890").unwrap().unwrap();
        assert_eq!(s.put_account(&a), Err(StoreError::Kv(KvError::ReadOnly)));
        assert_eq!(
            s.set_clock_offset(1),
            Err(StoreError::Kv(KvError::ReadOnly))
        );
        assert_eq!(s.erase_all(), Err(StoreError::Kv(KvError::ReadOnly)));
        assert_eq!(s.delete_account(&a), Err(StoreError::Kv(KvError::ReadOnly)));
        assert_eq!(s.init().unwrap(), Opened::Newer(4));
        assert_eq!(snapshot(s.kv()), before);
    }

    #[test]
    fn an_unreadable_marker_freezes_until_it_is_removed() {
        let s = load(V3);
        s.kv().set("xa.meta", "{\"v\":\"two\"}").unwrap();
        let before = snapshot(s.kv());
        assert!(matches!(s.init().unwrap(), Opened::Unreadable(_)));
        assert!(s.is_read_only());
        assert_eq!(snapshot(s.kv()), before);
        s.kv().set("xa.meta", "{\"v\":0}").unwrap();
        assert!(matches!(s.init().unwrap(), Opened::Unreadable(_)));
        // The storage panel's "Remove" on the marker, then a new start: records are kept.
        s.kv().remove("xa.meta").unwrap();
        assert_eq!(s.init().unwrap(), Opened::Migrated { from: 1 });
        assert!(!s.is_read_only());
        assert!(s.account("1234567890").unwrap().is_some());
    }

    #[test]
    fn a_migration_that_does_not_fit_leaves_the_store_at_v1() {
        let full = load(V1);
        let used: usize = snapshot(full.kv())
            .iter()
            .map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count())
            .sum();
        // Room for the v1 store, not for the device entry the step adds.
        let s = Store::new(MemoryKv::with_quota(used + 10));
        for (k, v) in snapshot(full.kv()) {
            s.kv().set(&k, &v).unwrap();
        }
        let before = snapshot(s.kv());
        assert_eq!(s.init(), Err(StoreError::Kv(KvError::Full)));
        assert_eq!(snapshot(s.kv()), before);
        assert!(!s.is_read_only());
    }
}
