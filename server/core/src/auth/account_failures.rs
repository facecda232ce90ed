//! Failed sign-ins per account, counted in the database so every instance sees them: once an
//! account has had too many failures within a window (this fixed window and the one before),
//! each address that failed on it waits for them to pass; an address that has not failed (the owner) is never held back.

use sha2::{Digest, Sha256};

use crate::store::{Store, StoreError};

pub struct AccountFailures {
    limit: i64,
    window_ms: i64,
}

impl AccountFailures {
    pub fn new(limit: u32, window: std::time::Duration) -> Self {
        Self {
            limit: i64::from(limit.max(1)),
            window_ms: (window.as_millis() as i64).max(1),
        }
    }

    /// When `account` has reached the limit within this window and the one before, and
    /// `address` failed on it there: the milliseconds until the failures that hold it back
    /// have passed (this window's end, or the next one's while this window alone is over).
    pub async fn blocks(
        &self,
        store: &Store,
        account: &str,
        address: &str,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let window = now - now.rem_euclid(self.window_ms);
        let [(current, here_now), (previous, here_before)] = store
            .failures(
                &hashed(account),
                &hashed(address),
                window,
                window - self.window_ms,
            )
            .await?;
        if current + previous < self.limit || !(here_now || here_before) {
            return Ok(None);
        }
        let until = if current >= self.limit && here_now {
            window + 2 * self.window_ms
        } else {
            window + self.window_ms
        };
        Ok(Some(until - now))
    }

    pub async fn record(
        &self,
        store: &Store,
        account: &str,
        address: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let window = now - now.rem_euclid(self.window_ms);
        store
            .record_failure(&hashed(account), &hashed(address), window)
            .await
    }

    /// Counts an attempt on `account` (from no address in particular) and answers whether,
    /// with it, the account is over the limit within this window and the one before. The
    /// count comes first and the judgement reads a total that includes it, so of attempts
    /// made at once, on one instance or many, at most the limit are let through: each reads
    /// at least the attempts committed before it.
    pub async fn count_and_judge(
        &self,
        store: &Store,
        account: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        self.record(store, account, "", now).await?;
        let window = now - now.rem_euclid(self.window_ms);
        let [(current, _), (previous, _)] = store
            .failures(
                &hashed(account),
                &hashed(""),
                window,
                window - self.window_ms,
            )
            .await?;
        Ok(current + previous > self.limit)
    }

    pub fn window_ms(&self) -> i64 {
        self.window_ms
    }
}

/// Stored as hashes: the table holds no e-mail or client addresses.
fn hashed(value: &str) -> String {
    hex::encode(Sha256::digest(format!("account-failures|{value}")))
}
