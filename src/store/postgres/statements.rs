//! The prepared statements a PostgreSQL connection keeps, by their `?N`
//! text: at most [`CAPACITY`], the least recently used closed first (as
//! rusqlite's statement cache does on SQLite). Most statements are fixed
//! text, but some are shaped by a request (`pwingest web`: one condition
//! per word of a search, per filter given), and a long-running server must
//! not pile them up, prepared, in both processes.

use std::collections::HashMap;

/// Statements kept per connection.
pub const CAPACITY: usize = 256;

/// Values by statement text, least recently used evicted past `capacity`.
pub struct Lru<T> {
    capacity: usize,
    entries: HashMap<String, (T, u64)>,
    clock: u64,
}

impl<T: Clone> Lru<T> {
    pub fn new(capacity: usize) -> Lru<T> {
        Lru {
            capacity: capacity.max(1),
            entries: HashMap::new(),
            clock: 0,
        }
    }

    /// The value kept for `text`, now the most recently used.
    pub fn get(&mut self, text: &str) -> Option<T> {
        self.clock += 1;
        let now = self.clock;
        self.entries.get_mut(text).map(|(value, used)| {
            *used = now;
            value.clone()
        })
    }

    /// Keeps `value` for `text`, dropping (for a statement: closing) the
    /// least recently used one when full.
    pub fn insert(&mut self, text: &str, value: T) {
        if self.entries.len() >= self.capacity && !self.entries.contains_key(text) {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                self.entries.remove(&k);
            }
        }
        self.clock += 1;
        self.entries.insert(text.to_string(), (value, self.clock));
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_goes_first() {
        let mut lru = Lru::new(2);
        lru.insert("a", 1);
        lru.insert("b", 2);
        assert_eq!(lru.get("a"), Some(1));
        lru.insert("c", 3);
        assert_eq!(
            (lru.get("a"), lru.get("b"), lru.get("c")),
            (Some(1), None, Some(3))
        );
        lru.insert("c", 4);
        assert_eq!((lru.len(), lru.get("c")), (2, Some(4)));
        for i in 0..1000 {
            lru.insert(&format!("q{i}"), i);
        }
        assert_eq!(lru.len(), 2);
    }
}
