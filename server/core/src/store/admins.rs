//! Console accounts: listing, roles, removal, never leaving the console without an owner.

use app::model::{AdminRole, AdminRow};
use gatehouse_db::{Dialect, Stmt};

use super::{rfc3339, AuditEntry, Store, StoreError};

/// The first owner's address when none is given (`GATEHOUSE_ADMIN_EMAIL`), on every target.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@gatehouse.localhost";

/// "Another owner remains": SQLite runs one writer at a time, so counting suffices; on
/// PostgreSQL the owners' rows are locked first, so two owners demoting each other at once
/// cannot both see the other one still there.
const OTHER_OWNER_REMAINS_SQLITE: &str = "(SELECT COUNT(*) FROM admins WHERE role = 'owner') > 1";
const OTHER_OWNER_REMAINS_POSTGRES: &str =
    "(SELECT COUNT(*) FROM (SELECT 1 FROM admins WHERE role = 'owner' FOR UPDATE) owners) > 1";

/// Why an admin change was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminChangeRefused {
    NoSuchAdmin,
    /// It would leave no owner.
    LastOwner,
}

impl Store {
    pub async fn admins(&self) -> Result<Vec<AdminRow>, StoreError> {
        let rows = self
            .db
            .all(Stmt::new(
                "SELECT id, email, role, created_at FROM admins ORDER BY email_normalized",
            ))
            .await?;
        Ok(rows
            .iter()
            .map(|row| AdminRow {
                id: row.get("id"),
                email: row.get("email"),
                role: AdminRole::parse(&row.get::<String>("role")).unwrap_or(AdminRole::Viewer),
                created_at: rfc3339(row.get("created_at")),
            })
            .collect())
    }

    /// Sets a role (`Some`) or deletes the admin with their sessions (`None`), in one
    /// transaction that is undone if no owner would be left.
    pub async fn change_admin(
        &self,
        id: &str,
        role: Option<AdminRole>,
        audit: AuditEntry<'_>,
    ) -> Result<Result<(), AdminChangeRefused>, StoreError> {
        let Some(email) = self
            .db
            .scalar::<String>(Stmt::new("SELECT email FROM admins WHERE id = ?1").bind(id))
            .await?
        else {
            return Ok(Err(AdminChangeRefused::NoSuchAdmin));
        };
        let other_owner_remains = match self.db.dialect() {
            Dialect::Sqlite => OTHER_OWNER_REMAINS_SQLITE,
            Dialect::Postgres => OTHER_OWNER_REMAINS_POSTGRES,
        };
        let guard = match role {
            Some(role) => Stmt::new(format!(
                "UPDATE admins SET role = ?1 WHERE id = ?2 AND email = ?3
                 AND (?1 = 'owner' OR role <> 'owner' OR {other_owner_remains}) RETURNING id"
            ))
            .bind(role.as_str()),
            None => Stmt::new(format!(
                "DELETE FROM admins WHERE id = ?1 AND email = ?2
                 AND (role <> 'owner' OR {other_owner_remains}) RETURNING id"
            )),
        }
        .bind(id)
        .bind(&email);
        let audit = AuditEntry {
            target_label: &email,
            ..audit
        };
        if self.decide_audited(guard, audit).await? {
            return Ok(Ok(()));
        }
        let exists: Option<i64> = self
            .db
            .scalar(Stmt::new("SELECT 1 FROM admins WHERE id = ?1").bind(id))
            .await?;
        Ok(Err(if exists.is_some() {
            AdminChangeRefused::LastOwner
        } else {
            AdminChangeRefused::NoSuchAdmin
        }))
    }
}
