//! A bound on the mail bytes between the reader and the writer.
//!
//! The channels between the pipeline's threads hold a fixed number of
//! messages, which keeps memory flat only while messages stay small; an
//! archive of large patches (a megabyte each is not rare on kernel lists)
//! would hold a hundred of them, raw and analysed. The reader takes each
//! message's size from this budget before handing it on and the writer
//! gives it back once the message is ingested, so at most [`IN_FLIGHT`]
//! bytes of mail are between them, whatever the archive.

use std::sync::{Condvar, Mutex};

/// Raw mail bytes read but not yet ingested, at most (one message of any
/// size is always let through when nothing else is in flight).
pub const IN_FLIGHT: usize = 4 << 20;

pub struct ByteBudget {
    limit: usize,
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    used: usize,
    /// The reader is waiting in `take`: only then does `give_back` wake it
    /// (a wake is a system call, and the writer gives back every message).
    waiting: bool,
    /// The writer has stopped: nothing will be given back.
    closed: bool,
}

impl ByteBudget {
    pub fn new(limit: usize) -> ByteBudget {
        ByteBudget {
            limit,
            state: Mutex::new(State {
                used: 0,
                waiting: false,
                closed: false,
            }),
            changed: Condvar::new(),
        }
    }

    /// Waits until `n` more bytes fit; `false` once the budget is closed.
    pub fn take(&self, n: usize) -> bool {
        let Ok(mut s) = self.state.lock() else {
            return false;
        };
        while !s.closed && s.used > 0 && s.used + n > self.limit {
            s.waiting = true;
            s = match self.changed.wait(s) {
                Ok(s) => s,
                Err(_) => return false,
            };
        }
        s.waiting = false;
        s.used += n;
        !s.closed
    }

    pub fn give_back(&self, n: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.used = s.used.saturating_sub(n);
            if s.waiting {
                self.changed.notify_all();
            }
        }
    }

    /// Wakes and stops a reader waiting in [`take`](Self::take).
    pub fn close(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.closed = true;
            self.changed.notify_all();
        }
    }
}

/// Closes the budget when dropped, so a writer that stops for any reason
/// (an error, a panic) never leaves the reader waiting.
pub struct CloseOnDrop<'b>(pub &'b ByteBudget);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_bytes_in_flight_and_never_blocks_a_lone_message() {
        let b = ByteBudget::new(10);
        assert!(b.take(30)); // alone: let through whatever its size
        std::thread::scope(|s| {
            let waiter = s.spawn(|| b.take(5));
            std::thread::sleep(std::time::Duration::from_millis(20));
            assert!(!waiter.is_finished());
            b.give_back(30);
            assert!(waiter.join().unwrap());
        });
        assert!(b.take(5)); // 5 + 5 fits in 10
        std::thread::scope(|s| {
            let waiter = s.spawn(|| b.take(1));
            std::thread::sleep(std::time::Duration::from_millis(20));
            b.close();
            assert!(!waiter.join().unwrap());
        });
    }
}
