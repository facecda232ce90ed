//! What a POST with an `Idempotency-Key` answered, kept a day per token, so a retried request
//! gets the first answer instead of acting twice.

use gatehouse_db::Stmt;

use super::{Store, StoreError};

/// How long an answer is kept for a retry.
pub const IDEMPOTENCY_WINDOW_MS: i64 = 24 * 3600 * 1000;

/// A stored answer and the request it answered.
pub struct KeptAnswer {
    /// A digest of the method, path and body of the request that was answered.
    pub fingerprint: String,
    pub status: u16,
    pub body: String,
}

impl Store {
    pub async fn kept_answer(
        &self,
        token_id: &str,
        key: &str,
    ) -> Result<Option<KeptAnswer>, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(
                    "SELECT fingerprint, status, body FROM api_idempotency
                     WHERE token_id = ?1 AND idempotency_key = ?2 AND created_at > ?3",
                )
                .bind(token_id)
                .bind(key)
                .bind(self.now() - IDEMPOTENCY_WINDOW_MS),
            )
            .await?;
        Ok(row.map(|row| KeptAnswer {
            fingerprint: row.get("fingerprint"),
            status: u16::try_from(row.get::<i64>("status")).unwrap_or(500),
            body: row.get("body"),
        }))
    }

    /// Keeps an answer; the first one kept for a key stays.
    pub async fn keep_answer(
        &self,
        token_id: &str,
        key: &str,
        answer: &KeptAnswer,
    ) -> Result<(), StoreError> {
        let now = self.now();
        let sql = "INSERT INTO api_idempotency (token_id, idempotency_key, fingerprint, status, body, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (token_id, idempotency_key) DO UPDATE
                 SET fingerprint = excluded.fingerprint, status = excluded.status,
                     body = excluded.body, created_at = excluded.created_at
                 WHERE api_idempotency.created_at <= ?7";
        self.db
            .run(
                Stmt::new(sql)
                    .bind(token_id)
                    .bind(key)
                    .bind(answer.fingerprint.as_str())
                    .bind(i64::from(answer.status))
                    .bind(answer.body.as_str())
                    .bind(now)
                    .bind(now - IDEMPOTENCY_WINDOW_MS),
            )
            .await?;
        Ok(())
    }

    /// Forgets answers older than the window; part of housekeeping.
    pub async fn delete_old_answers(&self) -> Result<(), StoreError> {
        self.db
            .run(
                Stmt::new("DELETE FROM api_idempotency WHERE created_at <= ?1")
                    .bind(self.now() - IDEMPOTENCY_WINDOW_MS),
            )
            .await?;
        Ok(())
    }
}
