//! Running a write transaction again when the engine asks for it
//! (store-anchors.md §2.3). pwingest's writers serialise on one lock (SQLite's
//! write lock; on PostgreSQL an advisory lock every write transaction takes
//! first), so they never conflict with each other; what still can is a
//! writer that does not take it — Patchwork's web app setting a state,
//! Patchwork's own `parsemail` run beside pwingest while a site switches.
//! PostgreSQL then reports a serialization failure (40001), a deadlock
//! (40P01) or a unique violation on a natural key another writer just
//! inserted (23505), and asks the client to run the whole transaction again.
//! That is safe here: nothing of a batch is acknowledged before its commit,
//! and the caller still holds every message of it.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::store::Ledger;

/// Attempts at most, the first included.
pub const MAX_TRIES: u32 = 10;
/// Time at most from the first attempt to the start of the last.
pub const MAX_TIME: Duration = Duration::from_secs(10);

/// The attempts at one transaction so far.
#[derive(Debug)]
pub struct Retries {
    start: Instant,
    tries: u32,
}

impl Default for Retries {
    fn default() -> Self {
        Retries {
            start: Instant::now(),
            tries: 1,
        }
    }
}

impl Retries {
    /// Whether the attempt that failed with `e` (already rolled back) may
    /// run again: `e` asks for it and the bounds allow; then pauses 50–300 ms
    /// (jittered, so two writers that collided do not collide again in step).
    pub fn again(&mut self, e: &Error) -> bool {
        if !(e.store_error().is_some_and(|s| s.is_retryable())
            && self.tries < MAX_TRIES
            && self.start.elapsed() < MAX_TIME)
        {
            return false;
        }
        tracing::warn!(error = %e, attempt = self.tries, "write transaction conflicted; running it again");
        std::thread::sleep(pause(self.tries));
        self.tries += 1;
        true
    }
}

/// Runs `attempt` (a whole write transaction: begin … commit) until it
/// succeeds, fails with an error that is not worth retrying, or the bounds
/// are reached, rolling back between attempts. The error of the last
/// attempt is returned (a temporary failure: exit 75, LMTP 451).
pub fn with_retries<S: Ledger, T>(
    store: &mut S,
    mut attempt: impl FnMut(&mut S) -> Result<T>,
) -> Result<T> {
    let mut retries = Retries::default();
    loop {
        match attempt(store) {
            Err(e) => {
                store.rollback()?;
                if !retries.again(&e) {
                    return Err(e);
                }
            }
            done => return done,
        }
    }
}

/// 50–300 ms, varying with the clock, the process and the attempt.
fn pause(attempt: u32) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mix = nanos ^ std::process::id().rotate_left(16) ^ attempt.wrapping_mul(0x9e37_79b9);
    Duration::from_millis(50 + u64::from(mix % 251))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::error::{Error, StoreClass};
    use crate::store::Database;

    #[test]
    fn conflicts_run_again_other_errors_do_not() {
        let mut store = Database::in_memory().unwrap();
        let mut calls = 0;
        let done = with_retries(&mut store, |_| {
            calls += 1;
            match calls {
                1 => Err(Error::store("PostgreSQL", StoreClass::Retry, "40001")),
                2 => Err(Error::store("PostgreSQL", StoreClass::Unique, "23505")),
                _ => Ok(calls),
            }
        });
        assert_eq!(done.unwrap(), 3);
        let mut calls = 0;
        let failed: Result<()> = with_retries(&mut store, |_| {
            calls += 1;
            Err(Error::store(
                "SQLite",
                StoreClass::Unique,
                "UNIQUE constraint failed",
            ))
        });
        assert!(failed.is_err());
        assert_eq!(calls, 1);
    }

    #[test]
    fn pauses_stay_in_bounds() {
        for attempt in 0..100 {
            let p = pause(attempt);
            assert!(p >= Duration::from_millis(50) && p <= Duration::from_millis(300));
        }
    }
}
