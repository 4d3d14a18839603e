//! Randomness comes through [`Rng`] so tests can pin it; the browser's CSPRNG
//! (`crypto.getRandomValues`) implements it in `crate::web`.

pub trait Rng {
    /// Fills `buf` with cryptographically strong random bytes.
    fn fill(&self, buf: &mut [u8]);

    /// A uniform number in `0..bound` (rejection sampling, so no modulo bias).
    fn below(&self, bound: u32) -> u32 {
        assert!(bound > 0);
        let zone = u32::MAX - (u32::MAX % bound);
        loop {
            let mut b = [0u8; 4];
            self.fill(&mut b);
            let v = u32::from_le_bytes(b);
            if v < zone {
                return v % bound;
            }
        }
    }
}

/// A deterministic generator for tests (xorshift; never for real secrets).
#[derive(Debug)]
pub struct TestRng(std::cell::Cell<u64>);

impl TestRng {
    pub fn new(seed: u64) -> Self {
        Self(std::cell::Cell::new(seed.max(1)))
    }
}

impl Rng for TestRng {
    fn fill(&self, buf: &mut [u8]) {
        for b in buf {
            let mut x = self.0.get();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0.set(x);
            *b = x as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let r = TestRng::new(7);
        let mut seen = [false; 10];
        for _ in 0..1000 {
            let v = r.below(10);
            assert!(v < 10);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }
}
