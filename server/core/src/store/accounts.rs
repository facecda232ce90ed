//! Developer and admin accounts.

use app::model::{AdminRole, DeveloperStatus, Email, Realm};
use gatehouse_db::{Batch, Stmt};

use super::{Store, StoreError};

/// What sign-in needs to know about an account, in either realm.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub password_hash: String,
    /// A developer's sign-up address is confirmed (always true for admins).
    pub email_confirmed: bool,
}

pub struct NewAccount<'a> {
    pub email: &'a Email,
    pub password_hash: String,
}

impl Store {
    pub async fn insert_developer(
        &self,
        account: NewAccount<'_>,
        full_name: &str,
        status: DeveloperStatus,
        email_verified: bool,
    ) -> Result<String, StoreError> {
        let id = crate::store::new_id();
        let now = self.now();
        self.db
            .run(developer_insert(
                &id,
                &account,
                full_name,
                status,
                email_verified.then_some(now),
                now,
            ))
            .await?;
        Ok(id)
    }

    /// Stores a developer brought in from another portal (approved, address confirmed) with
    /// its audit entry; returns the id. An address in use is [`StoreError::AlreadyExists`].
    pub async fn insert_imported_developer(
        &self,
        account: NewAccount<'_>,
        full_name: &str,
        audit: super::AuditEntry<'_>,
    ) -> Result<String, StoreError> {
        let id = crate::store::new_id();
        let now = self.now();
        let audit = super::AuditEntry {
            target_id: Some(&id),
            target_label: account.email.as_str(),
            ..audit
        };
        let batch = Batch::new()
            .then(developer_insert(
                &id,
                &account,
                full_name,
                DeveloperStatus::Approved,
                Some(now),
                now,
            ))
            .then(audit.insert(now));
        self.db.batch(batch).await?;
        Ok(id)
    }

    pub async fn insert_admin(
        &self,
        account: NewAccount<'_>,
        role: AdminRole,
    ) -> Result<String, StoreError> {
        let id = crate::store::new_id();
        self.db
            .run(
                Stmt::new(
                    "INSERT INTO admins (id, email, email_normalized, password_hash, role, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .bind(&id)
                .bind(account.email.as_str())
                .bind(account.email.normalized())
                .bind(&account.password_hash)
                .bind(role.as_str())
                .bind(self.now()),
            )
            .await?;
        Ok(id)
    }

    /// Creates the first owner, unless any admin exists: a marker row claimed in the same
    /// batch makes this safe when several instances start on an empty database at once
    /// (each sees no admin; one claims the marker, the others create nothing). Returns the
    /// new id, or `None` when the portal has an admin already.
    pub async fn insert_first_owner(
        &self,
        account: NewAccount<'_>,
    ) -> Result<Option<String>, StoreError> {
        let id = crate::store::new_id();
        let guard = Stmt::new(
            "INSERT INTO settings (key, value)
             SELECT 'first_owner', ?1 WHERE NOT EXISTS (SELECT 1 FROM admins)
             ON CONFLICT (key) DO NOTHING RETURNING key",
        )
        .bind(&id);
        let batch = Batch::guarded(guard).then(
            Stmt::new(
                "INSERT INTO admins (id, email, email_normalized, password_hash, role, created_at)
                 SELECT ?1, ?2, ?3, ?4, 'owner', ?5 WHERE {applied}",
            )
            .bind(&id)
            .bind(account.email.as_str())
            .bind(account.email.normalized())
            .bind(&account.password_hash)
            .bind(self.now()),
        );
        Ok(self.db.batch(batch).await?.applied.then_some(id))
    }

    /// The status of the developer registered with `email`, if any.
    pub async fn developer_status_by_email(
        &self,
        email: &Email,
    ) -> Result<Option<DeveloperStatus>, StoreError> {
        let status: Option<String> = self
            .db
            .scalar(
                Stmt::new("SELECT status FROM developers WHERE email_normalized = ?1")
                    .bind(email.normalized()),
            )
            .await?;
        Ok(status.as_deref().and_then(DeveloperStatus::parse))
    }

    /// A developer's status now (pending when they are gone).
    pub(super) async fn developer_status(&self, id: &str) -> Result<DeveloperStatus, StoreError> {
        let status: Option<String> = self
            .db
            .scalar(Stmt::new("SELECT status FROM developers WHERE id = ?1").bind(id))
            .await?;
        Ok(status
            .as_deref()
            .and_then(DeveloperStatus::parse)
            .unwrap_or(DeveloperStatus::Pending))
    }

    /// The account to check a sign-in against.
    pub async fn account_by_email(
        &self,
        realm: Realm,
        email: &Email,
    ) -> Result<Option<Account>, StoreError> {
        let sql = match realm {
            Realm::Portal => {
                "SELECT id, password_hash, email_verified_at IS NOT NULL AS confirmed
                 FROM developers WHERE email_normalized = ?1"
            }
            Realm::Console => {
                "SELECT id, password_hash, 1 AS confirmed FROM admins WHERE email_normalized = ?1"
            }
        };
        let row = self.db.one(Stmt::new(sql).bind(email.normalized())).await?;
        Ok(row.map(|row| Account {
            id: row.get("id"),
            password_hash: row.get("password_hash"),
            email_confirmed: row.get::<bool>("confirmed"),
        }))
    }

    pub async fn developer_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .db
            .scalar(Stmt::new("SELECT COUNT(*) FROM developers"))
            .await?
            .unwrap_or(0))
    }

    /// Every developer's id, oldest first.
    pub async fn developer_ids(&self) -> Result<Vec<String>, StoreError> {
        let rows = self
            .db
            .all(Stmt::new(
                "SELECT id FROM developers ORDER BY created_at, id",
            ))
            .await?;
        Ok(rows.iter().map(|row| row.get("id")).collect())
    }

    pub async fn admin_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .db
            .scalar(Stmt::new("SELECT COUNT(*) FROM admins"))
            .await?
            .unwrap_or(0))
    }
}

/// The insert of a new developer account, written once for sign-ups and imports.
fn developer_insert(
    id: &str,
    account: &NewAccount<'_>,
    full_name: &str,
    status: DeveloperStatus,
    email_verified_at: Option<i64>,
    now: i64,
) -> Stmt {
    Stmt::new(
        "INSERT INTO developers (id, email, email_normalized, full_name, name_normalized, password_hash, status, created_at, updated_at, email_verified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
    )
    .bind(id)
    .bind(account.email.as_str())
    .bind(account.email.normalized())
    .bind(full_name)
    .bind(full_name.to_lowercase())
    .bind(&account.password_hash)
    .bind(status.as_str())
    .bind(now)
    .bind(email_verified_at)
}
