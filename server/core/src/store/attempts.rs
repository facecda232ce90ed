//! Attempt counts shared by every instance on the database: one row per key and window;
//! and failed sign-ins per account, window and address.

use gatehouse_db::Stmt;

use super::{Store, StoreError};

impl Store {
    /// Counts one attempt for `key` in the window of `period_ms` that holds `now`; returns
    /// the attempts in this window (this one included) and in the one before.
    pub async fn count_attempt(
        &self,
        key: &str,
        now: i64,
        period_ms: i64,
    ) -> Result<(i64, i64), StoreError> {
        let window = now - now.rem_euclid(period_ms);
        let current: Option<i64> = self
            .db
            .scalar(
                Stmt::new(
                    "INSERT INTO attempts (key, window_start, n) VALUES (?1, ?2, 1)
                     ON CONFLICT (key, window_start) DO UPDATE SET n = attempts.n + 1
                     RETURNING n",
                )
                .bind(key)
                .bind(window),
            )
            .await?;
        let previous: Option<i64> = self
            .db
            .scalar(
                Stmt::new("SELECT n FROM attempts WHERE key = ?1 AND window_start = ?2")
                    .bind(key)
                    .bind(window - period_ms),
            )
            .await?;
        Ok((current.unwrap_or(1), previous.unwrap_or(0)))
    }

    /// Takes back an attempt counted by [`Store::count_attempt`] that was refused.
    pub async fn take_back_attempt(
        &self,
        key: &str,
        now: i64,
        period_ms: i64,
    ) -> Result<(), StoreError> {
        let window = now - now.rem_euclid(period_ms);
        self.db
            .run(
                Stmt::new(
                    "UPDATE attempts SET n = n - 1 WHERE key = ?1 AND window_start = ?2 AND n > 0",
                )
                .bind(key)
                .bind(window),
            )
            .await?;
        Ok(())
    }

    /// Counts one failure on `key` from `address` in the window starting at `window`.
    pub async fn record_failure(
        &self,
        key: &str,
        address: &str,
        window: i64,
    ) -> Result<(), StoreError> {
        self.db
            .run(
                Stmt::new(
                    "INSERT INTO account_failures (key, window_start, address, n) VALUES (?1, ?2, ?3, 1)
                     ON CONFLICT (key, window_start, address) DO UPDATE SET n = account_failures.n + 1",
                )
                .bind(key)
                .bind(window)
                .bind(address),
            )
            .await?;
        Ok(())
    }

    /// The failures on `key` in the windows starting at `window` and at `previous`: for
    /// each, the count from every address and whether `address` is among them.
    pub async fn failures(
        &self,
        key: &str,
        address: &str,
        window: i64,
        previous: i64,
    ) -> Result<[(i64, bool); 2], StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT window_start, CAST(SUM(n) AS BIGINT) AS total,
                            CAST(MAX(CASE WHEN address = ?2 THEN 1 ELSE 0 END) AS BIGINT) AS from_here
                     FROM account_failures WHERE key = ?1 AND window_start IN (?3, ?4)
                     GROUP BY window_start",
                )
                .bind(key)
                .bind(address)
                .bind(window)
                .bind(previous),
            )
            .await?;
        let mut found = [(0, false); 2];
        for row in rows {
            let slot = usize::from(row.get::<i64>("window_start") != window);
            found[slot] = (row.get("total"), row.get::<i64>("from_here") == 1);
        }
        Ok(found)
    }

    /// Forgets attempt and failure windows that started before `before`.
    pub async fn delete_old_attempts(&self, before: i64) -> Result<u64, StoreError> {
        let attempts = self
            .db
            .run(Stmt::new("DELETE FROM attempts WHERE window_start < ?1").bind(before))
            .await?;
        let failures = self
            .db
            .run(Stmt::new("DELETE FROM account_failures WHERE window_start < ?1").bind(before))
            .await?;
        Ok(attempts + failures)
    }
}
