//! Admin API tokens: made and revoked with their audit entry, listed, and resolved from a
//! presented secret's hash on every API request.

use app::model::{parse_scopes, AdminRole, ApiTokenRow, TokenHolder};
use gatehouse_db::{Batch, Row, Stmt};

use super::{new_id, rfc3339, AuditEntry, Store, StoreError};

/// How stale a token's "last used" may be before a request writes it again: a script
/// calling in a loop costs one write a minute, not one per call.
const LAST_USED_PRECISION_MS: i64 = 60_000;

/// A token about to be stored.
pub struct NewStoredToken<'a> {
    pub name: &'a str,
    pub token_hash: &'a str,
    pub prefix: &'a str,
    pub scopes: &'a str,
    pub admin_id: &'a str,
    pub expires_at: Option<i64>,
}

impl Store {
    /// Stores a token with its audit entry; returns its id. A live token of the same name
    /// is refused ([`StoreError::AlreadyExists`]).
    pub async fn insert_api_token(
        &self,
        token: NewStoredToken<'_>,
        audit: AuditEntry<'_>,
    ) -> Result<String, StoreError> {
        let id = new_id();
        let now = self.now();
        let audit = AuditEntry {
            target_id: Some(&id),
            target_label: token.name,
            ..audit
        };
        let batch = Batch::new()
            .then(
                Stmt::new(
                    "INSERT INTO api_tokens (id, name, token_hash, prefix, scopes, admin_id, created_at, expires_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .bind(id.as_str())
                .bind(token.name)
                .bind(token.token_hash)
                .bind(token.prefix)
                .bind(token.scopes)
                .bind(token.admin_id)
                .bind(now)
                .bind(token.expires_at),
            )
            .then(audit.insert(now));
        self.db.batch(batch).await?;
        Ok(id)
    }

    /// Every token, live ones first, newest first within each.
    pub async fn api_tokens(&self) -> Result<Vec<ApiTokenRow>, StoreError> {
        let rows = self
            .db
            .all(Stmt::new(
                "SELECT t.id, t.name, t.prefix, t.scopes, a.email, t.created_at, t.expires_at,
                        t.last_used_at, t.revoked_at
                 FROM api_tokens t JOIN admins a ON a.id = t.admin_id
                 ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC, t.id DESC",
            ))
            .await?;
        Ok(rows.iter().map(token_row).collect())
    }

    /// The admin a token acts for, when it is not revoked; `None` for an unknown token.
    pub async fn api_token_admin(&self, token_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .db
            .scalar(
                Stmt::new("SELECT admin_id FROM api_tokens WHERE id = ?1 AND revoked_at IS NULL")
                    .bind(token_id),
            )
            .await?)
    }

    /// Revokes a live token with its audit entry; false when it was revoked already or is
    /// gone.
    pub async fn revoke_api_token(
        &self,
        token_id: &str,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let Some(name) = self
            .db
            .scalar::<String>(Stmt::new("SELECT name FROM api_tokens WHERE id = ?1").bind(token_id))
            .await?
        else {
            return Ok(false);
        };
        let guard = Stmt::new(
            "UPDATE api_tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL RETURNING id",
        )
        .bind(self.now())
        .bind(token_id);
        let audit = AuditEntry {
            target_label: &name,
            ..audit
        };
        self.decide_audited(guard, audit).await
    }

    /// Who the live, unexpired token with this secret hash acts for, with its admin's role
    /// as it is now; marks it used.
    pub async fn api_token_holder(
        &self,
        token_hash: &str,
    ) -> Result<Option<TokenHolder>, StoreError> {
        let now = self.now();
        let Some(row) = self
            .db
            .one(
                Stmt::new(
                    "SELECT t.id, t.name, t.scopes, t.last_used_at, a.id AS admin_id, a.email, a.role
                     FROM api_tokens t JOIN admins a ON a.id = t.admin_id
                     WHERE t.token_hash = ?1 AND t.revoked_at IS NULL
                       AND (t.expires_at IS NULL OR t.expires_at > ?2)",
                )
                .bind(token_hash)
                .bind(now),
            )
            .await?
        else {
            return Ok(None);
        };
        let token_id: String = row.get("id");
        let last_used: Option<i64> = row.get("last_used_at");
        if last_used.is_none_or(|at| at < now - LAST_USED_PRECISION_MS) {
            self.db
                .run(
                    Stmt::new("UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2")
                        .bind(now)
                        .bind(token_id.as_str()),
                )
                .await?;
        }
        Ok(Some(TokenHolder {
            token_id,
            token_name: row.get("name"),
            scopes: parse_scopes(&row.get::<String>("scopes")),
            admin_id: row.get("admin_id"),
            admin_email: row.get("email"),
            role: AdminRole::parse(&row.get::<String>("role")).unwrap_or(AdminRole::Viewer),
        }))
    }
}

impl Store {
    /// Makes a token's expiry now (tests); whether it exists.
    #[doc(hidden)]
    pub async fn expire_api_token_now(&self, token_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .db
            .run(
                Stmt::new("UPDATE api_tokens SET expires_at = ?1 WHERE id = ?2")
                    .bind(self.now())
                    .bind(token_id),
            )
            .await?
            == 1)
    }
}

fn token_row(row: &Row) -> ApiTokenRow {
    ApiTokenRow {
        id: row.get("id"),
        name: row.get("name"),
        scopes: parse_scopes(&row.get::<String>("scopes")),
        prefix: row.get("prefix"),
        admin_email: row.get("email"),
        created_at: rfc3339(row.get("created_at")),
        expires_at: row.get::<Option<i64>>("expires_at").map(rfc3339),
        last_used_at: row.get::<Option<i64>>("last_used_at").map(rfc3339),
        revoked_at: row.get::<Option<i64>>("revoked_at").map(rfc3339),
    }
}
