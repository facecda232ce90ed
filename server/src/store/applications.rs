//! Developers' applications and their registrations with services.

use app::model::{
    ApplicationRow, CatalogEntry, RegistrationRequest, RegistrationRow, RegistrationStatus,
};
use sqlx::{sqlite::SqliteRow, Row};

use super::services::{catalog_entry, split_groups};
use super::{now_millis, rfc3339, AuditEntry, Store, StoreError};
use crate::mail::Letter;

/// Why a registration change did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum RegistrationRefused {
    Gone,
    StatusChanged,
}

/// A registration with what its e-mail needs.
#[derive(Debug)]
pub struct RegistrationFacts {
    pub application_name: String,
    pub service_name: String,
    pub developer_email: String,
    pub developer_name: String,
}

const APPLICATION_COLUMNS: &str = "a.id, a.name, a.description, a.created_at,
    (SELECT COUNT(*) FROM registrations r WHERE r.application_id = a.id) AS registrations,
    (SELECT COUNT(*) FROM credentials c WHERE c.application_id = a.id) AS credentials";

impl Store {
    pub async fn applications_of(
        &self,
        developer_id: &str,
    ) -> Result<Vec<ApplicationRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.developer_id = ? ORDER BY a.name_normalized"
        ))
        .bind(developer_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(application_row).collect())
    }

    /// The application if `developer_id` owns it, with its ACL groups.
    pub async fn application_of(
        &self,
        developer_id: &str,
        application_id: &str,
    ) -> Result<Option<(ApplicationRow, Vec<String>)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {APPLICATION_COLUMNS}, a.acl_groups FROM applications a WHERE a.id = ? AND a.developer_id = ?"
        ))
        .bind(application_id)
        .bind(developer_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| (application_row(&row), split_groups(row.get("acl_groups")))))
    }

    /// Creates an application; `Err(AlreadyExists)` when the developer has one of that name.
    pub async fn create_application(
        &self,
        developer_id: &str,
        name: &str,
        description: &str,
        audit: AuditEntry<'_>,
    ) -> Result<String, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO applications (id, developer_id, name, name_normalized, description, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(developer_id)
        .bind(name)
        .bind(name.to_lowercase())
        .bind(description)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        Self::record_in(
            &mut tx,
            AuditEntry {
                target_id: Some(&id),
                target_label: name,
                ..audit
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Renames or re-describes the developer's application; false when it is not theirs.
    pub async fn update_application(
        &self,
        developer_id: &str,
        application_id: &str,
        name: &str,
        description: &str,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET name = ?, name_normalized = ?, description = ?, updated_at = ?
             WHERE id = ? AND developer_id = ?",
        )
        .bind(name)
        .bind(name.to_lowercase())
        .bind(description)
        .bind(now_millis())
        .bind(application_id)
        .bind(developer_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?
        .rows_affected()
            == 1;
        if done {
            Self::record_in(&mut tx, audit).await?;
            tx.commit().await?;
        }
        Ok(done)
    }

    /// Deletes the developer's application with its registrations and credentials (foreign
    /// keys); false when it is not theirs.
    pub async fn delete_application(
        &self,
        developer_id: &str,
        application_id: &str,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let name: Option<String> = sqlx::query_scalar(
            "DELETE FROM applications WHERE id = ? AND developer_id = ? RETURNING name",
        )
        .bind(application_id)
        .bind(developer_id)
        .fetch_optional(&mut *tx)
        .await?;
        Self::commit_named(tx, name, audit).await
    }

    /// Sets an application's ACL groups; false when there is no such application.
    pub async fn set_application_groups(
        &self,
        application_id: &str,
        groups: &[String],
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let name: Option<String> = sqlx::query_scalar(
            "UPDATE applications SET acl_groups = ?, updated_at = ? WHERE id = ? RETURNING name",
        )
        .bind(groups.join(","))
        .bind(now_millis())
        .bind(application_id)
        .fetch_optional(&mut *tx)
        .await?;
        Self::commit_named(tx, name, audit).await
    }

    /// Every application of a developer with its ACL groups (the console's details page).
    pub async fn developer_applications(
        &self,
        developer_id: &str,
    ) -> Result<Vec<(ApplicationRow, Vec<String>)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {APPLICATION_COLUMNS}, a.acl_groups FROM applications a WHERE a.developer_id = ? ORDER BY a.name_normalized"
        ))
        .bind(developer_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| (application_row(row), split_groups(row.get("acl_groups"))))
            .collect())
    }

    pub async fn registrations_of(
        &self,
        application_id: &str,
    ) -> Result<Vec<RegistrationRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.service_id, s.name AS service_name, r.status, r.created_at
             FROM registrations r JOIN services s ON s.id = r.service_id
             WHERE r.application_id = ? ORDER BY s.name_normalized",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| RegistrationRow {
                id: row.get("id"),
                service_id: row.get("service_id"),
                service_name: row.get("service_name"),
                status: RegistrationStatus::parse(row.get("status"))
                    .unwrap_or(RegistrationStatus::Pending),
                created_at: rfc3339(row.get("created_at")),
            })
            .collect())
    }

    /// Published services the application has no registration with.
    pub async fn services_open_to(
        &self,
        application_id: &str,
    ) -> Result<Vec<CatalogEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, version, description FROM services s WHERE published = 1
             AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.service_id = s.id AND r.application_id = ?)
             ORDER BY name_normalized",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(catalog_entry).collect())
    }

    /// Registers an application with a published service. `Ok(None)`: no such published
    /// service; `Err(AlreadyExists)`: registered already. Notifies admins when pending.
    pub async fn register(
        &self,
        application_id: &str,
        service_id: &str,
        status: RegistrationStatus,
        audit: AuditEntry<'_>,
        admin_notice: Option<&(dyn Fn(&str) -> Letter + Send + Sync)>,
    ) -> Result<Option<String>, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        // Written first (see `change_registration`); only a published service matches.
        let service_name: Option<String> = sqlx::query_scalar(
            "INSERT INTO registrations (id, application_id, service_id, status, created_at, updated_at)
             SELECT ?, ?, id, ?, ?, ? FROM services WHERE id = ? AND published = 1
             RETURNING (SELECT name FROM services WHERE id = service_id)",
        )
        .bind(&id)
        .bind(application_id)
        .bind(status.as_str())
        .bind(now)
        .bind(now)
        .bind(service_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        let Some(service_name) = service_name else {
            return Ok(None);
        };
        Self::record_in(
            &mut tx,
            AuditEntry {
                target_id: Some(&id),
                target_label: &service_name,
                ..audit
            },
        )
        .await?;
        if let Some(notice) = admin_notice {
            let admins: Vec<String> =
                sqlx::query_scalar("SELECT email FROM admins WHERE role IN ('owner', 'admin')")
                    .fetch_all(&mut *tx)
                    .await?;
            for admin in admins {
                Self::enqueue_in(&mut tx, &notice(&admin)).await?;
            }
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Pending registrations, oldest first.
    pub async fn pending_registrations(
        &self,
        limit: i64,
    ) -> Result<Vec<RegistrationRequest>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.application_id, a.name AS application_name, d.id AS developer_id,
                    d.email AS developer_email, s.name AS service_name, r.created_at
             FROM registrations r
             JOIN applications a ON a.id = r.application_id
             JOIN developers d ON d.id = a.developer_id
             JOIN services s ON s.id = r.service_id
             WHERE r.status = 'pending' ORDER BY r.created_at, r.id LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| RegistrationRequest {
                id: row.get("id"),
                application_id: row.get("application_id"),
                application_name: row.get("application_name"),
                developer_id: row.get("developer_id"),
                developer_email: row.get("developer_email"),
                service_name: row.get("service_name"),
                requested_at: rfc3339(row.get("created_at")),
            })
            .collect())
    }

    /// Moves a registration from `expected` to `next` (or deletes it when `next` is `None`),
    /// with its audit entry and the developer's e-mail, atomically; of two admins acting at
    /// once exactly one wins.
    pub async fn change_registration(
        &self,
        id: &str,
        expected: RegistrationStatus,
        next: Option<RegistrationStatus>,
        audit: AuditEntry<'_>,
        notice: Option<&(dyn Fn(&RegistrationFacts) -> Letter + Send + Sync)>,
    ) -> Result<Result<RegistrationFacts, RegistrationRefused>, StoreError> {
        // The guarded write comes first: a transaction that starts by writing waits for the
        // write lock (busy timeout); one that read first could not upgrade when another
        // admin's change commits in between.
        let mut tx = self.pool.begin().await?;
        let changed: Option<(String, String)> = match next {
            Some(next) => sqlx::query_as(
                "UPDATE registrations SET status = ?, updated_at = ? WHERE id = ? AND status = ?
                 RETURNING application_id, service_id",
            )
            .bind(next.as_str())
            .bind(now_millis())
            .bind(id)
            .bind(expected.as_str()),
            None => sqlx::query_as(
                "DELETE FROM registrations WHERE id = ? AND status = ? RETURNING application_id, service_id",
            )
            .bind(id)
            .bind(expected.as_str()),
        }
        .fetch_optional(&mut *tx)
        .await?;
        let Some((application_id, service_id)) = changed else {
            drop(tx);
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM registrations WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
            return Ok(Err(if exists.is_some() {
                RegistrationRefused::StatusChanged
            } else {
                RegistrationRefused::Gone
            }));
        };
        let facts = sqlx::query(
            "SELECT a.name AS application_name, s.name AS service_name, d.email, d.full_name
             FROM applications a
             JOIN developers d ON d.id = a.developer_id
             JOIN services s ON s.id = ?
             WHERE a.id = ?",
        )
        .bind(&service_id)
        .bind(&application_id)
        .fetch_one(&mut *tx)
        .await?;
        let facts = RegistrationFacts {
            application_name: facts.get("application_name"),
            service_name: facts.get("service_name"),
            developer_email: facts.get("email"),
            developer_name: facts.get("full_name"),
        };
        let label = format!("{} → {}", facts.application_name, facts.service_name);
        Self::record_in(
            &mut tx,
            AuditEntry {
                target_label: &label,
                ..audit
            },
        )
        .await?;
        if let Some(notice) = notice {
            Self::enqueue_in(&mut tx, &notice(&facts)).await?;
        }
        tx.commit().await?;
        Ok(Ok(facts))
    }
}

fn application_row(row: &SqliteRow) -> ApplicationRow {
    ApplicationRow {
        id: row.get("id"),
        name: row.get("name"),
        description: row.get("description"),
        created_at: rfc3339(row.get("created_at")),
        registrations: row.get("registrations"),
        credentials: row.get("credentials"),
    }
}
