//! The store: every byte this app keeps in localStorage is read and written here, through
//! [`Kv`]. Keys all start with [`PREFIX`]; values are JSON. Each user action's writes go through
//! [`kv::write_all`], so they land all or none.

use super::clock::Millis;
use super::kv::{self, Kv, KvError};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

pub const PREFIX: &str = "xa.";
/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;

const KEY_META: &str = "xa.meta";
const KEY_PREFS: &str = "xa.prefs";
const KEY_CLOCK: &str = "xa.clock";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    Kv(KvError),
    /// A record exists but cannot be read: its key and why.
    Corrupt {
        key: String,
        reason: String,
    },
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
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    /// The chosen UI language (a locale tag such as "en"), if the user picked one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Meta {
    v: u32,
}

pub struct Store<K: Kv> {
    kv: K,
}

impl<K: Kv> Store<K> {
    pub fn new(kv: K) -> Self {
        Self { kv }
    }

    pub fn kv(&self) -> &K {
        &self.kv
    }

    fn read<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        match self.kv.get(key)? {
            None => Ok(None),
            Some(raw) => serde_json::from_str(&raw)
                .map(Some)
                .map_err(|e| StoreError::Corrupt {
                    key: key.to_owned(),
                    reason: e.to_string(),
                }),
        }
    }

    fn encode<T: Serialize>(key: &str, value: &T) -> kv::Write {
        // Our own plain data types always serialise.
        let json = serde_json::to_string(value).expect("store types serialise");
        (key.to_owned(), Some(json))
    }

    /// Writes the schema marker if the store is new; run once at start-up.
    pub fn init(&self) -> Result<(), StoreError> {
        if self.kv.get(KEY_META)?.is_none() {
            kv::write_all(
                &self.kv,
                &[Self::encode(KEY_META, &Meta { v: SCHEMA_VERSION })],
            )?;
        }
        Ok(())
    }

    pub fn prefs(&self) -> Result<Prefs, StoreError> {
        Ok(self.read(KEY_PREFS)?.unwrap_or_default())
    }

    pub fn set_prefs(&self, prefs: &Prefs) -> Result<(), StoreError> {
        Ok(kv::write_all(&self.kv, &[Self::encode(KEY_PREFS, prefs)])?)
    }

    /// How far the demo clock runs ahead of real time.
    pub fn clock_offset(&self) -> Result<Millis, StoreError> {
        Ok(self.read(KEY_CLOCK)?.unwrap_or(0))
    }

    pub fn set_clock_offset(&self, offset: Millis) -> Result<(), StoreError> {
        Ok(kv::write_all(
            &self.kv,
            &[Self::encode(KEY_CLOCK, &offset)],
        )?)
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kv::MemoryKv;

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
}
