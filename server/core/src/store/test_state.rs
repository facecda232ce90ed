//! For the integration tests, which share one database when they run against a Worker: how
//! many rows a table holds, and the whole database put back as it was when first asked.

use gatehouse_db::{Batch, Stmt};

use super::{Store, StoreError};

/// Where a table's first state is kept, beside it.
const SEED_PREFIX: &str = "test_seed_";

impl Store {
    /// How many rows `table` holds (those matching `condition`, an SQL expression, if
    /// given); the table's name must be a plain identifier.
    #[doc(hidden)]
    pub async fn row_count(&self, table: &str, condition: Option<&str>) -> Result<i64, StoreError> {
        assert!(
            table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "a plain table name"
        );
        let filter = condition.map(|c| format!(" WHERE {c}")).unwrap_or_default();
        Ok(self
            .db
            .scalar(Stmt::new(format!("SELECT COUNT(*) FROM {table}{filter}")))
            .await?
            .unwrap_or(0))
    }

    /// Puts a document where services kept it before documents were stored parsed, as a
    /// database from then holds it.
    #[doc(hidden)]
    pub async fn set_legacy_document(
        &self,
        service_id: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        self.db
            .run(
                Stmt::new("UPDATE services SET openapi = ?1 WHERE id = ?2")
                    .bind(text)
                    .bind(service_id),
            )
            .await?;
        Ok(())
    }

    /// SQLite and D1: the first call keeps a copy of every table beside it; each later call
    /// empties every table and fills it from that copy, in one batch, so a test starts from
    /// the database as it was after migrations and the first owner.
    #[doc(hidden)]
    pub async fn restore_test_state(&self) -> Result<(), StoreError> {
        let names = self
            .db
            .all(Stmt::new(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
            ))
            .await?;
        let names: Vec<String> = names.iter().map(|row| row.get("name")).collect();
        let tables: Vec<&String> = names
            .iter()
            .filter(|name| {
                !name.starts_with("sqlite_")
                    && !name.starts_with("_cf_")
                    && !name.starts_with(SEED_PREFIX)
                    && name.as_str() != "d1_migrations"
                    && name.as_str() != "_sqlx_migrations"
            })
            .collect();
        let kept = names.iter().any(|name| name.starts_with(SEED_PREFIX));
        let mut batch = Batch::new();
        if !kept {
            for table in &tables {
                batch.push(Stmt::new(format!(
                    "CREATE TABLE {SEED_PREFIX}{table} AS SELECT * FROM {table}"
                )));
            }
        } else {
            // Rows refer to each other; checked once, when all are back.
            batch.push(Stmt::new("PRAGMA defer_foreign_keys = ON"));
            for table in &tables {
                batch.push(Stmt::new(format!("DELETE FROM {table}")));
            }
            for table in &tables {
                batch.push(Stmt::new(format!(
                    "INSERT INTO {table} SELECT * FROM {SEED_PREFIX}{table}"
                )));
            }
        }
        self.db.batch(batch).await?;
        Ok(())
    }
}
