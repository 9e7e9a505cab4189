//! The clock: the one source of the current instant and of today's date
//! (in London, see `domain::clock`). The system clock in production; a
//! pinned one, which a test can move, in tests.
//!
//! Rows are stamped (`created_at`, `updated_at`, `recorded_at`) from the
//! clock of the work in progress: the api runs each request's database work
//! inside `Clock::run`, so `crate::now()` reads the application's clock
//! without every query taking it as an argument. Outside any `run` (the
//! command line, the seed, this crate's own tests) it is the system clock.

use chrono::{DateTime, NaiveDate, Utc};
use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Debug, Clone, Default)]
pub struct Clock(Source);

#[derive(Debug, Clone, Default)]
enum Source {
    #[default]
    System,
    /// Microseconds since the Unix epoch, shared by every copy.
    Pinned(Arc<AtomicI64>),
}

impl Clock {
    /// The machine's clock.
    pub fn system() -> Clock {
        Clock(Source::System)
    }

    /// A clock that stands at `at` until moved with `set`; copies share it.
    pub fn pinned(at: DateTime<Utc>) -> Clock {
        Clock(Source::Pinned(Arc::new(AtomicI64::new(
            at.timestamp_micros(),
        ))))
    }

    /// Moves a pinned clock (and every copy of it) to `at`. The system
    /// clock cannot be moved: it is left as it is.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Source::Pinned(micros) = &self.0 {
            micros.store(at.timestamp_micros(), Ordering::SeqCst);
        }
    }

    /// The current instant, truncated to the microsecond both backends
    /// store, so that what a write returns is exactly what a later read
    /// returns.
    pub fn now(&self) -> DateTime<Utc> {
        let micros = match &self.0 {
            Source::System => Utc::now().timestamp_micros(),
            Source::Pinned(micros) => micros.load(Ordering::SeqCst),
        };
        DateTime::from_timestamp_micros(micros).unwrap_or(DateTime::UNIX_EPOCH)
    }

    /// Today's date in London.
    pub fn today(&self) -> NaiveDate {
        domain::clock::london_date(self.now())
    }

    /// Runs `f` with this as the clock of the work in progress on this
    /// thread (what `current` and `crate::now` read), then restores the one
    /// before.
    pub fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        struct Restore(Option<Clock>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let before = self.0.take();
                CURRENT.with(|c| *c.borrow_mut() = before);
            }
        }
        let before = CURRENT.with(|c| c.replace(Some(self.clone())));
        let _restore = Restore(before);
        f()
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Clock>> = const { RefCell::new(None) };
}

/// The clock of the work in progress on this thread (see `Clock::run`), or
/// the system clock outside any.
pub fn current() -> Clock {
    CURRENT
        .with(|c| c.borrow().clone())
        .unwrap_or_else(Clock::system)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("an RFC 3339 instant")
    }

    #[test]
    fn a_pinned_clock_stands_still_until_moved_and_copies_move_with_it() {
        let clock = Clock::pinned(at("2027-03-31T22:30:00Z"));
        let copy = clock.clone();
        assert_eq!(copy.now(), at("2027-03-31T22:30:00Z"));
        assert_eq!(
            copy.today(),
            NaiveDate::from_ymd_opt(2027, 3, 31).expect("date")
        );
        clock.set(at("2027-03-31T23:30:00Z"));
        assert_eq!(copy.now(), at("2027-03-31T23:30:00Z"));
        // 00:30 BST: already April in London.
        assert_eq!(
            copy.today(),
            NaiveDate::from_ymd_opt(2027, 4, 1).expect("date")
        );
    }

    #[test]
    fn instants_are_truncated_to_the_microsecond() {
        let clock = Clock::pinned(at("2027-01-01T00:00:00.123456789Z"));
        assert_eq!(clock.now(), at("2027-01-01T00:00:00.123456Z"));
        assert_eq!(Clock::system().now().timestamp_subsec_nanos() % 1_000, 0);
    }

    #[test]
    fn stamps_come_from_the_clock_in_scope_and_the_scope_ends() {
        let pinned = Clock::pinned(at("2026-07-14T23:30:00Z"));
        let inside = pinned.run(crate::now);
        assert_eq!(inside, at("2026-07-14T23:30:00Z").naive_utc());
        let nested = pinned.run(|| {
            Clock::pinned(at("2020-01-01T00:00:00Z")).run(|| ());
            current().now()
        });
        assert_eq!(nested, at("2026-07-14T23:30:00Z"));
        assert!(matches!(current().0, Source::System));
    }
}
