//! The outbox: e-mail written in the same transaction as the change it reports.

use app::model::EmailRecord;
use gatehouse_db::{Row, Stmt};

use super::{rfc3339, Store, StoreError};

/// A message ready for the outbox, written by the `mail` module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    /// What the message is about, e.g. `developer.approved` (shown in the console).
    pub kind: &'static str,
    pub recipient: String,
    pub subject: String,
    /// With `mail::WITHHELD` where a single-use link goes, when there is one.
    pub body: String,
    /// That link, sealed (see `mail::SecretLink`).
    pub sealed_link: Option<String>,
}

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
    /// The claim this worker holds on the message (see [`Store::renew_lease`]).
    pub lease: String,
}

/// An insert of one message, ending in its values or in a conditional `SELECT` of them.
macro_rules! insert_mail {
    ($rest:literal) => {
        concat!(
            "INSERT INTO outbox (kind, recipient, subject, body, sealed_link, created_at, next_attempt_at) ",
            $rest
        )
    };
}

/// Letters as statements: queued alone, or as steps of a decision's batch.
impl Store {
    /// The letter as a batch step, queued only if the batch's guard matched.
    pub(super) fn mail_step(&self, letter: &Letter) -> Stmt {
        self.bind_mail(
            Stmt::new(insert_mail!(
                "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE {applied}"
            )),
            letter,
        )
    }

    /// The letter as a batch step, queued only if the guard matched and the developer `?8`
    /// names has not confirmed an address yet and is pending: the notices of a request reaching
    /// the queue. Placed before the step that confirms, it sees the state before the batch.
    pub(super) fn mail_step_if_first_confirmation(
        &self,
        letter: &Letter,
        developer_id: &str,
    ) -> Stmt {
        self.bind_mail(
            Stmt::new(insert_mail!(
                "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE {applied} AND EXISTS (
                     SELECT 1 FROM developers
                     WHERE id = ?8 AND email_verified_at IS NULL AND status = 'pending')"
            )),
            letter,
        )
        .bind(developer_id)
    }

    fn bind_mail(&self, stmt: Stmt, letter: &Letter) -> Stmt {
        let now = self.now();
        stmt.bind(letter.kind)
            .bind(&letter.recipient)
            .bind(&letter.subject)
            .bind(&letter.body)
            .bind(letter.sealed_link.as_deref())
            .bind(now)
            .bind(now)
    }

    /// The letter queued unconditionally (alone, or in a batch without a guard).
    pub(super) fn queued_mail(&self, letter: &Letter) -> Stmt {
        self.bind_mail(
            Stmt::new(insert_mail!("VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
            letter,
        )
    }
}

impl Store {
    pub async fn enqueue(&self, letter: &Letter) -> Result<(), StoreError> {
        self.db.run(self.queued_mail(letter)).await?;
        tracing::info!(to = %letter.recipient, subject = %letter.subject, kind = letter.kind, "e-mail queued");
        Ok(())
    }

    /// Claims up to `limit` unsent messages whose next attempt is due for `lease_ms`, oldest
    /// first, and returns them. A message claimed by another worker whose lease has not run
    /// out is skipped: of several instances on one database, one sends each message. (On
    /// PostgreSQL a worker that waited for another's row lock re-checks the lease after it.)
    pub async fn claim_due_mail(
        &self,
        limit: i64,
        lease_ms: i64,
    ) -> Result<Vec<OutgoingMail>, StoreError> {
        let now = self.now();
        let lease = uuid::Uuid::new_v4().simple().to_string();
        let mut rows = self
            .db
            .all(
                Stmt::new(
                    "UPDATE outbox SET lease = ?1, lease_until = ?2
                     WHERE id IN (SELECT id FROM outbox
                                  WHERE sent_at IS NULL AND next_attempt_at <= ?3
                                    AND (lease_until IS NULL OR lease_until <= ?3)
                                  ORDER BY id LIMIT ?4)
                       AND sent_at IS NULL AND (lease_until IS NULL OR lease_until <= ?3)
                     RETURNING id, kind, recipient, subject, body, sealed_link, attempts",
                )
                .bind(&lease)
                .bind(now + lease_ms)
                .bind(now)
                .bind(limit),
            )
            .await?;
        rows.sort_by_key(|row| row.get::<i64>("id"));
        Ok(rows
            .iter()
            .map(|row| OutgoingMail {
                id: row.get("id"),
                kind: row.get("kind"),
                recipient: row.get("recipient"),
                subject: row.get("subject"),
                body: row.get("body"),
                sealed_link: row.get("sealed_link"),
                attempts: row.get("attempts"),
                lease: lease.clone(),
            })
            .collect())
    }

    /// Extends this worker's claim on one message just before it is sent, so a slow batch
    /// never lets another instance send it too; false when the claim was lost.
    pub async fn renew_lease(
        &self,
        mail: &OutgoingMail,
        lease_ms: i64,
    ) -> Result<bool, StoreError> {
        let now = self.now();
        let renewed = self
            .db
            .run(
                Stmt::new(
                    "UPDATE outbox SET lease_until = ?1
                     WHERE id = ?2 AND lease = ?3 AND lease_until > ?4 AND sent_at IS NULL",
                )
                .bind(now + lease_ms)
                .bind(mail.id)
                .bind(&mail.lease)
                .bind(now),
            )
            .await?;
        Ok(renewed == 1)
    }

    pub async fn mark_sent(&self, mail: &OutgoingMail) -> Result<(), StoreError> {
        self.db
            .run(
                Stmt::new("UPDATE outbox SET sent_at = ?1, attempts = attempts + 1, last_error = NULL, lease = NULL, lease_until = NULL WHERE id = ?2 AND lease = ?3")
                    .bind(self.now())
                    .bind(mail.id)
                    .bind(&mail.lease),
            )
            .await?;
        Ok(())
    }

    pub async fn mark_failed(
        &self,
        mail: &OutgoingMail,
        error: &str,
        retry_at: i64,
    ) -> Result<(), StoreError> {
        self.db
            .run(
                Stmt::new("UPDATE outbox SET attempts = attempts + 1, last_error = ?1, next_attempt_at = ?2, lease = NULL, lease_until = NULL WHERE id = ?3 AND lease = ?4")
                    .bind(error)
                    .bind(retry_at)
                    .bind(mail.id)
                    .bind(&mail.lease),
            )
            .await?;
        Ok(())
    }

    /// The newest messages, for the console's e-mail log.
    pub async fn recent_mail(&self, limit: i64) -> Result<Vec<EmailRecord>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT id, kind, recipient, subject, body, created_at, attempts, sent_at, last_error
                     FROM outbox ORDER BY id DESC LIMIT ?1",
                )
                .bind(limit),
            )
            .await?;
        Ok(rows.iter().map(email_record).collect())
    }

    /// Owners' and admins' addresses (who hears of new requests).
    pub async fn admin_recipients(&self) -> Result<Vec<String>, StoreError> {
        let rows = self
            .db
            .all(Stmt::new(
                "SELECT email FROM admins WHERE role IN ('owner', 'admin') ORDER BY email",
            ))
            .await?;
        Ok(rows.iter().map(|row| row.get("email")).collect())
    }
}

fn email_record(row: &Row) -> EmailRecord {
    EmailRecord {
        id: row.get("id"),
        kind: row.get("kind"),
        recipient: row.get("recipient"),
        subject: row.get("subject"),
        body: row.get("body"),
        queued_at: rfc3339(row.get("created_at")),
        attempts: row.get("attempts"),
        sent_at: row.get::<Option<i64>>("sent_at").map(rfc3339),
        last_error: row.get("last_error"),
    }
}
