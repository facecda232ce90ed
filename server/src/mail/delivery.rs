//! Hands the outbox to the SMTP server: oldest due messages first, retried with exponential
//! backoff (30 s, 1 min, 2 min … up to 1 h) while the server refuses or is unreachable.

use std::time::Duration;

use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use crate::config::ConnectionUrl;
use gatehouse_core::auth::Sealer;
use gatehouse_core::mail::delivered_body;
use gatehouse_core::store::{OutgoingMail, Store};

/// How often the worker looks for due messages.
const POLL: Duration = Duration::from_millis(500);
/// How long a claimed message stays this worker's; renewed just before each message is sent,
/// so it only has to outlast one send (the SMTP client gives up after a minute). If the
/// worker dies, another instance sends the message after it.
const LEASE: Duration = Duration::from_secs(120);

/// Starts the delivery worker. Without an SMTP URL nothing is sent: the messages stay in the
/// outbox (and the console's e-mail log) until one is configured.
pub fn spawn_delivery(store: Store, smtp_url: Option<ConnectionUrl>, from: String, sealer: Sealer) {
    let Some(url) = smtp_url else {
        tracing::info!("no GATEHOUSE_SMTP_URL: e-mail stays in the outbox (see /admin/emails)");
        return;
    };
    let (transport, from) = match (
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose()).map(|b| b.build()),
        from.parse::<Mailbox>(),
    ) {
        (Ok(transport), Ok(from)) => (transport, from),
        _ => {
            tracing::error!("the SMTP settings were accepted at start but cannot be used");
            return;
        }
    };
    tokio::spawn(async move {
        loop {
            match store.claim_due_mail(20, LEASE.as_millis() as i64).await {
                Ok(batch) => {
                    for mail in batch {
                        deliver(&store, &transport, &from, &sealer, mail).await;
                    }
                }
                Err(error) => tracing::warn!(error = %error, "reading the outbox"),
            }
            tokio::time::sleep(POLL).await;
        }
    });
}

async fn deliver(
    store: &Store,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    sealer: &Sealer,
    mail: OutgoingMail,
) {
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
    let outcome = match build(from, sealer, &mail) {
        Ok(message) => transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Err(error) => Err(error),
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

fn build(from: &Mailbox, sealer: &Sealer, mail: &OutgoingMail) -> Result<Message, String> {
    let to: Mailbox = mail
        .recipient
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    let body = delivered_body(
        sealer,
        &mail.body,
        mail.sealed_link.as_deref(),
        &mail.recipient,
    )
    .map_err(|e| format!("its link does not open with this server key: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())
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
