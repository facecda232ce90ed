//! The console's view of developers: the paginated list, counts, details, status changes.

use app::model::{
    DeveloperPage, DeveloperQuery, DeveloperRow, DeveloperSort, DeveloperStatus, QueueCount,
    StatusCounts,
};
use gatehouse_db::{Batch, Row, Stmt, ToValue, Value};

use super::Letter;
use super::{rfc3339, AuditEntry, Store, StoreError};

/// Rows per page of the Developers page.
pub const PAGE_SIZE: i64 = 50;

/// Writes the developer's e-mail about a change, from their address and name.
pub type Notice<'a> = dyn Fn(&str, &str) -> Option<Letter> + Send + Sync + 'a;

/// Why a status change did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeRefused {
    /// No developer with that id (deleted meanwhile).
    Gone,
    /// The developer's status is no longer the one the admin saw.
    StatusChanged,
}

/// The query's status and search as conditions (`" AND …"`) and their arguments.
fn developer_filter(query: &DeveloperQuery) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut args = Vec::new();
    if let Some(status) = query.status {
        sql.push_str(" AND status = ?");
        args.push(status.as_str().to_value());
    }
    let search = query.search.as_str();
    if !search.is_empty() {
        let end = format!("{search}\u{10FFFF}");
        sql.push_str(
            " AND ((email_normalized >= ? AND email_normalized < ?) OR (name_normalized >= ? AND name_normalized < ?))",
        );
        for bound in [search, end.as_str(), search, end.as_str()] {
            args.push(bound.to_value());
        }
    }
    (sql, args)
}

impl Store {
    /// One page of developers, by keyset: the cost depends on the page size, not on how many
    /// developers there are or how deep the page is.
    pub async fn developer_page(
        &self,
        query: &DeveloperQuery,
    ) -> Result<DeveloperPage, StoreError> {
        let (rows, next) = self.developer_rows(query, PAGE_SIZE).await?;
        let counts = self.developer_counts().await?;
        let matching = match query.status {
            Some(status) if query.search.is_empty() => QueueCount {
                counted: counts.of(status),
                more: false,
            },
            _ => {
                let (filter, args) = developer_filter(query);
                self.capped_count(
                    &format!("SELECT 1 FROM developers WHERE 1 = 1{filter}"),
                    &args,
                )
                .await?
            }
        };
        Ok(DeveloperPage {
            rows,
            next,
            counts,
            matching,
            rejections_final: self.portal_settings().await?.rejections_final,
        })
    }

    /// Up to `size` developers of the query, by keyset, and the cursor of the next ones: one
    /// statement (the CSV export reads 2,000 at a time, which keeps a million developers
    /// within D1's 1,000 statements per request).
    pub async fn developer_rows(
        &self,
        query: &DeveloperQuery,
        size: i64,
    ) -> Result<(Vec<DeveloperRow>, Option<String>), StoreError> {
        let column = match query.sort {
            DeveloperSort::Name => "name_normalized",
            DeveloperSort::Email => "email_normalized",
            DeveloperSort::Requested => "created_at",
        };
        let (direction, beyond) = if query.descending {
            ("DESC", "<")
        } else {
            ("ASC", ">")
        };
        let (filter, mut args) = developer_filter(query);
        let mut sql = format!(
            "SELECT id, full_name, email, status, created_at, name_normalized, email_normalized, email_verified_at IS NOT NULL AS confirmed FROM developers WHERE 1 = 1{filter}",
        );
        if let Some((value, id)) = query.after.split_once('\t') {
            sql.push_str(&format!(" AND ({column}, id) {beyond} (?, ?)"));
            args.push(match query.sort {
                DeveloperSort::Requested => value.parse::<i64>().unwrap_or_default().to_value(),
                _ => value.to_value(),
            });
            args.push(id.to_value());
        }
        sql.push_str(&format!(
            " ORDER BY {column} {direction}, id {direction} LIMIT ?"
        ));
        args.push((size + 1).to_value());
        let mut stmt = Stmt::new(sql);
        for arg in args {
            stmt.push(arg);
        }
        let mut rows = self.db.all(stmt).await?;
        let next = if rows.len() as i64 > size {
            rows.truncate(size as usize);
            rows.last().map(|row| cursor(row, query.sort))
        } else {
            None
        };
        Ok((rows.iter().map(developer_row).collect(), next))
    }

    pub async fn developer_counts(&self) -> Result<StatusCounts, StoreError> {
        let rows = self
            .db
            .all(Stmt::new("SELECT status, n FROM developer_counts"))
            .await?;
        let mut counts = StatusCounts::default();
        for row in rows {
            let n = row.get::<i64>("n").max(0) as u64;
            match DeveloperStatus::parse(&row.get::<String>("status")) {
                Some(DeveloperStatus::Pending) => counts.pending = n,
                Some(DeveloperStatus::Approved) => counts.approved = n,
                Some(DeveloperStatus::Rejected) => counts.rejected = n,
                Some(DeveloperStatus::Revoked) => counts.revoked = n,
                None => {}
            }
        }
        Ok(counts)
    }

    /// A developer and the time of the last change.
    pub async fn developer(&self, id: &str) -> Result<Option<(DeveloperRow, String)>, StoreError> {
        let row = self
            .db
            .one(
                Stmt::new(
                    "SELECT id, full_name, email, status, created_at, updated_at, email_verified_at IS NOT NULL AS confirmed FROM developers WHERE id = ?1",
                )
                .bind(id),
            )
            .await?;
        Ok(row.map(|row| (developer_row(&row), rfc3339(row.get("updated_at")))))
    }

    /// Moves a developer from `expected` to `next` and records it, atomically. The update
    /// only matches while the status is still `expected`, so of two admins acting at once
    /// exactly one wins and the other changes nothing.
    pub async fn change_developer_status(
        &self,
        id: &str,
        expected: DeveloperStatus,
        next: DeveloperStatus,
        audit: AuditEntry<'_>,
        notice: Option<&Notice<'_>>,
    ) -> Result<Result<String, ChangeRefused>, StoreError> {
        self.guarded_change(id, audit, notice, |email| {
            Stmt::new(
                "UPDATE developers SET status = ?1, updated_at = ?2
                 WHERE id = ?3 AND status = ?4 AND email = ?5 RETURNING id",
            )
            .bind(next.as_str())
            .bind(self.now())
            .bind(id)
            .bind(expected.as_str())
            .bind(email)
        })
        .await
    }

    /// Deletes a developer still in `expected`, with everything they own (sessions now;
    /// applications and credentials by the same foreign-key cascade), and records it.
    pub async fn delete_developer(
        &self,
        id: &str,
        expected: DeveloperStatus,
        audit: AuditEntry<'_>,
    ) -> Result<Result<String, ChangeRefused>, StoreError> {
        self.guarded_change(id, audit, None, |email| {
            Stmt::new(
                "DELETE FROM developers WHERE id = ?1 AND status = ?2 AND email = ?3 RETURNING id",
            )
            .bind(id)
            .bind(expected.as_str())
            .bind(email)
        })
        .await
    }

    /// A developer deletes their own account: allowed while pending or approved (a rejected
    /// or revoked developer must not free their email this way).
    pub async fn delete_own_developer(
        &self,
        id: &str,
        audit: AuditEntry<'_>,
    ) -> Result<Result<String, ChangeRefused>, StoreError> {
        self.guarded_change(id, audit, None, |email| {
            Stmt::new(
                "DELETE FROM developers WHERE id = ?1 AND status IN ('pending', 'approved') AND email = ?2 RETURNING id",
            )
            .bind(id)
            .bind(email)
        })
        .await
    }

    /// A guarded change of one developer, with its audit entry and the developer's e-mail:
    /// all of them happen together or not at all. The address and name the entry and the
    /// letter need are read first; `guard` (given that address) also requires it unchanged,
    /// so what is recorded and sent is what the change applied to.
    async fn guarded_change(
        &self,
        id: &str,
        audit: AuditEntry<'_>,
        notice: Option<&Notice<'_>>,
        guard: impl FnOnce(&str) -> Stmt,
    ) -> Result<Result<String, ChangeRefused>, StoreError> {
        let Some(contact) = self
            .db
            .one(Stmt::new("SELECT email, full_name FROM developers WHERE id = ?1").bind(id))
            .await?
        else {
            return Ok(Err(ChangeRefused::Gone));
        };
        let email: String = contact.get("email");
        let full_name: String = contact.get("full_name");
        let mut batch = Batch::guarded(guard(&email)).then(
            AuditEntry {
                target_label: &email,
                ..audit
            }
            .step(self.now()),
        );
        if let Some(letter) = notice.and_then(|write| write(&email, &full_name)) {
            batch.push(self.mail_step(&letter));
        }
        if self.db.batch(batch).await?.applied {
            Ok(Ok(email))
        } else {
            Ok(Err(self.why_unchanged(id).await?))
        }
    }

    async fn why_unchanged(&self, id: &str) -> Result<ChangeRefused, StoreError> {
        let exists: Option<i64> = self
            .db
            .scalar(Stmt::new("SELECT 1 FROM developers WHERE id = ?1").bind(id))
            .await?;
        Ok(if exists.is_some() {
            ChangeRefused::StatusChanged
        } else {
            ChangeRefused::Gone
        })
    }
}

fn developer_row(row: &Row) -> DeveloperRow {
    let status: String = row.get("status");
    DeveloperRow {
        id: row.get("id"),
        full_name: row.get("full_name"),
        email: row.get("email"),
        status: DeveloperStatus::parse(&status).unwrap_or(DeveloperStatus::Pending),
        email_confirmed: row.get::<bool>("confirmed"),
        requested_at: rfc3339(row.get("created_at")),
    }
}

/// Where the next page starts: the sort value and id of the last row, tab-separated.
fn cursor(row: &Row, sort: DeveloperSort) -> String {
    let id: String = row.get("id");
    let value = match sort {
        DeveloperSort::Name => row.get::<String>("name_normalized"),
        DeveloperSort::Email => row.get::<String>("email_normalized"),
        DeveloperSort::Requested => row.get::<i64>("created_at").to_string(),
    };
    format!("{value}\t{id}")
}
