//! The outbox: e-mail written in the same transaction as the change it reports.

use app::model::EmailRecord;
use sqlx::{Row, SqliteConnection};

use super::{now_millis, rfc3339, Store, StoreError};
use crate::mail::Letter;

/// A message the delivery worker is to send.
#[derive(Debug)]
pub struct OutgoingMail {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// The single-use link the body withholds, sealed (see `mail::SecretLink`).
    pub sealed_link: Option<String>,
    pub attempts: i64,
}

impl Store {
    pub async fn enqueue(&self, letter: &Letter) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        Self::enqueue_in(&mut conn, letter).await
    }

    pub(super) async fn enqueue_in(
        conn: &mut SqliteConnection,
        letter: &Letter,
    ) -> Result<(), StoreError> {
        let now = now_millis();
        sqlx::query(
            "INSERT INTO outbox (kind, recipient, subject, body, sealed_link, created_at, next_attempt_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(letter.kind)
        .bind(&letter.recipient)
        .bind(&letter.subject)
        .bind(&letter.body)
        .bind(&letter.sealed_link)
        .bind(now)
        .bind(now)
        .execute(conn)
        .await?;
        tracing::info!(to = %letter.recipient, subject = %letter.subject, kind = letter.kind, "e-mail queued");
        Ok(())
    }

    /// Unsent messages whose next attempt is due, oldest first.
    pub async fn due_mail(&self, limit: i64) -> Result<Vec<OutgoingMail>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, recipient, subject, body, sealed_link, attempts FROM outbox
             WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        )
        .bind(now_millis())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| OutgoingMail {
                id: row.get("id"),
                kind: row.get("kind"),
                recipient: row.get("recipient"),
                subject: row.get("subject"),
                body: row.get("body"),
                sealed_link: row.get("sealed_link"),
                attempts: row.get("attempts"),
            })
            .collect())
    }

    pub async fn mark_sent(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?")
            .bind(now_millis())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn mark_failed(&self, id: i64, error: &str, retry_at: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?")
            .bind(error)
            .bind(retry_at)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The newest messages, for the console's e-mail log.
    pub async fn recent_mail(&self, limit: i64) -> Result<Vec<EmailRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, recipient, subject, body, created_at, attempts, sent_at, last_error
             FROM outbox ORDER BY id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| EmailRecord {
                id: row.get("id"),
                kind: row.get("kind"),
                recipient: row.get("recipient"),
                subject: row.get("subject"),
                body: row.get("body"),
                queued_at: rfc3339(row.get("created_at")),
                attempts: row.get("attempts"),
                sent_at: row.get::<Option<i64>, _>("sent_at").map(rfc3339),
                last_error: row.get("last_error"),
            })
            .collect())
    }

    /// Owners' and admins' addresses (who hears of new requests).
    pub async fn admin_recipients(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT email FROM admins WHERE role IN ('owner', 'admin') ORDER BY email",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
