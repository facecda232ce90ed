//! Password reset links: created for a developer, redeemed once before they expire.

use gatehouse_db::{Batch, Stmt};

use super::Letter;
use super::{AuditEntry, Store, StoreError};
use crate::events::Event;

/// How long a reset link works.
pub const RESET_LIFETIME_MS: i64 = 60 * 60 * 1000;

impl Store {
    /// The id, name and stored address of the developer with this email, if any.
    pub async fn developer_by_email(
        &self,
        email: &app::model::Email,
    ) -> Result<Option<(String, String, String)>, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(
                    "SELECT id, full_name, email FROM developers WHERE email_normalized = ?1",
                )
                .bind(email.normalized()),
            )
            .await?;
        Ok(row.map(|row| (row.get("id"), row.get("full_name"), row.get("email"))))
    }

    /// Stores a reset token's hash and queues the e-mail carrying the link, together.
    pub async fn create_password_reset(
        &self,
        developer_id: &str,
        token_hash: &str,
        letter: &Letter,
    ) -> Result<(), StoreError> {
        self.insert_link_token(
            "INSERT INTO password_resets (token_hash, developer_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
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
        let now = self.now();
        let token = Stmt::new(insert)
            .bind(token_hash)
            .bind(developer_id)
            .bind(now)
            .bind(now + lifetime_ms);
        self.db
            .batch(Batch::new().then(token).then(self.queued_mail(letter)))
            .await?;
        Ok(())
    }

    /// Whether a reset token is known, unused and unexpired (redeeming checks again).
    pub async fn password_reset_is_live(&self, token_hash: &str) -> Result<bool, StoreError> {
        let live: Option<i64> = self
            .db
            .scalar(
                Stmt::new(
                    "SELECT 1 FROM password_resets WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                )
                .bind(token_hash)
                .bind(self.now()),
            )
            .await?;
        Ok(live.is_some())
    }

    /// Uses a reset token: sets the password and ends every session of the developer, if the
    /// token is known, unused and unexpired. Returns whether it was (false: unknown, used
    /// already or expired, and nothing changed).
    pub async fn redeem_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        approve: bool,
        client_addr: &str,
        notices: &(dyn Fn(&str, &str) -> Vec<Letter> + Send + Sync),
    ) -> Result<bool, StoreError> {
        let now = self.now();
        let Some(token) = self
            .db
            .one(
                Stmt::new(
                    "SELECT r.developer_id, d.email, d.full_name
                     FROM password_resets r JOIN developers d ON d.id = r.developer_id
                     WHERE r.token_hash = ?1 AND r.used_at IS NULL AND r.expires_at > ?2",
                )
                .bind(token_hash)
                .bind(now),
            )
            .await?
        else {
            return Ok(false);
        };
        let developer_id: String = token.get("developer_id");
        let email: String = token.get("email");
        let full_name: String = token.get("full_name");
        let audit = AuditEntry {
            actor_kind: "developer",
            actor_id: Some(&developer_id),
            actor_label: &email,
            event: Event::DeveloperPasswordReset,
            target_kind: "developer",
            target_id: Some(&developer_id),
            target_label: &email,
            client_addr,
        };
        // The link reached the address: an unconfirmed sign-up counts as confirmed now (and,
        // with `approve`, a pending one is approved), as with the confirmation link. So the
        // owner of an address someone else signed up with takes the account over.
        let mut batch = Batch::guarded(
            Stmt::new(
                "UPDATE password_resets SET used_at = ?1
                 WHERE token_hash = ?2 AND developer_id = ?3 AND used_at IS NULL AND expires_at > ?1
                 RETURNING developer_id",
            )
            .bind(now)
            .bind(token_hash)
            .bind(&developer_id),
        )
        // As with confirmation links: the developer's row first, then the notices of a
        // request reaching the queue (once, however many links are opened at once).
        .then(
            Stmt::new("UPDATE developers SET updated_at = updated_at WHERE id = ?1 AND {applied}")
                .bind(&developer_id),
        );
        if !approve {
            for letter in notices(&full_name, &email) {
                batch.push(self.mail_step_if_first_confirmation(&letter, &developer_id));
            }
        }
        let batch = batch
            .then(
                Stmt::new(
                    "UPDATE developers SET password_hash = ?1, updated_at = ?2,
                     status = CASE WHEN email_verified_at IS NULL AND ?3 = 1 AND status = 'pending'
                                   THEN 'approved' ELSE status END,
                     email_verified_at = COALESCE(email_verified_at, ?2)
                 WHERE id = ?4 AND {applied}",
                )
                .bind(password_hash)
                .bind(now)
                .bind(approve)
                .bind(&developer_id),
            )
            .then(
                Stmt::new("DELETE FROM sessions WHERE developer_id = ?1 AND {applied}")
                    .bind(&developer_id),
            )
            .then(audit.step(self.now()));
        Ok(self.db.batch(batch).await?.applied)
    }
}
