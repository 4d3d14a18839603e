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
//! The v2 → v3 step lower-cases every account's email and moves its index entry to match. If
//! accounts' emails differ only in case, one index entry cannot lead to all of them: the email
//! stays with the oldest account that has no phone (it has no other contact), else with the
//! oldest. The others keep their phone and ID; one left with its ID alone gets two-step
//! verification turned off, so its password still signs it in. Code records sent to such an
//! email move to the lower-cased key, merged where they meet (every send stays counted); their
//! active code is dropped, because its MAC covers the identifier as it was.
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
use super::unicode;
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
    use std::collections::BTreeMap;
    // Every readable account with an email, grouped by the email lower-cased (an unreadable
    // account is left for the storage panel, with its index entries).
    type Member = (i64, String, Map<String, Value>);
    let mut groups: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    for key in kv.keys()? {
        let Some(id) = key.strip_prefix(ACCOUNT) else {
            continue;
        };
        let Some(account) = parse_object(kv.get(&key)?) else {
            continue;
        };
        if let Some(email) = account.get("email").and_then(Value::as_str) {
            let created = account.get("created_at").and_then(Value::as_i64);
            groups.entry(unicode::lower(email)).or_default().push((
                created.unwrap_or(i64::MAX),
                id.to_owned(),
                account,
            ));
        }
    }
    let mut writes = Vec::new();
    for (lower, members) in groups {
        let unchanged = |m: &Member| m.2["email"].as_str() == Some(lower.as_str());
        if members.len() == 1 && unchanged(&members[0]) {
            continue;
        }
        // The email goes to the oldest account that has no phone (it would have no other way
        // to be reached or to get a code), else to the oldest.
        let has_phone = |a: &Map<String, Value>| a.get("phone").and_then(Value::as_str).is_some();
        // Oldest by creation time, then by ID (distinct); found, not sorted, to link no sort's
        // code for this one use.
        let oldest = |pick: &dyn Fn(&Member) -> bool| {
            (members.iter().enumerate())
                .filter(|(_, m)| pick(m))
                .min_by(|(_, a), (_, b)| (a.0, &a.1).cmp(&(b.0, &b.1)))
                .map(|(i, _)| i)
        };
        let keeper = oldest(&|m| !has_phone(&m.2))
            .or_else(|| oldest(&|_| true))
            .unwrap_or(0);
        let new_index = format!("{INDEX}e:{lower}");
        for (i, (_, id, mut account)) in members.into_iter().enumerate() {
            let email = account["email"].as_str().unwrap_or_default().to_owned();
            let old_index = format!("{INDEX}e:{email}");
            if old_index != new_index && kv.get(&old_index)?.as_deref() == Some(id.as_str()) {
                writes.push((old_index, None));
            }
            if i == keeper {
                account.insert("email".into(), Value::from(lower.clone()));
                writes.push((new_index.clone(), Some(id.clone())));
            } else {
                account.remove("email");
                // Left with its ID alone, it must still be able to sign in: a two-step code
                // would have nowhere to go.
                if !has_phone(&account) {
                    account.insert("two_step".into(), Value::Bool(false));
                }
            }
            writes.push((
                format!("{ACCOUNT}{id}"),
                Some(Value::Object(account).to_string()),
            ));
        }
    }
    // Code records sent to a mixed-case email move to the lower-cased key; records that meet
    // there are merged (their sends all stay counted). The active code is dropped: its MAC
    // covers the identifier as it was. Unreadable records are left for the storage panel.
    let mut moved: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for key in kv.keys()? {
        let Some((purpose, to)) = key.strip_prefix(CODE).and_then(|r| r.split_once('.')) else {
            continue;
        };
        let lower = unicode::lower(to);
        if !to.contains('@') || lower == to {
            continue;
        }
        let Some(mut record) = parse_object(kv.get(&key)?) else {
            continue;
        };
        writes.push((key.clone(), None));
        record.remove("active");
        let new_key = format!("{CODE}{purpose}.{lower}");
        let merged = match moved.remove(&new_key) {
            Some(m) => m,
            None => match parse_object(kv.get(&new_key)?) {
                Some(existing) => existing,
                None => {
                    moved.insert(new_key, record);
                    continue;
                }
            },
        };
        moved.insert(new_key, merge_sends(merged, &record));
    }
    writes.extend(
        moved
            .into_iter()
            .map(|(k, r)| (k, Some(Value::Object(r).to_string()))),
    );
    Ok(writes)
}

/// `into` with `from`'s sends added (each time once, in order).
fn merge_sends(mut into: Map<String, Value>, from: &Map<String, Value>) -> Map<String, Value> {
    let times = |r: &Map<String, Value>| -> Vec<i64> {
        r.get("sends")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    };
    // A record holds a handful of sends: each goes in at its place (a sort would link its
    // code into the wasm for this one use).
    let mut all: Vec<i64> = Vec::new();
    for t in times(&into).into_iter().chain(times(from)) {
        if let Err(at) = all.binary_search(&t) {
            all.insert(at, t);
        }
    }
    into.insert("sends".into(), Value::from(all));
    into
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
    fn merged_sends_are_each_time_once_in_order() {
        let record = |sends: Value| match json!({ "purpose": "in", "sends": sends }) {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let merged = merge_sends(record(json!([30, 10, 20])), &record(json!([20, 5, 40, 5])));
        assert_eq!(merged["sends"], json!([5, 10, 20, 30, 40]));
        assert_eq!(merged["purpose"], "in");
    }

    /// The oldest keeps a shared email whatever the order of the IDs: here the second Dan
    /// (the higher ID) was made first.
    #[test]
    fn v2_a_shared_email_goes_to_the_oldest_not_the_lowest_id() {
        let mut map: BTreeMap<String, String> = serde_json::from_str(V2_EMAIL_CASE).unwrap();
        let key = "xa.acct.7234567890";
        let mut dan2: Map<String, Value> = serde_json::from_str(&map[key]).unwrap();
        dan2.insert("created_at".into(), Value::from(1_763_000_000_000_i64));
        map.insert(key.into(), Value::Object(dan2).to_string());
        let s = load(&serde_json::to_string(&map).unwrap());
        assert_eq!(s.init().unwrap(), Opened::Migrated { from: 2 });
        let found = s
            .find_account(
                IdKind::Email,
                parse_email("dan@example.com").unwrap().as_str(),
            )
            .unwrap();
        assert_eq!(found.map(|a| a.id), Some("7234567890".into()));
        assert_eq!(s.account("6234567890").unwrap().unwrap().email, None);
    }

    #[test]
    fn v2_emails_are_lower_cased_and_a_shared_one_goes_where_it_is_needed_most() {
        let s = load(V2_EMAIL_CASE);
        let before = snapshot(s.kv());
        assert_eq!(s.init().unwrap(), Opened::Migrated { from: 2 });
        let find = |e: &str| {
            s.find_account(IdKind::Email, parse_email(e).unwrap().as_str())
                .unwrap()
                .map(|a| a.id.clone())
        };
        let account = |id: &str| s.account(id).unwrap().unwrap();
        // Any case of an email now leads to its account.
        assert_eq!(find("CAROL@Example.com").as_deref(), Some("5234567890"));
        assert_eq!(
            account("5234567890").email.as_deref(),
            Some("carol@example.com")
        );
        // Bob signed up as "Bob.Test@" (email only), then as "bob.test@" with a phone: the
        // first keeps the email, the second its phone.
        assert_eq!(find("bob.test@example.com").as_deref(), Some("3234567890"));
        assert_eq!(
            account("3234567890").email.as_deref(),
            Some("bob.test@example.com")
        );
        let second = account("4234567890");
        assert_eq!(
            (second.email, second.nickname.as_str()),
            (None, "Bob again")
        );
        let by_phone = s.find_account(IdKind::Phone, "+8613812345679").unwrap();
        assert_eq!(by_phone.map(|a| a.id), Some("4234567890".into()));
        // Eve: the older has a phone, so the newer (email only) keeps the email.
        assert_eq!(find("Eve@example.com").as_deref(), Some("9234567890"));
        assert_eq!(account("8234567890").email, None);
        assert!(account("8234567890").phone.is_some());
        // Dan twice, both email only: the older keeps it; the newer, left with its ID, can
        // still sign in with its password (two-step off: a code would have nowhere to go).
        assert_eq!(find("dan@example.com").as_deref(), Some("6234567890"));
        assert!(account("6234567890").two_step);
        let dan2 = account("7234567890");
        assert_eq!((dan2.email, dan2.phone, dan2.two_step), (None, None, false));
        // No mixed-case index entry is left, and every index entry is sound.
        let after = snapshot(s.kv());
        assert!(after
            .keys()
            .all(|k| !k.starts_with("xa.idx.e:") || *k == k.to_lowercase()));
        // Code records: Carol's moved without its code, whose MAC named the old key; Bob's two
        // met and were merged, keeping every send and the code already under the new key.
        assert!(!after.contains_key("xa.code.in.Carol@example.com"));
        assert!(!after.contains_key("xa.code.in.Bob.Test@example.com"));
        let code = |to: &str| {
            s.code_record(crate::core::codes::Purpose::SignIn, to)
                .unwrap()
        };
        assert_eq!(code("carol@example.com").sends, vec![1_764_000_600_000]);
        assert!(code("carol@example.com").active.is_none());
        let bob = code("bob.test@example.com");
        assert_eq!(bob.sends, vec![1_764_000_300_000, 1_764_000_600_000]);
        assert!(bob.active.is_some());
        // An unreadable record is left as it was, for the storage panel to show.
        assert_eq!(
            after["xa.code.rs.Dan@example.com"],
            before["xa.code.rs.Dan@example.com"]
        );
        let problems: Vec<String> = s.problems().unwrap().into_iter().map(|p| p.key).collect();
        assert_eq!(problems, ["xa.code.rs.Dan@example.com"]);
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
