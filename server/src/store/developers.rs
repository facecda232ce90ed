//! The console's view of developers: the paginated list, counts, details, status changes.

use app::model::{
    DeveloperPage, DeveloperQuery, DeveloperRow, DeveloperSort, DeveloperStatus, StatusCounts,
};
use sqlx::{sqlite::SqliteRow, QueryBuilder, Row, Sqlite};

use super::{now_millis, rfc3339, AuditEntry, Store, StoreError};
use crate::mail::Letter;

/// Rows per page of the Developers page.
pub const PAGE_SIZE: i64 = 50;

/// Writes the developer's e-mail about a change, from their address and name.
pub type Notice<'a> = dyn Fn(&str, &str) -> Letter + Send + Sync + 'a;

/// Why a status change did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeRefused {
    /// No developer with that id (deleted meanwhile).
    Gone,
    /// The developer's status is no longer the one the admin saw.
    StatusChanged,
}

impl Store {
    /// One page of developers, by keyset: the cost depends on the page size, not on how many
    /// developers there are or how deep the page is.
    pub async fn developer_page(
        &self,
        query: &DeveloperQuery,
    ) -> Result<DeveloperPage, StoreError> {
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
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT id, full_name, email, status, created_at, name_normalized, email_normalized FROM developers WHERE 1 = 1",
        );
        if let Some(status) = query.status {
            sql.push(" AND status = ").push_bind(status.as_str());
        }
        let search = query.search.trim().to_lowercase();
        if !search.is_empty() {
            let end = format!("{search}\u{10FFFF}");
            sql.push(" AND ((email_normalized >= ")
                .push_bind(search.clone())
                .push(" AND email_normalized < ")
                .push_bind(end.clone())
                .push(") OR (name_normalized >= ")
                .push_bind(search)
                .push(" AND name_normalized < ")
                .push_bind(end)
                .push("))");
        }
        if let Some((value, id)) = query.after.split_once('\t') {
            sql.push(format!(" AND ({column}, id) {beyond} ("));
            match query.sort {
                DeveloperSort::Requested => sql.push_bind(value.parse::<i64>().unwrap_or_default()),
                _ => sql.push_bind(value.to_string()),
            };
            sql.push(", ").push_bind(id.to_string()).push(")");
        }
        sql.push(format!(
            " ORDER BY {column} {direction}, id {direction} LIMIT "
        ))
        .push_bind(PAGE_SIZE + 1);
        let mut rows = sql.build().fetch_all(&self.pool).await?;
        let next = if rows.len() as i64 > PAGE_SIZE {
            rows.truncate(PAGE_SIZE as usize);
            rows.last().map(|row| cursor(row, query.sort))
        } else {
            None
        };
        Ok(DeveloperPage {
            rows: rows.iter().map(developer_row).collect(),
            next,
            counts: self.developer_counts().await?,
            rejections_final: self.portal_settings().await?.rejections_final,
        })
    }

    pub async fn developer_counts(&self) -> Result<StatusCounts, StoreError> {
        let rows = sqlx::query("SELECT status, n FROM developer_counts")
            .fetch_all(&self.pool)
            .await?;
        let mut counts = StatusCounts::default();
        for row in rows {
            let n = row.get::<i64, _>("n").max(0) as u64;
            match DeveloperStatus::parse(row.get("status")) {
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
        let row = sqlx::query(
            "SELECT id, full_name, email, status, created_at, updated_at FROM developers WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
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
        let mut tx = self.pool.begin().await?;
        let developer: Option<(String, String)> = sqlx::query_as(
            "UPDATE developers SET status = ?, updated_at = ? WHERE id = ? AND status = ? RETURNING email, full_name",
        )
        .bind(next.as_str())
        .bind(now_millis())
        .bind(id)
        .bind(expected.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        self.finish_change(tx, id, developer, audit, notice).await
    }

    /// Deletes a developer still in `expected`, with everything they own (sessions now;
    /// applications and credentials by the same foreign-key cascade), and records it.
    pub async fn delete_developer(
        &self,
        id: &str,
        expected: DeveloperStatus,
        audit: AuditEntry<'_>,
    ) -> Result<Result<String, ChangeRefused>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let developer: Option<(String, String)> = sqlx::query_as(
            "DELETE FROM developers WHERE id = ? AND status = ? RETURNING email, full_name",
        )
        .bind(id)
        .bind(expected.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        self.finish_change(tx, id, developer, audit, None).await
    }

    /// Commits a guarded change with its audit entry and the developer's e-mail, or explains
    /// why it matched no row: all of them exist together or not at all.
    async fn finish_change(
        &self,
        mut tx: sqlx::Transaction<'_, Sqlite>,
        id: &str,
        developer: Option<(String, String)>,
        audit: AuditEntry<'_>,
        notice: Option<&Notice<'_>>,
    ) -> Result<Result<String, ChangeRefused>, StoreError> {
        let Some((email, full_name)) = developer else {
            return Ok(Err(self.why_unchanged(id).await?));
        };
        let audit = AuditEntry {
            target_label: &email,
            ..audit
        };
        Self::record_in(&mut tx, audit).await?;
        if let Some(notice) = notice {
            Self::enqueue_in(&mut tx, &notice(&email, &full_name)).await?;
        }
        tx.commit().await?;
        Ok(Ok(email))
    }

    /// A developer deletes their own account: allowed while pending or approved (a rejected
    /// or revoked developer must not free their email this way).
    pub async fn delete_own_developer(
        &self,
        id: &str,
        audit: AuditEntry<'_>,
    ) -> Result<Result<String, ChangeRefused>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let developer: Option<(String, String)> = sqlx::query_as(
            "DELETE FROM developers WHERE id = ? AND status IN ('pending', 'approved') RETURNING email, full_name",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        self.finish_change(tx, id, developer, audit, None).await
    }

    async fn why_unchanged(&self, id: &str) -> Result<ChangeRefused, StoreError> {
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM developers WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(if exists.is_some() {
            ChangeRefused::StatusChanged
        } else {
            ChangeRefused::Gone
        })
    }
}

fn developer_row(row: &SqliteRow) -> DeveloperRow {
    let status: String = row.get("status");
    DeveloperRow {
        id: row.get("id"),
        full_name: row.get("full_name"),
        email: row.get("email"),
        status: DeveloperStatus::parse(&status).unwrap_or(DeveloperStatus::Pending),
        requested_at: rfc3339(row.get("created_at")),
    }
}

/// Where the next page starts: the sort value and id of the last row, tab-separated.
fn cursor(row: &SqliteRow, sort: DeveloperSort) -> String {
    let id: String = row.get("id");
    let value = match sort {
        DeveloperSort::Name => row.get::<String, _>("name_normalized"),
        DeveloperSort::Email => row.get::<String, _>("email_normalized"),
        DeveloperSort::Requested => row.get::<i64, _>("created_at").to_string(),
    };
    format!("{value}\t{id}")
}
