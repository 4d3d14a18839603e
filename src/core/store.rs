//! The store: every byte this app keeps in localStorage is read and written here, through
//! [`Kv`]. Keys all start with [`PREFIX`]; values are JSON. Each user action's writes go through
//! [`kv::write_all`], so they land all or none.

use super::account::{lookup_key, Account, IdKind};
use super::clock::Millis;
use super::codes::{CodeRecord, Purpose};
use super::identifier::{self, Identifier};
use super::kv::{self, Guarded, Kv, KvError};
use super::regions::Region;
use super::rng::Rng;
use super::signin::{Session, Throttle};
use super::signup::SignupFlow;
use super::unicode;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

pub const PREFIX: &str = "xa.";
/// The schema version this build writes; `migrate` brings every earlier one up to it.
pub const SCHEMA_VERSION: u32 = 3;

pub(crate) const KEY_META: &str = "xa.meta";
pub(crate) const KEY_PREFS: &str = "xa.prefs";
pub(crate) const KEY_CLOCK: &str = "xa.clock";
/// `xa.acct.<id>`: one account.
pub(crate) const ACCOUNT: &str = "xa.acct.";
/// `xa.idx.<kind>:<identifier>`: the account ID an identifier leads to, so a lookup reads one key.
pub(crate) const INDEX: &str = "xa.idx.";
/// `xa.code.<purpose>.<identifier>`: the verification-code record.
pub(crate) const CODE: &str = "xa.code.";
/// `xa.throttle.<account id>`: the sign-in failure count and lockout of one account.
pub(crate) const THROTTLE: &str = "xa.throttle.";
/// The signed-in session: one per browser profile, shared by its tabs, so signing out in one
/// tab reaches the others through the `storage` event.
pub const KEY_SESSION: &str = "xa.session";
/// This browser profile's device ID, so the account's devices list knows it again.
pub(crate) const KEY_DEVICE: &str = "xa.device";
/// In sessionStorage (per tab): the sign-up flow in progress.
const KEY_SIGNUP_FLOW: &str = "xa.flow.signup";
const KEY_SIGNIN_FAILURES: &str = "xa.signin.failures";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    Kv(KvError),
    /// A record exists but cannot be read: its key and why.
    Corrupt {
        key: String,
        reason: String,
    },
    /// One of the identifiers already leads to an account.
    Taken,
}

impl From<KvError> for StoreError {
    fn from(e: KvError) -> Self {
        StoreError::Kv(e)
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Kv(e) => e.fmt(f),
            StoreError::Corrupt { key, reason } => {
                write!(f, "record {key} is unreadable: {reason}")
            }
            StoreError::Taken => f.write_str("already registered"),
        }
    }
}

/// The times a record may hold: JavaScript's date range (±100,000,000 days around 1970). Any
/// time the app computes from one (plus an hour, a lockout, a demo-clock offset of the same
/// size) stays far from `i64`'s limits, so a hand-edited number can never overflow.
const TIME_LIMIT: Millis = 8_640_000_000_000_000;
/// Counters (failures, tries) stay far below `u32::MAX` for the same reason.
const COUNT_LIMIT: u32 = 1_000_000;
const OUT_OF_RANGE: &str = "a time, count or password hash is not valid";
const OTHER_ID: &str = "the account's ID differs from its key";

fn time_ok(t: Millis) -> bool {
    (-TIME_LIMIT..=TIME_LIMIT).contains(&t)
}

/// Values a record must hold beyond its JSON shape, so that nothing computed from a decoded
/// record can overflow or misbehave. Every type the store reads implements it.
pub(crate) trait Sane {
    fn sane(&self) -> bool {
        true
    }
}

impl Sane for String {}
impl Sane for Prefs {}
impl Sane for Meta {}

impl Sane for Millis {
    fn sane(&self) -> bool {
        time_ok(*self)
    }
}

impl Sane for Account {
    fn sane(&self) -> bool {
        // A hash that does not parse could never be signed in to: the record is damaged, not
        // the password typed wrong.
        super::hash::Phc::parse(&self.phc).is_ok()
            && time_ok(self.created_at)
            && self.password_changed_at.is_none_or(time_ok)
            && self
                .devices
                .iter()
                .all(|d| time_ok(d.first_sign_in) && time_ok(d.last_sign_in))
    }
}

impl Sane for CodeRecord {
    fn sane(&self) -> bool {
        self.sends.iter().all(|t| time_ok(*t))
            && self
                .active
                .as_ref()
                .is_none_or(|a| time_ok(a.at) && a.tries <= COUNT_LIMIT)
    }
}

impl Sane for Throttle {
    fn sane(&self) -> bool {
        self.failures <= COUNT_LIMIT
            && self.lockouts <= COUNT_LIMIT
            && self.locked_until.is_none_or(time_ok)
            && self.last_failure.is_none_or(time_ok)
    }
}

impl Sane for Session {
    fn sane(&self) -> bool {
        time_ok(self.created_at)
    }
}

impl Sane for super::phone::PhoneRecord {
    fn sane(&self) -> bool {
        self.session.as_ref().is_none_or(Sane::sane)
    }
}

/// Why a stored record cannot be used (see [`Store::problems`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not valid JSON.
    NotJson,
    /// JSON, but of the wrong type or missing a field.
    WrongShape,
    /// Readable, but it contradicts its key (an account stored under another ID, a code record
    /// of another purpose).
    KeyMismatch,
    /// An index entry that leads to no account, or to one without that identifier: it would
    /// keep the identifier "already registered" for nobody.
    Dangling,
    /// A key under [`PREFIX`] that this version does not know.
    Unknown,
}

/// One unreadable record: its key, why, and the decoder's words (English, for the curious).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub kind: ProblemKind,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    /// The chosen UI language (a locale tag such as "en"), if the user picked one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// `xa.meta`: the schema version of everything under [`PREFIX`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub v: u32,
}

pub struct Store<K: Kv> {
    /// Every read and write goes through the guard, so a frozen store (newer schema) cannot be
    /// written by any method, present or future.
    kv: Guarded<K>,
}

impl<K: Kv> Store<K> {
    pub fn new(kv: K) -> Self {
        Self {
            kv: Guarded::new(kv),
        }
    }

    /// The map under the store, unguarded (tests and the storage adapter's own checks).
    pub fn kv(&self) -> &K {
        self.kv.inner()
    }

    /// The guarded map every store method uses (for `migrate` and `backup`).
    pub(crate) fn guarded(&self) -> &Guarded<K> {
        &self.kv
    }

    /// True when this build must not write: the stored schema is newer than it knows, or its
    /// version record is unreadable (see `migrate::open`).
    pub fn is_read_only(&self) -> bool {
        self.kv.is_frozen()
    }

    pub(crate) fn read<T: DeserializeOwned + Sane>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            key: key.to_owned(),
            reason,
        };
        match self.kv.get(key)? {
            None => Ok(None),
            Some(raw) => match serde_json::from_str::<T>(&raw) {
                Ok(v) if v.sane() => Ok(Some(v)),
                Ok(_) => Err(corrupt(OUT_OF_RANGE.into())),
                Err(e) => Err(corrupt(e.to_string())),
            },
        }
    }

    pub(crate) fn encode<T: Serialize>(key: &str, value: &T) -> kv::Write {
        // Our own plain data types always serialise.
        let json = serde_json::to_string(value).expect("store types serialise");
        (key.to_owned(), Some(json))
    }

    /// Brings the stored schema to [`SCHEMA_VERSION`] (or freezes the store if it is newer);
    /// run once at start-up. See `migrate::open`.
    pub fn init(&self) -> Result<super::migrate::Opened, StoreError> {
        super::migrate::open(self)
    }

    pub fn prefs(&self) -> Result<Prefs, StoreError> {
        Ok(self.read(KEY_PREFS)?.unwrap_or_default())
    }

    pub fn set_prefs(&self, prefs: &Prefs) -> Result<(), StoreError> {
        Ok(kv::write_all(&self.kv, &[Self::encode(KEY_PREFS, prefs)])?)
    }

    /// How far the demo clock runs ahead of real time. The demo tools only move it forward: a
    /// negative offset was edited in by hand, reads as 0 and is listed as a storage problem.
    pub fn clock_offset(&self) -> Result<Millis, StoreError> {
        Ok(self
            .read::<Millis>(KEY_CLOCK)?
            .filter(|o| *o >= 0)
            .unwrap_or(0))
    }

    pub fn set_clock_offset(&self, offset: Millis) -> Result<(), StoreError> {
        Ok(kv::write_all(
            &self.kv,
            &[Self::encode(KEY_CLOCK, &offset)],
        )?)
    }

    /// Whether an identifier (normalised) already has an account; reads one key.
    pub fn is_registered(&self, kind: IdKind, normalised: &str) -> Result<bool, StoreError> {
        Ok(self
            .kv
            .get(&format!("{INDEX}{}", lookup_key(kind, normalised)))?
            .is_some())
    }

    /// Account `id`; a record that names another account is damaged (as `problems` lists it).
    pub fn account(&self, id: &str) -> Result<Option<Account>, StoreError> {
        let key = format!("{ACCOUNT}{id}");
        match self.read::<Account>(&key)? {
            Some(a) if a.id != id => Err(StoreError::Corrupt {
                key,
                reason: OTHER_ID.into(),
            }),
            found => Ok(found),
        }
    }

    /// The account an identifier leads to: one index read, one record read.
    pub fn find_account(
        &self,
        kind: IdKind,
        normalised: &str,
    ) -> Result<Option<Account>, StoreError> {
        let lookup = lookup_key(kind, normalised);
        match self.kv.get(&format!("{INDEX}{lookup}"))? {
            // An entry left over for an identifier the account no longer has leads nowhere.
            Some(id) => Ok(self
                .account(&id)?
                .filter(|a| a.lookup_keys().contains(&lookup))),
            None => Ok(None),
        }
    }

    /// The account the sign-in field leads to: every reading of it (email, Account ID, phone in
    /// `region`) in turn, one index read each. A reading that leads to a record which cannot be
    /// read is an error unless another reading finds an account: "no such account" would send
    /// its owner looking for a typo.
    pub fn find_by_input(
        &self,
        input: &str,
        region: &Region,
    ) -> Result<Option<Account>, StoreError> {
        let mut unreadable = None;
        for c in identifier::candidates(input, region) {
            let kind = match c {
                Identifier::Phone(_) => IdKind::Phone,
                Identifier::Email(_) => IdKind::Email,
                Identifier::AccountId(_) => IdKind::AccountId,
            };
            match self.find_account(kind, &c.key()) {
                Ok(Some(a)) => return Ok(Some(a)),
                Ok(None) => {}
                Err(e) => {
                    unreadable.get_or_insert(e);
                }
            }
        }
        unreadable.map_or(Ok(None), Err)
    }

    /// Whether an Account ID is in use (for drawing a new one).
    pub fn id_taken(&self, id: &str) -> bool {
        !matches!(self.kv.get(&format!("{ACCOUNT}{id}")), Ok(None))
    }

    /// Stores a new account and its index entries, all or none. Refuses if any identifier of
    /// it already leads to an account.
    pub fn create_account(&self, account: &Account) -> Result<(), StoreError> {
        let keys = account.lookup_keys();
        for k in &keys {
            if self.kv.get(&format!("{INDEX}{k}"))?.is_some() {
                return Err(StoreError::Taken);
            }
        }
        let mut writes = vec![Self::encode(&format!("{ACCOUNT}{}", account.id), account)];
        writes.extend(
            keys.into_iter()
                .map(|k| (format!("{INDEX}{k}"), Some(account.id.clone()))),
        );
        Ok(kv::write_all(&self.kv, &writes)?)
    }

    /// Rewrites an existing account's record (e.g. a re-hashed password). Its identifiers must
    /// not change here: the index is not touched.
    pub fn put_account(&self, account: &Account) -> Result<(), StoreError> {
        let key = format!("{ACCOUNT}{}", account.id);
        Ok(kv::write_all(&self.kv, &[Self::encode(&key, account)])?)
    }

    /// Removes every byte kept for an account, all or none: its record, index entries, code
    /// records for its phone and email, its throttle, and this browser's session if it is theirs.
    pub fn delete_account(&self, account: &Account) -> Result<(), StoreError> {
        let mut writes: Vec<kv::Write> = vec![(format!("{ACCOUNT}{}", account.id), None)];
        writes.extend(
            account
                .lookup_keys()
                .into_iter()
                .map(|k| (format!("{INDEX}{k}"), None)),
        );
        for contact in account.phone.iter().chain(account.email.iter()) {
            for p in Purpose::ALL {
                writes.push((Self::code_key(p, contact), None));
            }
        }
        writes.push((format!("{THROTTLE}{}", account.id), None));
        if self.session()?.is_some_and(|s| s.account_id == account.id) {
            writes.push((KEY_SESSION.to_owned(), None));
        }
        Ok(kv::write_all(&self.kv, &writes)?)
    }

    fn code_key(purpose: Purpose, identifier: &str) -> String {
        format!("{CODE}{}.{identifier}", purpose.tag())
    }

    /// The code record for an identifier and purpose; a new one if none is stored.
    pub fn code_record(
        &self,
        purpose: Purpose,
        identifier: &str,
    ) -> Result<CodeRecord, StoreError> {
        Ok(self
            .read(&Self::code_key(purpose, identifier))?
            .unwrap_or_else(|| CodeRecord::new(purpose)))
    }

    pub fn put_code_record(&self, identifier: &str, rec: &CodeRecord) -> Result<(), StoreError> {
        let key = Self::code_key(rec.purpose, identifier);
        Ok(kv::write_all(&self.kv, &[Self::encode(&key, rec)])?)
    }

    /// The sign-in throttle of an account; a clean one if none is stored.
    pub fn throttle(&self, account_id: &str) -> Result<Throttle, StoreError> {
        Ok(self
            .read(&format!("{THROTTLE}{account_id}"))?
            .unwrap_or_default())
    }

    /// Stores an account's throttle; a clean one (after a success) removes the key.
    pub fn put_throttle(&self, account_id: &str, t: &Throttle) -> Result<(), StoreError> {
        let key = format!("{THROTTLE}{account_id}");
        let write = if *t == Throttle::default() {
            (key, None)
        } else {
            Self::encode(&key, t)
        };
        Ok(kv::write_all(&self.kv, &[write])?)
    }

    /// The signed-in session of this browser profile, if any.
    pub fn session(&self) -> Result<Option<Session>, StoreError> {
        self.read(KEY_SESSION)
    }

    /// Signs in (replacing any earlier session, which signs it out in every tab).
    pub fn set_session(&self, session: &Session) -> Result<(), StoreError> {
        Ok(kv::write_all(
            &self.kv,
            &[Self::encode(KEY_SESSION, session)],
        )?)
    }

    /// Drops this profile's session record (e.g. one whose device was signed out elsewhere).
    pub fn clear_session(&self) -> Result<(), StoreError> {
        Ok(kv::write_all(&self.kv, &[(KEY_SESSION.to_owned(), None)])?)
    }

    /// This browser profile's device ID, drawn once and kept.
    pub fn device_id(&self, rng: &dyn Rng) -> Result<String, StoreError> {
        if let Some(id) = self.read::<String>(KEY_DEVICE)? {
            return Ok(id);
        }
        let mut bytes = [0u8; 8];
        rng.fill(&mut bytes);
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        kv::write_all(&self.kv, &[Self::encode(KEY_DEVICE, &id)])?;
        Ok(id)
    }

    /// Signs in: the account (with the device's new token, see `Account::sign_in_device`) and
    /// this profile's session, all or none. Replacing the session signs out every tab's old one.
    pub fn sign_in(&self, account: &Account, session: &Session) -> Result<(), StoreError> {
        Ok(kv::write_all(
            &self.kv,
            &[
                Self::encode(&format!("{ACCOUNT}{}", account.id), account),
                Self::encode(KEY_SESSION, session),
            ],
        )?)
    }

    /// Stores an account whose devices were signed out (sign out, a password change or reset)
    /// and drops this profile's session if it is the account's, all or none: every tab of this
    /// profile follows through the `storage` event.
    pub fn sign_out(&self, account: &Account) -> Result<(), StoreError> {
        let mut writes = vec![Self::encode(&format!("{ACCOUNT}{}", account.id), account)];
        if self
            .read::<Session>(KEY_SESSION)
            .ok()
            .flatten()
            .is_some_and(|s| s.account_id == account.id)
        {
            writes.push((KEY_SESSION.to_owned(), None));
        }
        Ok(kv::write_all(&self.kv, &writes)?)
    }

    /// Stores `new`, whose phone or email differ from `old`'s (see `security::set_contact`):
    /// the record, the index entries that go and come, and the code records of a contact that
    /// goes, all or none. Refuses with `Taken` if a new identifier leads to another account.
    pub fn update_contacts(&self, old: &Account, new: &Account) -> Result<(), StoreError> {
        let before = old.lookup_keys();
        let after = new.lookup_keys();
        let mut writes = vec![Self::encode(&format!("{ACCOUNT}{}", new.id), new)];
        for k in after.iter().filter(|k| !before.contains(k)) {
            let key = format!("{INDEX}{k}");
            if self.kv.get(&key)?.is_some_and(|owner| owner != new.id) {
                return Err(StoreError::Taken);
            }
            writes.push((key, Some(new.id.clone())));
        }
        for k in before.iter().filter(|k| !after.contains(k)) {
            writes.push((format!("{INDEX}{k}"), None));
        }
        let gone = [(&old.phone, &new.phone), (&old.email, &new.email)];
        for (was, now) in gone {
            if let Some(contact) = was.as_ref().filter(|c| now.as_ref() != Some(*c)) {
                for p in Purpose::ALL {
                    writes.push((Self::code_key(p, contact), None));
                }
            }
        }
        Ok(kv::write_all(&self.kv, &writes)?)
    }

    /// Removes every key this app owns (the demo tools' "erase all demo data"); other apps'
    /// keys on the same origin are left alone.
    pub fn erase_all(&self) -> Result<(), StoreError> {
        let writes: Vec<kv::Write> = self
            .kv
            .keys()?
            .into_iter()
            .filter(|k| k.starts_with(PREFIX))
            .map(|k| (k, None))
            .collect();
        Ok(kv::write_all(&self.kv, &writes)?)
    }

    /// `xa.phone`: the simulated phone of `/phone` (see `core::phone::PhoneRecord`), a device
    /// of its own beside this browser profile's `xa.device`.
    const KEY_PHONE: &'static str = "xa.phone";

    /// The simulated phone's record; a new one, with its own device ID, is drawn and kept on
    /// first use.
    pub fn phone(&self, rng: &dyn Rng) -> Result<super::phone::PhoneRecord, StoreError> {
        if let Some(p) = self.read(Self::KEY_PHONE)? {
            return Ok(p);
        }
        let p = super::phone::PhoneRecord::new(rng);
        kv::write_all(&self.kv, &[Self::encode(Self::KEY_PHONE, &p)])?;
        Ok(p)
    }

    pub fn put_phone(&self, phone: &super::phone::PhoneRecord) -> Result<(), StoreError> {
        Ok(kv::write_all(
            &self.kv,
            &[Self::encode(Self::KEY_PHONE, phone)],
        )?)
    }

    /// Signs the phone in or out: the phone's record (its session) and the account (the
    /// phone's device entry, see `PhoneRecord::sign_in`/`sign_out`), all or none.
    pub fn put_phone_and_account(
        &self,
        phone: &super::phone::PhoneRecord,
        account: &Account,
    ) -> Result<(), StoreError> {
        Ok(kv::write_all(
            &self.kv,
            &[
                Self::encode(Self::KEY_PHONE, phone),
                Self::encode(&format!("{ACCOUNT}{}", account.id), account),
            ],
        )?)
    }
}

/// The health check: every record under [`PREFIX`] that cannot be used, and removing one.
impl<K: Kv> Store<K> {
    /// Every unreadable record, in key order. Other apps' keys are not ours and never listed.
    /// A store of a newer schema lists nothing: its records may be fine in a format this build
    /// does not know (the start-up banner says so instead).
    pub fn problems(&self) -> Result<Vec<Problem>, StoreError> {
        if matches!(super::migrate::stored_version(&self.kv), Ok(Some(v)) if v > SCHEMA_VERSION) {
            return Ok(Vec::new());
        }
        let mut keys = self.kv.keys()?;
        // Unstable: keys are distinct, and one sort of strings serves the whole app (size).
        keys.sort_unstable();
        let mut out = Vec::new();
        for key in keys.into_iter().filter(|k| k.starts_with(PREFIX)) {
            // A key another tab removed meanwhile is simply gone.
            let Some(raw) = self.kv.get(&key)? else {
                continue;
            };
            if let Some((kind, detail)) = self.check(&key, &raw) {
                out.push(Problem { key, kind, detail });
            }
        }
        Ok(out)
    }

    /// What is wrong with one record, if anything.
    fn check(&self, key: &str, raw: &str) -> Option<(ProblemKind, String)> {
        fn decode<T: DeserializeOwned + Sane>(raw: &str) -> Result<T, (ProblemKind, String)> {
            match serde_json::from_str::<T>(raw) {
                Ok(v) if v.sane() => Ok(v),
                Ok(_) => Err((ProblemKind::WrongShape, OUT_OF_RANGE.into())),
                Err(e) if e.is_data() => Err((ProblemKind::WrongShape, e.to_string())),
                Err(e) => Err((ProblemKind::NotJson, e.to_string())),
            }
        }
        fn mismatch(what: &str) -> Option<(ProblemKind, String)> {
            Some((ProblemKind::KeyMismatch, what.to_owned()))
        }
        let result = match key {
            KEY_META => decode::<Meta>(raw).and_then(|m| {
                if m.v == 0 {
                    Err((ProblemKind::WrongShape, "version 0 never existed".into()))
                } else {
                    Ok(())
                }
            }),
            KEY_PREFS => decode::<Prefs>(raw).map(drop),
            KEY_CLOCK => decode::<Millis>(raw).and_then(|o| match o {
                0.. => Ok(()),
                _ => Err((ProblemKind::WrongShape, "the demo clock runs behind".into())),
            }),
            KEY_SESSION => decode::<Session>(raw).map(drop),
            KEY_DEVICE => decode::<String>(raw).map(drop),
            k if k == Self::KEY_PHONE => decode::<super::phone::PhoneRecord>(raw).map(drop),
            _ => {
                if let Some(id) = key.strip_prefix(ACCOUNT) {
                    return match decode::<Account>(raw) {
                        Err(e) => Some(e),
                        Ok(a) if a.id != id => mismatch(OTHER_ID),
                        Ok(_) => None,
                    };
                }
                if let Some(lookup) = key.strip_prefix(INDEX) {
                    let known = ["p:", "e:", "i:"]
                        .iter()
                        .any(|t| lookup.len() > 2 && lookup.starts_with(t));
                    if !known {
                        return Some((ProblemKind::Unknown, "not an identifier".into()));
                    }
                    return match self.kv.get(&format!("{ACCOUNT}{raw}")) {
                        // An unreadable account is listed itself; its index entries are fine.
                        Ok(Some(acct)) => match decode::<Account>(&acct) {
                            Ok(a) if !a.lookup_keys().iter().any(|k| k == lookup) => Some((
                                ProblemKind::Dangling,
                                format!("account {raw} does not have this identifier"),
                            )),
                            _ => None,
                        },
                        Ok(None) => Some((ProblemKind::Dangling, format!("no account {raw}"))),
                        Err(_) => None,
                    };
                }
                if let Some(rest) = key.strip_prefix(CODE) {
                    let purpose = rest
                        .split_once('.')
                        .and_then(|(tag, _)| Purpose::ALL.into_iter().find(|p| p.tag() == tag));
                    let Some(purpose) = purpose else {
                        return Some((ProblemKind::Unknown, "not a code purpose".into()));
                    };
                    return match decode::<CodeRecord>(raw) {
                        Err(e) => Some(e),
                        Ok(r) if r.purpose != purpose => {
                            mismatch("the code record's purpose differs from its key")
                        }
                        Ok(_) => None,
                    };
                }
                if key.starts_with(THROTTLE) {
                    decode::<Throttle>(raw).map(drop)
                } else {
                    Err((
                        ProblemKind::Unknown,
                        "not a record this version knows".into(),
                    ))
                }
            }
        };
        result.err()
    }

    /// The stored text of one of our records, as it is (the storage panel's "Export").
    pub fn raw(&self, key: &str) -> Result<Option<String>, StoreError> {
        if !key.starts_with(PREFIX) {
            return Ok(None);
        }
        Ok(self.kv.get(key)?)
    }

    /// Removes a record the health check still finds broken (the storage panel's "Remove").
    /// Returns whether it did: a record that reads fine now (another tab repaired it) stays.
    /// An unreadable version marker may be removed from a frozen store; then the store is
    /// opened again (see `migrate::open`).
    pub fn remove_broken(&self, key: &str) -> Result<bool, StoreError> {
        let Some(raw) = self.raw(key)? else {
            return Ok(false);
        };
        if self.check(key, &raw).is_none() {
            return Ok(false);
        }
        if key == KEY_META && self.kv.is_frozen() {
            kv::write_all(self.kv.inner(), &[(key.to_owned(), None)])?;
            self.init()?;
        } else {
            kv::write_all(&self.kv, &[(key.to_owned(), None)])?;
        }
        Ok(true)
    }
}

/// Per-tab state (sessionStorage): a flow in progress in one tab never touches another's.
pub struct SessionStore<K: Kv> {
    kv: K,
}

impl<K: Kv> SessionStore<K> {
    pub fn new(kv: K) -> Self {
        Self { kv }
    }

    /// The sign-up flow of this tab. An unreadable one is dropped: the flow starts over.
    pub fn signup_flow(&self) -> Option<SignupFlow> {
        let raw = self.kv.get(KEY_SIGNUP_FLOW).ok()??;
        let mut flow: SignupFlow = serde_json::from_str(&raw).ok()?;
        // A tab that started signing up under schema v2 may hold an email as typed; emails
        // are lower-cased since v3, and the account it makes must be found by any case.
        if flow.method == super::signup::Method::Email {
            flow.identifier = flow.identifier.map(|e| unicode::lower(&e));
        }
        Some(flow)
    }

    pub fn set_signup_flow(&self, flow: &SignupFlow) -> Result<(), StoreError> {
        let json = serde_json::to_string(flow).expect("store types serialise");
        Ok(self.kv.set(KEY_SIGNUP_FLOW, &json)?)
    }

    pub fn clear_signup_flow(&self) -> Result<(), StoreError> {
        Ok(self.kv.remove(KEY_SIGNUP_FLOW)?)
    }

    /// Everything this tab keeps (the sign-up in progress, the failed sign-ins): "Erase all
    /// demo data" leaves no trace of it either.
    pub fn clear_all(&self) -> Result<(), StoreError> {
        self.kv.remove(KEY_SIGNUP_FLOW)?;
        Ok(self.kv.remove(KEY_SIGNIN_FAILURES)?)
    }

    /// Failed sign-in attempts in this tab (see `signin::IMAGE_CHECK_AFTER`); an unreadable
    /// count is none.
    pub fn signin_failures(&self) -> u32 {
        self.kv
            .get(KEY_SIGNIN_FAILURES)
            .ok()
            .flatten()
            .and_then(|raw| raw.parse().ok())
            .unwrap_or(0)
    }

    /// Stores the count; 0 removes it.
    pub fn set_signin_failures(&self, n: u32) -> Result<(), StoreError> {
        if n == 0 {
            return Ok(self.kv.remove(KEY_SIGNIN_FAILURES)?);
        }
        Ok(self.kv.set(KEY_SIGNIN_FAILURES, &n.to_string())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kv::MemoryKv;

    fn account(id: &str, phone: &str) -> Account {
        Account::new(
            id.into(),
            "CN".into(),
            Some(phone.into()),
            None,
            "$pbkdf2-sha256$i=1,l=3$AAAA$BBBB".into(),
            5,
        )
    }

    #[test]
    fn a_demo_clock_behind_real_time_reads_as_zero_and_is_a_problem() {
        let s = Store::new(MemoryKv::new());
        s.set_clock_offset(90 * crate::core::clock::MINUTE).unwrap();
        assert_eq!(s.clock_offset().unwrap(), 90 * crate::core::clock::MINUTE);
        assert!(s.problems().unwrap().is_empty());
        s.kv().set(KEY_CLOCK, "-86400000000").unwrap();
        assert_eq!(s.clock_offset().unwrap(), 0);
        let problems = s.problems().unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].key, KEY_CLOCK);
        assert_eq!(problems[0].kind, ProblemKind::WrongShape);
    }

    #[test]
    fn accounts_are_found_by_every_identifier_through_one_index_key() {
        let s = Store::new(MemoryKv::new());
        let a = account("1234567890", "+8613812345678");
        s.create_account(&a).unwrap();
        assert!(s.is_registered(IdKind::Phone, "+8613812345678").unwrap());
        assert!(!s.is_registered(IdKind::Phone, "+8613900000000").unwrap());
        assert_eq!(
            s.find_account(IdKind::Phone, "+8613812345678").unwrap(),
            Some(a.clone())
        );
        assert_eq!(
            s.find_account(IdKind::AccountId, "1234567890").unwrap(),
            Some(a)
        );
        assert_eq!(
            s.kv().get("xa.idx.p:+8613812345678").unwrap().as_deref(),
            Some("1234567890")
        );
        assert!(s.id_taken("1234567890"));
        assert!(!s.id_taken("1234567891"));
    }

    #[test]
    fn a_second_account_for_the_same_phone_is_refused_and_writes_nothing() {
        let s = Store::new(MemoryKv::new());
        s.create_account(&account("1234567890", "+8613812345678"))
            .unwrap();
        let before = s.kv().keys().unwrap();
        assert_eq!(
            s.create_account(&account("2234567890", "+8613812345678")),
            Err(StoreError::Taken)
        );
        assert_eq!(s.kv().keys().unwrap(), before);
    }

    #[test]
    fn creating_an_account_in_a_full_store_leaves_nothing_half_written() {
        let s = Store::new(MemoryKv::with_quota(150));
        let a = account("1234567890", "+8613812345678");
        assert!(matches!(
            s.create_account(&a),
            Err(StoreError::Kv(KvError::Full))
        ));
        assert!(s.kv().keys().unwrap().is_empty());
    }

    #[test]
    fn the_sign_in_field_finds_an_account_by_phone_or_id() {
        let s = Store::new(MemoryKv::new());
        let a = account("1234567890", "+8613812345678");
        s.create_account(&a).unwrap();
        let cn = crate::core::regions::by_code("CN").unwrap();
        assert_eq!(s.find_by_input("138 1234 5678", cn), Ok(Some(a.clone())));
        assert_eq!(s.find_by_input("1234567890", cn), Ok(Some(a.clone())));
        assert_eq!(s.find_by_input("13900000000", cn), Ok(None));
        assert_eq!(s.find_by_input("nobody@example.com", cn), Ok(None));
        // With the United States picked, a number typed with "+86" is still China's.
        let us = crate::core::regions::by_code("US").unwrap();
        assert_eq!(
            s.find_by_input("+86 138 1234 5678", us),
            Ok(Some(a.clone()))
        );
        assert_eq!(s.find_by_input("0086 138 1234 5678", us), Ok(Some(a)));
        assert_eq!(s.find_by_input("138 1234 5678", us), Ok(None));
    }

    #[test]
    fn a_damaged_record_is_an_error_at_sign_in_not_a_missing_account() {
        let s = Store::new(MemoryKv::new());
        let a = account("1234567890", "+8613812345678");
        s.create_account(&a).unwrap();
        s.kv().set("xa.acct.1234567890", "{\"id\":").unwrap();
        let cn = crate::core::regions::by_code("CN").unwrap();
        for typed in ["138 1234 5678", "1234567890"] {
            match s.find_by_input(typed, cn) {
                Err(StoreError::Corrupt { key, .. }) => assert_eq!(key, "xa.acct.1234567890"),
                other => panic!("{typed}: {other:?}"),
            }
        }
        // Another account and an unknown identifier are still read as before.
        let b = account("2234567890", "+8613900000000");
        s.create_account(&b).unwrap();
        assert_eq!(s.find_by_input("13900000000", cn), Ok(Some(b)));
        assert_eq!(s.find_by_input("13700000000", cn), Ok(None));
    }

    #[test]
    fn put_account_rewrites_the_record_only() {
        let s = Store::new(MemoryKv::new());
        let mut a = account("1234567890", "+8613812345678");
        s.create_account(&a).unwrap();
        a.phc = "$pbkdf2-sha256$i=600000,l=3$AAAA$CCCC".into();
        s.put_account(&a).unwrap();
        assert_eq!(s.account("1234567890").unwrap(), Some(a));
        assert_eq!(s.kv().keys().unwrap().len(), 3);
    }

    #[test]
    fn deleting_an_account_removes_every_byte_of_it_and_nothing_else() {
        let s = Store::new(MemoryKv::new());
        s.init().unwrap();
        let a = account("1234567890", "+8613812345678");
        let b = account("2234567890", "+8613900000000");
        s.create_account(&a).unwrap();
        s.create_account(&b).unwrap();
        let before_a = s.kv().keys().unwrap();
        let mut rec = s.code_record(Purpose::SignUp, "+8613812345678").unwrap();
        rec.sends.push(1);
        s.put_code_record("+8613812345678", &rec).unwrap();
        let mut t = crate::core::signin::Throttle::default();
        crate::core::signin::record_failure(&mut t, 5);
        s.put_throttle(&a.id, &t).unwrap();
        s.set_session(&crate::core::signin::Session {
            account_id: a.id.clone(),
            token: "t".into(),
            created_at: 0,
            device: "d".into(),
            device_id: "dev".into(),
        })
        .unwrap();
        s.delete_account(&a).unwrap();
        let left = s.kv().keys().unwrap();
        assert!(left
            .iter()
            .all(|k| !k.contains("1234567890") && !k.contains("+8613812345678")));
        assert!(!left.contains(&"xa.session".to_string()));
        assert_eq!(s.account(&b.id).unwrap(), Some(b));
        assert!(left.len() < before_a.len());
    }

    #[test]
    fn code_records_round_trip_per_purpose_and_identifier() {
        let s = Store::new(MemoryKv::new());
        let mut rec = s.code_record(Purpose::SignUp, "+8613812345678").unwrap();
        assert!(rec.sends.is_empty());
        rec.sends.push(42);
        s.put_code_record("+8613812345678", &rec).unwrap();
        assert_eq!(
            s.code_record(Purpose::SignUp, "+8613812345678").unwrap(),
            rec
        );
        assert!(s
            .code_record(Purpose::SignIn, "+8613812345678")
            .unwrap()
            .sends
            .is_empty());
    }

    #[test]
    fn the_sign_in_failures_of_a_tab_count_up_and_clear() {
        let s = SessionStore::new(MemoryKv::new());
        assert_eq!(s.signin_failures(), 0);
        s.set_signin_failures(2).unwrap();
        assert_eq!(s.signin_failures(), 2);
        s.kv.set(KEY_SIGNIN_FAILURES, "many").unwrap();
        assert_eq!(s.signin_failures(), 0, "unreadable is none");
        s.set_signin_failures(3).unwrap();
        s.set_signin_failures(0).unwrap();
        assert_eq!(
            s.kv.get(KEY_SIGNIN_FAILURES).unwrap(),
            None,
            "cleared, not stored as 0"
        );
    }

    #[test]
    fn the_signup_flow_lives_in_the_session_store() {
        let s = SessionStore::new(MemoryKv::new());
        assert_eq!(s.signup_flow(), None);
        let f = SignupFlow::new(crate::core::regions::by_code("CN").unwrap());
        s.set_signup_flow(&f).unwrap();
        assert_eq!(s.signup_flow(), Some(f));
        s.kv.set(KEY_SIGNUP_FLOW, "{broken").unwrap();
        assert_eq!(s.signup_flow(), None);
        // One saved by a v2 build mid-way, with an email as typed.
        let old = r#"{"step":"Code","region":"CN","method":"Email","input":"Ann@x.com","identifier":"Ann@x.com","agreed":true}"#;
        s.kv.set(KEY_SIGNUP_FLOW, old).unwrap();
        assert_eq!(
            s.signup_flow().unwrap().identifier.as_deref(),
            Some("ann@x.com")
        );
        s.clear_signup_flow().unwrap();
        assert_eq!(s.signup_flow(), None);
    }

    #[test]
    fn clearing_the_tab_drops_its_flow_and_its_failures() {
        let s = SessionStore::new(MemoryKv::new());
        s.set_signup_flow(&SignupFlow::new(
            crate::core::regions::by_code("CN").unwrap(),
        ))
        .unwrap();
        s.set_signin_failures(4).unwrap();
        s.clear_all().unwrap();
        assert_eq!(s.signup_flow(), None);
        assert_eq!(s.signin_failures(), 0);
        assert!(s.kv.keys().unwrap().is_empty());
    }

    #[test]
    fn prefs_round_trip_and_default() {
        let s = Store::new(MemoryKv::new());
        assert_eq!(s.prefs().unwrap(), Prefs::default());
        let p = Prefs {
            lang: Some("zh-Hans".into()),
        };
        s.set_prefs(&p).unwrap();
        assert_eq!(s.prefs().unwrap(), p);
        assert_eq!(
            s.kv().get("xa.prefs").unwrap().as_deref(),
            Some(r#"{"lang":"zh-Hans"}"#)
        );
    }

    #[test]
    fn corrupt_record_is_named() {
        let s = Store::new(MemoryKv::new());
        s.kv().set("xa.clock", "not json").unwrap();
        match s.clock_offset() {
            Err(StoreError::Corrupt { key, .. }) => assert_eq!(key, "xa.clock"),
            other => panic!("expected a corrupt record, got {other:?}"),
        }
    }

    #[test]
    fn erase_all_keeps_other_apps_keys() {
        let s = Store::new(MemoryKv::new());
        s.init().unwrap();
        s.set_clock_offset(60_000).unwrap();
        s.kv().set("other-app", "keep").unwrap();
        s.erase_all().unwrap();
        assert_eq!(s.kv().keys().unwrap(), vec!["other-app".to_string()]);
    }

    #[test]
    fn throttles_are_kept_per_account_and_a_clean_one_removes_the_key() {
        use crate::core::signin::{record_failure, record_success};
        let s = Store::new(MemoryKv::new());
        assert_eq!(s.throttle("1234567890").unwrap(), Throttle::default());
        let mut t = s.throttle("1234567890").unwrap();
        for _ in 0..5 {
            record_failure(&mut t, 1_000);
        }
        s.put_throttle("1234567890", &t).unwrap();
        assert_eq!(s.throttle("1234567890").unwrap(), t);
        assert_eq!(s.throttle("2234567890").unwrap(), Throttle::default());
        assert!(s.kv().get("xa.throttle.1234567890").unwrap().is_some());
        record_success(&mut t);
        s.put_throttle("1234567890", &t).unwrap();
        assert_eq!(s.kv().get("xa.throttle.1234567890").unwrap(), None);
        assert_eq!(s.throttle("1234567890").unwrap(), Throttle::default());
    }

    #[test]
    fn a_corrupt_throttle_is_named() {
        let s = Store::new(MemoryKv::new());
        s.kv()
            .set("xa.throttle.1234567890", r#"{"failures":-1}"#)
            .unwrap();
        match s.throttle("1234567890") {
            Err(StoreError::Corrupt { key, .. }) => assert_eq!(key, "xa.throttle.1234567890"),
            other => panic!("expected a corrupt record, got {other:?}"),
        }
    }

    #[test]
    fn one_session_per_profile_set_replaced_and_cleared() {
        use crate::core::rng::TestRng;
        use crate::core::signin::new_session;
        let s = Store::new(MemoryKv::new());
        assert_eq!(s.session().unwrap(), None);
        let rng = TestRng::new(1);
        let first = new_session("1234567890", 1_000, &rng, "d", "Firefox on Linux");
        s.set_session(&first).unwrap();
        assert_eq!(s.session().unwrap(), Some(first.clone()));
        assert!(s.kv().get("xa.session").unwrap().is_some());
        let second = new_session("2234567890", 2_000, &rng, "d", "Firefox on Linux");
        s.set_session(&second).unwrap();
        assert_eq!(s.session().unwrap(), Some(second));
        s.clear_session().unwrap();
        assert_eq!(s.session().unwrap(), None);
        assert!(s.kv().keys().unwrap().is_empty());
        // Signing out when already signed out is fine.
        s.clear_session().unwrap();
    }

    #[test]
    fn a_session_that_does_not_fit_is_not_half_written() {
        use crate::core::rng::TestRng;
        use crate::core::signin::new_session;
        let s = Store::new(MemoryKv::with_quota(40));
        let session = new_session(
            "1234567890",
            1_000,
            &TestRng::new(1),
            "d",
            "Firefox on Linux",
        );
        assert!(matches!(
            s.set_session(&session),
            Err(StoreError::Kv(KvError::Full))
        ));
        assert_eq!(s.session().unwrap(), None);
    }

    #[test]
    fn the_device_id_is_drawn_once() {
        use crate::core::rng::TestRng;
        let s = Store::new(MemoryKv::new());
        let id = s.device_id(&TestRng::new(1)).unwrap();
        assert_eq!(id.len(), 16);
        assert_eq!(s.device_id(&TestRng::new(2)).unwrap(), id);
    }

    #[test]
    fn sign_in_and_sign_out_write_the_account_and_the_session_together() {
        use crate::core::rng::TestRng;
        use crate::core::signin::new_session;
        let s = Store::new(MemoryKv::new());
        let mut a = account("1234567890", "+8613812345678");
        s.create_account(&a).unwrap();
        let session = new_session(&a.id, 10, &TestRng::new(1), "dev", "Chrome on Linux");
        a.sign_in_device("dev", "Chrome on Linux", &session.token, 10);
        s.sign_in(&a, &session).unwrap();
        let stored = s.account(&a.id).unwrap().unwrap();
        assert!(stored.session_valid(&s.session().unwrap().unwrap()));
        // Another account's sign-out leaves this session alone.
        let b = account("2234567890", "+8613900000000");
        s.create_account(&b).unwrap();
        s.sign_out(&b).unwrap();
        assert!(s.session().unwrap().is_some());
        a.sign_out_device("dev");
        s.sign_out(&a).unwrap();
        assert_eq!(s.session().unwrap(), None);
        assert_eq!(
            s.account(&a.id)
                .unwrap()
                .unwrap()
                .signed_in_devices()
                .count(),
            0
        );
    }

    #[test]
    fn a_sign_in_that_does_not_fit_writes_neither_record() {
        use crate::core::rng::TestRng;
        use crate::core::signin::new_session;
        let a = account("1234567890", "+8613812345678");
        let used = {
            let s = Store::new(MemoryKv::new());
            s.create_account(&a).unwrap();
            s.kv().keys().unwrap().len()
        };
        assert_eq!(used, 3);
        let s = Store::new(MemoryKv::with_quota(260));
        s.create_account(&a).unwrap();
        let before = s.account(&a.id).unwrap();
        let session = new_session(&a.id, 10, &TestRng::new(1), "dev", "Chrome on Linux");
        let mut signed = a.clone();
        signed.sign_in_device("dev", "Chrome on Linux", &session.token, 10);
        assert!(matches!(
            s.sign_in(&signed, &session),
            Err(StoreError::Kv(KvError::Full))
        ));
        assert_eq!(s.account(&a.id).unwrap(), before);
        assert_eq!(s.session().unwrap(), None);
    }

    #[test]
    fn contacts_change_with_their_index_entries_and_codes() {
        use crate::core::security::{set_contact, Contact};
        let s = Store::new(MemoryKv::new());
        let a = account("1234567890", "+8613812345678");
        s.create_account(&a).unwrap();
        s.put_code_record("+8613812345678", &CodeRecord::new(Purpose::SignIn))
            .unwrap();
        // Add an email: found by it at once.
        let b = set_contact(&a, Contact::Email, Some("a@b.com".into())).unwrap();
        s.update_contacts(&a, &b).unwrap();
        assert_eq!(
            s.find_account(IdKind::Email, "a@b.com").unwrap(),
            Some(b.clone())
        );
        // Change the phone: the old number leads nowhere, its codes are gone.
        let c = set_contact(&b, Contact::Phone, Some("+8613900000000".into())).unwrap();
        s.update_contacts(&b, &c).unwrap();
        assert!(!s.is_registered(IdKind::Phone, "+8613812345678").unwrap());
        assert!(s.is_registered(IdKind::Phone, "+8613900000000").unwrap());
        assert!(s.kv().get("xa.code.in.+8613812345678").unwrap().is_none());
        // Remove it.
        let d = set_contact(&c, Contact::Phone, None).unwrap();
        s.update_contacts(&c, &d).unwrap();
        assert!(!s.is_registered(IdKind::Phone, "+8613900000000").unwrap());
        let mut keys = s.kv().keys().unwrap();
        keys.sort();
        assert_eq!(
            keys,
            [
                "xa.acct.1234567890",
                "xa.idx.e:a@b.com",
                "xa.idx.i:1234567890"
            ]
        );
    }

    #[test]
    fn a_contact_of_another_account_is_refused_and_nothing_changes() {
        use crate::core::security::{set_contact, Contact};
        let s = Store::new(MemoryKv::new());
        let a = account("1234567890", "+8613812345678");
        let b = account("2234567890", "+8613900000000");
        s.create_account(&a).unwrap();
        s.create_account(&b).unwrap();
        let before: Vec<_> = {
            let mut k = s.kv().keys().unwrap();
            k.sort();
            k.into_iter()
                .map(|k| (s.kv().get(&k).unwrap(), k))
                .collect()
        };
        let taken = set_contact(&a, Contact::Phone, Some("+8613900000000".into())).unwrap();
        assert_eq!(s.update_contacts(&a, &taken), Err(StoreError::Taken));
        let after: Vec<_> = {
            let mut k = s.kv().keys().unwrap();
            k.sort();
            k.into_iter()
                .map(|k| (s.kv().get(&k).unwrap(), k))
                .collect()
        };
        assert_eq!(before, after);
    }
}
