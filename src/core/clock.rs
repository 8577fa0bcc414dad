//! Time as an input: the app reads the time through a [`Clock`], tests use `FakeClock`
//! (with the `testkit` feature).

use std::cell::Cell;

#[cfg(any(test, feature = "testkit"))]
use chrono::Duration;
use chrono::{DateTime, FixedOffset, Local, Offset, TimeZone, Utc};

/// A source of the current time, with the local UTC offset.
pub trait Clock {
    /// The current time.
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The system clock in the local time zone. The local UTC offset is looked up again only
/// when the minute changes: looking it up reads the time-zone database (chrono stats
/// `/etc/localtime`), which a clock read every second should not do.
#[derive(Debug, Default)]
pub struct SystemClock {
    offset: OffsetCache,
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        let utc = Utc::now();
        let offset = self.offset.at(utc, |utc| {
            Local.offset_from_utc_datetime(&utc.naive_utc()).fix()
        });
        utc.with_timezone(&offset)
    }
}

/// A UTC offset remembered for the minute it was looked up in.
#[derive(Debug, Default)]
struct OffsetCache {
    minute_and_offset: Cell<Option<(i64, FixedOffset)>>,
}

impl OffsetCache {
    /// The offset at `utc`: the one remembered when `utc` is in the same minute, else a
    /// new one from `look_up`.
    fn at(
        &self,
        utc: DateTime<Utc>,
        look_up: impl FnOnce(DateTime<Utc>) -> FixedOffset,
    ) -> FixedOffset {
        let minute = utc.timestamp().div_euclid(60);
        match self.minute_and_offset.get() {
            Some((cached, offset)) if cached == minute => offset,
            _ => {
                let offset = look_up(utc);
                self.minute_and_offset.set(Some((minute, offset)));
                offset
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(rfc3339: &str) -> DateTime<Utc> {
        FakeClock::at(rfc3339).now().with_timezone(&Utc)
    }

    #[test]
    fn the_offset_is_looked_up_once_a_minute() {
        let cache = OffsetCache::default();
        let lookups = Cell::new(0);
        let zone_hours = Cell::new(1);
        let look_up = |_| {
            lookups.set(lookups.get() + 1);
            FixedOffset::east_opt(zone_hours.get() * 3600).unwrap_or(Utc.fix())
        };
        let first = cache.at(utc("2026-03-29T00:59:00Z"), look_up);
        assert_eq!(first.local_minus_utc(), 3600);
        // The zone changes (summer time) within the same minute: the remembered offset.
        zone_hours.set(2);
        let same_minute = cache.at(utc("2026-03-29T00:59:59Z"), look_up);
        assert_eq!(same_minute.local_minus_utc(), 3600);
        assert_eq!(lookups.get(), 1);
        // The next minute looks it up again and sees the change.
        let next_minute = cache.at(utc("2026-03-29T01:00:00Z"), look_up);
        assert_eq!(next_minute.local_minus_utc(), 7200);
        assert_eq!(lookups.get(), 2);
    }
}
