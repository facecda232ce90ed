//! Delivering the outbox, the same on every platform: claim the oldest due messages, renew
//! each claim just before sending it, open its sealed link, hand it to the platform's
//! transport (SMTP natively, an HTTP e-mail API from a Worker), and record the outcome,
//! retrying with exponential backoff (30 s, 1 min, 2 min … up to 1 h) while it fails.

use std::time::Duration;

use super::delivered_body;
use crate::auth::Sealer;
use crate::store::{OutgoingMail, Store};

/// How long a claimed message stays this deliverer's; renewed just before each message is
/// sent, so it only has to outlast one send. If the deliverer dies, another instance (or the
/// next run) sends the message after it.
pub const LEASE: Duration = Duration::from_secs(120);
/// Messages claimed at a time.
const CLAIM: i64 = 20;

/// One message as the transport sends it: plain text, links opened.
pub struct Message<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: String,
}

/// How a platform hands a message on. `Err` is the reason, kept with the message.
#[async_trait::async_trait]
pub trait Transport: Send + Sync {
    async fn send(&self, message: Message<'_>) -> Result<(), String>;
}

/// Sends what is due now; the number of messages claimed (sent or not).
pub async fn deliver_due(store: &Store, sealer: &Sealer, transport: &dyn Transport) -> usize {
    match store.claim_due_mail(CLAIM, LEASE.as_millis() as i64).await {
        Ok(batch) => {
            let claimed = batch.len();
            for mail in batch {
                deliver(store, sealer, transport, mail).await;
            }
            claimed
        }
        Err(error) => {
            tracing::warn!(error = %error, "reading the outbox");
            0
        }
    }
}

async fn deliver(store: &Store, sealer: &Sealer, transport: &dyn Transport, mail: OutgoingMail) {
    match store.renew_lease(&mail, LEASE.as_millis() as i64).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(
                id = mail.id,
                "e-mail claimed by another instance meanwhile; left to it"
            );
            return;
        }
        Err(error) => {
            tracing::warn!(error = %error, id = mail.id, "renewing an e-mail's claim");
            return;
        }
    }
    let outcome = match delivered_body(
        sealer,
        &mail.body,
        mail.sealed_link.as_deref(),
        &mail.recipient,
    ) {
        Ok(body) => {
            transport
                .send(Message {
                    to: &mail.recipient,
                    subject: &mail.subject,
                    body,
                })
                .await
        }
        Err(error) => Err(format!(
            "its link does not open with this server key: {error}"
        )),
    };
    let recorded = match outcome {
        Ok(()) => {
            tracing::info!(id = mail.id, to = %mail.recipient, kind = %mail.kind, "e-mail sent");
            store.mark_sent(&mail).await
        }
        Err(error) => {
            let wait = backoff(mail.attempts + 1);
            tracing::warn!(id = mail.id, to = %mail.recipient, error = %error, retry_in_secs = wait.as_secs(), "e-mail not sent");
            store
                .mark_failed(&mail, &error, store.now() + wait.as_millis() as i64)
                .await
        }
    };
    if let Err(error) = recorded {
        tracing::error!(error = %error, id = mail.id, "recording an e-mail's delivery");
    }
}

/// 30 s after the first failure, doubling, at most an hour.
fn backoff(attempts: i64) -> Duration {
    let exponent = attempts.clamp(1, 8) as u32 - 1;
    Duration::from_secs((30u64 << exponent).min(3600))
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn retries_back_off_to_an_hour() {
        assert_eq!(backoff(1).as_secs(), 30);
        assert_eq!(backoff(2).as_secs(), 60);
        assert_eq!(backoff(5).as_secs(), 480);
        assert_eq!(backoff(50).as_secs(), 3600);
    }
}
