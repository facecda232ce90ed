//! Developers' applications and their registrations with services.

use app::model::{
    ApplicationRow, CatalogEntry, RegistrationRow, RegistrationStatus, ServiceAddress,
};
use gatehouse_db::{Batch, Row, Stmt};

use super::services::{catalog_entry, split_groups};
use super::Letter;
use super::{rfc3339, AuditEntry, Store, StoreError};

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
        let rows = self
            .db
            .all(
                Stmt::new(format!(
                    "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.developer_id = ?1 ORDER BY a.name_normalized"
                ))
                .bind(developer_id),
            )
            .await?;
        Ok(rows.iter().map(application_row).collect())
    }

    /// The application if `developer_id` owns it, with its ACL groups.
    pub async fn application_of(
        &self,
        developer_id: &str,
        application_id: &str,
    ) -> Result<Option<(ApplicationRow, Vec<String>)>, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(format!(
                    "SELECT {APPLICATION_COLUMNS}, a.acl_groups FROM applications a WHERE a.id = ?1 AND a.developer_id = ?2"
                ))
                .bind(application_id)
                .bind(developer_id),
            )
            .await?;
        Ok(row.map(|row| {
            (
                application_row(&row),
                split_groups(&row.get::<String>("acl_groups")),
            )
        }))
    }

    /// Creates an application; `Err(AlreadyExists)` when the developer has one of that name.
    pub async fn create_application(
        &self,
        developer_id: &str,
        name: &str,
        description: &str,
        audit: AuditEntry<'_>,
    ) -> Result<String, StoreError> {
        let id = crate::store::new_id();
        let now = self.now();
        let insert = Stmt::new(
            "INSERT INTO applications (id, developer_id, name, name_normalized, description, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )
        .bind(&id)
        .bind(developer_id)
        .bind(name)
        .bind(name.to_lowercase())
        .bind(description)
        .bind(now);
        let audit = AuditEntry {
            target_id: Some(&id),
            target_label: name,
            ..audit
        };
        self.db
            .batch(Batch::new().then(insert).then(audit.insert(self.now())))
            .await?;
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
        let guard = Stmt::new(
            "UPDATE applications SET name = ?1, name_normalized = ?2, description = ?3, updated_at = ?4
             WHERE id = ?5 AND developer_id = ?6 RETURNING id",
        )
        .bind(name)
        .bind(name.to_lowercase())
        .bind(description)
        .bind(self.now())
        .bind(application_id)
        .bind(developer_id);
        self.decide_audited(guard, audit).await
    }

    /// Deletes the developer's application with its registrations and credentials (foreign
    /// keys); false when it is not theirs.
    pub async fn delete_application(
        &self,
        developer_id: &str,
        application_id: &str,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let Some(name) = self.application_name(application_id).await? else {
            return Ok(false);
        };
        let guard = Stmt::new(
            "DELETE FROM applications WHERE id = ?1 AND developer_id = ?2 AND name = ?3 RETURNING id",
        )
        .bind(application_id)
        .bind(developer_id)
        .bind(&name);
        let audit = AuditEntry {
            target_label: &name,
            ..audit
        };
        self.decide_audited(guard, audit).await
    }

    /// Sets an application's ACL groups; false when there is no such application.
    pub async fn set_application_groups(
        &self,
        application_id: &str,
        groups: &[String],
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let Some(name) = self.application_name(application_id).await? else {
            return Ok(false);
        };
        let guard = Stmt::new(
            "UPDATE applications SET acl_groups = ?1, updated_at = ?2 WHERE id = ?3 AND name = ?4 RETURNING id",
        )
        .bind(groups.join(","))
        .bind(self.now())
        .bind(application_id)
        .bind(&name);
        let audit = AuditEntry {
            target_label: &name,
            ..audit
        };
        self.decide_audited(guard, audit).await
    }

    async fn application_name(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .db
            .scalar(Stmt::new("SELECT name FROM applications WHERE id = ?1").bind(id))
            .await?)
    }

    /// Every application of a developer with its ACL groups (the console's details page).
    pub async fn developer_applications(
        &self,
        developer_id: &str,
    ) -> Result<Vec<(ApplicationRow, Vec<String>)>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(format!(
                    "SELECT {APPLICATION_COLUMNS}, a.acl_groups FROM applications a WHERE a.developer_id = ?1 ORDER BY a.name_normalized"
                ))
                .bind(developer_id),
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| {
                (
                    application_row(row),
                    split_groups(&row.get::<String>("acl_groups")),
                )
            })
            .collect())
    }

    pub async fn registrations_of(
        &self,
        application_id: &str,
    ) -> Result<Vec<RegistrationRow>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT r.id, r.service_id, s.name AS service_name, s.host, s.route_prefix, r.status, r.created_at
                     FROM registrations r JOIN services s ON s.id = r.service_id
                     WHERE r.application_id = ?1 ORDER BY s.name_normalized",
                )
                .bind(application_id),
            )
            .await?;
        Ok(rows.iter().map(registration_row).collect())
    }

    /// One registration, with the id of its application.
    pub async fn registration(
        &self,
        id: &str,
    ) -> Result<Option<(String, RegistrationRow)>, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(
                    "SELECT r.id, r.application_id, r.service_id, s.name AS service_name, s.host, s.route_prefix,
                            r.status, r.created_at
                     FROM registrations r JOIN services s ON s.id = r.service_id
                     WHERE r.id = ?1",
                )
                .bind(id),
            )
            .await?;
        Ok(row.map(|row| (row.get("application_id"), registration_row(&row))))
    }

    /// Published services the application has no registration with.
    pub async fn services_open_to(
        &self,
        application_id: &str,
    ) -> Result<Vec<CatalogEntry>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT id, name, version, description FROM services s WHERE published = 1
                     AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.service_id = s.id AND r.application_id = ?1)
                     ORDER BY name_normalized",
                )
                .bind(application_id),
            )
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
        let id = crate::store::new_id();
        let now = self.now();
        let Some(service_name) = self
            .db
            .scalar::<String>(
                Stmt::new("SELECT name FROM services WHERE id = ?1 AND published = 1")
                    .bind(service_id),
            )
            .await?
        else {
            return Ok(None);
        };
        // Only a published service matches, and it stays published until this commits.
        let guard = Stmt::new(format!(
            "INSERT INTO registrations (id, application_id, service_id, status, created_at, updated_at,
                                        application_created_at)
             SELECT ?1, ?2, id, ?3, ?4, ?4, (SELECT created_at FROM applications WHERE id = ?2)
             FROM services WHERE id = ?5 AND published = 1{}
             RETURNING id",
            self.db.dialect().share_lock()
        ))
        .bind(&id)
        .bind(application_id)
        .bind(status.as_str())
        .bind(now)
        .bind(service_id);
        let audit = AuditEntry {
            target_id: Some(&id),
            target_label: &service_name,
            ..audit
        };
        let mut batch = Batch::guarded(guard).then(audit.step(self.now()));
        if let Some(notice) = admin_notice {
            for admin in self.admin_recipients().await? {
                batch.push(self.mail_step(&notice(&admin)));
            }
        }
        Ok(self.db.batch(batch).await?.applied.then_some(id))
    }

    /// Moves a registration from `expected` to `next` (or deletes it when `next` is `None`),
    /// with its audit entry and the developer's e-mail, atomically; of two admins acting at
    /// once exactly one wins. `plan` gives a moved registration a plan of its service (`None`
    /// inside: the default) in the same transaction, with its own audit entry when it changes.
    pub async fn change_registration(
        &self,
        id: &str,
        expected: RegistrationStatus,
        next: Option<RegistrationStatus>,
        plan: Option<(Option<&str>, AuditEntry<'_>)>,
        audit: AuditEntry<'_>,
        notice: &(dyn Fn(&RegistrationFacts) -> Option<Letter> + Send + Sync),
    ) -> Result<Result<RegistrationFacts, RegistrationRefused>, StoreError> {
        let Some(facts) = self
            .db
            .one(
                Stmt::new(
                    "SELECT a.name AS application_name, s.name AS service_name, d.email, d.full_name,
                            r.plan_id
                     FROM registrations r
                     JOIN applications a ON a.id = r.application_id
                     JOIN developers d ON d.id = a.developer_id
                     JOIN services s ON s.id = r.service_id
                     WHERE r.id = ?1",
                )
                .bind(id),
            )
            .await?
        else {
            return Ok(Err(RegistrationRefused::Gone));
        };
        let current_plan: Option<String> = facts.get("plan_id");
        // A plan is written (and audited) only when it changes.
        let plan = plan.filter(|(chosen, _)| *chosen != current_plan.as_deref() && next.is_some());
        let facts = RegistrationFacts {
            application_name: facts.get("application_name"),
            service_name: facts.get("service_name"),
            developer_email: facts.get("email"),
            developer_name: facts.get("full_name"),
        };
        // The developer's address is pinned too: the letter goes to the address read above,
        // so a change of address meanwhile makes this a "reload" rather than a stale letter.
        const SAME_ADDRESS: &str =
            "EXISTS (SELECT 1 FROM applications a JOIN developers d ON d.id = a.developer_id
                                    WHERE a.id = registrations.application_id AND d.email = ";
        let (set_plan, plan_of_service) = match plan {
            Some((Some(_), _)) => (
                ", plan_id = ?6",
                " AND EXISTS (SELECT 1 FROM plans p WHERE p.id = ?6 AND p.service_id = registrations.service_id)",
            ),
            Some((None, _)) => (", plan_id = NULL", ""),
            None => ("", ""),
        };
        let guard = match next {
            Some(next) => Stmt::new(format!(
                "UPDATE registrations SET status = ?1, updated_at = ?2{set_plan}
                 WHERE id = ?3 AND status = ?4 AND {SAME_ADDRESS}?5){plan_of_service} RETURNING id"
            ))
            .bind(next.as_str())
            .bind(self.now()),
            None => Stmt::new(format!(
                "DELETE FROM registrations WHERE id = ?1 AND status = ?2 AND {SAME_ADDRESS}?3) RETURNING id"
            )),
        }
        .bind(id)
        .bind(expected.as_str())
        .bind(&facts.developer_email);
        let (guard, plan_audit) = match plan {
            Some((Some(plan_id), plan_audit)) => (guard.bind(plan_id), Some(plan_audit)),
            Some((None, plan_audit)) => (guard, Some(plan_audit)),
            None => (guard, None),
        };
        let label = format!("{} → {}", facts.application_name, facts.service_name);
        let mut batch = Batch::guarded(guard).then(
            AuditEntry {
                target_label: &label,
                ..audit
            }
            .step(self.now()),
        );
        if let Some(plan_audit) = plan_audit {
            batch.push(plan_audit.step(self.now()));
        }
        if let Some(letter) = notice(&facts) {
            batch.push(self.mail_step(&letter));
        }
        if self.db.batch(batch).await?.applied {
            return Ok(Ok(facts));
        }
        let exists: Option<i64> = self
            .db
            .scalar(Stmt::new("SELECT 1 FROM registrations WHERE id = ?1").bind(id))
            .await?;
        Ok(Err(if exists.is_some() {
            RegistrationRefused::StatusChanged
        } else {
            RegistrationRefused::Gone
        }))
    }
}

fn application_row(row: &Row) -> ApplicationRow {
    ApplicationRow {
        id: row.get("id"),
        name: row.get("name"),
        description: row.get("description"),
        created_at: rfc3339(row.get("created_at")),
        registrations: row.get("registrations"),
        credentials: row.get("credentials"),
    }
}

fn registration_row(row: &Row) -> RegistrationRow {
    RegistrationRow {
        id: row.get("id"),
        service_id: row.get("service_id"),
        service_name: row.get("service_name"),
        address: ServiceAddress {
            host: row.get("host"),
            route_prefix: row.get("route_prefix"),
        },
        status: RegistrationStatus::parse(&row.get::<String>("status"))
            .unwrap_or(RegistrationStatus::Pending),
        created_at: rfc3339(row.get("created_at")),
    }
}
