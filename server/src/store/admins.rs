//! Console accounts: listing, roles, removal, never leaving the console without an owner.

use app::model::{AdminRole, AdminRow};
use sqlx::Row;

use super::{rfc3339, AuditEntry, Store, StoreError};

/// Why an admin change was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminChangeRefused {
    NoSuchAdmin,
    /// It would leave no owner.
    LastOwner,
}

impl Store {
    pub async fn admins(&self) -> Result<Vec<AdminRow>, StoreError> {
        let rows =
            sqlx::query("SELECT id, email, role, created_at FROM admins ORDER BY email_normalized")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|row| AdminRow {
                id: row.get("id"),
                email: row.get("email"),
                role: AdminRole::parse(row.get("role")).unwrap_or(AdminRole::Viewer),
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
        let mut tx = self.pool.begin().await?;
        let email: Option<String> = match role {
            Some(role) => {
                sqlx::query_scalar("UPDATE admins SET role = ? WHERE id = ? RETURNING email")
                    .bind(role.as_str())
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => {
                sqlx::query_scalar("DELETE FROM admins WHERE id = ? RETURNING email")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
            }
        };
        let Some(email) = email else {
            return Ok(Err(AdminChangeRefused::NoSuchAdmin));
        };
        let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM admins WHERE role = 'owner'")
            .fetch_one(&mut *tx)
            .await?;
        if owners == 0 {
            return Ok(Err(AdminChangeRefused::LastOwner));
        }
        Self::record_in(
            &mut tx,
            AuditEntry {
                target_label: &email,
                ..audit
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
}
