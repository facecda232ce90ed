//! Posts webhooks with reqwest, every half second; what to send, the claims, the signing and
//! the retries are `gatehouse_core::webhooks`'.

use std::time::Duration;

use gatehouse_core::auth::Sealer;
use gatehouse_core::store::Store;
use gatehouse_core::webhooks::{self, Request, Sender, TIMEOUT};

/// How often the deliverer looks for due deliveries.
const POLL: Duration = Duration::from_millis(500);

/// Starts the deliverer.
pub fn spawn_delivery(store: Store, sealer: Sealer) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let sender = Http { client };
    tokio::spawn(async move {
        loop {
            webhooks::deliver_due(&store, &sealer, &sender).await;
            tokio::time::sleep(POLL).await;
        }
    });
    Ok(())
}

struct Http {
    client: reqwest::Client,
}

#[async_trait::async_trait]
impl Sender for Http {
    async fn post(&self, request: Request<'_>) -> Result<u16, String> {
        let mut post = self.client.post(request.url).body(request.body.to_string());
        for (name, value) in request.headers {
            post = post.header(name, value);
        }
        match post.send().await {
            Ok(response) => Ok(response.status().as_u16()),
            Err(error) if error.is_timeout() => {
                Err(format!("no answer within {} seconds", TIMEOUT.as_secs()))
            }
            Err(error) if error.is_connect() => Err("the receiver could not be reached".into()),
            Err(error) => Err(error.to_string()),
        }
    }
}
