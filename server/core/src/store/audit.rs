//! The audit log: who did what to whom, when, and from where.

use app::model::{AuditFilter, AuditPage, AuditRecord};
use gatehouse_db::{Batch, Dialect, Row, Stmt};

use super::{rfc3339, Store, StoreError};
use crate::events::Event;

/// An insert of one entry, ending in its values or in a conditional `SELECT` of them.
macro_rules! insert_audit {
    ($rest:literal) => {
        concat!(
            "INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, action, target_kind, target_id, target_label, client_addr, detail, event_type) ",
            $rest
        )
    };
}

/// The log's search, with the backend's name for "position of a substring".
macro_rules! audit_search {
    ($position:literal) => {
        concat!(
            "SELECT id, at, actor_label, action, target_label, client_addr FROM audit_log
             WHERE (?1 = '' OR ",
            $position,
            "(lower(actor_label), lower(?1)) > 0)
               AND (?2 = '' OR ",
            $position,
            "(lower(target_label), lower(?2)) > 0)
               AND (?3 = '' OR ",
            $position,
            "(lower(action), lower(?3)) > 0)
               AND (?4 IS NULL OR id < ?4)
             ORDER BY id DESC LIMIT ?5"
        )
    };
}

/// Who caused an [`Event`], to what, and from where: one row of the log.
#[derive(Clone)]
pub struct AuditEntry<'a> {
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub actor_label: &'a str,
    pub event: Event,
    pub target_kind: &'a str,
    pub target_id: Option<&'a str>,
    pub target_label: &'a str,
    pub client_addr: &'a str,
}

impl AuditEntry<'_> {
    /// The entry, made at `now`, as a batch step, written only if the batch's guard matched.
    pub(super) fn step(&self, now: i64) -> Stmt {
        self.bind(
            now,
            Stmt::new(insert_audit!(
                "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 WHERE {applied}"
            )),
        )
    }

    /// The entry, made at `now`, as a statement of its own, or an unguarded batch's step.
    pub(super) fn insert(&self, now: i64) -> Stmt {
        self.bind(
            now,
            Stmt::new(insert_audit!(
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            )),
        )
    }

    fn bind(&self, now: i64, stmt: Stmt) -> Stmt {
        let detail = self.event.detail();
        stmt.bind(now)
            .bind(self.actor_kind)
            .bind(self.actor_id)
            .bind(self.actor_label)
            .bind(self.event.name().into_owned())
            .bind(self.target_kind)
            .bind(self.target_id)
            .bind(self.target_label)
            .bind(self.client_addr)
            .bind((!detail.is_null()).then(|| detail.to_string()))
            .bind(self.event.webhook_type())
    }
}

impl Store {
    /// Runs `guard` with `audit` as its one conditional step: true when the guard matched,
    /// and then the entry exists; false when it did not, and nothing changed.
    pub(super) async fn decide_audited(
        &self,
        guard: Stmt,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let batch = Batch::guarded(guard).then(audit.step(self.now()));
        Ok(self.db.batch(batch).await?.applied)
    }

    pub async fn record(&self, entry: AuditEntry<'_>) -> Result<(), StoreError> {
        self.db.run(entry.insert(self.now())).await?;
        Ok(())
    }

    /// A page of the log, newest first; each non-empty filter must appear in its column
    /// (case-insensitively).
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        limit: i64,
    ) -> Result<AuditPage, StoreError> {
        let sql = match self.db.dialect() {
            Dialect::Sqlite => audit_search!("instr"),
            Dialect::Postgres => audit_search!("strpos"),
        };
        let rows = self
            .db
            .all(
                Stmt::new(sql)
                    .bind(filter.actor.trim())
                    .bind(filter.target.trim())
                    .bind(filter.action.trim())
                    .bind(filter.before)
                    .bind(limit + 1),
            )
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
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT at, actor_label, action, target_label, client_addr FROM audit_log
                     WHERE target_id = ?1 ORDER BY id DESC LIMIT 200",
                )
                .bind(target_id),
            )
            .await?;
        Ok(rows.iter().map(audit_record).collect())
    }

    /// Actions recorded about one target, newest first.
    pub async fn audit_actions_for(&self, target_id: &str) -> Result<Vec<String>, StoreError> {
        let events = self.audit_events_for(target_id).await?;
        Ok(events.into_iter().map(|(name, _)| name).collect())
    }

    /// Events recorded about one target, newest first: each name with its detail (JSON
    /// `null` when it carries nothing).
    pub async fn audit_events_for(
        &self,
        target_id: &str,
    ) -> Result<Vec<(String, serde_json::Value)>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT action, detail FROM audit_log WHERE target_id = ?1 ORDER BY id DESC",
                )
                .bind(target_id),
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| {
                let detail: Option<String> = row.get("detail");
                let detail = detail
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .unwrap_or_default();
                (row.get("action"), detail)
            })
            .collect())
    }
}

fn audit_record(row: &Row) -> AuditRecord {
    AuditRecord {
        at: rfc3339(row.get("at")),
        actor: row.get("actor_label"),
        action: row.get("action"),
        target: row.get("target_label"),
        client_addr: row.get("client_addr"),
    }
}
