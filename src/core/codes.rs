//! One-time verification codes, one [`CodeRecord`] per identifier and [`Purpose`].
//!
//! - 6 digits from the CSPRNG, valid [`CODE_TTL`] (10 minutes), usable once, void after
//!   [`MAX_ATTEMPTS`] wrong entries, void as soon as a newer one is sent (NIST SP 800-63B, ASVS 6.5,
//!   Ory Kratos).
//! - Resend countdown: 60 s × the number of sends in the hour up to the last one; at most
//!   [`MAX_SENDS_PER_HOUR`] sends in any rolling hour (Xiaomi's behaviour).
//! - Kept only as HMAC-SHA256(key = a random per-code salt, message = purpose, identifier, code),
//!   compared in constant time; the plaintext is returned once, for the simulated messages panel.
//!
//! Every limit is computed from the timestamps stored in the record and the `now` passed in, so
//! reloading the page (a record read back from the store) neither resets nor breaks any of them.

use super::clock::{Millis, HOUR, MINUTE};
use super::rng::Rng;
use base64ct::{Base64Unpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub const CODE_DIGITS: usize = 6;
pub const CODE_TTL: Millis = 10 * MINUTE;
/// Wrong entries after which a code is void.
pub const MAX_ATTEMPTS: u32 = 5;
pub const MAX_SENDS_PER_HOUR: usize = 5;
/// The rolling window the send limit counts over.
pub const SEND_WINDOW: Millis = HOUR;
/// The resend countdown grows by this much with each send in the window.
pub const RESEND_STEP: Millis = MINUTE;
const SALT_LEN: usize = 16;

/// What a code is for; part of the MAC, so a code never serves another purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Purpose {
    #[serde(rename = "up")]
    SignUp,
    #[serde(rename = "in")]
    SignIn,
    #[serde(rename = "rs")]
    Reset,
    #[serde(rename = "bp")]
    BindPhone,
    #[serde(rename = "be")]
    BindEmail,
    #[serde(rename = "2s")]
    TwoStep,
    /// Deleting an account with two-step on: a code asked for to sign in (or to turn two-step
    /// off) cannot delete the account, nor the reverse.
    #[serde(rename = "dl")]
    Delete,
}

impl Purpose {
    pub const ALL: [Purpose; 7] = [
        Purpose::SignUp,
        Purpose::SignIn,
        Purpose::Reset,
        Purpose::BindPhone,
        Purpose::BindEmail,
        Purpose::TwoStep,
        Purpose::Delete,
    ];

    /// The short stable tag, as serialised; usable in store keys.
    pub fn tag(self) -> &'static str {
        match self {
            Purpose::SignUp => "up",
            Purpose::SignIn => "in",
            Purpose::Reset => "rs",
            Purpose::BindPhone => "bp",
            Purpose::BindEmail => "be",
            Purpose::TwoStep => "2s",
            Purpose::Delete => "dl",
        }
    }
}

/// The code most recently sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveCode {
    /// The per-code HMAC key, base64 (standard alphabet, unpadded).
    pub salt: String,
    /// HMAC-SHA256 of purpose, identifier and code, base64.
    pub mac: String,
    /// When it was sent.
    pub at: Millis,
    /// Wrong entries so far.
    pub tries: u32,
    pub used: bool,
}

/// Everything kept for one identifier and purpose; the store persists it as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRecord {
    pub purpose: Purpose,
    /// When codes were sent, oldest first; only those still inside [`SEND_WINDOW`] of the
    /// latest are kept.
    #[serde(default)]
    pub sends: Vec<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<ActiveCode>,
}

impl CodeRecord {
    pub fn new(purpose: Purpose) -> Self {
        Self {
            purpose,
            sends: Vec::new(),
            active: None,
        }
    }

    /// When the active code stops being accepted, if there is one still usable.
    pub fn expires_at(&self) -> Option<Millis> {
        self.active
            .as_ref()
            .filter(|a| !a.used && a.tries < MAX_ATTEMPTS)
            .map(|a| a.at + CODE_TTL)
    }

    /// Whether a code that can still be used was sent before `since` (the page's load: its
    /// message went with the old page, as codes are never kept, so the page says why none shows).
    pub fn usable_code_sent_before(&self, since: Millis, now: Millis) -> bool {
        self.expires_at().is_some_and(|end| end > now)
            && self.active.as_ref().is_some_and(|a| a.at < since)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// [`MAX_SENDS_PER_HOUR`] sends in the last hour: the next is allowed at `retry_at`.
    TooMany { retry_at: Millis },
    /// The resend countdown runs until `until`.
    Wait { until: Millis },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    /// No code was sent (or the record is unreadable).
    NoCode,
    /// Older than [`CODE_TTL`].
    Expired,
    /// Not the code; `remaining` more tries (at least 1) before it is void.
    Wrong { remaining: u32 },
    /// [`MAX_ATTEMPTS`] wrong entries: this code is void (the last wrong entry reports this too).
    TooManyAttempts,
    /// Already used once.
    Used,
}

/// Sends in the window `(t - SEND_WINDOW, t]`.
fn sends_in_window(sends: &[Millis], t: Millis) -> usize {
    sends
        .iter()
        .filter(|&&s| s > t - SEND_WINDOW && s <= t)
        .count()
}

/// When the countdown started by the latest send ends: 60 s × the sends in the hour up to and
/// including it. Fixed at send time, so the number shown does not jump while it counts down.
fn countdown_end(sends: &[Millis]) -> Option<Millis> {
    let last = *sends.iter().max()?;
    Some(last + RESEND_STEP * sends_in_window(sends, last) as Millis)
}

/// The earliest time the rolling-hour cap allows another send: once at most
/// `MAX_SENDS_PER_HOUR - 1` of the stored sends are less than an hour old.
fn cap_end(sends: &[Millis]) -> Option<Millis> {
    // The MAX_SENDS_PER_HOUR-th latest send: fewer than that many are later than it, and at
    // least that many are no earlier. Counted, not sorted: a record holds a handful of sends,
    // and a sort of them would link a sort's code into the wasm for this alone.
    let at_least = |s: Millis| sends.iter().filter(|&&o| o >= s).count();
    let later = |s: Millis| sends.iter().filter(|&&o| o > s).count();
    sends
        .iter()
        .find(|&&s| later(s) < MAX_SENDS_PER_HOUR && at_least(s) >= MAX_SENDS_PER_HOUR)
        .map(|&s| s + SEND_WINDOW)
}

/// Whether a code may be sent at `now`; the error says until when not.
pub fn can_send(rec: &CodeRecord, now: Millis) -> Result<(), SendError> {
    // A code that was used ends its countdown: it arrived, and the next task may need another
    // at once (turning two-step on, then signing in with it). The hourly cap still counts it.
    let used = rec.active.as_ref().is_some_and(|a| a.used);
    let countdown = countdown_end(&rec.sends).filter(|&t| t > now && !used);
    match cap_end(&rec.sends).filter(|&t| t > now) {
        Some(cap) => Err(SendError::TooMany {
            retry_at: cap.max(countdown.unwrap_or(cap)),
        }),
        None => match countdown {
            Some(until) => Err(SendError::Wait { until }),
            None => Ok(()),
        },
    }
}

/// When the next send is allowed, or `None` if it is allowed now.
pub fn resend_available_at(rec: &CodeRecord, now: Millis) -> Option<Millis> {
    match can_send(rec, now) {
        Ok(()) => None,
        Err(SendError::TooMany { retry_at: t } | SendError::Wait { until: t }) => Some(t),
    }
}

fn mac(salt: &[u8], purpose: Purpose, identifier: &str, code: &str) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(salt).expect("any key length");
    // Separators keep the fields apart (0x1f never occurs in any of them).
    for (i, part) in [purpose.tag(), identifier, code].into_iter().enumerate() {
        if i > 0 {
            m.update(&[0x1f]);
        }
        m.update(part.as_bytes());
    }
    m.finalize().into_bytes().into()
}

/// Sends a new code to `identifier` (the normalised phone or email), voiding any earlier one.
/// Returns the plaintext code, which is stored nowhere: it is for the simulated messages panel.
pub fn send(
    rec: &mut CodeRecord,
    identifier: &str,
    now: Millis,
    rng: &dyn Rng,
) -> Result<String, SendError> {
    can_send(rec, now)?;
    let code = format!(
        "{:0width$}",
        rng.below(10u32.pow(CODE_DIGITS as u32)),
        width = CODE_DIGITS
    );
    let mut salt = [0u8; SALT_LEN];
    rng.fill(&mut salt);
    rec.active = Some(ActiveCode {
        salt: Base64Unpadded::encode_string(&salt),
        mac: Base64Unpadded::encode_string(&mac(&salt, rec.purpose, identifier, &code)),
        at: now,
        tries: 0,
        used: false,
    });
    // Sends that can no longer count towards any limit go.
    rec.sends.retain(|&s| s > now - SEND_WINDOW);
    rec.sends.push(now);
    Ok(code)
}

/// Checks `code` (surrounding spaces ignored) against the active code. A match uses the code up;
/// a miss counts towards [`MAX_ATTEMPTS`], whatever was typed.
pub fn verify(
    rec: &mut CodeRecord,
    identifier: &str,
    code: &str,
    now: Millis,
) -> Result<(), CodeError> {
    let purpose = rec.purpose;
    let active = rec.active.as_mut().ok_or(CodeError::NoCode)?;
    if active.used {
        return Err(CodeError::Used);
    }
    if active.tries >= MAX_ATTEMPTS {
        return Err(CodeError::TooManyAttempts);
    }
    if now >= active.at + CODE_TTL {
        return Err(CodeError::Expired);
    }
    let (Ok(salt), Ok(stored)) = (
        Base64Unpadded::decode_vec(&active.salt),
        Base64Unpadded::decode_vec(&active.mac),
    ) else {
        return Err(CodeError::NoCode);
    };
    let candidate = mac(&salt, purpose, identifier, code.trim());
    if bool::from(candidate[..].ct_eq(&stored[..])) {
        active.used = true;
        return Ok(());
    }
    active.tries += 1;
    match MAX_ATTEMPTS - active.tries {
        0 => Err(CodeError::TooManyAttempts),
        remaining => Err(CodeError::Wrong { remaining }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clock::SECOND;
    use crate::core::rng::TestRng;

    const T0: Millis = 1_750_000_000_000;
    const ID: &str = "+8613800138000";

    fn fresh() -> (CodeRecord, TestRng) {
        (CodeRecord::new(Purpose::SignUp), TestRng::new(11))
    }

    /// `cap_end` counts instead of sorting: it must give what the sorted definition gives, in
    /// any order and with equal times, for every list of up to seven sends of four times.
    #[test]
    fn cap_end_is_the_fifth_latest_send_plus_an_hour() {
        for n in 0..=7u32 {
            for pick in 0..4u32.pow(n) {
                let sends: Vec<Millis> = (0..n)
                    .map(|i| T0 + (pick / 4u32.pow(i) % 4) as Millis * SECOND)
                    .collect();
                let mut sorted = sends.clone();
                sorted.sort();
                let k = sorted.len();
                let expected =
                    (k >= MAX_SENDS_PER_HOUR).then(|| sorted[k - MAX_SENDS_PER_HOUR] + SEND_WINDOW);
                assert_eq!(cap_end(&sends), expected, "{sends:?}");
            }
        }
    }

    /// A wrong code for the given right one.
    fn other(code: &str) -> String {
        let n: u32 = code.parse().unwrap();
        format!("{:06}", (n + 1) % 1_000_000)
    }

    /// The record as it comes back from the store after a reload.
    fn reload(rec: &CodeRecord) -> CodeRecord {
        serde_json::from_str(&serde_json::to_string(rec).unwrap()).unwrap()
    }

    #[test]
    fn codes_are_six_digits_and_vary() {
        let rng = TestRng::new(5);
        let mut seen = std::collections::HashSet::new();
        for i in 0..50 {
            let mut rec = CodeRecord::new(Purpose::SignIn);
            let code = send(&mut rec, ID, T0 + i, &rng).unwrap();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
            seen.insert(code);
        }
        assert!(seen.len() > 45);
    }

    #[test]
    fn right_code_works_once() {
        let (mut rec, rng) = fresh();
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        assert_eq!(verify(&mut rec, ID, &code, T0 + SECOND), Ok(()));
        assert_eq!(
            verify(&mut rec, ID, &code, T0 + 2 * SECOND),
            Err(CodeError::Used)
        );
        assert_eq!(rec.expires_at(), None);
    }

    #[test]
    fn surrounding_spaces_are_ignored() {
        let (mut rec, rng) = fresh();
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        assert_eq!(verify(&mut rec, ID, &format!(" {code} "), T0), Ok(()));
    }

    #[test]
    fn no_code_sent() {
        let (mut rec, _) = fresh();
        assert_eq!(verify(&mut rec, ID, "123456", T0), Err(CodeError::NoCode));
    }

    #[test]
    fn a_usable_code_sent_before_a_page_load_is_told_apart() {
        let (mut rec, rng) = fresh();
        assert!(!rec.usable_code_sent_before(T0, T0));
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        // Sent before a load at T0 + 1 s; not before one at T0 (this page sent it).
        assert!(rec.usable_code_sent_before(T0 + 1_000, T0 + 2_000));
        assert!(!rec.usable_code_sent_before(T0, T0 + 2_000));
        // Expired or used, there is nothing to tell.
        assert!(!rec.usable_code_sent_before(T0 + 1_000, T0 + 10 * MINUTE));
        verify(&mut rec, ID, &code, T0 + 3_000).unwrap();
        assert!(!rec.usable_code_sent_before(T0 + 1_000, T0 + 4_000));
    }

    #[test]
    fn expires_at_exactly_ten_minutes() {
        let (mut rec, rng) = fresh();
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        assert_eq!(rec.expires_at(), Some(T0 + 10 * MINUTE));
        let mut just_before = rec.clone();
        assert_eq!(
            verify(&mut just_before, ID, &code, T0 + 10 * MINUTE - 1),
            Ok(())
        );
        assert_eq!(
            verify(&mut rec, ID, &code, T0 + 10 * MINUTE),
            Err(CodeError::Expired)
        );
        // An expired code takes no tries.
        assert_eq!(rec.active.as_ref().unwrap().tries, 0);
    }

    #[test]
    fn five_wrong_entries_void_the_code() {
        let (mut rec, rng) = fresh();
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        let wrong = other(&code);
        for remaining in [4, 3, 2, 1] {
            assert_eq!(
                verify(&mut rec, ID, &wrong, T0),
                Err(CodeError::Wrong { remaining })
            );
            rec = reload(&rec);
        }
        assert_eq!(
            verify(&mut rec, ID, "12", T0),
            Err(CodeError::TooManyAttempts)
        );
        assert_eq!(
            verify(&mut reload(&rec), ID, &code, T0),
            Err(CodeError::TooManyAttempts)
        );
        assert_eq!(rec.expires_at(), None);
    }

    #[test]
    fn a_right_code_after_wrong_ones_still_works() {
        let (mut rec, rng) = fresh();
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        for _ in 0..4 {
            assert!(verify(&mut rec, ID, &other(&code), T0).is_err());
        }
        assert_eq!(verify(&mut rec, ID, &code, T0), Ok(()));
    }

    #[test]
    fn code_is_bound_to_identifier_and_purpose() {
        let rng = TestRng::new(3);
        let mut rec = CodeRecord::new(Purpose::SignUp);
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        assert_eq!(
            verify(&mut rec, "+8613800138001", &code, T0),
            Err(CodeError::Wrong { remaining: 4 })
        );
        let mut as_reset = CodeRecord {
            purpose: Purpose::Reset,
            ..rec.clone()
        };
        assert_eq!(
            verify(&mut as_reset, ID, &code, T0),
            Err(CodeError::Wrong { remaining: 3 })
        );
        assert_eq!(verify(&mut rec, ID, &code, T0), Ok(()));
    }

    #[test]
    fn a_new_send_voids_the_old_code() {
        let (mut rec, rng) = fresh();
        let first = send(&mut rec, ID, T0, &rng).unwrap();
        let second = send(&mut rec, ID, T0 + MINUTE, &rng).unwrap();
        assert_ne!(first, second);
        assert_eq!(
            verify(&mut rec, ID, &first, T0 + MINUTE),
            Err(CodeError::Wrong { remaining: 4 })
        );
        assert_eq!(verify(&mut rec, ID, &second, T0 + MINUTE), Ok(()));
    }

    #[test]
    fn a_new_send_resets_the_tries_and_the_expiry() {
        let (mut rec, rng) = fresh();
        let first = send(&mut rec, ID, T0, &rng).unwrap();
        for _ in 0..5 {
            let _ = verify(&mut rec, ID, &other(&first), T0);
        }
        let t = T0 + 9 * MINUTE;
        let second = send(&mut rec, ID, t, &rng).unwrap();
        assert_eq!(rec.expires_at(), Some(t + CODE_TTL));
        assert_eq!(verify(&mut rec, ID, &second, t + 9 * MINUTE), Ok(()));
    }

    #[test]
    fn countdown_grows_60_120_180_240() {
        let (mut rec, rng) = fresh();
        assert_eq!(resend_available_at(&rec, T0), None);
        let mut t = T0;
        for (n, wait) in [(1, 60), (2, 120), (3, 180), (4, 240)] {
            send(&mut rec, ID, t, &rng).unwrap();
            rec = reload(&rec);
            let until = t + wait * SECOND;
            assert_eq!(resend_available_at(&rec, t), Some(until), "after send {n}");
            assert_eq!(
                send(&mut rec, ID, until - 1, &rng),
                Err(SendError::Wait { until }),
                "after send {n}"
            );
            assert_eq!(resend_available_at(&rec, until), None, "after send {n}");
            t = until;
        }
    }

    #[test]
    fn a_used_code_ends_the_countdown_but_not_the_hourly_cap() {
        let (mut rec, rng) = fresh();
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        // A wrong code leaves the countdown running.
        assert!(verify(&mut rec, ID, &other(&code), T0 + SECOND).is_err());
        assert_eq!(resend_available_at(&rec, T0 + SECOND), Some(T0 + MINUTE));
        assert_eq!(verify(&mut rec, ID, &code, T0 + 2 * SECOND), Ok(()));
        let mut rec = reload(&rec);
        assert_eq!(resend_available_at(&rec, T0 + 2 * SECOND), None);
        let second = send(&mut rec, ID, T0 + 3 * SECOND, &rng).unwrap();
        // The new code is unused: its countdown (2 × 60 s) runs.
        assert_eq!(
            resend_available_at(&rec, T0 + 4 * SECOND),
            Some(T0 + 3 * SECOND + 2 * MINUTE)
        );
        verify(&mut rec, ID, &second, T0 + 4 * SECOND).unwrap();
        // Five sends, each used at once: the sixth waits for the hour all the same.
        let mut t = T0 + 5 * SECOND;
        for _ in 0..3 {
            let code = send(&mut rec, ID, t, &rng).unwrap_or_else(|e| panic!("{e:?}"));
            verify(&mut rec, ID, &code, t).unwrap();
            t += SECOND;
        }
        assert!(matches!(
            send(&mut rec, ID, t, &rng),
            Err(SendError::TooMany { .. })
        ));
    }

    #[test]
    fn sixth_send_in_an_hour_is_refused_until_the_oldest_leaves() {
        let (mut rec, rng) = fresh();
        // Sends at 0, 1, 3, 6 and 10 minutes (each as soon as its countdown allows).
        for at in [0, 1, 3, 6, 10] {
            send(&mut rec, ID, T0 + at * MINUTE, &rng).unwrap();
        }
        let retry_at = T0 + HOUR;
        for t in [T0 + 15 * MINUTE, T0 + 30 * MINUTE, retry_at - 1] {
            assert_eq!(
                send(&mut reload(&rec), ID, t, &rng),
                Err(SendError::TooMany { retry_at })
            );
            assert_eq!(resend_available_at(&rec, t), Some(retry_at));
        }
        assert_eq!(resend_available_at(&rec, retry_at), None);
        send(&mut rec, ID, retry_at, &rng).unwrap();
        // The send at 0 has left; four remain in the window, plus the new one.
        assert_eq!(rec.sends.len(), 5);
        // The cap lifts when the send at 1 min is an hour old, but the countdown (5 × 60 s)
        // lasts longer.
        assert_eq!(
            can_send(&rec, retry_at),
            Err(SendError::TooMany {
                retry_at: retry_at + 5 * MINUTE
            })
        );
    }

    #[test]
    fn too_many_waits_for_the_countdown_as_well() {
        let (mut rec, rng) = fresh();
        // The fifth send late in the hour: its 300 s countdown outlasts the cap.
        for at in [0, 60, 180, 360, 3_500] {
            send(&mut rec, ID, T0 + at * SECOND, &rng).unwrap();
        }
        let countdown = T0 + 3_800 * SECOND;
        assert_eq!(
            can_send(&rec, T0 + 3_599 * SECOND),
            Err(SendError::TooMany {
                retry_at: countdown
            })
        );
        assert_eq!(
            can_send(&rec, T0 + 3_600 * SECOND),
            Err(SendError::Wait { until: countdown })
        );
        assert_eq!(can_send(&rec, countdown), Ok(()));
    }

    #[test]
    fn old_sends_are_forgotten() {
        let (mut rec, rng) = fresh();
        send(&mut rec, ID, T0, &rng).unwrap();
        send(&mut rec, ID, T0 + HOUR, &rng).unwrap();
        assert_eq!(rec.sends, vec![T0 + HOUR]);
        // One send in the window: the countdown is back to 60 s.
        assert_eq!(
            resend_available_at(&rec, T0 + HOUR),
            Some(T0 + HOUR + MINUTE)
        );
    }

    #[test]
    fn a_clock_moved_back_does_not_reopen_the_limits() {
        let (mut rec, rng) = fresh();
        send(&mut rec, ID, T0, &rng).unwrap();
        assert_eq!(
            send(&mut rec, ID, T0 - HOUR, &rng),
            Err(SendError::Wait { until: T0 + MINUTE })
        );
    }

    #[test]
    fn json_holds_no_plaintext_code_and_has_stable_names() {
        let (mut rec, rng) = fresh();
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        let json = serde_json::to_string(&rec).unwrap();
        assert!(!json.contains(&code), "{json}");
        assert!(json.starts_with(r#"{"purpose":"up","sends":[1750000000000],"active":{"salt":""#));
        assert!(
            json.contains(r#","at":1750000000000,"tries":0,"used":false}}"#),
            "{json}"
        );
        let a = rec.active.as_ref().unwrap();
        assert_eq!(Base64Unpadded::decode_vec(&a.salt).unwrap().len(), 16);
        assert_eq!(Base64Unpadded::decode_vec(&a.mac).unwrap().len(), 32);
        // A new record serialises without the optional part.
        assert_eq!(
            serde_json::to_string(&CodeRecord::new(Purpose::TwoStep)).unwrap(),
            r#"{"purpose":"2s","sends":[]}"#
        );
        let minimal: CodeRecord = serde_json::from_str(r#"{"purpose":"bp"}"#).unwrap();
        assert_eq!(minimal, CodeRecord::new(Purpose::BindPhone));
    }

    #[test]
    fn purpose_tags_match_serde() {
        for p in Purpose::ALL {
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.tag())
            );
        }
    }

    #[test]
    fn a_corrupt_active_code_counts_as_none() {
        let (mut rec, rng) = fresh();
        let code = send(&mut rec, ID, T0, &rng).unwrap();
        rec.active.as_mut().unwrap().salt = "!!".into();
        assert_eq!(verify(&mut rec, ID, &code, T0), Err(CodeError::NoCode));
    }
}
