//! Failed attempts per key (an account, a gateway username) within a fixed window, with the
//! addresses they came from. Sign-in uses it to slow guessing on one account from many
//! addresses without ever refusing an address that has not failed itself.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

/// At most this many keys are followed; beyond it, expired ones are dropped first and new
/// ones are not followed until room is made.
const MAX_KEYS: usize = 100_000;
/// At most this many addresses are remembered per key.
const MAX_ADDRESSES: usize = 10_000;

pub struct FailureLog {
    limit: u32,
    window_ms: i64,
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    started: i64,
    count: u32,
    from: HashSet<String>,
}

impl FailureLog {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit: limit.max(1),
            window_ms: window.as_millis() as i64,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// When `key` has reached the limit in the current window: the milliseconds until the
    /// window ends.
    pub fn over_limit(&self, key: &str, now: i64) -> Option<i64> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(key)?;
        let left = entry.started + self.window_ms - now;
        (left > 0 && entry.count >= self.limit).then_some(left)
    }

    /// When `key` is over its limit and `address` is one of those that failed on it: the
    /// milliseconds until the window ends.
    pub fn blocks(&self, key: &str, address: &str, now: i64) -> Option<i64> {
        let left = self.over_limit(key, now)?;
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .is_some_and(|entry| entry.from.contains(address))
            .then_some(left)
    }

    pub fn record(&self, key: &str, address: &str, now: i64) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= MAX_KEYS && !entries.contains_key(key) {
            let window = self.window_ms;
            entries.retain(|_, entry| entry.started + window > now);
            // Still full: the oldest window makes room, so new keys are always followed.
            if entries.len() >= MAX_KEYS {
                let oldest = entries
                    .iter()
                    .min_by_key(|(_, entry)| entry.started)
                    .map(|(key, _)| key.clone());
                if let Some(oldest) = oldest {
                    entries.remove(&oldest);
                }
            }
        }
        let entry = entries.entry(key.to_string()).or_insert_with(|| Entry {
            started: now,
            count: 0,
            from: HashSet::new(),
        });
        if entry.started + self.window_ms <= now {
            *entry = Entry {
                started: now,
                count: 0,
                from: HashSet::new(),
            };
        }
        entry.count = entry.count.saturating_add(1);
        if entry.from.len() < MAX_ADDRESSES {
            entry.from.insert(address.to_string());
        }
    }

    /// Forgets windows that have ended.
    pub fn prune(&self, now: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            let window = self.window_ms;
            entries.retain(|_, entry| entry.started + window > now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_that_failed_are_held_back_once_the_limit_is_reached() {
        let log = FailureLog::new(3, Duration::from_secs(60));
        for n in 0..3 {
            assert_eq!(log.blocks("ada", "6.6.6.6", 1_000), None, "attempt {n}");
            log.record("ada", "6.6.6.6", 1_000);
        }
        assert_eq!(log.blocks("ada", "6.6.6.6", 2_000), Some(59_000));
        // The owner, who never failed, is never held back by someone else's guesses.
        assert_eq!(log.blocks("ada", "198.51.100.4", 2_000), None);
        assert!(log.over_limit("ada", 2_000).is_some());
        // Other accounts are not affected, and the window passes.
        assert_eq!(log.blocks("bob", "6.6.6.6", 2_000), None);
        assert_eq!(log.blocks("ada", "6.6.6.6", 61_000), None);
        log.record("ada", "6.6.6.6", 61_000);
        assert_eq!(log.blocks("ada", "6.6.6.6", 61_001), None);
        log.prune(200_000);
        assert_eq!(log.entries.lock().unwrap().len(), 0);
    }
}
