//! Changes a developer makes to their own account.

use app::model::Email;

use gatehouse_db::{Batch, Stmt};

use super::verifications::VERIFICATION_LIFETIME_MS;
use super::Letter;
use super::{AuditEntry, Store, StoreError};
use crate::events::Event;

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
        Ok(self
            .db
            .scalar(Stmt::new("SELECT password_hash FROM developers WHERE id = ?1").bind(id))
            .await?)
    }

    pub async fn rename_developer(
        &self,
        id: &str,
        full_name: &str,
        audit: AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let rename = Stmt::new(
            "UPDATE developers SET full_name = ?1, name_normalized = ?2, updated_at = ?3 WHERE id = ?4",
        )
        .bind(full_name)
        .bind(full_name.to_lowercase())
        .bind(self.now())
        .bind(id);
        self.db
            .batch(Batch::new().then(rename).then(audit.insert(self.now())))
            .await?;
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
        let now = self.now();
        let guard = Stmt::new(
            "UPDATE developers SET updated_at = ?1
             WHERE id = ?2 AND status IN ('pending', 'approved') AND email_verified_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM developers other WHERE other.email_normalized = ?3 AND other.id <> ?2)
             RETURNING id",
        )
        .bind(now)
        .bind(change.developer_id)
        .bind(change.new_email.normalized());
        let mut batch = Batch::guarded(guard)
            .then(
                Stmt::new("DELETE FROM email_changes WHERE developer_id = ?1 AND {applied}")
                    .bind(change.developer_id),
            )
            .then(
                Stmt::new(
                    "INSERT INTO email_changes (token_hash, developer_id, new_email, created_at, expires_at)
                     SELECT ?1, ?2, ?3, ?4, ?5 WHERE {applied}",
                )
                .bind(change.token_hash)
                .bind(change.developer_id)
                .bind(change.new_email.as_str())
                .bind(now)
                .bind(now + VERIFICATION_LIFETIME_MS),
            );
        for letter in letters {
            batch.push(self.mail_step(letter));
        }
        batch.push(audit.step(self.now()));
        if self.db.batch(batch).await?.applied {
            return Ok(Ok(()));
        }
        // A developer who may not change address is told so, whatever the address: only one
        // who may hears that it is taken.
        let allowed: Option<String> = self
            .db
            .scalar(
                Stmt::new(
                    "SELECT id FROM developers
                     WHERE id = ?1 AND status IN ('pending', 'approved') AND email_verified_at IS NOT NULL",
                )
                .bind(change.developer_id),
            )
            .await?;
        if allowed.is_none() {
            return Ok(Err(EmailChangeRefused::Status));
        }
        Err(StoreError::AlreadyExists)
    }

    /// Uses a change-of-address token once: the developer's address becomes the confirmed
    /// one (the gateway follows), and reset links sent to the old address stop working.
    pub async fn confirm_email_change(
        &self,
        token_hash: &str,
        client_addr: &str,
    ) -> Result<Result<ChangedEmail, EmailChangeRefused>, StoreError> {
        let now = self.now();
        let Some(pending) = self
            .db
            .one(
                Stmt::new(
                    "SELECT c.developer_id, c.new_email, d.email, d.status IN ('pending', 'approved') AS allowed
                     FROM email_changes c JOIN developers d ON d.id = c.developer_id
                     WHERE c.token_hash = ?1 AND c.expires_at > ?2",
                )
                .bind(token_hash)
                .bind(now),
            )
            .await?
        else {
            return Ok(Err(EmailChangeRefused::UnknownLink));
        };
        let developer_id: String = pending.get("developer_id");
        let old_email: String = pending.get("email");
        if !pending.get::<bool>("allowed") {
            self.db
                .run(Stmt::new("DELETE FROM email_changes WHERE token_hash = ?1").bind(token_hash))
                .await?;
            return Ok(Err(EmailChangeRefused::Status));
        }
        let email = Email::parse(&pending.get::<String>("new_email"))
            .map_err(|e| StoreError::Corrupt(format!("a stored address does not parse: {e}")))?;
        let guard = Stmt::new(
            "UPDATE developers SET email = ?1, email_normalized = ?2, updated_at = ?3
             WHERE id = ?4 AND email = ?5 AND status IN ('pending', 'approved')
               AND EXISTS (SELECT 1 FROM email_changes WHERE token_hash = ?6 AND developer_id = ?4 AND expires_at > ?3)
             RETURNING id",
        )
        .bind(email.as_str())
        .bind(email.normalized())
        .bind(now)
        .bind(&developer_id)
        .bind(&old_email)
        .bind(token_hash);
        let audit = AuditEntry {
            actor_kind: "developer",
            actor_id: Some(&developer_id),
            actor_label: &old_email,
            event: Event::DeveloperEmailChanged,
            target_kind: "developer",
            target_id: Some(&developer_id),
            target_label: email.as_str(),
            client_addr,
        };
        let batch = Batch::guarded(guard)
            .then(
                Stmt::new("DELETE FROM email_changes WHERE token_hash = ?1 AND {applied}")
                    .bind(token_hash),
            )
            .then(
                Stmt::new(
                    "DELETE FROM password_resets WHERE developer_id = ?1 AND used_at IS NULL AND {applied}",
                )
                .bind(&developer_id),
            )
            .then(audit.step(self.now()));
        if !self.db.batch(batch).await?.applied {
            return Ok(Err(EmailChangeRefused::UnknownLink));
        }
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
        let batch = Batch::new()
            .then(
                Stmt::new("UPDATE developers SET password_hash = ?1, updated_at = ?2 WHERE id = ?3")
                    .bind(password_hash)
                    .bind(self.now())
                    .bind(id),
            )
            .then(
                Stmt::new(
                    "DELETE FROM sessions WHERE developer_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)",
                )
                .bind(id)
                .bind(keep),
            )
            .then(audit.insert(self.now()));
        self.db.batch(batch).await?;
        Ok(())
    }
}
