//! Attempt counts shared by every instance on the database: one row per key and window.

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

    /// Forgets attempt windows that started before `before`.
    pub async fn delete_old_attempts(&self, before: i64) -> Result<u64, StoreError> {
        Ok(self
            .db
            .run(Stmt::new("DELETE FROM attempts WHERE window_start < ?1").bind(before))
            .await?)
    }
}
