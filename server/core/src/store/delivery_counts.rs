//! How much mail and how many webhook deliveries stand in each state, for `/metrics`.

use gatehouse_db::Stmt;

use super::{Store, StoreError};

/// Counts by state: the outbox (`waiting`, `failing`, `sent`) and the webhook deliveries
/// (`pending`, `retrying`, `delivered`, `failed`).
pub struct DeliveryCounts {
    pub outbox: Vec<(&'static str, i64)>,
    pub webhooks: Vec<(&'static str, i64)>,
}

impl Store {
    pub async fn delivery_counts(&self) -> Result<DeliveryCounts, StoreError> {
        let outbox = self
            .db
            .one(Stmt::new(
                "SELECT
                    COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts = 0 THEN 1 ELSE 0 END), 0) AS waiting,
                    COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0) AS failing,
                    COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS sent
                 FROM outbox",
            ))
            .await?;
        let webhooks = self
            .db
            .one(Stmt::new(
                "SELECT
                    COALESCE(SUM(CASE WHEN delivered_at IS NULL AND failed_at IS NULL AND attempts = 0 THEN 1 ELSE 0 END), 0) AS pending,
                    COALESCE(SUM(CASE WHEN delivered_at IS NULL AND failed_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0) AS retrying,
                    COALESCE(SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS delivered,
                    COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed
                 FROM webhook_deliveries",
            ))
            .await?;
        let read = |row: &Option<gatehouse_db::Row>, names: &[&'static str]| {
            names
                .iter()
                .map(|&name| (name, row.as_ref().map_or(0, |row| row.get::<i64>(name))))
                .collect()
        };
        Ok(DeliveryCounts {
            outbox: read(&outbox, &["waiting", "failing", "sent"]),
            webhooks: read(&webhooks, &["pending", "retrying", "delivered", "failed"]),
        })
    }
}
