//! Webhook endpoints and their deliveries: registered and removed with their audit entry,
//! claimed for sending like the outbox, and listed for the console's delivery log. The
//! deliveries of an event are queued by the database itself, with its audit entry (see the
//! `webhooks` migration).

use app::model::{
    parse_families, DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookOverview,
};
use gatehouse_db::{Batch, Row, Stmt};

use super::{new_id, rfc3339, AuditEntry, Store, StoreError};

/// The deliveries the console's log shows.
const LOG_LENGTH: i64 = 100;

/// How long the log keeps a delivery once it is delivered or given up on: 30 days.
const KEPT_FOR_MS: i64 = 30 * 24 * 3600 * 1000;

/// The type of the event "Send test event" queues.
pub const TEST_EVENT_TYPE: &str = "webhook.test";

/// A claimed delivery with what its request is made of.
#[derive(Debug)]
pub struct OutgoingWebhook {
    pub id: i64,
    pub url: String,
    pub sealed_secret: String,
    pub endpoint_id: String,
    pub event_type: String,
    pub created_at: i64,
    pub attempts: i64,
    /// The audit entry the event is, `None` for a test event.
    pub event: Option<EventFacts>,
    /// The claim this deliverer holds on the delivery.
    pub lease: String,
}

/// An audit entry as a webhook's payload tells it.
#[derive(Debug)]
pub struct EventFacts {
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub target_label: String,
    /// JSON, when the event carries more than its name.
    pub detail: Option<String>,
}

/// How an attempt ended.
#[derive(Clone, Copy)]
pub enum Attempt<'a> {
    /// The receiver answered 2xx with this status.
    Delivered(i64),
    /// It answered otherwise (with its status) or could not be reached; retried at
    /// `retry_at`, or given up on when that is `None`.
    Failed {
        status: Option<i64>,
        error: &'a str,
        retry_at: Option<i64>,
    },
}

impl Store {
    /// Registers an endpoint with its audit entry; returns its id. A second endpoint with
    /// the same URL is refused ([`StoreError::AlreadyExists`]).
    pub async fn insert_webhook(
        &self,
        url: &str,
        families: &str,
        sealed_secret: impl FnOnce(&str) -> String,
        audit: AuditEntry<'_>,
    ) -> Result<String, StoreError> {
        let id = new_id();
        let now = self.now();
        let audit = AuditEntry {
            target_id: Some(&id),
            target_label: url,
            ..audit
        };
        let batch = Batch::new()
            .then(
                Stmt::new(
                    "INSERT INTO webhook_endpoints (id, url, families, sealed_secret, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .bind(id.as_str())
                .bind(url)
                .bind(families)
                .bind(sealed_secret(&id))
                .bind(now),
            )
            .then(audit.insert(now));
        self.db.batch(batch).await?;
        Ok(id)
    }

    /// Removes an endpoint and its deliveries with its audit entry; false when it was gone.
    pub async fn delete_webhook(
        &self,
        endpoint_id: &str,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let Some(url) = self
            .db
            .scalar::<String>(
                Stmt::new("SELECT url FROM webhook_endpoints WHERE id = ?1").bind(endpoint_id),
            )
            .await?
        else {
            return Ok(false);
        };
        let audit = AuditEntry {
            target_label: &url,
            ..audit
        };
        self.decide_audited(
            Stmt::new("DELETE FROM webhook_endpoints WHERE id = ?1 RETURNING id").bind(endpoint_id),
            audit,
        )
        .await
    }

    /// Queues a test event for one endpoint; false when it does not exist.
    pub async fn queue_test_webhook(&self, endpoint_id: &str) -> Result<bool, StoreError> {
        let now = self.now();
        let queued = self
            .db
            .run(
                Stmt::new(
                    "INSERT INTO webhook_deliveries (endpoint_id, event_type, created_at, next_attempt_at)
                     SELECT id, ?2, ?3, ?3 FROM webhook_endpoints WHERE id = ?1",
                )
                .bind(endpoint_id)
                .bind(TEST_EVENT_TYPE)
                .bind(now),
            )
            .await?;
        Ok(queued == 1)
    }

    /// Makes a delivery due now again, whatever became of it; false when it does not exist
    /// or is being sent this moment.
    pub async fn redeliver_webhook(&self, delivery_id: i64) -> Result<bool, StoreError> {
        let now = self.now();
        let queued = self
            .db
            .run(
                Stmt::new(
                    "UPDATE webhook_deliveries
                     SET delivered_at = NULL, failed_at = NULL, next_attempt_at = ?2
                     WHERE id = ?1 AND (lease_until IS NULL OR lease_until <= ?2)",
                )
                .bind(delivery_id)
                .bind(now),
            )
            .await?;
        Ok(queued == 1)
    }

    /// Claims up to `limit` due deliveries for `lease_ms`, oldest first, with what their
    /// requests need. Of several instances on one database, one sends each delivery.
    pub async fn claim_due_webhooks(
        &self,
        limit: i64,
        lease_ms: i64,
    ) -> Result<Vec<OutgoingWebhook>, StoreError> {
        let now = self.now();
        let lease = uuid::Uuid::new_v4().simple().to_string();
        let claimed = self
            .db
            .run(
                Stmt::new(
                    "UPDATE webhook_deliveries SET lease = ?1, lease_until = ?2
                     WHERE id IN (SELECT id FROM webhook_deliveries
                                  WHERE delivered_at IS NULL AND failed_at IS NULL
                                    AND next_attempt_at <= ?3
                                    AND (lease_until IS NULL OR lease_until <= ?3)
                                  ORDER BY next_attempt_at, id LIMIT ?4)
                       AND delivered_at IS NULL AND failed_at IS NULL
                       AND (lease_until IS NULL OR lease_until <= ?3)",
                )
                .bind(&lease)
                .bind(now + lease_ms)
                .bind(now)
                .bind(limit),
            )
            .await?;
        if claimed == 0 {
            return Ok(Vec::new());
        }
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT d.id, d.endpoint_id, d.event_type, d.created_at, d.attempts,
                            e.url, e.sealed_secret, d.audit_id, a.at, a.actor_kind, a.actor_id,
                            a.actor_label, a.target_kind, a.target_id, a.target_label, a.detail
                     FROM webhook_deliveries d
                     JOIN webhook_endpoints e ON e.id = d.endpoint_id
                     LEFT JOIN audit_log a ON a.id = d.audit_id
                     WHERE d.lease = ?1 ORDER BY d.id",
                )
                .bind(&lease),
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| OutgoingWebhook {
                id: row.get("id"),
                url: row.get("url"),
                sealed_secret: row.get("sealed_secret"),
                endpoint_id: row.get("endpoint_id"),
                event_type: row.get("event_type"),
                created_at: row.get("created_at"),
                attempts: row.get("attempts"),
                event: row.get::<Option<i64>>("audit_id").map(|_| EventFacts {
                    at: row.get("at"),
                    actor_kind: row.get("actor_kind"),
                    actor_id: row.get("actor_id"),
                    actor_label: row.get("actor_label"),
                    target_kind: row.get("target_kind"),
                    target_id: row.get("target_id"),
                    target_label: row.get("target_label"),
                    detail: row.get("detail"),
                }),
                lease: lease.clone(),
            })
            .collect())
    }

    /// Extends this deliverer's claim just before it sends; false when the claim was lost.
    pub async fn renew_webhook_lease(
        &self,
        delivery: &OutgoingWebhook,
        lease_ms: i64,
    ) -> Result<bool, StoreError> {
        let now = self.now();
        let renewed = self
            .db
            .run(
                Stmt::new(
                    "UPDATE webhook_deliveries SET lease_until = ?1
                     WHERE id = ?2 AND lease = ?3 AND lease_until > ?4
                       AND delivered_at IS NULL AND failed_at IS NULL",
                )
                .bind(now + lease_ms)
                .bind(delivery.id)
                .bind(&delivery.lease)
                .bind(now),
            )
            .await?;
        Ok(renewed == 1)
    }

    /// Records how an attempt ended and lets go of the claim.
    pub async fn record_webhook_attempt(
        &self,
        delivery: &OutgoingWebhook,
        attempt: Attempt<'_>,
    ) -> Result<(), StoreError> {
        let now = self.now();
        let stmt = match attempt {
            Attempt::Delivered(status) => Stmt::new(
                "UPDATE webhook_deliveries
                 SET attempts = attempts + 1, last_status = ?1, last_error = NULL,
                     delivered_at = ?2, lease = NULL, lease_until = NULL
                 WHERE id = ?3 AND lease = ?4",
            )
            .bind(status)
            .bind(now),
            Attempt::Failed {
                status,
                error,
                retry_at,
            } => {
                // Due again at `retry_at`, or given up on now.
                let (column, at) = match retry_at {
                    Some(at) => ("next_attempt_at", at),
                    None => ("failed_at", now),
                };
                Stmt::new(format!(
                    "UPDATE webhook_deliveries
                     SET attempts = attempts + 1, last_status = ?1, last_error = ?2,
                         {column} = ?5, lease = NULL, lease_until = NULL
                     WHERE id = ?3 AND lease = ?4"
                ))
                .bind(status)
                .bind(error)
                .bind(delivery.id)
                .bind(&delivery.lease)
                .bind(at)
            }
        };
        let stmt = match attempt {
            Attempt::Delivered(_) => stmt.bind(delivery.id).bind(&delivery.lease),
            Attempt::Failed { .. } => stmt,
        };
        self.db.run(stmt).await?;
        Ok(())
    }

    /// Forgets deliveries delivered or given up on more than [`KEPT_FOR_MS`] ago; part of
    /// the housekeeping. Waiting ones are kept whatever their age.
    pub async fn delete_old_webhook_deliveries(&self) -> Result<u64, StoreError> {
        let before = self.now() - KEPT_FOR_MS;
        Ok(self
            .db
            .run(
                Stmt::new(
                    "DELETE FROM webhook_deliveries
                     WHERE COALESCE(delivered_at, failed_at) < ?1",
                )
                .bind(before),
            )
            .await?)
    }

    /// The console's Webhooks page: every endpoint, and the newest deliveries.
    pub async fn webhook_overview(&self) -> Result<WebhookOverview, StoreError> {
        let endpoints = self
            .db
            .all(Stmt::new(
                "SELECT e.id, e.url, e.families, e.created_at,
                        (SELECT COUNT(*) FROM webhook_deliveries d
                         WHERE d.endpoint_id = e.id AND d.delivered_at IS NULL
                           AND d.failed_at IS NULL) AS pending,
                        (SELECT COUNT(*) FROM webhook_deliveries d
                         WHERE d.endpoint_id = e.id AND d.failed_at IS NOT NULL) AS failed
                 FROM webhook_endpoints e ORDER BY e.created_at, e.id",
            ))
            .await?;
        let deliveries = self
            .db
            .all(
                Stmt::new(
                    "SELECT d.id, d.endpoint_id, e.url, d.event_type, d.created_at, d.attempts,
                            d.last_status, d.last_error, d.delivered_at, d.failed_at,
                            d.next_attempt_at
                     FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                     ORDER BY d.id DESC LIMIT ?1",
                )
                .bind(LOG_LENGTH),
            )
            .await?;
        Ok(WebhookOverview {
            endpoints: endpoints.iter().map(endpoint).collect(),
            deliveries: deliveries.iter().map(delivery).collect(),
        })
    }
}

fn endpoint(row: &Row) -> WebhookEndpoint {
    WebhookEndpoint {
        id: row.get("id"),
        url: row.get("url"),
        families: parse_families(&row.get::<String>("families")),
        created_at: rfc3339(row.get("created_at")),
        pending: row.get("pending"),
        failed: row.get("failed"),
    }
}

fn delivery(row: &Row) -> WebhookDelivery {
    let delivered_at = row.get::<Option<i64>>("delivered_at");
    let failed_at = row.get::<Option<i64>>("failed_at");
    let state = match (delivered_at, failed_at) {
        (Some(_), _) => DeliveryState::Delivered,
        (None, Some(_)) => DeliveryState::Failed,
        (None, None) => DeliveryState::Pending,
    };
    let id: i64 = row.get("id");
    WebhookDelivery {
        id,
        message_id: message_id(id),
        endpoint_id: row.get("endpoint_id"),
        endpoint_url: row.get("url"),
        event_type: row.get("event_type"),
        created_at: rfc3339(row.get("created_at")),
        state,
        attempts: row.get("attempts"),
        last_status: row.get("last_status"),
        last_error: row.get("last_error"),
        delivered_at: delivered_at.map(rfc3339),
        next_attempt_at: (state == DeliveryState::Pending)
            .then(|| rfc3339(row.get("next_attempt_at"))),
    }
}

/// The `webhook-id` of a delivery: the same on every attempt.
pub fn message_id(delivery_id: i64) -> String {
    format!("msg_{delivery_id}")
}
