//! Password reset links: created for a developer, redeemed once before they expire.

use app::model::DeveloperStatus;

use super::{now_millis, AuditEntry, Confirmed, Store, StoreError};

/// What redeeming a reset link did.
#[derive(Debug)]
pub enum Redeemed {
    /// The link is unknown, used already or expired.
    Unknown,
    Done,
    /// Done, and the developer's unconfirmed sign-up address counts as confirmed now.
    Confirmed(Confirmed),
}
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

    /// Whether a reset token is known, unused and unexpired (redeeming checks again).
    pub async fn password_reset_is_live(&self, token_hash: &str) -> Result<bool, StoreError> {
        let live: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
        )
        .bind(token_hash)
        .bind(now_millis())
        .fetch_optional(&self.pool)
        .await?;
        Ok(live.is_some())
    }

    /// Uses a reset token: sets the password and ends every session of the developer, if the
    /// token is known, unused and unexpired. Returns whether it was.
    pub async fn redeem_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        approve: bool,
        client_addr: &str,
    ) -> Result<Redeemed, StoreError> {
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
            return Ok(Redeemed::Unknown);
        };
        // The link reached the address: an unconfirmed sign-up counts as confirmed now (and,
        // with `approve`, a pending one is approved), as with the confirmation link. So the
        // owner of an address someone else signed up with takes the account over.
        let was_confirmed: bool =
            sqlx::query_scalar("SELECT email_verified_at IS NOT NULL FROM developers WHERE id = ?")
                .bind(&developer_id)
                .fetch_one(&mut *tx)
                .await?;
        let (email, full_name, status): (String, String, String) = sqlx::query_as(
            "UPDATE developers SET password_hash = ?, updated_at = ?,
                 status = CASE WHEN email_verified_at IS NULL AND ? AND status = 'pending'
                               THEN 'approved' ELSE status END,
                 email_verified_at = COALESCE(email_verified_at, ?)
             WHERE id = ? RETURNING email, full_name, status",
        )
        .bind(password_hash)
        .bind(now)
        .bind(approve)
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
        if was_confirmed {
            return Ok(Redeemed::Done);
        }
        Ok(Redeemed::Confirmed(Confirmed {
            email,
            full_name,
            status: DeveloperStatus::parse(&status).unwrap_or(DeveloperStatus::Pending),
        }))
    }
}
