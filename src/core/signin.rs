//! Signing in: the per-account failure [`Throttle`] and the signed-in [`Session`].
//!
//! - Every failed attempt on an account counts, whatever went wrong, and the page shows one
//!   generic error ("Incorrect account or password") whether or not the account exists (OWASP).
//! - [`FREE_FAILURES`] failures in a row lock the account for the next of [`LOCKOUT_STEPS`]
//!   (1, 5, 15, 60 minutes; 60 again for every further lockout). A lockout resets the failure
//!   count, so the next lockout needs another [`FREE_FAILURES`] failures.
//! - A successful sign-in forgets everything ([`record_success`]).
//! - Decay: [`FORGET_AFTER`] (24 h) without a failure also forgets everything, so a user who
//!   mistyped twice last month does not start today with two failures, and a lockout last week
//!   does not make today's first lockout an hour long. Nothing else decays.
//! - Everything is computed from the timestamps in the record and the `now` passed in, so a
//!   record read back after a reload (or in another tab) keeps the same lock.
//!
//! A session is one record per browser profile (see `store::Store::session`), shared by its
//! tabs: signing out, or replacing the session after a password change, shows up in the other
//! tabs through the `storage` event.

use super::clock::{Millis, HOUR, MINUTE};
use super::rng::Rng;
use serde::{Deserialize, Serialize};

/// Failed attempts in a row that are allowed before a lockout.
pub const FREE_FAILURES: u32 = 5;
/// How long the 1st, 2nd, 3rd and 4th lockout last; the last step repeats after that.
pub const LOCKOUT_STEPS: [Millis; 4] = [MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE];
/// With no failure for this long, the failure count and the lockout history are forgotten.
pub const FORGET_AFTER: Millis = 24 * HOUR;
/// A stand-in record verified when no account matches, so a missing account costs the same
/// time as a wrong password and the answer reveals nothing (web sign-in and the phone).
pub const DECOY_PHC: &str = "$pbkdf2-sha256$i=600000,l=32$c2lnbmluLWRlY295LXNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
/// Failed sign-in attempts in a tab after which every further attempt there needs the image
/// check first, as the real site brings a captcha after repeated failures (then the lockout).
/// Counted per tab, not per account, so the check comes the same whether or not the account
/// exists; a success clears it.
pub const IMAGE_CHECK_AFTER: u32 = 2;
// A person meets the image check before a lockout.
const _: () = assert!(IMAGE_CHECK_AFTER < FREE_FAILURES);
/// Random bytes in a session token (shown as twice as many hex digits).
pub const TOKEN_BYTES: usize = 16;

/// The failure record of one account; the store persists it as JSON. The default is a clean
/// record (what a missing key reads as).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttle {
    /// Failures since the last success or lockout.
    #[serde(default)]
    pub failures: u32,
    /// While `now` is before this, attempts are refused without checking the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<Millis>,
    /// Lockouts so far; picks the next step of [`LOCKOUT_STEPS`].
    #[serde(default)]
    pub lockouts: u32,
    /// When the latest failure happened, for [`FORGET_AFTER`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<Millis>,
}

/// Attempts are refused until `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked {
    pub until: Millis,
}

impl Locked {
    /// Time left at `now`; never negative.
    pub fn remaining(self, now: Millis) -> Millis {
        (self.until - now).max(0)
    }

    /// Whole minutes left at `now`, rounded up ("try again in 5 minutes" until the very end).
    pub fn remaining_minutes(self, now: Millis) -> u32 {
        let left = self.remaining(now);
        u32::try_from((left + MINUTE - 1) / MINUTE).unwrap_or(u32::MAX)
    }
}

/// The duration of the lockout that follows `lockouts` earlier ones.
pub fn lockout_duration(lockouts: u32) -> Millis {
    let last = LOCKOUT_STEPS.len() - 1;
    LOCKOUT_STEPS[(lockouts as usize).min(last)]
}

/// Whether an attempt may be checked at `now`. Run it before verifying the password, and do not
/// verify (or count) an attempt it refuses. A lock ends at exactly `until`.
pub fn check_allowed(t: &Throttle, now: Millis) -> Result<(), Locked> {
    match t.locked_until {
        Some(until) if now < until => Err(Locked { until }),
        _ => Ok(()),
    }
}

/// Counts a failed attempt at `now`. Returns when the account is locked until if this failure
/// started a lockout (or if one was still running: an attempt during a lockout is not counted).
pub fn record_failure(t: &mut Throttle, now: Millis) -> Option<Millis> {
    if let Err(Locked { until }) = check_allowed(t, now) {
        return Some(until);
    }
    if t.last_failure
        .is_some_and(|last| now - last >= FORGET_AFTER)
    {
        *t = Throttle::default();
    }
    t.last_failure = Some(now);
    t.failures += 1;
    if t.failures < FREE_FAILURES {
        return None;
    }
    let until = now + lockout_duration(t.lockouts);
    t.failures = 0;
    t.lockouts = t.lockouts.saturating_add(1);
    t.locked_until = Some(until);
    Some(until)
}

/// Whether a sign-in attempt in a tab that has had `failures` failed ones needs the image check.
pub fn needs_image_check(failures: u32) -> bool {
    failures >= IMAGE_CHECK_AFTER
}

/// A successful sign-in: failures and lockout history are forgotten.
pub fn record_success(t: &mut Throttle) {
    *t = Throttle::default();
}

/// The signed-in session of this browser profile; the store persists it as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub account_id: String,
    /// [`TOKEN_BYTES`] random bytes, lower-case hex. Tells one sign-in from the next, so a tab
    /// can notice that the session it showed was replaced.
    pub token: String,
    pub created_at: Millis,
    /// A label for the device ("Chrome on Windows"), filled in by the web layer.
    pub device: String,
    /// Which of the account's devices holds this session (see `Account::session_valid`).
    #[serde(default)]
    pub device_id: String,
}

/// A new session for `account_id` on device `device_id` (labelled `device`), signed in at `now`.
pub fn new_session(
    account_id: &str,
    now: Millis,
    rng: &dyn Rng,
    device_id: &str,
    device: &str,
) -> Session {
    let mut bytes = [0u8; TOKEN_BYTES];
    rng.fill(&mut bytes);
    let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Session {
        account_id: account_id.to_owned(),
        token,
        created_at: now,
        device: device.to_owned(),
        device_id: device_id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clock::SECOND;
    use crate::core::rng::TestRng;

    const T0: Millis = 1_750_000_000_000;

    /// As the store does between attempts (each attempt may be in another tab or after a reload).
    fn reload(t: &Throttle) -> Throttle {
        serde_json::from_str(&serde_json::to_string(t).unwrap()).unwrap()
    }

    /// Fails `n` times at `now`, checking each attempt was allowed; returns the last result.
    fn fail(t: &mut Throttle, n: u32, now: Millis) -> Option<Millis> {
        let mut last = None;
        for _ in 0..n {
            assert_eq!(check_allowed(t, now), Ok(()));
            last = record_failure(t, now);
            *t = reload(t);
        }
        last
    }

    #[test]
    fn four_failures_do_not_lock() {
        let mut t = Throttle::default();
        assert_eq!(fail(&mut t, 4, T0), None);
        assert_eq!(t.failures, 4);
        assert_eq!(check_allowed(&t, T0), Ok(()));
    }

    #[test]
    fn the_fifth_failure_locks_for_a_minute_and_it_ends_at_exactly_a_minute() {
        let mut t = Throttle::default();
        fail(&mut t, 4, T0);
        let until = T0 + MINUTE;
        assert_eq!(record_failure(&mut t, T0), Some(until));
        assert_eq!(t.failures, 0);
        assert_eq!(t.lockouts, 1);
        assert_eq!(check_allowed(&t, T0), Err(Locked { until }));
        assert_eq!(check_allowed(&t, until - 1), Err(Locked { until }));
        assert_eq!(check_allowed(&t, until), Ok(()));
    }

    #[test]
    fn lockouts_grow_1_5_15_60_then_stay_at_60() {
        let mut t = Throttle::default();
        let mut now = T0;
        for (n, minutes) in [(1, 1), (2, 5), (3, 15), (4, 60), (5, 60), (6, 60)] {
            assert_eq!(fail(&mut t, 4, now), None, "before lockout {n}");
            let until = now + minutes * MINUTE;
            assert_eq!(record_failure(&mut t, now), Some(until), "lockout {n}");
            assert_eq!(check_allowed(&t, until - 1), Err(Locked { until }));
            assert_eq!(t.lockouts, n);
            now = until;
        }
    }

    #[test]
    fn an_attempt_during_a_lockout_is_not_counted() {
        let mut t = Throttle::default();
        let until = fail(&mut t, 5, T0).unwrap();
        let before = t.clone();
        assert_eq!(record_failure(&mut t, T0 + 30 * SECOND), Some(until));
        assert_eq!(t, before);
    }

    #[test]
    fn a_success_resets_failures_and_lockouts() {
        let mut t = Throttle::default();
        let until = fail(&mut t, 5, T0).unwrap();
        fail(&mut t, 3, until);
        record_success(&mut t);
        assert_eq!(t, Throttle::default());
        // The next lockout is the first one again: 1 minute.
        assert_eq!(fail(&mut t, 5, until), Some(until + MINUTE));
    }

    #[test]
    fn a_day_without_failures_forgets_the_count_and_the_lockouts() {
        let mut t = Throttle::default();
        let until = fail(&mut t, 5, T0).unwrap();
        fail(&mut t, 4, until);
        // One millisecond short of a day: the fifth failure still locks, and for 5 minutes.
        let mut u = t.clone();
        let almost = until + FORGET_AFTER - 1;
        assert_eq!(record_failure(&mut u, almost), Some(almost + 5 * MINUTE));
        // A full day after the last failure: a clean start.
        let day = until + FORGET_AFTER;
        assert_eq!(record_failure(&mut t, day), None);
        assert_eq!((t.failures, t.lockouts), (1, 0));
        assert_eq!(fail(&mut t, 4, day), Some(day + MINUTE));
    }

    #[test]
    fn a_clock_moved_back_neither_forgets_nor_unlocks() {
        let mut t = Throttle::default();
        let until = fail(&mut t, 5, T0).unwrap();
        assert_eq!(check_allowed(&t, T0 - HOUR), Err(Locked { until }));
        assert_eq!(record_failure(&mut t, T0 - HOUR), Some(until));
    }

    #[test]
    fn remaining_time_counts_down_and_rounds_up_to_minutes() {
        let l = Locked {
            until: T0 + 5 * MINUTE,
        };
        assert_eq!(l.remaining(T0), 5 * MINUTE);
        assert_eq!(l.remaining_minutes(T0), 5);
        assert_eq!(l.remaining(T0 + MINUTE + 1), 4 * MINUTE - 1);
        assert_eq!(l.remaining_minutes(T0 + MINUTE + 1), 4);
        assert_eq!(l.remaining_minutes(T0 + 4 * MINUTE), 1);
        assert_eq!(l.remaining_minutes(T0 + 5 * MINUTE - 1), 1);
        assert_eq!(l.remaining(T0 + 5 * MINUTE), 0);
        assert_eq!(l.remaining_minutes(T0 + 5 * MINUTE), 0);
        assert_eq!(l.remaining(T0 + HOUR), 0);
        assert_eq!(lockout_duration(0), MINUTE);
        assert_eq!(lockout_duration(99), HOUR);
    }

    #[test]
    fn throttle_json_round_trips_with_stable_names() {
        let mut t = Throttle::default();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"failures":0,"lockouts":0}"#
        );
        assert_eq!(serde_json::from_str::<Throttle>("{}").unwrap(), t);
        fail(&mut t, 5, T0);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"failures":0,"locked_until":1750000060000,"lockouts":1,"last_failure":1750000000000}"#
        );
        assert_eq!(serde_json::from_str::<Throttle>(&json).unwrap(), t);
    }

    #[test]
    fn sessions_get_a_random_hex_token_and_round_trip() {
        let rng = TestRng::new(5);
        let s = new_session("1234567890", T0, &rng, "d1", "Chrome on Linux");
        assert_eq!(s.account_id, "1234567890");
        assert_eq!(s.created_at, T0);
        assert_eq!(s.device, "Chrome on Linux");
        assert_eq!(s.token.len(), 2 * TOKEN_BYTES);
        assert!(s
            .token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        let other = new_session("1234567890", T0, &rng, "d1", "Chrome on Linux");
        assert_ne!(s.token, other.token);
        let json = serde_json::to_string(&s).unwrap();
        assert!(
            json.starts_with(r#"{"account_id":"1234567890","token":""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Session>(&json).unwrap(), s);
    }

    #[test]
    fn the_image_check_comes_after_two_failures_in_a_tab() {
        assert!(!needs_image_check(0));
        assert!(!needs_image_check(IMAGE_CHECK_AFTER - 1));
        assert!(needs_image_check(IMAGE_CHECK_AFTER));
        assert!(needs_image_check(FREE_FAILURES + 3));
    }
}
