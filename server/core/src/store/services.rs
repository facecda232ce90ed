//! Services: the catalog's entries and how gateways find them.

use app::model::{CatalogEntry, ServiceForm, ServiceRow, ValidService};
use gatehouse_db::{Batch, Row, Stmt};

use super::{rfc3339, AuditEntry, DocumentWrite, Store, StoreError};

/// A stored service with its document, for its page and its edit form.
#[derive(Debug)]
pub struct StoredService {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub route_prefix: Option<String>,
    pub host: Option<String>,
    pub acl_groups: Vec<String>,
    /// A document saved before documents were stored parsed (`service_documents`); empty
    /// once it has been moved there.
    pub legacy_openapi: String,
    pub published: bool,
}

impl StoredService {
    /// The edit form, without its document (the caller puts it in, or says it is kept).
    pub fn into_form(self) -> ServiceForm {
        ServiceForm {
            id: self.id,
            name: self.name,
            version: self.version,
            description: self.description,
            route_prefix: self.route_prefix.unwrap_or_default(),
            host: self.host.unwrap_or_default(),
            acl_groups: self.acl_groups.join(", "),
            ..ServiceForm::default()
        }
    }
}

pub(super) fn split_groups(groups: &str) -> Vec<String> {
    groups
        .split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(String::from)
        .collect()
}

impl Store {
    /// Creates (no `id`) or updates a service, and its document as `document` says, with its
    /// audit entry, in one batch. Returns its id.
    pub async fn save_service(
        &self,
        id: Option<&str>,
        service: &ValidService,
        document: DocumentWrite<'_>,
        audit: AuditEntry<'_>,
    ) -> Result<Option<String>, StoreError> {
        let now = self.now();
        let groups = service.acl_groups.join(",");
        let saved = match id {
            None => crate::store::new_id(),
            Some(id) => id.to_owned(),
        };
        let guard = match id {
            None => Stmt::new(
                "INSERT INTO services (id, name, name_normalized, description, version, route_prefix, host, acl_groups, openapi, published, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', 1, ?9, ?9) RETURNING id",
            ),
            // A kept document stays where it is, also one not yet moved out of `openapi`.
            Some(_) if matches!(document, DocumentWrite::Keep) => Stmt::new(
                "UPDATE services SET name = ?2, name_normalized = ?3, description = ?4, version = ?5, route_prefix = ?6, host = ?7, acl_groups = ?8, updated_at = ?9
                 WHERE id = ?1 RETURNING id",
            ),
            Some(_) => Stmt::new(
                "UPDATE services SET name = ?2, name_normalized = ?3, description = ?4, version = ?5, route_prefix = ?6, host = ?7, acl_groups = ?8, openapi = '', updated_at = ?9
                 WHERE id = ?1 RETURNING id",
            ),
        }
        .bind(&saved)
        .bind(&service.name)
        .bind(service.name.to_lowercase())
        .bind(&service.description)
        .bind(&service.version)
        .bind(service.route_prefix.as_deref())
        .bind(service.host.as_deref())
        .bind(&groups)
        .bind(now);
        let audit = AuditEntry {
            target_id: Some(&saved),
            target_label: &service.name,
            ..audit
        };
        let mut batch = Batch::guarded(guard).then(audit.step(now));
        for step in document.steps(&saved)? {
            batch.push(step);
        }
        Ok(self.db.batch(batch).await?.applied.then_some(saved))
    }

    /// Publishes or unpublishes; false when there is no such service.
    pub async fn publish_service(
        &self,
        id: &str,
        published: bool,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let Some(name) = self
            .db
            .scalar::<String>(Stmt::new("SELECT name FROM services WHERE id = ?1").bind(id))
            .await?
        else {
            return Ok(false);
        };
        let guard = Stmt::new(
            "UPDATE services SET published = ?1, updated_at = ?2 WHERE id = ?3 AND name = ?4 RETURNING id",
        )
        .bind(published)
        .bind(self.now())
        .bind(id)
        .bind(&name);
        let audit = AuditEntry {
            target_label: &name,
            ..audit
        };
        self.decide_audited(guard, audit).await
    }

    pub async fn services(&self) -> Result<Vec<ServiceRow>, StoreError> {
        let rows = self
            .db
            .all(Stmt::new(
                "SELECT s.id, s.name, s.version, s.route_prefix, s.host, s.acl_groups, s.published, s.updated_at,
                        (SELECT COUNT(*) FROM registrations r WHERE r.service_id = s.id AND r.status = 'pending') AS waiting
                 FROM services s ORDER BY s.name_normalized",
            ))
            .await?;
        Ok(rows
            .iter()
            .map(|row| ServiceRow {
                id: row.get("id"),
                name: row.get("name"),
                version: row.get("version"),
                route_prefix: row.get("route_prefix"),
                host: row.get("host"),
                acl_groups: split_groups(&row.get::<String>("acl_groups")),
                published: row.get("published"),
                registrations: row.get("waiting"),
                updated_at: rfc3339(row.get("updated_at")),
            })
            .collect())
    }

    /// Published services, by name.
    pub async fn catalog(&self) -> Result<Vec<CatalogEntry>, StoreError> {
        let rows = self
            .db
            .all(Stmt::new(
                "SELECT id, name, version, description FROM services WHERE published = 1 ORDER BY name_normalized",
            ))
            .await?;
        Ok(rows.iter().map(catalog_entry).collect())
    }

    pub async fn service(&self, id: &str) -> Result<Option<StoredService>, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(
                    "SELECT id, name, version, description, route_prefix, host, acl_groups, openapi, published FROM services WHERE id = ?1",
                )
                .bind(id),
            )
            .await?;
        Ok(row.map(|row| StoredService {
            id: row.get("id"),
            name: row.get("name"),
            version: row.get("version"),
            description: row.get("description"),
            route_prefix: row.get("route_prefix"),
            host: row.get("host"),
            acl_groups: split_groups(&row.get::<String>("acl_groups")),
            legacy_openapi: row.get("openapi"),
            published: row.get("published"),
        }))
    }
}

pub(super) fn catalog_entry(row: &Row) -> CatalogEntry {
    CatalogEntry {
        id: row.get("id"),
        name: row.get("name"),
        version: row.get("version"),
        description: row.get("description"),
    }
}

impl Store {
    /// Which field of `service` another service already uses: name, route prefix or host.
    pub async fn service_clash(
        &self,
        id: Option<&str>,
        service: &ValidService,
    ) -> Result<Option<&'static str>, StoreError> {
        let clash = self
            .db
            .one(
                Stmt::new(
                    "SELECT name_normalized, route_prefix, host FROM services
                     WHERE id <> ?1 AND (name_normalized = ?2 OR route_prefix = ?3 OR host = ?4) LIMIT 1",
                )
                .bind(id.unwrap_or(""))
                .bind(service.name.to_lowercase())
                .bind(service.route_prefix.as_deref())
                .bind(service.host.as_deref()),
            )
            .await?;
        Ok(clash.map(|row| {
            let name: String = row.get("name_normalized");
            let prefix: Option<String> = row.get("route_prefix");
            let host: Option<String> = row.get("host");
            if name == service.name.to_lowercase() {
                "name"
            } else if prefix.is_some() && prefix == service.route_prefix {
                "route_prefix"
            } else if host.is_some() && host == service.host {
                "host"
            } else {
                "name"
            }
        }))
    }
}
