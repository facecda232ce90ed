//! Credentials: only hashes, sealed secrets and public keys are stored, never a secret.

use app::model::{CredentialKind, CredentialRow, JwtAlgorithm};
use gatehouse_db::{Batch, Row, Stmt};

use super::Letter;
use super::{rfc3339, AuditEntry, Store, StoreError};

/// What is stored of a credential's secret.
#[derive(Debug, Default)]
pub struct StoredSecret {
    /// Hex SHA-256 (key-auth, oauth2) or Argon2id PHC (basic-auth).
    pub hash: Option<String>,
    /// AES-256-GCM sealed (hmac-auth, jwt HS*).
    pub sealed: Option<String>,
    pub hint: String,
}

#[derive(Debug)]
pub struct NewStoredCredential<'a> {
    pub id: &'a str,
    pub application_id: &'a str,
    pub kind: CredentialKind,
    pub name: &'a str,
    pub identifier: Option<&'a str>,
    pub secret: StoredSecret,
    pub algorithm: Option<JwtAlgorithm>,
    pub public_key: Option<&'a str>,
    pub expires_at: Option<i64>,
}

/// Whose a credential is, for checks before changing it.
#[derive(Debug)]
pub struct CredentialOwner {
    pub application_id: String,
    pub developer_id: String,
    pub kind: CredentialKind,
    pub name: String,
    pub identifier: Option<String>,
    pub algorithm: Option<JwtAlgorithm>,
    pub expires_at: Option<i64>,
}

/// A credential that expires soon, with where to announce it.
#[derive(Debug)]
pub struct ExpiringCredential {
    pub id: String,
    pub name: String,
    pub application_name: String,
    pub developer_email: String,
    pub developer_name: String,
    pub expires_at: i64,
}

impl Store {
    /// Stores a credential; `Err(AlreadyExists)` when its identifier is taken.
    pub async fn insert_credential(
        &self,
        credential: NewStoredCredential<'_>,
        audit: AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let insert = Stmt::new(
            "INSERT INTO credentials (id, application_id, kind, name, identifier, secret_hash, secret_sealed, algorithm, public_key, hint, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .bind(credential.id)
        .bind(credential.application_id)
        .bind(credential.kind.as_str())
        .bind(credential.name)
        .bind(credential.identifier)
        .bind(credential.secret.hash.as_deref())
        .bind(credential.secret.sealed.as_deref())
        .bind(credential.algorithm.map(JwtAlgorithm::as_str))
        .bind(credential.public_key)
        .bind(credential.secret.hint.as_str())
        .bind(self.now())
        .bind(credential.expires_at);
        self.db
            .batch(Batch::new().then(insert).then(audit.insert(self.now())))
            .await?;
        Ok(())
    }

    pub async fn credentials_of(
        &self,
        application_id: &str,
    ) -> Result<Vec<CredentialRow>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT id, kind, name, identifier, hint, algorithm, created_at, last_used_at, expires_at, previous_valid_until, secret_version
                     FROM credentials WHERE application_id = ?1 ORDER BY created_at, id",
                )
                .bind(application_id),
            )
            .await?;
        let now = self.now();
        Ok(rows.iter().map(|row| credential_row(row, now)).collect())
    }

    pub async fn credential_owner(
        &self,
        credential_id: &str,
    ) -> Result<Option<CredentialOwner>, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(
                    "SELECT c.application_id, a.developer_id, c.kind, c.name, c.identifier, c.algorithm, c.expires_at
                     FROM credentials c JOIN applications a ON a.id = c.application_id WHERE c.id = ?1",
                )
                .bind(credential_id),
            )
            .await?;
        Ok(row.map(|row| CredentialOwner {
            application_id: row.get("application_id"),
            developer_id: row.get("developer_id"),
            kind: CredentialKind::parse(&row.get::<String>("kind"))
                .unwrap_or(CredentialKind::KeyAuth),
            name: row.get("name"),
            identifier: row.get("identifier"),
            algorithm: row
                .get::<Option<String>>("algorithm")
                .and_then(|a| JwtAlgorithm::parse(&a)),
            expires_at: row.get("expires_at"),
        }))
    }

    /// Replaces a credential's secret, if it is still the one at `secret_version` (false when
    /// the credential is gone or was rolled meanwhile). With a grace period the current
    /// secret moves to the previous slot and keeps working until `previous_valid_until`;
    /// without, it ends now.
    pub async fn roll_credential(
        &self,
        credential_id: &str,
        secret_version: i64,
        secret: StoredSecret,
        previous_valid_until: Option<i64>,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let keep = previous_valid_until.is_some();
        let guard = Stmt::new(
            "UPDATE credentials SET
                previous_secret_hash = CASE WHEN ?1 = 1 THEN secret_hash END,
                previous_secret_sealed = CASE WHEN ?1 = 1 THEN secret_sealed END,
                previous_valid_until = ?2,
                secret_hash = ?3, secret_sealed = ?4, hint = ?5,
                secret_version = secret_version + 1
             WHERE id = ?6 AND secret_version = ?7 RETURNING id",
        )
        .bind(keep)
        .bind(previous_valid_until)
        .bind(secret.hash.as_deref())
        .bind(secret.sealed.as_deref())
        .bind(secret.hint.as_str())
        .bind(credential_id)
        .bind(secret_version);
        self.decide_audited(guard, audit).await
    }

    /// Renames a credential and sets its expiry. A new expiry is announced again when it
    /// comes near; the secret is untouched.
    pub async fn edit_credential(
        &self,
        credential_id: &str,
        name: &str,
        expires_at: Option<i64>,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let guard = Stmt::new(
            "UPDATE credentials SET name = ?1, expires_at = ?2,
                expiry_notified = CASE WHEN expires_at = ?2 OR (expires_at IS NULL AND ?2 IS NULL)
                    THEN expiry_notified ELSE 0 END
             WHERE id = ?3 RETURNING id",
        )
        .bind(name)
        .bind(expires_at)
        .bind(credential_id);
        self.decide_audited(guard, audit).await
    }

    pub async fn delete_credential(
        &self,
        credential_id: &str,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let guard =
            Stmt::new("DELETE FROM credentials WHERE id = ?1 RETURNING id").bind(credential_id);
        self.decide_audited(guard, audit).await
    }

    /// Queues an e-mail for each credential that expires before `before` and has not been
    /// announced, and marks it announced, in one transaction. Returns how many.
    pub async fn announce_expiring_credentials(
        &self,
        before: i64,
        letter: &(dyn Fn(&ExpiringCredential) -> Letter + Send + Sync),
    ) -> Result<usize, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT c.id, c.name, a.name AS application_name, d.email, d.full_name, c.expires_at
                     FROM credentials c
                     JOIN applications a ON a.id = c.application_id
                     JOIN developers d ON d.id = a.developer_id
                     WHERE c.expires_at IS NOT NULL AND c.expiry_notified = 0 AND c.expires_at < ?1
                     ORDER BY c.expires_at LIMIT 500",
                )
                .bind(before),
            )
            .await?;
        let mut announced = 0;
        for row in rows {
            let expiring = ExpiringCredential {
                id: row.get("id"),
                name: row.get("name"),
                application_name: row.get("application_name"),
                developer_email: row.get("email"),
                developer_name: row.get("full_name"),
                expires_at: row.get("expires_at"),
            };
            // Marked and queued together, once: another instance announcing at the same
            // moment finds the mark set and queues nothing. The expiry and the address read
            // above are pinned: if either changed meanwhile, the next round announces anew.
            let guard = Stmt::new(
                "UPDATE credentials SET expiry_notified = 1
                 WHERE id = ?1 AND expiry_notified = 0 AND expires_at = ?2
                   AND EXISTS (SELECT 1 FROM applications a JOIN developers d ON d.id = a.developer_id
                               WHERE a.id = credentials.application_id AND d.email = ?3)
                 RETURNING id",
            )
            .bind(&expiring.id)
            .bind(expiring.expires_at)
            .bind(&expiring.developer_email);
            let batch = Batch::guarded(guard).then(self.mail_step(&letter(&expiring)));
            if self.db.batch(batch).await?.applied {
                announced += 1;
            }
        }
        Ok(announced)
    }
}

fn credential_row(row: &Row, now: i64) -> CredentialRow {
    let expires_at: Option<i64> = row.get("expires_at");
    let previous: Option<i64> = row.get("previous_valid_until");
    CredentialRow {
        id: row.get("id"),
        kind: CredentialKind::parse(&row.get::<String>("kind")).unwrap_or(CredentialKind::KeyAuth),
        name: row.get("name"),
        identifier: row.get("identifier"),
        hint: row.get("hint"),
        algorithm: row
            .get::<Option<String>>("algorithm")
            .and_then(|a| JwtAlgorithm::parse(&a)),
        created_at: rfc3339(row.get("created_at")),
        last_used_at: row.get::<Option<i64>>("last_used_at").map(rfc3339),
        expires_at: expires_at.map(rfc3339),
        expired: expires_at.is_some_and(|at| at <= now),
        previous_valid_until: previous.filter(|&until| until > now).map(rfc3339),
        secret_version: row.get("secret_version"),
    }
}
