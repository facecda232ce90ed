//! Email confirmation links of new sign-ups.

use app::model::DeveloperStatus;
use gatehouse_db::{Batch, Stmt};

use super::Letter;
use super::{AuditEntry, Store, StoreError};
use crate::events::Event;

/// How long a confirmation link works.
pub const VERIFICATION_LIFETIME_MS: i64 = 48 * 60 * 60 * 1000;

/// How [`Store::unconfirmed_sign_up`] finds the sign-up.
#[derive(Clone, Copy, Debug)]
pub enum UnconfirmedBy<'a> {
    Email(&'a app::model::Email),
    Id(&'a str),
}

/// A developer whose email was just confirmed.
#[derive(Debug)]
pub struct Confirmed {
    pub email: String,
    pub full_name: String,
    pub status: DeveloperStatus,
}

/// A sign-up whose address was never confirmed: who gets a new link, and where.
#[derive(Debug)]
pub struct Unconfirmed {
    pub id: String,
    pub full_name: String,
    pub email: String,
}

impl Store {
    /// The pending sign-up at this address (or with this id) that never confirmed it.
    pub async fn unconfirmed_sign_up(
        &self,
        by: UnconfirmedBy<'_>,
    ) -> Result<Option<Unconfirmed>, StoreError> {
        let (column, value) = match by {
            UnconfirmedBy::Email(email) => ("email_normalized", email.normalized()),
            UnconfirmedBy::Id(id) => ("id", id.to_string()),
        };
        let row = self
            .db
            .one(
                Stmt::new(format!(
                    "SELECT id, full_name, email FROM developers \
                     WHERE {column} = ?1 AND status = 'pending' AND email_verified_at IS NULL"
                ))
                .bind(value),
            )
            .await?;
        Ok(row.map(|row| Unconfirmed {
            id: row.get("id"),
            full_name: row.get("full_name"),
            email: row.get("email"),
        }))
    }

    /// Stores a confirmation token's hash and queues the e-mail with the link, together.
    pub async fn create_email_verification(
        &self,
        developer_id: &str,
        token_hash: &str,
        letter: &Letter,
    ) -> Result<(), StoreError> {
        self.insert_link_token(
            "INSERT INTO email_verifications (token_hash, developer_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            developer_id,
            token_hash,
            VERIFICATION_LIFETIME_MS,
            letter,
        )
        .await
    }

    /// Uses a confirmation token once: marks the email confirmed and, when `approve` (auto-
    /// approve is on), approves the pending developer. `None` for an unknown or expired token.
    /// When the request reaches the queue by this confirmation (the first, not approved by
    /// it), the letters `notices(full name, address)` gives are queued in the same batch:
    /// two links opened at once tell the admins once.
    pub async fn confirm_email(
        &self,
        token_hash: &str,
        approve: bool,
        client_addr: &str,
        notices: &(dyn Fn(&str, &str) -> Vec<Letter> + Send + Sync),
    ) -> Result<Option<Confirmed>, StoreError> {
        let now = self.now();
        let Some(token) = self
            .db
            .one(
                Stmt::new(
                    "SELECT v.developer_id, d.email, d.full_name
                     FROM email_verifications v JOIN developers d ON d.id = v.developer_id
                     WHERE v.token_hash = ?1 AND v.expires_at > ?2",
                )
                .bind(token_hash)
                .bind(now),
            )
            .await?
        else {
            return Ok(None);
        };
        let developer_id: String = token.get("developer_id");
        let email: String = token.get("email");
        let audit = AuditEntry {
            actor_kind: "developer",
            actor_id: Some(&developer_id),
            actor_label: &email,
            event: Event::DeveloperEmailConfirmed,
            target_kind: "developer",
            target_id: Some(&developer_id),
            target_label: &email,
            client_addr,
        };
        let full_name: String = token.get("full_name");
        let mut batch = Batch::guarded(
            Stmt::new(
                "DELETE FROM email_verifications
                 WHERE token_hash = ?1 AND developer_id = ?2 AND expires_at > ?3 RETURNING developer_id",
            )
            .bind(token_hash)
            .bind(&developer_id)
            .bind(now),
        )
        // The developer's row first: a second confirmation at once waits here, then sees
        // the first one's outcome and queues no notices.
        .then(
            Stmt::new("UPDATE developers SET updated_at = updated_at WHERE id = ?1 AND {applied}")
                .bind(&developer_id),
        );
        if !approve {
            for letter in notices(&full_name, &email) {
                batch.push(self.mail_step_if_first_confirmation(&letter, &developer_id));
            }
        }
        let batch = batch.then(
            Stmt::new(
                "UPDATE developers SET email_verified_at = ?1, updated_at = ?1,
                     status = CASE WHEN ?2 = 1 AND status = 'pending' THEN 'approved' ELSE status END
                 WHERE id = ?3 AND {applied}",
            )
            .bind(now)
            .bind(approve)
            .bind(&developer_id),
        )
        .then(audit.step(self.now()));
        if !self.db.batch(batch).await?.applied {
            return Ok(None);
        }
        Ok(Some(Confirmed {
            status: self.developer_status(&developer_id).await?,
            full_name,
            email,
        }))
    }
}
