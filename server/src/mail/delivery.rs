//! Delivers the outbox over SMTP (lettre), every half second; what to send, the claims and
//! the retries are `gatehouse_core::mail::delivery`'s.

use std::time::Duration;

use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use crate::config::ConnectionUrl;
use gatehouse_core::auth::Sealer;
use gatehouse_core::mail::delivery::{self, Transport};
use gatehouse_core::store::Store;

/// How often the worker looks for due messages.
const POLL: Duration = Duration::from_millis(500);

/// Starts the delivery worker. Without an SMTP URL nothing is sent: the messages stay in the
/// outbox (and the console's e-mail log) until one is configured.
pub fn spawn_delivery(store: Store, smtp_url: Option<ConnectionUrl>, from: String, sealer: Sealer) {
    let Some(url) = smtp_url else {
        tracing::info!("no GATEHOUSE_SMTP_URL: e-mail stays in the outbox (see /admin/emails)");
        return;
    };
    let smtp = match (
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose()).map(|b| b.build()),
        from.parse::<Mailbox>(),
    ) {
        (Ok(transport), Ok(from)) => Smtp { transport, from },
        _ => {
            tracing::error!("the SMTP settings were accepted at start but cannot be used");
            return;
        }
    };
    tokio::spawn(async move {
        loop {
            delivery::deliver_due(&store, &sealer, &smtp).await;
            tokio::time::sleep(POLL).await;
        }
    });
}

struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

#[async_trait::async_trait]
impl Transport for Smtp {
    async fn send(&self, message: delivery::Message<'_>) -> Result<(), String> {
        let to: Mailbox = message
            .to
            .parse()
            .map_err(|e| format!("bad recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(message.body)
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
