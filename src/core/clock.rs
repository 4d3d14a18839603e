//! The one source of time. Every expiry, limit and countdown reads a [`Clock`], so the demo
//! tools can move time forward and tests can pin it.

use std::cell::Cell;

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

pub const SECOND: Millis = 1_000;

/// A countdown's seconds as shown: rounded up, so it reads 1 until the very end, never below 0.
pub fn whole_seconds(ms: Millis) -> Millis {
    (ms.max(0) + SECOND - 1) / SECOND
}
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;

pub trait Clock {
    fn now_ms(&self) -> Millis;
}

/// A clock that only moves when told to: for tests.
#[derive(Debug, Default)]
pub struct ManualClock(Cell<Millis>);

impl ManualClock {
    pub fn new(start: Millis) -> Self {
        Self(Cell::new(start))
    }

    pub fn advance(&self, by: Millis) {
        self.0.set(self.0.get() + by);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> Millis {
        self.0.get()
    }
}

/// Real time shifted by the demo offset the learner chose in the demo tools.
#[derive(Debug)]
pub struct OffsetClock<C: Clock> {
    pub base: C,
    pub offset: Cell<Millis>,
}

impl<C: Clock> Clock for OffsetClock<C> {
    fn now_ms(&self) -> Millis {
        self.base.now_ms() + self.offset.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_round_up_and_stop_at_zero() {
        assert_eq!(whole_seconds(60_000), 60);
        assert_eq!(whole_seconds(59_001), 60);
        assert_eq!(whole_seconds(1), 1);
        assert_eq!(whole_seconds(0), 0);
        assert_eq!(whole_seconds(-5_000), 0);
    }

    #[test]
    fn offset_clock_adds_the_offset() {
        let c = OffsetClock {
            base: ManualClock::new(1_000),
            offset: Cell::new(10 * MINUTE),
        };
        assert_eq!(c.now_ms(), 1_000 + 600_000);
        c.base.advance(5);
        assert_eq!(c.now_ms(), 1_005 + 600_000);
    }
}
