//! Changes a developer makes to their own account.

use app::model::Email;

use super::verifications::VERIFICATION_LIFETIME_MS;
use super::{now_millis, AuditEntry, Store, StoreError};
use crate::mail::Letter;

/// A developer's request to use another address.
pub struct EmailChangeRequest<'a> {
    pub developer_id: &'a str,
    pub new_email: &'a Email,
    /// SHA-256 of the token in the link e-mailed to the new address.
    pub token_hash: &'a str,
}

/// Why a change of address was not made.
#[derive(Debug, PartialEq, Eq)]
pub enum EmailChangeRefused {
    /// Rejected or revoked (or, when asking, a sign-up address not confirmed yet).
    Status,
    /// The link is unknown, used already or expired.
    UnknownLink,
}

/// A change of address just made.
#[derive(Debug)]
pub struct ChangedEmail {
    pub developer_id: String,
    pub old_email: String,
    pub new_email: String,
}

impl Store {
    pub async fn developer_password_hash(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM developers WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn rename_developer(
        &self,
        id: &str,
        full_name: &str,
        audit: AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE developers SET full_name = ?, name_normalized = ?, updated_at = ? WHERE id = ?",
        )
        .bind(full_name)
        .bind(full_name.to_lowercase())
        .bind(now_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a change of address that waits for the new address to be confirmed, with its
    /// letters and audit entry, replacing any earlier one of this developer. Refused when
    /// the developer is rejected or revoked (they keep their address until an admin deletes
    /// them) or their sign-up address is not confirmed yet; `AlreadyExists` when another
    /// account has the address.
    pub async fn request_email_change(
        &self,
        change: EmailChangeRequest<'_>,
        letters: &[Letter],
        audit: AuditEntry<'_>,
    ) -> Result<Result<(), EmailChangeRefused>, StoreError> {
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        // Written first, so this transaction holds the write lock from its first statement.
        let allowed: Option<String> = sqlx::query_scalar(
            "UPDATE developers SET updated_at = ?
             WHERE id = ? AND status IN ('pending', 'approved') AND email_verified_at IS NOT NULL
             RETURNING id",
        )
        .bind(now)
        .bind(change.developer_id)
        .fetch_optional(&mut *tx)
        .await?;
        if allowed.is_none() {
            return Ok(Err(EmailChangeRefused::Status));
        }
        let taken: Option<String> =
            sqlx::query_scalar("SELECT id FROM developers WHERE email_normalized = ? AND id <> ?")
                .bind(change.new_email.normalized())
                .bind(change.developer_id)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(StoreError::AlreadyExists);
        }
        sqlx::query("DELETE FROM email_changes WHERE developer_id = ?")
            .bind(change.developer_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO email_changes (token_hash, developer_id, new_email, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(change.token_hash)
        .bind(change.developer_id)
        .bind(change.new_email.as_str())
        .bind(now)
        .bind(now + VERIFICATION_LIFETIME_MS)
        .execute(&mut *tx)
        .await?;
        for letter in letters {
            Self::enqueue_in(&mut tx, letter).await?;
        }
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Uses a change-of-address token once: the developer's address becomes the confirmed
    /// one (the gateway follows), and reset links sent to the old address stop working.
    pub async fn confirm_email_change(
        &self,
        token_hash: &str,
        client_addr: &str,
    ) -> Result<Result<ChangedEmail, EmailChangeRefused>, StoreError> {
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        let pending: Option<(String, String)> = sqlx::query_as(
            "DELETE FROM email_changes WHERE token_hash = ? AND expires_at > ?
             RETURNING developer_id, new_email",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((developer_id, new_email)) = pending else {
            return Ok(Err(EmailChangeRefused::UnknownLink));
        };
        let current: Option<String> = sqlx::query_scalar(
            "SELECT email FROM developers WHERE id = ? AND status IN ('pending', 'approved')",
        )
        .bind(&developer_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(old_email) = current else {
            tx.commit().await?;
            return Ok(Err(EmailChangeRefused::Status));
        };
        let email = Email::parse(&new_email).map_err(|e| {
            StoreError::Database(sqlx::Error::Decode(
                format!("a stored address does not parse: {e}").into(),
            ))
        })?;
        sqlx::query(
            "UPDATE developers SET email = ?, email_normalized = ?, updated_at = ? WHERE id = ?",
        )
        .bind(email.as_str())
        .bind(email.normalized())
        .bind(now)
        .bind(&developer_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        sqlx::query("DELETE FROM password_resets WHERE developer_id = ? AND used_at IS NULL")
            .bind(&developer_id)
            .execute(&mut *tx)
            .await?;
        let audit = AuditEntry {
            actor_kind: "developer",
            actor_id: Some(&developer_id),
            actor_label: &old_email,
            action: "developer.email_changed",
            target_kind: "developer",
            target_id: Some(&developer_id),
            target_label: email.as_str(),
            client_addr,
        };
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(Ok(ChangedEmail {
            developer_id,
            old_email,
            new_email: email.as_str().to_string(),
        }))
    }

    /// Sets a new password hash and ends every session of the developer but `keep`.
    pub async fn change_developer_password(
        &self,
        id: &str,
        password_hash: &str,
        keep: Option<&str>,
        audit: AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE developers SET password_hash = ?, updated_at = ? WHERE id = ?")
            .bind(password_hash)
            .bind(now_millis())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE developer_id = ? AND token_hash IS NOT ?")
            .bind(id)
            .bind(keep)
            .execute(&mut *tx)
            .await?;
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
