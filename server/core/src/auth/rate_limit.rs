//! Attempt limits for sign-in and sign-up, per client address and per account, counted in
//! the database so every instance on it sees the same counts.

use sha2::{Digest, Sha256};

use crate::store::{Store, StoreError};

/// The address a limit counts: an IPv4 address, or the /64 an IPv6 address is in (one
/// subscriber usually holds a whole /64, so counting single IPv6 addresses limits nothing).
pub fn address_group(address: &str) -> String {
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => address.to_string(),
    }
}

/// Refused: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub retry_after_secs: u64,
}

/// Allows `count` attempts per `period` for each key. Counts are kept per fixed window;
/// the previous window weighs in by the share of it a sliding window would still cover,
/// so a burst at a window's end is not followed by a full new allowance. Refused attempts
/// are not counted: a client that keeps trying is let in as soon as the estimate allows.
pub struct AttemptLimiter {
    name: &'static str,
    count: u32,
    period_ms: i64,
    sliding: bool,
}

impl AttemptLimiter {
    pub fn new(name: &'static str, count: u32, period: std::time::Duration) -> Self {
        Self {
            name,
            count: count.max(1),
            period_ms: (period.as_millis() as i64).max(1),
            sliding: true,
        }
    }

    /// At most `count` per fixed window (a clock hour for an hourly limit), the previous
    /// window forgotten: for notices, where "one an hour" must never become "none for two".
    pub fn per_fixed_window(mut self) -> Self {
        self.sliding = false;
        self
    }

    /// Counts an attempt for `key` and says whether it is within the limit; a refused
    /// attempt is taken back.
    pub async fn check(&self, store: &Store, key: &str) -> Result<Result<(), Limited>, StoreError> {
        let now = store.now();
        // Stored as a hash: the table holds no addresses or e-mail addresses.
        let key = hex::encode(Sha256::digest(format!("{}|{key}", self.name)));
        let (current, previous) = store.count_attempt(&key, now, self.period_ms).await?;
        let previous = if self.sliding { previous } else { 0 };
        let verdict = judge(self.count, self.period_ms, now, current - 1, previous);
        if verdict.is_err() {
            store.take_back_attempt(&key, now, self.period_ms).await?;
        }
        Ok(verdict)
    }

    /// The longest period a limiter counts (older windows can be forgotten).
    pub fn period_ms(&self) -> i64 {
        self.period_ms
    }
}

/// The sliding-window estimate, with one more attempt on top of the `earlier` ones in this
/// window, against the limit; when refused, how long until that attempt would be allowed.
fn judge(count: u32, period_ms: i64, now: i64, earlier: i64, previous: i64) -> Result<(), Limited> {
    let (count, period) = (f64::from(count), period_ms as f64);
    let left = (period_ms - now.rem_euclid(period_ms)) as f64;
    let estimate = |this: f64, before: f64, left: f64| this + 1.0 + before * left / period;
    if estimate(earlier as f64, previous as f64, left) <= count {
        return Ok(());
    }
    // The estimate falls as the previous window slides out: wait until it reaches the limit,
    // in this window if this window's own attempts leave room, else in the next one (where
    // this window becomes the previous).
    let wait_ms = if (earlier as f64) + 1.0 <= count && previous > 0 {
        let allowed_left = (count - earlier as f64 - 1.0) * period / previous as f64;
        left - allowed_left
    } else {
        let allowed_left = if earlier > 0 {
            ((count - 1.0) * period / earlier as f64).min(period)
        } else {
            period
        };
        left + period - allowed_left
    };
    Err(Limited {
        retry_after_secs: ((wait_ms.max(0.0) / 1000.0).ceil() as u64).max(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_by_their_64() {
        assert_eq!(address_group("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(address_group("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
        assert_eq!(address_group("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_group("unknown"), "unknown");
    }

    #[test]
    fn the_previous_window_weighs_in_by_what_a_sliding_window_still_covers() {
        // 3 a minute; 10 s into a window, 3 attempts a little earlier still count for 5/6.
        assert!(judge(3, 60_000, 70_000, 0, 0).is_ok());
        assert!(judge(3, 60_000, 70_000, 2, 0).is_ok());
        assert!(judge(3, 60_000, 70_000, 3, 0).is_err());
        assert!(judge(3, 60_000, 70_000, 0, 3).is_err());
        assert!(
            judge(3, 60_000, 115_000, 0, 3).is_ok(),
            "late in the window the old burst fades"
        );
    }

    /// Retry-After names the first moment the same attempt is allowed, never earlier.
    #[test]
    fn retry_after_names_when_the_attempt_would_be_allowed() {
        let cases = [
            (3, 0, 3, 70_000),  // the old burst fades within this window
            (3, 3, 0, 70_000),  // this window is full: wait into the next
            (3, 3, 3, 70_000),  // both full
            (1, 1, 0, 61_000),  // one an hour-like limit
            (5, 4, 9, 119_000), // late in a window
        ];
        for (count, earlier, previous, now) in cases {
            let period = 60_000;
            let Err(limited) = judge(count, period, now, earlier, previous) else {
                panic!("{count} {earlier} {previous} should be refused");
            };
            let then = now + limited.retry_after_secs as i64 * 1000;
            // What the counts are at `at`: this window's, or the next (this one is then the
            // previous), or later (both forgotten).
            let at = |at: i64| match at / period - now / period {
                0 => judge(count, period, at, earlier, previous),
                1 => judge(count, period, at, 0, earlier),
                _ => judge(count, period, at, 0, 0),
            };
            assert!(
                at(then).is_ok(),
                "{count} {earlier} {previous}: not allowed at {then}"
            );
            let refused = at(then - 1000);
            assert!(
                refused.is_err(),
                "{count} {earlier} {previous}: allowed earlier than said"
            );
        }
    }
}
