//! The audit log: who did what to whom, when, and from where.

use app::model::{AuditFilter, AuditPage, AuditRecord};
use sqlx::{sqlite::SqliteRow, Row};

use super::{now_millis, rfc3339, Store, StoreError};

#[derive(Clone, Copy)]
pub struct AuditEntry<'a> {
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub actor_label: &'a str,
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: Option<&'a str>,
    pub target_label: &'a str,
    pub client_addr: &'a str,
}

impl Store {
    pub async fn record(&self, entry: AuditEntry<'_>) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        Self::record_in(&mut conn, entry).await
    }

    /// Records within a caller's transaction, so the entry exists exactly when the change does.
    pub(super) async fn record_in(
        conn: &mut sqlx::SqliteConnection,
        entry: AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, action, target_kind, target_id, target_label, client_addr)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(now_millis())
        .bind(entry.actor_kind)
        .bind(entry.actor_id)
        .bind(entry.actor_label)
        .bind(entry.action)
        .bind(entry.target_kind)
        .bind(entry.target_id)
        .bind(entry.target_label)
        .bind(entry.client_addr)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Finishes a guarded write that returned its target's name: records `audit` naming it
    /// and commits, or, when the write matched no row, drops the transaction and says so.
    pub(super) async fn commit_named(
        mut tx: sqlx::Transaction<'_, sqlx::Sqlite>,
        name: Option<String>,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let Some(name) = name else { return Ok(false) };
        Self::record_in(
            &mut tx,
            AuditEntry {
                target_label: &name,
                ..audit
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A page of the log, newest first; each non-empty filter must appear in its column
    /// (case-insensitively).
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        limit: i64,
    ) -> Result<AuditPage, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, actor_label, action, target_label, client_addr FROM audit_log
             WHERE (?1 = '' OR instr(lower(actor_label), lower(?1)) > 0)
               AND (?2 = '' OR instr(lower(target_label), lower(?2)) > 0)
               AND (?3 = '' OR instr(lower(action), lower(?3)) > 0)
               AND (?4 IS NULL OR id < ?4)
             ORDER BY id DESC LIMIT ?5",
        )
        .bind(filter.actor.trim())
        .bind(filter.target.trim())
        .bind(filter.action.trim())
        .bind(filter.before)
        .bind(limit + 1)
        .fetch_all(&self.pool)
        .await?;
        let more = rows.len() as i64 > limit;
        let rows = &rows[..rows.len().min(limit as usize)];
        Ok(AuditPage {
            next: if more {
                rows.last().map(|row| row.get("id"))
            } else {
                None
            },
            entries: rows.iter().map(audit_record).collect(),
        })
    }

    /// Everything recorded about one target, newest first.
    pub async fn audit_history(&self, target_id: &str) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, actor_label, action, target_label, client_addr FROM audit_log
             WHERE target_id = ? ORDER BY id DESC LIMIT 200",
        )
        .bind(target_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_record).collect())
    }

    /// Actions recorded about one target, newest first.
    pub async fn audit_actions_for(&self, target_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT action FROM audit_log WHERE target_id = ? ORDER BY id DESC")
                .bind(target_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }
}

fn audit_record(row: &SqliteRow) -> AuditRecord {
    AuditRecord {
        at: rfc3339(row.get("at")),
        actor: row.get("actor_label"),
        action: row.get("action"),
        target: row.get("target_label"),
        client_addr: row.get("client_addr"),
    }
}
