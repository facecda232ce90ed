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
/// so a burst at a window's end is not followed by a full new allowance.
pub struct AttemptLimiter {
    name: &'static str,
    count: u32,
    period_ms: i64,
}

impl AttemptLimiter {
    pub fn new(name: &'static str, count: u32, period: std::time::Duration) -> Self {
        Self {
            name,
            count: count.max(1),
            period_ms: (period.as_millis() as i64).max(1),
        }
    }

    /// Counts an attempt for `key` and says whether it is within the limit.
    pub async fn check(&self, store: &Store, key: &str) -> Result<Result<(), Limited>, StoreError> {
        let now = crate::store::now_millis();
        // Stored as a hash: the table holds no addresses or e-mail addresses.
        let key = hex::encode(Sha256::digest(format!("{}|{key}", self.name)));
        let (current, previous) = store.count_attempt(&key, now, self.period_ms).await?;
        Ok(judge(self.count, self.period_ms, now, current, previous))
    }

    /// The longest period a limiter counts (older windows can be forgotten).
    pub fn period_ms(&self) -> i64 {
        self.period_ms
    }
}

/// The sliding-window estimate against the limit.
fn judge(count: u32, period_ms: i64, now: i64, current: i64, previous: i64) -> Result<(), Limited> {
    let into = now.rem_euclid(period_ms);
    let left = period_ms - into;
    let estimate = current as f64 + previous as f64 * (left as f64 / period_ms as f64);
    if estimate <= f64::from(count) {
        return Ok(());
    }
    Err(Limited {
        retry_after_secs: (left as u64).div_ceil(1000).max(1),
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
        assert!(judge(3, 60_000, 70_000, 1, 0).is_ok());
        assert!(judge(3, 60_000, 70_000, 3, 0).is_ok());
        assert_eq!(
            judge(3, 60_000, 70_000, 4, 0),
            Err(Limited {
                retry_after_secs: 50
            })
        );
        assert!(judge(3, 60_000, 70_000, 1, 3).is_err());
        assert!(
            judge(3, 60_000, 115_000, 1, 3).is_ok(),
            "late in the window the old burst fades"
        );
    }
}
