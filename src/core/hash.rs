//! Password hashing: PBKDF2-HMAC-SHA256 (RFC 8018) at [`ITERATIONS`] rounds, stored as a PHC
//! string (`$pbkdf2-sha256$i=600000,l=32$<salt>$<hash>`) so the cost can be raised later and old
//! records still verify ([`needs_rehash`]).
//!
//! 600,000 rounds take most of a second in wasm, far over the 50 ms a page may block, so the
//! derivation is a resumable [`Pbkdf2Job`]: the browser runs it in slices ([`Pbkdf2Job::step`])
//! and yields to the event loop between them. WebCrypto's `deriveBits` gives the same bytes where
//! it exists; this is the path that works everywhere.

use super::rng::Rng;
use base64ct::{Base64Unpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// OWASP's figure for PBKDF2-HMAC-SHA256.
pub const ITERATIONS: u32 = 600_000;
/// 128 bits (SP 800-132's minimum).
pub const SALT_LEN: usize = 16;
/// One SHA-256 block: longer output only multiplies the work.
pub const KEY_LEN: usize = 32;
/// The largest iteration count [`Phc::parse`] accepts, so a tampered record cannot hang the page.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// The longest salt or hash [`Phc::parse`] accepts, in bytes.
pub const MAX_PARAM_LEN: usize = 64;

const ALGORITHM: &str = "pbkdf2-sha256";
const BLOCK: usize = 32;

type HmacSha256 = Hmac<Sha256>;

/// A fresh random salt of [`SALT_LEN`] bytes.
pub fn new_salt(rng: &dyn Rng) -> Vec<u8> {
    let mut salt = vec![0; SALT_LEN];
    rng.fill(&mut salt);
    salt
}

/// A stored password hash with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phc {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub hash: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhcError {
    /// Not `$alg$params$salt$hash`.
    Format,
    /// An algorithm other than `pbkdf2-sha256`.
    Algorithm,
    /// Parameters missing, repeated, unknown or not canonical decimal numbers.
    Params,
    /// Iteration count 0 or over [`MAX_ITERATIONS`].
    Iterations,
    /// Salt or hash not valid unpadded standard base64.
    Base64,
    /// Empty or oversized salt or hash, or a hash whose length differs from `l`.
    Length,
}

impl std::fmt::Display for PhcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PhcError::Format => "not a PHC string",
            PhcError::Algorithm => "unsupported algorithm",
            PhcError::Params => "bad parameters",
            PhcError::Iterations => "iteration count out of range",
            PhcError::Base64 => "bad base64",
            PhcError::Length => "bad salt or hash length",
        })
    }
}

impl std::error::Error for PhcError {}

/// A canonical decimal: digits only, no sign, no leading zero.
fn parse_decimal(s: &str) -> Result<u64, PhcError> {
    let canonical = !s.is_empty()
        && s.len() <= 10
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'));
    if !canonical {
        return Err(PhcError::Params);
    }
    s.parse().map_err(|_| PhcError::Params)
}

fn decode_b64(s: &str) -> Result<Vec<u8>, PhcError> {
    let bytes = Base64Unpadded::decode_vec(s).map_err(|_| PhcError::Base64)?;
    if bytes.is_empty() || bytes.len() > MAX_PARAM_LEN {
        return Err(PhcError::Length);
    }
    Ok(bytes)
}

impl Phc {
    /// Parses `$pbkdf2-sha256$i=<iterations>,l=<hash length>$<salt>$<hash>` (parameters in
    /// either order, both required).
    pub fn parse(s: &str) -> Result<Phc, PhcError> {
        let mut parts = s.split('$');
        if parts.next() != Some("") {
            return Err(PhcError::Format);
        }
        let (Some(alg), Some(params), Some(salt), Some(hash), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(PhcError::Format);
        };
        if alg != ALGORITHM {
            return Err(PhcError::Algorithm);
        }
        let (mut i, mut l) = (None, None);
        for param in params.split(',') {
            let (name, value) = param.split_once('=').ok_or(PhcError::Params)?;
            let slot = match name {
                "i" => &mut i,
                "l" => &mut l,
                _ => return Err(PhcError::Params),
            };
            if slot.replace(parse_decimal(value)?).is_some() {
                return Err(PhcError::Params);
            }
        }
        let (Some(iterations), Some(len)) = (i, l) else {
            return Err(PhcError::Params);
        };
        if iterations == 0 || iterations > u64::from(MAX_ITERATIONS) {
            return Err(PhcError::Iterations);
        }
        let salt = decode_b64(salt)?;
        let hash = decode_b64(hash)?;
        if hash.len() as u64 != len {
            return Err(PhcError::Length);
        }
        Ok(Phc {
            iterations: iterations as u32,
            salt,
            hash,
        })
    }

    /// A job deriving the key to compare with this record's hash (see [`verify`]).
    pub fn job(&self, password: &[u8]) -> Pbkdf2Job {
        Pbkdf2Job::new(password, &self.salt, self.iterations, self.hash.len())
    }
}

impl std::fmt::Display for Phc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "${ALGORITHM}$i={},l={}${}${}",
            self.iterations,
            self.hash.len(),
            Base64Unpadded::encode_string(&self.salt),
            Base64Unpadded::encode_string(&self.hash)
        )
    }
}

/// Whether `derived` (from [`Phc::job`] run on the entered password) equals the stored hash,
/// compared in constant time.
pub fn verify(phc: &Phc, derived: &[u8]) -> bool {
    phc.hash.ct_eq(derived).into()
}

/// Whether the record was made at a lower cost than this build's and should be re-hashed
/// after the next successful sign-in.
pub fn needs_rehash(phc: &Phc) -> bool {
    phc.iterations < ITERATIONS
}

/// PBKDF2-HMAC-SHA256 run to completion in one go.
pub fn derive(password: &[u8], salt: &[u8], iterations: u32, key_len: usize) -> Vec<u8> {
    Pbkdf2Job::new(password, salt, iterations, key_len).finish()
}

/// PBKDF2-HMAC-SHA256 that can be run a slice at a time. The output is made of 32-byte blocks
/// `T_1, T_2, …` (RFC 8018 §5.2), each costing `iterations` HMAC calls; the job walks through
/// them in order, so any sequence of [`step`](Self::step) sizes yields the same bytes.
#[derive(Clone)]
pub struct Pbkdf2Job {
    /// HMAC keyed with the password once; cloned for every call.
    prf: HmacSha256,
    salt: Vec<u8>,
    iterations: u32,
    key_len: usize,
    out: Vec<u8>,
    /// The 1-based number of the block being computed.
    block: u32,
    /// HMAC calls done for that block (0: not started).
    done_in_block: u32,
    u: [u8; BLOCK],
    t: [u8; BLOCK],
}

impl std::fmt::Debug for Pbkdf2Job {
    // Leaves out the keyed state and intermediate values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pbkdf2Job")
            .field("iterations", &self.iterations)
            .field("key_len", &self.key_len)
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}

impl Pbkdf2Job {
    /// # Panics
    /// If `iterations` is 0 (PBKDF2 needs at least one).
    pub fn new(password: &[u8], salt: &[u8], iterations: u32, key_len: usize) -> Self {
        assert!(iterations > 0, "PBKDF2 needs at least one iteration");
        Self {
            prf: <HmacSha256 as KeyInit>::new_from_slice(password)
                .expect("HMAC takes a key of any length"),
            salt: salt.to_vec(),
            iterations,
            key_len,
            out: Vec::with_capacity(key_len),
            block: 1,
            done_in_block: 0,
            u: [0; BLOCK],
            t: [0; BLOCK],
        }
    }

    fn blocks(&self) -> u64 {
        self.key_len.div_ceil(BLOCK) as u64
    }

    pub fn is_finished(&self) -> bool {
        self.out.len() >= self.key_len
    }

    /// Does at most `max_iterations` HMAC calls; true when the key is complete.
    pub fn step(&mut self, max_iterations: u32) -> bool {
        let mut budget = max_iterations;
        while budget > 0 && !self.is_finished() {
            if self.done_in_block == 0 {
                // U_1 = PRF(P, S || INT(i))
                let mut mac = self.prf.clone();
                mac.update(&self.salt);
                mac.update(&self.block.to_be_bytes());
                self.u.copy_from_slice(&mac.finalize().into_bytes());
                self.t = self.u;
                self.done_in_block = 1;
                budget -= 1;
            }
            // U_j = PRF(P, U_{j-1}); T ^= U_j
            let n = budget.min(self.iterations - self.done_in_block);
            for _ in 0..n {
                let mut mac = self.prf.clone();
                mac.update(&self.u);
                self.u.copy_from_slice(&mac.finalize().into_bytes());
                for (t, u) in self.t.iter_mut().zip(self.u) {
                    *t ^= u;
                }
            }
            self.done_in_block += n;
            budget -= n;
            if self.done_in_block == self.iterations {
                let take = (self.key_len - self.out.len()).min(BLOCK);
                self.out.extend_from_slice(&self.t[..take]);
                self.block += 1;
                self.done_in_block = 0;
            }
        }
        self.is_finished()
    }

    /// The share of the work done, from 0 to 1.
    pub fn progress(&self) -> f32 {
        let total = self.blocks() * u64::from(self.iterations);
        if total == 0 || self.is_finished() {
            return 1.0;
        }
        let done =
            u64::from(self.block - 1) * u64::from(self.iterations) + u64::from(self.done_in_block);
        (done as f64 / total as f64) as f32
    }

    /// The derived key, doing whatever work is left first.
    pub fn finish(mut self) -> Vec<u8> {
        while !self.step(u32::MAX) {}
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::TestRng;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn rfc7914_vector_one_iteration() {
        assert_eq!(
            hex(&derive(b"passwd", b"salt", 1, 64)),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        );
    }

    #[test]
    fn rfc7914_vector_80000_iterations() {
        assert_eq!(
            hex(&derive(b"Password", b"NaCl", 80_000, 64)),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56\
             a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"
        );
    }

    #[test]
    fn matches_the_pbkdf2_crate_on_random_inputs() {
        let rng = TestRng::new(42);
        for case in 0..40 {
            let mut password = vec![0; rng.below(80) as usize];
            rng.fill(&mut password);
            let mut salt = vec![0; rng.below(40) as usize];
            rng.fill(&mut salt);
            let iterations = 1 + rng.below(50);
            let key_len = rng.below(100) as usize;
            let mut expected = vec![0; key_len];
            pbkdf2::pbkdf2_hmac::<Sha256>(&password, &salt, iterations, &mut expected);
            assert_eq!(
                derive(&password, &salt, iterations, key_len),
                expected,
                "case {case}: c={iterations} dkLen={key_len}"
            );
        }
    }

    #[test]
    fn slicing_does_not_change_the_result() {
        let whole = derive(b"pa ss", b"0123456789abcdef", 37, 70);
        for slice in [1, 2, 3, 5, 36, 37, 38, 74, 1000] {
            let mut job = Pbkdf2Job::new(b"pa ss", b"0123456789abcdef", 37, 70);
            let mut calls = 0;
            let mut last = job.progress();
            assert_eq!(last, 0.0);
            while !job.step(slice) {
                calls += 1;
                let p = job.progress();
                assert!(
                    p >= last && p < 1.0,
                    "slice {slice}: progress {p} after {last}"
                );
                last = p;
            }
            assert_eq!(job.progress(), 1.0);
            // 3 blocks of 37 calls: ceil(111 / slice) steps, the last one returning true.
            assert_eq!(
                calls + 1,
                111usize.div_ceil(slice as usize),
                "slice {slice}"
            );
            assert_eq!(job.finish(), whole, "slice {slice}");
        }
        // Uneven slices, including empty ones.
        let rng = TestRng::new(9);
        let mut job = Pbkdf2Job::new(b"pa ss", b"0123456789abcdef", 37, 70);
        while !job.step(rng.below(9)) {}
        assert_eq!(job.finish(), whole);
    }

    #[test]
    fn step_zero_does_nothing_and_finish_completes() {
        let mut job = Pbkdf2Job::new(b"p", b"s", 10, 32);
        assert!(!job.step(0));
        assert_eq!(job.progress(), 0.0);
        assert!(!job.step(4));
        assert!((job.progress() - 0.4).abs() < 1e-6);
        assert_eq!(job.finish(), derive(b"p", b"s", 10, 32));
        assert!(Pbkdf2Job::new(b"p", b"s", 10, 0).step(0));
    }

    fn sample() -> Phc {
        let rng = TestRng::new(3);
        let salt = new_salt(&rng);
        let hash = derive(b"correct horse", &salt, 1_000, KEY_LEN);
        Phc {
            iterations: 1_000,
            salt,
            hash,
        }
    }

    #[test]
    fn phc_round_trip() {
        let phc = sample();
        let s = phc.to_string();
        assert!(s.starts_with("$pbkdf2-sha256$i=1000,l=32$"), "{s}");
        // Salt and hash are unpadded base64.
        assert!(s.split('$').skip(3).all(|b64| !b64.contains('=')));
        assert_eq!(Phc::parse(&s).unwrap(), phc);
        // Parameters in the other order are accepted too.
        let swapped = s.replace("i=1000,l=32", "l=32,i=1000");
        assert_eq!(Phc::parse(&swapped).unwrap(), phc);
    }

    #[test]
    fn phc_format_matches_the_documented_shape() {
        let phc = Phc {
            iterations: ITERATIONS,
            salt: vec![0; SALT_LEN],
            hash: vec![0xff; KEY_LEN],
        };
        assert_eq!(
            phc.to_string(),
            "$pbkdf2-sha256$i=600000,l=32$AAAAAAAAAAAAAAAAAAAAAA\
             $//////////////////////////////////////////8"
        );
    }

    #[test]
    fn phc_rejections() {
        let good = sample().to_string();
        let (salt, hash) = {
            let p: Vec<&str> = good.split('$').collect();
            (p[3].to_string(), p[4].to_string())
        };
        let with = |alg: &str, params: &str, salt: &str, hash: &str| {
            Phc::parse(&format!("${alg}${params}${salt}${hash}"))
        };
        use PhcError::*;
        let cases: Vec<(Result<Phc, PhcError>, PhcError)> = vec![
            (Phc::parse(""), Format),
            (Phc::parse(&good[1..]), Format),
            (Phc::parse(&format!("{good}$")), Format),
            (Phc::parse("$pbkdf2-sha256$i=1000,l=32$abc"), Format),
            (
                with("pbkdf2-sha512", "i=1000,l=32", &salt, &hash),
                Algorithm,
            ),
            (with("argon2id", "i=1000,l=32", &salt, &hash), Algorithm),
            (with("pbkdf2-sha256", "i=1000", &salt, &hash), Params),
            (with("pbkdf2-sha256", "l=32", &salt, &hash), Params),
            (with("pbkdf2-sha256", "", &salt, &hash), Params),
            (
                with("pbkdf2-sha256", "i=1000,l=32,x=1", &salt, &hash),
                Params,
            ),
            (
                with("pbkdf2-sha256", "i=1000,i=1000,l=32", &salt, &hash),
                Params,
            ),
            (with("pbkdf2-sha256", "i=+1000,l=32", &salt, &hash), Params),
            (with("pbkdf2-sha256", "i=01000,l=32", &salt, &hash), Params),
            (with("pbkdf2-sha256", "i=1e3,l=32", &salt, &hash), Params),
            (with("pbkdf2-sha256", "i,l=32", &salt, &hash), Params),
            (with("pbkdf2-sha256", "i=0,l=32", &salt, &hash), Iterations),
            (
                with("pbkdf2-sha256", "i=10000001,l=32", &salt, &hash),
                Iterations,
            ),
            (
                with("pbkdf2-sha256", "i=9999999999,l=32", &salt, &hash),
                Iterations,
            ),
            (with("pbkdf2-sha256", "i=1000,l=31", &salt, &hash), Length),
            (with("pbkdf2-sha256", "i=1000,l=32", "", &hash), Length),
            (with("pbkdf2-sha256", "i=1000,l=0", &salt, ""), Length),
            (
                with("pbkdf2-sha256", "i=1000,l=32", &format!("{salt}="), &hash),
                Base64,
            ),
            (with("pbkdf2-sha256", "i=1000,l=32", "a!b", &hash), Base64),
            (
                with(
                    "pbkdf2-sha256",
                    "i=1000,l=32",
                    &salt,
                    &format!("_{}", &hash[1..]),
                ),
                Base64,
            ),
            // 41 characters can encode no whole number of bytes.
            (
                with("pbkdf2-sha256", "i=1000,l=32", &salt, &hash[2..]),
                Base64,
            ),
        ];
        for (i, (got, want)) in cases.into_iter().enumerate() {
            assert_eq!(got, Err(want), "case {i}");
        }
        assert_eq!(
            with("pbkdf2-sha256", "i=10000000,l=32", &salt, &hash).map(|p| p.iterations),
            Ok(MAX_ITERATIONS)
        );
    }

    #[test]
    fn verify_and_rehash() {
        let phc = sample();
        assert!(verify(&phc, &phc.job(b"correct horse").finish()));
        assert!(!verify(&phc, &phc.job(b"correct horsf").finish()));
        assert!(!verify(&phc, &phc.hash[..31]));
        assert!(!verify(&phc, &[]));
        assert!(needs_rehash(&phc));
        let current = Phc {
            iterations: ITERATIONS,
            ..phc
        };
        assert!(!needs_rehash(&current));
    }
}
