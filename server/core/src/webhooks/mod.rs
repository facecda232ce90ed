//! Delivering webhooks, the same on every platform: claim the due deliveries, renew each
//! claim just before sending, sign the payload per Standard Webhooks, post it with the
//! platform's HTTP client, and record the answer, retrying with backoff while it fails.

mod payload;

use std::time::Duration;

pub use payload::{new_secret, payload, signed_headers};

use crate::auth::Sealer;
use crate::store::{message_id, Attempt, OutgoingWebhook, Store};

/// How long a claimed delivery stays this deliverer's; renewed before each send, so it only
/// has to outlast one request (at most [`TIMEOUT`]).
pub const LEASE: Duration = Duration::from_secs(60);
/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries claimed at a time.
const CLAIM: i64 = 20;
/// The waits after each failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; after the
/// eighth failure (about a day and a half) the delivery is given up on until "Redeliver".
const RETRIES: [Duration; 7] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(10 * 3600),
];

/// One signed request, as the platform's client posts it.
pub struct Request<'a> {
    pub url: &'a str,
    pub headers: Vec<(&'static str, String)>,
    pub body: &'a str,
}

/// How a platform posts a request: the receiver's status code, or why there was none.
#[async_trait::async_trait]
pub trait Sender: Send + Sync {
    async fn post(&self, request: Request<'_>) -> Result<u16, String>;
}

/// Sends what is due now; the number of deliveries claimed (delivered or not).
pub async fn deliver_due(store: &Store, sealer: &Sealer, sender: &dyn Sender) -> usize {
    match store
        .claim_due_webhooks(CLAIM, LEASE.as_millis() as i64)
        .await
    {
        Ok(batch) => {
            let claimed = batch.len();
            for delivery in batch {
                deliver(store, sealer, sender, delivery).await;
            }
            claimed
        }
        Err(error) => {
            tracing::warn!(error = %error, "reading the webhook deliveries");
            0
        }
    }
}

async fn deliver(store: &Store, sealer: &Sealer, sender: &dyn Sender, delivery: OutgoingWebhook) {
    match store
        .renew_webhook_lease(&delivery, LEASE.as_millis() as i64)
        .await
    {
        Ok(true) => {}
        Ok(false) => return,
        Err(error) => {
            tracing::warn!(error = %error, id = delivery.id, "renewing a webhook's claim");
            return;
        }
    }
    let outcome = match sealer.open(&delivery.sealed_secret, &delivery.endpoint_id) {
        Ok(secret) => {
            let body = payload(&delivery).to_string();
            let id = message_id(delivery.id);
            match signed_headers(&secret, &id, store.now() / 1000, &body) {
                Ok(headers) => {
                    sender
                        .post(Request {
                            url: &delivery.url,
                            headers,
                            body: &body,
                        })
                        .await
                }
                Err(error) => Err(error),
            }
        }
        Err(error) => Err(format!(
            "its secret does not open with this server key: {error}"
        )),
    };
    let attempt = match &outcome {
        Ok(status) if (200..300).contains(status) => Attempt::Delivered(i64::from(*status)),
        Ok(status) => Attempt::Failed {
            status: Some(i64::from(*status)),
            error: "the receiver did not answer 2xx",
            retry_at: retry_at(store, delivery.attempts + 1),
        },
        Err(error) => Attempt::Failed {
            status: None,
            error,
            retry_at: retry_at(store, delivery.attempts + 1),
        },
    };
    match attempt {
        Attempt::Delivered(status) => {
            tracing::info!(id = delivery.id, url = %delivery.url, event = %delivery.event_type, status, "webhook delivered")
        }
        Attempt::Failed {
            status,
            error,
            retry_at,
        } => {
            tracing::warn!(id = delivery.id, url = %delivery.url, event = %delivery.event_type, ?status, error, given_up = retry_at.is_none(), "webhook not delivered")
        }
    }
    if let Err(error) = store.record_webhook_attempt(&delivery, attempt).await {
        tracing::error!(error = %error, id = delivery.id, "recording a webhook's delivery");
    }
}

/// When the attempt after `failures` failed ones is due, or `None` once every retry is spent.
fn retry_at(store: &Store, failures: i64) -> Option<i64> {
    let wait = RETRIES.get(usize::try_from(failures - 1).ok()?)?;
    Some(store.now() + wait.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::RETRIES;

    #[test]
    fn retries_span_about_a_day_and_a_half() {
        let total: u64 = RETRIES.iter().map(|wait| wait.as_secs()).sum();
        assert_eq!(total, 5 + 300 + 1800 + 7200 + 18000 + 36000 + 36000);
    }
}
