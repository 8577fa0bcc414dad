//! Time as an input: the app reads the time through a [`Clock`], tests use `FakeClock`
//! (with the `testkit` feature).

#[cfg(any(test, feature = "testkit"))]
use std::cell::Cell;

#[cfg(any(test, feature = "testkit"))]
use chrono::Duration;
use chrono::{DateTime, FixedOffset, Local};

/// A source of the current time, with the local UTC offset.
pub trait Clock {
    /// The current time.
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The system clock in the local time zone.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A clock that only moves when told to (test helper: the `testkit` feature).
#[cfg(any(test, feature = "testkit"))]
#[derive(Debug, Clone)]
pub struct FakeClock {
    now: Cell<DateTime<FixedOffset>>,
}

#[cfg(any(test, feature = "testkit"))]
impl FakeClock {
    /// A fake clock stopped at `now`.
    pub fn new(now: DateTime<FixedOffset>) -> Self {
        Self {
            now: Cell::new(now),
        }
    }

    /// A fake clock at an RFC 3339 time such as `2026-11-23T14:00:00+01:00`.
    ///
    /// # Panics
    /// On a malformed time: meant for tests with literal times only.
    #[allow(clippy::expect_used)]
    pub fn at(rfc3339: &str) -> Self {
        Self::new(DateTime::parse_from_rfc3339(rfc3339).expect("a valid RFC 3339 time"))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
    }

    /// Moves the clock forward by whole seconds.
    pub fn advance_secs(&self, secs: i64) {
        self.advance(Duration::seconds(secs));
    }
}

#[cfg(any(test, feature = "testkit"))]
impl Clock for FakeClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.now.get()
    }
}

/// A shared clock: tests keep one handle to move time and give the app the other.
impl<C: Clock + ?Sized> Clock for std::rc::Rc<C> {
    fn now(&self) -> DateTime<FixedOffset> {
        (**self).now()
    }
}
