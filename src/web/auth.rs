//! Every change to a stored account, and signing this browser in and out of one.
//!
//! The rule for a change (see `web::locks`): take the cross-tab store lock, read the account
//! again inside it, apply the change to that fresh copy and write it, all in one synchronous
//! section. A copy a page read earlier (the account center keeps the one it was drawn with) is
//! never written back, so a change another tab made meanwhile (two-step turned on, a contact
//! changed, devices signed out) is kept. [`update_account`] is that rule; every page's change
//! to an account goes through it or through one of the actions here built on it. An account
//! deleted meanwhile gives [`UpdateError::Gone`] and nothing is written: it is not brought back.
//!
//! Slow work (PBKDF2) happens before the section, never inside it.

use crate::core::account::Account;
use crate::core::clock::Millis;
use crate::core::codes::{self, Purpose};
use crate::core::hash::{self, Phc};
use crate::core::kv::Kv;
use crate::core::password;
use crate::core::regions::Region;
use crate::core::rng::Rng;
use crate::core::signin::{self, Locked, Session};
use crate::core::store::{Store, StoreError};
use crate::web::crypto::{hash_password, verify_password, BrowserRng, UserTiming};
use crate::web::locks::with_lock;
use crate::web::{self, storage::WebKv};

/// Why a change to an account wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateError {
    /// The account is no longer stored (deleted, e.g. in another tab, after this page read it).
    Gone,
    /// The account's password changed after the one typed here was checked against it.
    Stale,
    /// Something else the page had checked changed after it: the account's two-step setting,
    /// or the phone or email a code went to.
    Changed,
    /// The page no longer wanted the change when its turn came (its dialog was cancelled).
    Cancelled,
    /// Reading or writing the store failed (full, blocked, read-only, an unreadable record,
    /// an identifier taken by another account).
    Store(StoreError),
}

impl From<StoreError> for UpdateError {
    fn from(e: StoreError) -> Self {
        UpdateError::Store(e)
    }
}

/// The section of [`update_account`], without the lock: reads account `id` afresh and lets `f`
/// change that copy and write what it changed through `store` (`put_account`,
/// `update_contacts`, `sign_out`, ...). Nothing is written when the account is gone.
pub fn update_in<K: Kv, T>(
    store: &Store<K>,
    id: &str,
    f: impl FnOnce(&Store<K>, &mut Account) -> Result<T, UpdateError>,
) -> Result<T, UpdateError> {
    let mut account = store.account(id)?.ok_or(UpdateError::Gone)?;
    f(store, &mut account)
}

/// Changes account `id` under the cross-tab store lock: `f` gets the account as stored now
/// (never a copy a page kept) and writes its change through the store. `f` runs synchronously
/// inside the lock, so it must be short: no hashing, no waiting.
pub async fn update_account<T: 'static>(
    id: &str,
    f: impl FnOnce(&Store<WebKv>, &mut Account) -> Result<T, UpdateError> + 'static,
) -> Result<T, UpdateError> {
    let id = id.to_owned();
    with_lock(move || update_in(&web::env().store, &id, f)).await
}

/// The section of [`sign_in_here`]: a new session for account `id` on this profile's device,
/// the device entry on the fresh account, both written together; the failure count is forgotten.
pub fn sign_in_in<K: Kv>(
    store: &Store<K>,
    id: &str,
    now: Millis,
    rng: &dyn Rng,
    label: &str,
) -> Result<Session, UpdateError> {
    update_in(store, id, |store, a| {
        let device_id = store.device_id(rng)?;
        let session = signin::new_session(&a.id, now, rng, &device_id, label);
        a.sign_in_device(&device_id, label, &session.token, now);
        store.sign_in(a, &session)?;
        let mut t = store.throttle(&a.id).unwrap_or_default();
        signin::record_success(&mut t);
        // A leftover failure count is harmless next to a working sign-in.
        let _ = store.put_throttle(&a.id, &t);
        Ok(session)
    })
}

/// Starts a session for account `id` on this browser and records the sign-in on its device
/// entry.
pub async fn sign_in_here(id: &str) -> Result<Session, UpdateError> {
    let label = web::device_label();
    let id = id.to_owned();
    with_lock(move || {
        let env = web::env();
        sign_in_in(&env.store, &id, env.now(), &BrowserRng, &label)
    })
    .await
}

/// The section of [`sign_out_here`]. An account that is gone has no device entry left to clear;
/// this profile's session for it still goes.
pub fn sign_out_in<K: Kv>(store: &Store<K>, id: &str, device_id: &str) -> Result<(), UpdateError> {
    let result = update_in(store, id, |store, a| {
        a.sign_out_device(device_id);
        Ok(store.sign_out(a)?)
    });
    match result {
        Err(UpdateError::Gone) => {
            if store
                .session()
                .ok()
                .flatten()
                .is_some_and(|s| s.account_id == id)
            {
                store.clear_session()?;
            }
            Ok(())
        }
        other => other,
    }
}

/// Signs this browser out of account `id` (every tab of it follows the `storage` event).
pub async fn sign_out_here(id: &str, session: &Session) -> Result<(), UpdateError> {
    let (id, device_id) = (id.to_owned(), session.device_id.clone());
    with_lock(move || sign_out_in(&web::env().store, &id, &device_id)).await
}

/// The section of [`replace_password`]. With `verified` (the hash the current password was
/// checked against), a password changed meanwhile refuses with [`UpdateError::Stale`].
pub fn replace_password_in<K: Kv>(
    store: &Store<K>,
    id: &str,
    verified: Option<&str>,
    phc: &str,
    now: Millis,
) -> Result<Account, UpdateError> {
    update_in(store, id, |store, a| {
        if verified.is_some_and(|v| v != a.phc) {
            return Err(UpdateError::Stale);
        }
        a.phc = phc.to_owned();
        a.password_changed_at = Some(now);
        a.sign_out_all_devices();
        store.sign_out(a)?;
        // The failures and any lockout were attempts at the old password: a reset, the usual
        // answer to a lockout, must not leave the new one locked.
        let _ = store.put_throttle(&a.id, &signin::Throttle::default());
        Ok(a.clone())
    })
}

/// Stores a new password hash for account `id` (change or reset): every device of the account
/// is signed out, this one included, as the real site does. `verified`: see
/// [`replace_password_in`] (a change passes the hash it checked; a reset, proven by a code,
/// passes `None`). `wanted` is asked inside the lock, last: `false` writes nothing
/// ([`UpdateError::Cancelled`]).
pub async fn replace_password(
    id: &str,
    verified: Option<String>,
    phc: &Phc,
    wanted: impl FnOnce() -> bool + 'static,
) -> Result<Account, UpdateError> {
    let (id, phc) = (id.to_owned(), phc.to_string());
    with_lock(move || {
        if !wanted() {
            return Err(UpdateError::Cancelled);
        }
        let env = web::env();
        replace_password_in(&env.store, &id, verified.as_deref(), &phc, env.now())
    })
    .await
}

/// Whether `typed` (normalised) is the password of account `id`, whose session is open here
/// (the password step of a new security contact, a password change, deleting the account):
/// `Ok` with the account as stored now, whose `phc` a later write checks is still the password
/// ([`UpdateError::Stale`]). A wrong one counts on the account's throttle like a failed
/// sign-in, so a session left open does not let anyone guess the password without limit; a
/// running lockout refuses without checking; a right one clears the count
/// ([`settle_own_password`]).
pub async fn password_matches(id: &str, typed: &str) -> SignInOutcome {
    let env = web::env();
    let throttle = env.store.throttle(id).unwrap_or_default();
    if let Err(Locked { until }) = signin::check_allowed(&throttle, env.now()) {
        return SignInOutcome::Locked(until);
    }
    let a = match env.store.account(id) {
        Ok(Some(a)) => a,
        Ok(None) => return SignInOutcome::Wrong,
        Err(_) => return SignInOutcome::Unreadable,
    };
    let Ok(phc) = Phc::parse(&a.phc) else {
        return SignInOutcome::Unreadable;
    };
    let ok = verify_password(&phc, typed, |_| {}).await.unwrap_or(false);
    with_lock(move || {
        let env = web::env();
        settle_own_password(&env.store, &a.id, &a.phc, ok, env.now())
    })
    .await
}

/// The section of [`password_matches`]: [`settle_password`], and a right password forgets the
/// failures before it, as a sign-in does.
pub fn settle_own_password<K: Kv>(
    store: &Store<K>,
    id: &str,
    verified: &str,
    ok: bool,
    now: Millis,
) -> SignInOutcome {
    let outcome = settle_password(store, id, verified, ok, None, now);
    if matches!(outcome, SignInOutcome::Ok(_)) {
        let mut t = store.throttle(id).unwrap_or_default();
        if t != signin::Throttle::default() {
            signin::record_success(&mut t);
            // A leftover count only brings the lockout one attempt nearer.
            let _ = store.put_throttle(id, &t);
        }
    }
    outcome
}

/// The account `session` signs in to, if the session is still valid: the account exists and
/// this device was not signed out (from another device, or by a password change).
pub fn signed_in_account(session: &Session) -> Option<Account> {
    web::env()
        .store
        .account(&session.account_id)
        .ok()
        .flatten()
        .filter(|a| a.session_valid(session))
}

/// Where a sign-in or reset code goes: the account's phone if it has one, else its email.
pub fn contact(a: &Account) -> Option<(String, bool)> {
    a.phone
        .clone()
        .map(|p| (p, false))
        .or_else(|| a.email.clone().map(|e| (e, true)))
}

/// Where a reset or sign-in code goes for what was typed to find the account: to the account's
/// email when an email was typed (and the account has one), else as [`contact`] says.
pub fn contact_for(a: &Account, typed: &str) -> Option<(String, bool)> {
    match &a.email {
        Some(e) if typed.contains('@') => Some((e.clone(), true)),
        _ => contact(a),
    }
}

/// What a sign-in attempt came to. The pages say the same for a wrong secret and for an
/// account that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    /// The password (or code) was right: the account as stored now.
    Ok(Account),
    /// The account is locked until then (by this attempt, or already).
    Locked(Millis),
    /// Wrong, or no such account.
    Wrong,
    /// The field leads to an account record this browser's storage holds damaged (edited, or
    /// cut off): nothing can be checked against it, and "wrong" would send its owner looking
    /// for a typo. Only this browser's own records are read, so saying so tells no one else
    /// anything.
    Unreadable,
}

/// Why [`find_unlocked`] leaves nothing to check (each the [`SignInOutcome`] of that name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Locked(Millis),
    Unreadable,
}

impl From<Refused> for SignInOutcome {
    fn from(r: Refused) -> Self {
        match r {
            Refused::Locked(until) => SignInOutcome::Locked(until),
            Refused::Unreadable => SignInOutcome::Unreadable,
        }
    }
}

/// The account the sign-in field leads to, unless a lockout is running on it or its record
/// cannot be read.
pub fn find_unlocked(input: &str, region: &Region) -> Result<Option<Account>, Refused> {
    let env = web::env();
    let found = {
        let _timing = UserTiming::start("xa:lookup");
        env.store.find_by_input(input, region)
    };
    // Only a damaged record is "damaged"; storage that cannot be read at all finds nothing, as
    // before (the banner names that).
    let found = match found {
        Err(StoreError::Corrupt { .. }) => return Err(Refused::Unreadable),
        found => found.ok().flatten(),
    };
    if let Some(a) = &found {
        let throttle = env.store.throttle(&a.id).unwrap_or_default();
        if let Err(Locked { until }) = signin::check_allowed(&throttle, env.now()) {
            return Err(Refused::Locked(until));
        }
    }
    Ok(found)
}

/// A failed attempt on account `id`, counted on the throttle as stored now.
fn count_failure<K: Kv>(
    store: &Store<K>,
    id: &str,
    mut t: signin::Throttle,
    now: Millis,
) -> SignInOutcome {
    let lock = signin::record_failure(&mut t, now);
    let _ = store.put_throttle(id, &t);
    lock.map_or(SignInOutcome::Wrong, SignInOutcome::Locked)
}

/// The section after a password was checked (`ok`) against `verified`, the hash account `id`
/// had when it was read. Everything is read again: a lockout another tab started meanwhile
/// stands; a failure is counted on the fresh throttle; a right password whose account was
/// deleted, or whose password changed meanwhile, is wrong now; `rehashed` (the same password at
/// today's cost) replaces the hash on the fresh account.
pub fn settle_password<K: Kv>(
    store: &Store<K>,
    id: &str,
    verified: &str,
    ok: bool,
    rehashed: Option<String>,
    now: Millis,
) -> SignInOutcome {
    let t = store.throttle(id).unwrap_or_default();
    if let Err(Locked { until }) = signin::check_allowed(&t, now) {
        return SignInOutcome::Locked(until);
    }
    match store.account(id).ok().flatten() {
        Some(mut a) if ok && a.phc == verified => {
            if let Some(new) = rehashed {
                a.phc = new;
                // Keeping the old hash is harmless if this write fails: it still verifies.
                let _ = store.put_account(&a);
            }
            SignInOutcome::Ok(a)
        }
        Some(_) if ok => SignInOutcome::Wrong,
        Some(_) => count_failure(store, id, t, now),
        None => SignInOutcome::Wrong,
    }
}

/// A password sign-in, for the web page and the phone alike: the lookup and lockout check, the
/// PBKDF2 verify (against a decoy record when no account matches, so a missing account costs
/// the same time), a re-hash at today's cost if the record is older, then [`settle_password`]
/// under the store lock. The slow hashing stays outside the lock.
pub async fn check_password(input: &str, region: &Region, typed: &str) -> SignInOutcome {
    let found = match find_unlocked(input, region) {
        Ok(found) => found,
        Err(refused) => return refused.into(),
    };
    let normalised = password::normalise(typed);
    let phc = found
        .as_ref()
        .and_then(|a| Phc::parse(&a.phc).ok())
        .unwrap_or_else(|| Phc::parse(signin::DECOY_PHC).expect("the decoy record parses"));
    let ok = verify_password(&phc, &normalised, |_| {})
        .await
        .unwrap_or(false);
    // A record hashed at an older, lower cost is re-hashed at today's on success.
    let rehashed = match (&found, ok && hash::needs_rehash(&phc)) {
        (Some(_), true) => hash_password(&normalised, &BrowserRng, |_| {})
            .await
            .ok()
            .map(|p| p.to_string()),
        _ => None,
    };
    drop(normalised);
    let Some(a) = found else {
        return SignInOutcome::Wrong;
    };
    with_lock(move || {
        let env = web::env();
        settle_password(&env.store, &a.id, &a.phc, ok, rehashed, env.now())
    })
    .await
}

/// The section of [`check_code_sign_in`]: the code is checked against the sign-in code record of
/// the fresh account's contact (the attempt stored), a wrong one counted on the fresh throttle.
pub fn settle_code<K: Kv>(
    store: &Store<K>,
    id: &str,
    input: &str,
    typed: &str,
    now: Millis,
) -> SignInOutcome {
    let t = store.throttle(id).unwrap_or_default();
    if let Err(Locked { until }) = signin::check_allowed(&t, now) {
        return SignInOutcome::Locked(until);
    }
    let Some(a) = store.account(id).ok().flatten() else {
        return SignInOutcome::Wrong;
    };
    let ok = contact_for(&a, input).is_some_and(|(to, _)| {
        let Ok(mut rec) = store.code_record(Purpose::SignIn, &to) else {
            return false;
        };
        let r = codes::verify(&mut rec, &to, typed, now);
        let _ = store.put_code_record(&to, &rec);
        r.is_ok()
    });
    if ok {
        SignInOutcome::Ok(a)
    } else {
        count_failure(store, id, t, now)
    }
}

/// A sign-in by a code sent to the account's phone or email (spaces in `typed` ignored).
pub async fn check_code_sign_in(input: &str, region: &Region, typed: &str) -> SignInOutcome {
    let found = match find_unlocked(input, region) {
        Ok(found) => found,
        Err(refused) => return refused.into(),
    };
    let Some(a) = found else {
        return SignInOutcome::Wrong;
    };
    let typed = typed.replace(' ', "");
    let input = input.to_owned();
    with_lock(move || {
        let env = web::env();
        settle_code(&env.store, &a.id, &input, &typed, env.now())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kv::MemoryKv;
    use crate::core::rng::TestRng;
    use crate::core::signin::{Throttle, FREE_FAILURES};

    const NOW: Millis = 1_750_000_000_000;

    fn store_with(a: &Account) -> Store<MemoryKv> {
        let store = Store::new(MemoryKv::default());
        store.create_account(a).unwrap();
        store
    }

    fn account() -> Account {
        Account::new(
            "1234567890".into(),
            "CN".into(),
            Some("+8613812345678".into()),
            None,
            "$pbkdf2-sha256$i=1,l=3$AAAA$BBBB".into(),
            0,
        )
    }

    #[test]
    fn an_update_applies_to_the_stored_account_not_to_an_older_copy() {
        let kept = account();
        let store = store_with(&kept);
        // Another tab turns two-step on after this one read `kept`.
        let mut other = kept.clone();
        other.two_step = true;
        store.put_account(&other).unwrap();
        update_in(&store, &kept.id, |store, a| {
            a.nickname = "New".into();
            Ok(store.put_account(a)?)
        })
        .unwrap();
        let stored = store.account(&kept.id).unwrap().unwrap();
        assert_eq!(stored.nickname, "New");
        assert!(stored.two_step, "the other tab's change is kept");
    }

    #[test]
    fn a_reset_code_goes_where_the_typed_identifier_points() {
        let mut a = account();
        a.phone = Some("+8613812345678".into());
        a.email = Some("ann@example.com".into());
        let phone = Some(("+8613812345678".to_owned(), false));
        assert_eq!(
            contact_for(&a, "Ann@Example.com"),
            Some(("ann@example.com".to_owned(), true))
        );
        assert_eq!(contact_for(&a, "138 1234 5678"), phone);
        assert_eq!(contact_for(&a, &a.id.clone()), phone);
        // An email typed for an account that has none now (removed meanwhile): the phone.
        a.email = None;
        assert_eq!(contact_for(&a, "ann@example.com"), phone);
    }

    #[test]
    fn an_update_of_a_deleted_account_writes_nothing() {
        let a = account();
        let store = store_with(&a);
        store.delete_account(&a).unwrap();
        let before = store.kv().keys().unwrap();
        let r = update_in(&store, &a.id, |store, a| {
            a.nickname = "Back".into();
            Ok(store.put_account(a)?)
        });
        assert_eq!(r, Err(UpdateError::Gone));
        assert_eq!(store.kv().keys().unwrap(), before, "not brought back");
        assert_eq!(
            sign_in_in(&store, &a.id, NOW, &TestRng::new(1), "Chrome on Linux"),
            Err(UpdateError::Gone)
        );
        assert_eq!(
            replace_password_in(&store, &a.id, None, "$pbkdf2-sha256$i=1,l=3$AAAA$XXXX", NOW),
            Err(UpdateError::Gone)
        );
        assert!(store.account(&a.id).unwrap().is_none());
    }

    #[test]
    fn an_update_that_fails_writes_nothing() {
        let a = account();
        let store = store_with(&a);
        let r: Result<(), _> = update_in(&store, &a.id, |_, a| {
            a.nickname = "Lost".into();
            Err(UpdateError::Stale)
        });
        assert_eq!(r, Err(UpdateError::Stale));
        assert_eq!(store.account(&a.id).unwrap().unwrap(), a);
    }

    #[test]
    fn signing_in_and_out_keeps_changes_made_meanwhile_and_clears_the_failures() {
        let a = account();
        let store = store_with(&a);
        store
            .put_throttle(
                &a.id,
                &Throttle {
                    failures: 3,
                    ..Throttle::default()
                },
            )
            .unwrap();
        let mut other = a.clone();
        other.email = Some("a@b.com".into());
        store.put_account(&other).unwrap();
        let session = sign_in_in(&store, &a.id, NOW, &TestRng::new(1), "Chrome on Linux").unwrap();
        let stored = store.account(&a.id).unwrap().unwrap();
        assert!(stored.session_valid(&session));
        assert_eq!(stored.email.as_deref(), Some("a@b.com"));
        assert_eq!(store.session().unwrap(), Some(session.clone()));
        assert_eq!(store.throttle(&a.id).unwrap(), Throttle::default());

        sign_out_in(&store, &a.id, &session.device_id).unwrap();
        let stored = store.account(&a.id).unwrap().unwrap();
        assert!(!stored.session_valid(&session));
        assert_eq!(stored.email.as_deref(), Some("a@b.com"));
        assert_eq!(store.session().unwrap(), None);
    }

    #[test]
    fn signing_out_of_a_deleted_account_drops_only_the_session() {
        let a = account();
        let store = store_with(&a);
        let session = sign_in_in(&store, &a.id, NOW, &TestRng::new(1), "Chrome").unwrap();
        store.kv().remove(&format!("xa.acct.{}", a.id)).unwrap();
        sign_out_in(&store, &a.id, &session.device_id).unwrap();
        assert_eq!(store.session().unwrap(), None);
        assert!(store.account(&a.id).unwrap().is_none(), "not brought back");
    }

    #[test]
    fn a_password_change_refuses_when_the_password_changed_meanwhile() {
        let a = account();
        let store = store_with(&a);
        let mut other = a.clone();
        other.phc = "$pbkdf2-sha256$i=1,l=3$AAAA$CCCC".into();
        other.two_step = true;
        store.put_account(&other).unwrap();
        assert_eq!(
            replace_password_in(
                &store,
                &a.id,
                Some(&a.phc),
                "$pbkdf2-sha256$i=1,l=3$AAAA$NNNN",
                NOW
            ),
            Err(UpdateError::Stale)
        );
        assert_eq!(
            store.account(&a.id).unwrap().unwrap().phc,
            "$pbkdf2-sha256$i=1,l=3$AAAA$CCCC"
        );
        // A reset (no hash checked) applies to the fresh record.
        let done =
            replace_password_in(&store, &a.id, None, "$pbkdf2-sha256$i=1,l=3$AAAA$NNNN", NOW)
                .unwrap();
        assert_eq!(done.phc, "$pbkdf2-sha256$i=1,l=3$AAAA$NNNN");
        assert_eq!(done.password_changed_at, Some(NOW));
        assert!(store.account(&a.id).unwrap().unwrap().two_step);
    }

    #[test]
    fn a_new_password_ends_the_lockout_of_the_old_one() {
        let a = account();
        let store = store_with(&a);
        let locked = Throttle {
            failures: 0,
            locked_until: Some(NOW + 15 * 60_000),
            lockouts: 2,
            last_failure: Some(NOW),
        };
        store.put_throttle(&a.id, &locked).unwrap();
        replace_password_in(&store, &a.id, None, "$pbkdf2-sha256$i=1,l=3$AAAA$NNNN", NOW).unwrap();
        assert_eq!(store.throttle(&a.id).unwrap(), Throttle::default());
        assert!(signin::check_allowed(&store.throttle(&a.id).unwrap(), NOW).is_ok());
    }

    #[test]
    fn a_wrong_password_counts_on_the_stored_throttle_and_locks_at_the_fifth() {
        let a = account();
        let store = store_with(&a);
        for n in 1..FREE_FAILURES {
            assert_eq!(
                settle_password(&store, &a.id, &a.phc, false, None, NOW),
                SignInOutcome::Wrong
            );
            assert_eq!(store.throttle(&a.id).unwrap().failures, n);
        }
        // The fifth failure, wherever the first four came from, locks.
        let until = NOW + signin::LOCKOUT_STEPS[0];
        assert_eq!(
            settle_password(&store, &a.id, &a.phc, false, None, NOW),
            SignInOutcome::Locked(until)
        );
        // Locked by then, even a right password waits.
        assert_eq!(
            settle_password(&store, &a.id, &a.phc, true, None, NOW),
            SignInOutcome::Locked(until)
        );
    }

    #[test]
    fn a_right_password_rehashes_the_fresh_account() {
        let a = account();
        let store = store_with(&a);
        let mut other = a.clone();
        other.nickname = "Changed elsewhere".into();
        store.put_account(&other).unwrap();
        let SignInOutcome::Ok(got) = settle_password(
            &store,
            &a.id,
            &a.phc,
            true,
            Some("$pbkdf2-sha256$i=1,l=3$AAAA$TTTT".into()),
            NOW,
        ) else {
            panic!("signed in");
        };
        assert_eq!(got.phc, "$pbkdf2-sha256$i=1,l=3$AAAA$TTTT");
        let stored = store.account(&a.id).unwrap().unwrap();
        assert_eq!(stored.phc, "$pbkdf2-sha256$i=1,l=3$AAAA$TTTT");
        assert_eq!(stored.nickname, "Changed elsewhere");
    }

    #[test]
    fn a_right_password_for_an_account_changed_or_deleted_meanwhile_is_wrong_now() {
        let a = account();
        let store = store_with(&a);
        let mut other = a.clone();
        other.phc = "$pbkdf2-sha256$i=1,l=3$AAAA$CCCC".into();
        store.put_account(&other).unwrap();
        assert_eq!(
            settle_password(
                &store,
                &a.id,
                &a.phc,
                true,
                Some("$pbkdf2-sha256$i=1,l=3$AAAA$TTTT".into()),
                NOW
            ),
            SignInOutcome::Wrong
        );
        assert_eq!(
            store.account(&a.id).unwrap().unwrap().phc,
            "$pbkdf2-sha256$i=1,l=3$AAAA$CCCC"
        );
        assert_eq!(store.throttle(&a.id).unwrap(), Throttle::default());
        store.delete_account(&other).unwrap();
        assert_eq!(
            settle_password(&store, &a.id, &a.phc, false, None, NOW),
            SignInOutcome::Wrong
        );
        assert!(
            store.kv().keys().unwrap().is_empty(),
            "no throttle for nobody"
        );
    }

    #[test]
    fn the_own_password_check_counts_locks_and_a_right_one_clears() {
        let a = account();
        let store = store_with(&a);
        for _ in 1..FREE_FAILURES {
            assert_eq!(
                settle_own_password(&store, &a.id, &a.phc, false, NOW),
                SignInOutcome::Wrong
            );
        }
        // A right one before the lockout forgets the four.
        assert_eq!(
            settle_own_password(&store, &a.id, &a.phc, true, NOW),
            SignInOutcome::Ok(a.clone())
        );
        assert_eq!(store.throttle(&a.id).unwrap(), Throttle::default());
        // Five wrong in a row lock it, here and for sign-in alike; the right one then waits.
        for _ in 1..FREE_FAILURES {
            settle_own_password(&store, &a.id, &a.phc, false, NOW);
        }
        let until = NOW + signin::LOCKOUT_STEPS[0];
        assert_eq!(
            settle_own_password(&store, &a.id, &a.phc, false, NOW),
            SignInOutcome::Locked(until)
        );
        assert_eq!(
            settle_own_password(&store, &a.id, &a.phc, true, NOW + 1),
            SignInOutcome::Locked(until)
        );
        assert_eq!(
            settle_password(&store, &a.id, &a.phc, true, None, NOW + 1),
            SignInOutcome::Locked(until)
        );
        assert_eq!(
            settle_own_password(&store, &a.id, &a.phc, true, until),
            SignInOutcome::Ok(a.clone())
        );
    }

    #[test]
    fn a_sign_in_code_is_checked_once_and_a_wrong_one_counts() {
        let a = account();
        let store = store_with(&a);
        let to = "+8613812345678";
        let mut rec = store.code_record(Purpose::SignIn, to).unwrap();
        let code = codes::send(&mut rec, to, NOW, &TestRng::new(7)).unwrap();
        store.put_code_record(to, &rec).unwrap();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert_eq!(
            settle_code(&store, &a.id, &a.id, wrong, NOW),
            SignInOutcome::Wrong
        );
        assert_eq!(store.throttle(&a.id).unwrap().failures, 1);
        assert_eq!(
            settle_code(&store, &a.id, &a.id, &code, NOW),
            SignInOutcome::Ok(a.clone())
        );
        assert_eq!(
            settle_code(&store, &a.id, &a.id, &code, NOW),
            SignInOutcome::Wrong,
            "used"
        );
    }
}
