//! The human check shown before a verification code is sent: an image of five characters,
//! redrawn on request. Everything happens in this browser; this module holds the rules.
//!
//! One challenge answers once: after [`CaptchaError::Wrong`] or [`CaptchaError::Expired`] the
//! caller must draw a new one with [`new_challenge`] (and clear the field), so a guesser never
//! gets a second try at the same image. [`CaptchaError::Empty`] keeps the challenge.

use super::clock::{Millis, MINUTE};
use super::rng::Rng;
use serde::{Deserialize, Serialize};

/// Upper-case letters and digits with no look-alikes: no 0/O/Q/D, 1/I/L, 5/S, and of 2/Z, 8/B,
/// 6/G only the digit; no U/V. The check ignores case, so lower-case forms never matter.
pub const ALPHABET: &[u8] = b"2346789ACEFHJKMNPRTWXY";
pub const LEN: usize = 5;
/// How long an image stays valid.
pub const VALID_FOR: Millis = 5 * MINUTE;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub answer: String,
    pub issued_at: Millis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptchaError {
    /// Nothing typed; the challenge stays.
    Empty,
    /// Did not match; draw a new challenge.
    Wrong,
    /// Older than [`VALID_FOR`] (or issued after `now`, when the demo clock went back); draw a
    /// new challenge.
    Expired,
}

pub fn new_challenge(rng: &dyn Rng, now: Millis) -> Challenge {
    let answer = (0..LEN)
        .map(|_| ALPHABET[rng.below(ALPHABET.len() as u32) as usize] as char)
        .collect();
    Challenge {
        answer,
        issued_at: now,
    }
}

/// Whether an image is past its [`VALID_FOR`] (or from "the future", the demo clock set back).
pub fn expired(ch: &Challenge, now: Millis) -> bool {
    !(0..=VALID_FOR).contains(&(now - ch.issued_at))
}

/// Checks what the user typed, ignoring case and any spaces (people who listen often type
/// "K 7 P"). See the module docs for what the caller does after an error.
pub fn check(ch: &Challenge, input: &str, now: Millis) -> Result<(), CaptchaError> {
    let typed: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.is_empty() {
        return Err(CaptchaError::Empty);
    }
    if expired(ch, now) {
        return Err(CaptchaError::Expired);
    }
    if typed.eq_ignore_ascii_case(&ch.answer) {
        Ok(())
    } else {
        Err(CaptchaError::Wrong)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::TestRng;

    fn ch() -> Challenge {
        Challenge {
            answer: "K7PAX".into(),
            issued_at: 1_000,
        }
    }

    #[test]
    fn challenges_have_five_unambiguous_characters_and_vary() {
        let rng = TestRng::new(3);
        let a = new_challenge(&rng, 42);
        assert_eq!(a.issued_at, 42);
        assert_eq!(a.answer.len(), LEN);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let c = new_challenge(&rng, 0);
            assert!(c.answer.bytes().all(|b| ALPHABET.contains(&b)));
            seen.insert(c.answer);
        }
        assert!(seen.len() > 190);
        for bad in b"0OoQD1lIi5SsZzBbGgUuVv" {
            assert!(!ALPHABET.contains(bad), "{}", *bad as char);
        }
    }

    #[test]
    fn right_answer_passes_ignoring_case_and_spaces() {
        assert_eq!(check(&ch(), "K7PAX", 1_000), Ok(()));
        assert_eq!(check(&ch(), "  k7pax ", 2_000), Ok(()));
        assert_eq!(check(&ch(), "k 7 p a x", 2_000), Ok(()));
    }

    #[test]
    fn empty_input_is_empty() {
        assert_eq!(check(&ch(), "", 1_000), Err(CaptchaError::Empty));
        assert_eq!(check(&ch(), "   ", 1_000), Err(CaptchaError::Empty));
        // Even when expired: nothing was tried, so nothing is used up.
        assert_eq!(check(&ch(), "", 10 * MINUTE), Err(CaptchaError::Empty));
    }

    #[test]
    fn wrong_answer_is_wrong() {
        assert_eq!(check(&ch(), "K7PA", 1_000), Err(CaptchaError::Wrong));
        assert_eq!(check(&ch(), "K7PAXX", 1_000), Err(CaptchaError::Wrong));
        assert_eq!(check(&ch(), "X7PAK", 1_000), Err(CaptchaError::Wrong));
    }

    #[test]
    fn valid_for_five_minutes_then_expired() {
        assert_eq!(check(&ch(), "K7PAX", 1_000 + VALID_FOR), Ok(()));
        assert_eq!(
            check(&ch(), "K7PAX", 1_001 + VALID_FOR),
            Err(CaptchaError::Expired)
        );
        // Expiry wins over a wrong answer: the message should say why a new image came.
        assert_eq!(
            check(&ch(), "nope", 1_001 + VALID_FOR),
            Err(CaptchaError::Expired)
        );
        // Issued "in the future" (the demo clock was set back): expired too.
        assert_eq!(check(&ch(), "K7PAX", 999), Err(CaptchaError::Expired));
    }

    #[test]
    fn expired_is_the_same_bound_as_the_check() {
        assert!(!expired(&ch(), 1_000));
        assert!(!expired(&ch(), 1_000 + VALID_FOR));
        assert!(expired(&ch(), 1_001 + VALID_FOR));
        assert!(expired(&ch(), 999));
    }

    #[test]
    fn challenge_round_trips_through_json() {
        let s = serde_json::to_string(&ch()).unwrap();
        assert_eq!(s, r#"{"answer":"K7PAX","issued_at":1000}"#);
        assert_eq!(serde_json::from_str::<Challenge>(&s).unwrap(), ch());
    }
}
