//! The console's webhooks: everyone in the console sees the endpoints and the delivery log;
//! owners add and remove endpoints, send test events and redeliver.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{NewWebhook, WebhookForm, WebhookOverview};

#[server(endpoint = "list_webhooks")]
pub async fn list_webhooks() -> Result<WebhookOverview, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.webhook_overview(&reader).await
        }
        .await,
    )
}

/// Registers an endpoint; its signing secret is in this answer only.
#[server(endpoint = "create_webhook")]
pub async fn create_webhook(webhook: WebhookForm) -> Result<NewWebhook, AppError> {
    use super::context::*;
    respond(
        async {
            let (url, families) = webhook.parse()?;
            let (backend, writer, request) = console_writer().await?;
            backend
                .create_webhook(&writer, url, families, &request)
                .await
        }
        .await,
    )
}

#[server(endpoint = "delete_webhook")]
pub async fn delete_webhook(endpoint_id: String) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, request) = console_writer().await?;
            backend
                .delete_webhook(&writer, &endpoint_id, &request)
                .await?;
            Ok("Endpoint removed: it receives nothing more".to_string())
        }
        .await,
    )
}

#[server(endpoint = "send_test_webhook")]
pub async fn send_test_webhook(endpoint_id: String) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, _) = console_writer().await?;
            backend.send_test_webhook(&writer, &endpoint_id).await?;
            Ok("Test event queued: it appears in the delivery log below".to_string())
        }
        .await,
    )
}

#[server(endpoint = "redeliver_webhook")]
pub async fn redeliver_webhook(delivery_id: i64) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, _) = console_writer().await?;
            backend.redeliver_webhook(&writer, delivery_id).await?;
            Ok("Delivery queued again, with the same webhook-id".to_string())
        }
        .await,
    )
}
