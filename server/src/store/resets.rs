//! Password reset links: created for a developer, redeemed once before they expire.

use super::{now_millis, AuditEntry, Store, StoreError};
use crate::mail::Letter;

/// How long a reset link works.
pub const RESET_LIFETIME_MS: i64 = 60 * 60 * 1000;

impl Store {
    /// The id, name and stored address of the developer with this email, if any.
    pub async fn developer_by_email(
        &self,
        email: &app::model::Email,
    ) -> Result<Option<(String, String, String)>, StoreError> {
        Ok(
            sqlx::query_as(
                "SELECT id, full_name, email FROM developers WHERE email_normalized = ?",
            )
            .bind(email.normalized())
            .fetch_optional(&self.pool)
            .await?,
        )
    }

    /// Stores a reset token's hash and queues the e-mail carrying the link, together.
    pub async fn create_password_reset(
        &self,
        developer_id: &str,
        token_hash: &str,
        letter: &Letter,
    ) -> Result<(), StoreError> {
        self.insert_link_token(
            "INSERT INTO password_resets (token_hash, developer_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            developer_id,
            token_hash,
            RESET_LIFETIME_MS,
            letter,
        )
        .await
    }

    /// Stores the hash of an e-mailed link's token (with `insert`, which names the table) and
    /// queues the letter carrying the link, in one transaction: no link without its token.
    pub(super) async fn insert_link_token(
        &self,
        insert: &'static str,
        developer_id: &str,
        token_hash: &str,
        lifetime_ms: i64,
        letter: &Letter,
    ) -> Result<(), StoreError> {
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        sqlx::query(insert)
            .bind(token_hash)
            .bind(developer_id)
            .bind(now)
            .bind(now + lifetime_ms)
            .execute(&mut *tx)
            .await?;
        Self::enqueue_in(&mut tx, letter).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses a reset token: sets the password and ends every session of the developer, if the
    /// token is known, unused and unexpired. Returns whether it was.
    pub async fn redeem_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        client_addr: &str,
    ) -> Result<bool, StoreError> {
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        let developer: Option<String> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
             RETURNING developer_id",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(developer_id) = developer else {
            return Ok(false);
        };
        let email: String = sqlx::query_scalar(
            "UPDATE developers SET password_hash = ?, updated_at = ? WHERE id = ? RETURNING email",
        )
        .bind(password_hash)
        .bind(now)
        .bind(&developer_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE developer_id = ?")
            .bind(&developer_id)
            .execute(&mut *tx)
            .await?;
        let audit = AuditEntry {
            actor_kind: "developer",
            actor_id: Some(&developer_id),
            actor_label: &email,
            action: "developer.password_reset",
            target_kind: "developer",
            target_id: Some(&developer_id),
            target_label: &email,
            client_addr,
        };
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }
}
