//! Email confirmation links of new sign-ups.

use app::model::DeveloperStatus;

use super::{now_millis, AuditEntry, Store, StoreError};
use crate::mail::Letter;

/// How long a confirmation link works.
pub const VERIFICATION_LIFETIME_MS: i64 = 48 * 60 * 60 * 1000;

/// A developer whose email was just confirmed.
#[derive(Debug)]
pub struct Confirmed {
    pub email: String,
    pub full_name: String,
    pub status: DeveloperStatus,
}

impl Store {
    /// Stores a confirmation token's hash and queues the e-mail with the link, together.
    pub async fn create_email_verification(
        &self,
        developer_id: &str,
        token_hash: &str,
        letter: &Letter,
    ) -> Result<(), StoreError> {
        self.insert_link_token(
            "INSERT INTO email_verifications (token_hash, developer_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            developer_id,
            token_hash,
            VERIFICATION_LIFETIME_MS,
            letter,
        )
        .await
    }

    /// Uses a confirmation token once: marks the email confirmed and, when `approve` (auto-
    /// approve is on), approves the pending developer. `None` for an unknown or expired token.
    pub async fn confirm_email(
        &self,
        token_hash: &str,
        approve: bool,
        client_addr: &str,
    ) -> Result<Option<Confirmed>, StoreError> {
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        let developer_id: Option<String> = sqlx::query_scalar(
            "DELETE FROM email_verifications WHERE token_hash = ? AND expires_at > ? RETURNING developer_id",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(developer_id) = developer_id else {
            return Ok(None);
        };
        let (email, full_name, status): (String, String, String) = sqlx::query_as(
            "UPDATE developers SET email_verified_at = ?, updated_at = ?,
                 status = CASE WHEN ? AND status = 'pending' THEN 'approved' ELSE status END
             WHERE id = ? RETURNING email, full_name, status",
        )
        .bind(now)
        .bind(now)
        .bind(approve)
        .bind(&developer_id)
        .fetch_one(&mut *tx)
        .await?;
        let audit = AuditEntry {
            actor_kind: "developer",
            actor_id: Some(&developer_id),
            actor_label: &email,
            action: "developer.email_confirmed",
            target_kind: "developer",
            target_id: Some(&developer_id),
            target_label: &email,
            client_addr,
        };
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(Some(Confirmed {
            email,
            full_name,
            status: DeveloperStatus::parse(&status).unwrap_or(DeveloperStatus::Pending),
        }))
    }
}
