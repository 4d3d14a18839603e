//! The storage trait under the store: a string key-value map that can fail the way
//! localStorage does (blocked, full). `crate::web` implements it over localStorage;
//! [`MemoryKv`] serves tests and the in-memory fallback when storage is blocked; [`Guarded`]
//! can freeze a store that this build must not write (see `migrate`).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KvError {
    /// Storage is blocked or missing (e.g. `SecurityError`).
    Unavailable,
    /// The origin's quota is used up (`QuotaExceededError`).
    Full,
    /// This build refuses to write: the stored data is of a newer schema (or its version is
    /// unreadable), and writing our format into it could destroy it.
    ReadOnly,
    /// Anything else the browser threw, with its message.
    Other(String),
}

impl std::fmt::Display for KvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KvError::Unavailable => f.write_str("storage is unavailable"),
            KvError::Full => f.write_str("storage is full"),
            KvError::ReadOnly => f.write_str("storage is read-only for this version"),
            KvError::Other(m) => write!(f, "storage failed: {m}"),
        }
    }
}

pub trait Kv {
    fn get(&self, key: &str) -> Result<Option<String>, KvError>;
    fn set(&self, key: &str, value: &str) -> Result<(), KvError>;
    fn remove(&self, key: &str) -> Result<(), KvError>;
    fn keys(&self) -> Result<Vec<String>, KvError>;
}

/// One write of a batch: `Some` sets the key, `None` removes it.
pub type Write = (String, Option<String>);

/// Applies `writes` all or none: on a failure the keys already written get their old values back.
/// Removals go first when no key repeats, so a batch never needs more room than its start or
/// its end (a change that frees space cannot fail for lack of it).
pub fn write_all(kv: &dyn Kv, writes: &[Write]) -> Result<(), KvError> {
    // Most actions write a handful of keys: pairwise then. An import or an erase can write
    // thousands: sorted copies then (the String sort the store links in anyway; a BTreeSet's
    // bulk build would link in a stable sort, a HashSet its own table code).
    let distinct = if writes.len() <= 16 {
        writes
            .iter()
            .enumerate()
            .all(|(i, (k, _))| writes[..i].iter().all(|(other, _)| other != k))
    } else {
        let mut keys: Vec<String> = writes.iter().map(|(k, _)| k.clone()).collect();
        keys.sort_unstable();
        keys.windows(2).all(|w| w[0] != w[1])
    };
    // Removals first, each group in its given order (not a stable sort: its code would be
    // linked in for this alone).
    let ordered: Vec<&Write> = if distinct {
        let removal = |w: &&Write| w.1.is_none();
        writes
            .iter()
            .filter(removal)
            .chain(writes.iter().filter(|w| !removal(w)))
            .collect()
    } else {
        writes.iter().collect()
    };
    let mut undo: Vec<(String, Option<String>)> = Vec::with_capacity(writes.len());
    for (key, value) in ordered {
        let before = match kv.get(key) {
            Ok(v) => v,
            Err(e) => {
                rollback(kv, &undo);
                return Err(e);
            }
        };
        let result = match value {
            Some(v) => kv.set(key, v),
            None => kv.remove(key),
        };
        if let Err(e) = result {
            rollback(kv, &undo);
            return Err(e);
        }
        undo.push((key.clone(), before));
    }
    Ok(())
}

fn rollback(kv: &dyn Kv, undo: &[(String, Option<String>)]) {
    // Restoring never needs more room than the batch took, so these writes succeed; should a
    // browser refuse to overwrite in place, removing the key first frees its room.
    for (key, before) in undo.iter().rev() {
        let _ = match before {
            Some(v) => kv.set(key, v).or_else(|_| {
                let _ = kv.remove(key);
                kv.set(key, v)
            }),
            None => kv.remove(key),
        };
    }
}

/// A [`Kv`] that can be frozen: then every write is refused with [`KvError::ReadOnly`] and reads
/// go on. The store wraps its map in one, so nothing that writes through the store can bypass
/// the freeze.
#[derive(Debug, Default)]
pub struct Guarded<K> {
    inner: K,
    frozen: Cell<bool>,
}

impl<K: Kv> Guarded<K> {
    pub fn new(inner: K) -> Self {
        Self {
            inner,
            frozen: Cell::new(false),
        }
    }

    pub fn inner(&self) -> &K {
        &self.inner
    }

    pub fn set_frozen(&self, frozen: bool) {
        self.frozen.set(frozen);
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen.get()
    }
}

impl<K: Kv> Kv for Guarded<K> {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        self.inner.get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), KvError> {
        if self.frozen.get() {
            return Err(KvError::ReadOnly);
        }
        self.inner.set(key, value)
    }

    fn remove(&self, key: &str) -> Result<(), KvError> {
        if self.frozen.get() {
            return Err(KvError::ReadOnly);
        }
        self.inner.remove(key)
    }

    fn keys(&self) -> Result<Vec<String>, KvError> {
        self.inner.keys()
    }
}

/// An in-memory map with an optional quota in UTF-16 code units, as localStorage counts.
#[derive(Debug, Default)]
pub struct MemoryKv {
    map: RefCell<BTreeMap<String, String>>,
    quota: Option<usize>,
}

impl MemoryKv {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_quota(units: usize) -> Self {
        Self {
            map: RefCell::default(),
            quota: Some(units),
        }
    }

    fn units(s: &str) -> usize {
        s.encode_utf16().count()
    }
}

impl Kv for MemoryKv {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        Ok(self.map.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), KvError> {
        let mut map = self.map.borrow_mut();
        if let Some(quota) = self.quota {
            let used: usize = map
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| Self::units(k) + Self::units(v))
                .sum();
            if used + Self::units(key) + Self::units(value) > quota {
                return Err(KvError::Full);
            }
        }
        map.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), KvError> {
        self.map.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, KvError> {
        Ok(self.map.borrow().keys().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_all_is_all_or_none_when_storage_fills() {
        let kv = MemoryKv::with_quota(40);
        kv.set("a", "old").unwrap();
        let writes = vec![
            ("a".to_string(), Some("new".to_string())),
            ("b".to_string(), Some("x".repeat(50))),
        ];
        assert_eq!(write_all(&kv, &writes), Err(KvError::Full));
        assert_eq!(kv.get("a").unwrap().as_deref(), Some("old"));
        assert_eq!(kv.get("b").unwrap(), None);
    }

    #[test]
    fn a_frozen_map_refuses_every_write_and_keeps_its_bytes() {
        let kv = Guarded::new(MemoryKv::new());
        kv.set("a", "1").unwrap();
        kv.set_frozen(true);
        assert_eq!(kv.set("a", "2"), Err(KvError::ReadOnly));
        assert_eq!(kv.remove("a"), Err(KvError::ReadOnly));
        assert_eq!(
            write_all(&kv, &[("b".to_string(), Some("x".to_string()))]),
            Err(KvError::ReadOnly)
        );
        assert_eq!(kv.get("a").unwrap().as_deref(), Some("1"));
        assert_eq!(kv.keys().unwrap(), ["a"]);
        kv.set_frozen(false);
        kv.set("a", "2").unwrap();
    }

    #[test]
    fn removals_go_first_so_a_swap_fits_a_full_store_in_small_and_large_batches() {
        // `n` records fill the store; the batch lists `n` new ones before removing the old:
        // in the order given it could never fit. 2 is the pairwise check, 40 the hash set.
        for n in [2, 40] {
            let kv = MemoryKv::with_quota(n * 10);
            for i in 0..n {
                kv.set(&format!("old{i:02}"), "xxxxx").unwrap();
            }
            let mut writes: Vec<Write> = (0..n)
                .map(|i| (format!("new{i:02}"), Some("yyyyy".to_string())))
                .collect();
            writes.extend((0..n).map(|i| (format!("old{i:02}"), None)));
            write_all(&kv, &writes).unwrap();
            let keys = kv.keys().unwrap();
            assert_eq!(keys.len(), n);
            assert!(keys.iter().all(|k| k.starts_with("new")), "{n}: {keys:?}");
        }
    }

    #[test]
    fn a_batch_that_repeats_a_key_is_applied_in_its_own_order() {
        // Remove then set the same key: reordering would leave it removed.
        for filler in [0, 30] {
            let kv = MemoryKv::new();
            kv.set("k", "old").unwrap();
            let mut writes: Vec<Write> = (0..filler)
                .map(|i| (format!("f{i}"), Some("1".to_string())))
                .collect();
            writes.push(("k".to_string(), None));
            writes.push(("k".to_string(), Some("new".to_string())));
            write_all(&kv, &writes).unwrap();
            assert_eq!(kv.get("k").unwrap().as_deref(), Some("new"), "{filler}");
        }
    }

    #[test]
    fn write_all_sets_and_removes() {
        let kv = MemoryKv::new();
        kv.set("gone", "1").unwrap();
        write_all(
            &kv,
            &[
                ("k".to_string(), Some("v".to_string())),
                ("gone".to_string(), None),
            ],
        )
        .unwrap();
        assert_eq!(kv.keys().unwrap(), vec!["k".to_string()]);
    }
}
