//! Attempt limits for sign-in and sign-up, per client address and per account (governor).

use std::{num::NonZeroU32, time::Duration};

use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};

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

/// A keyed limiter allowing `count` attempts per `period` for each key.
pub struct AttemptLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl AttemptLimiter {
    pub fn new(count: NonZeroU32, period: Duration) -> Self {
        let quota = Quota::with_period(period / count.get())
            .expect("a non-zero period")
            .allow_burst(count);
        Self {
            limiter: RateLimiter::keyed(quota),
        }
    }

    pub fn check(&self, key: &str) -> Result<(), Limited> {
        self.limiter
            .check_key(&key.to_string())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
                Limited {
                    retry_after_secs: wait.as_secs().max(1),
                }
            })
    }

    /// Forgets keys whose limits have fully recovered, so memory stays bounded.
    pub fn prune(&self) {
        self.limiter.retain_recent();
    }
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
    fn allows_the_burst_then_refuses_per_key() {
        let limiter = AttemptLimiter::new(NonZeroU32::new(3).unwrap(), Duration::from_secs(60));
        for _ in 0..3 {
            assert!(limiter.check("a").is_ok());
        }
        let refused = limiter.check("a").unwrap_err();
        assert!(refused.retry_after_secs >= 1 && refused.retry_after_secs <= 20);
        assert!(limiter.check("b").is_ok());
    }
}
