//! Webhooks: owners register endpoints (the signing secret shown once, kept sealed), send
//! test events and redeliver; everyone in the console reads the delivery log. Deliveries
//! themselves are `crate::webhooks`'.

use app::api::{RequestInfo, Webhooks};
use app::error::AppError;
use app::model::{
    format_families, AdminRole, ConsoleReader, ConsoleWriter, EventFamily, NewWebhook,
    WebhookOverview, WebhookUrl,
};

use super::{by_admin, internal, Portal};
use crate::events::Event;
use crate::store::StoreError;
use crate::webhooks::new_secret;

fn owners_only(writer: &ConsoleWriter) -> Result<(), AppError> {
    if writer.role() == AdminRole::Owner {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only an owner can change webhooks.".into(),
        ))
    }
}

fn endpoint_gone() -> AppError {
    AppError::NotFound("This endpoint no longer exists. Reload the page.".into())
}

#[async_trait::async_trait]
impl Webhooks for Portal {
    async fn webhook_overview(&self, _reader: &ConsoleReader) -> Result<WebhookOverview, AppError> {
        self.store.webhook_overview().await.map_err(internal)
    }

    async fn create_webhook(
        &self,
        writer: &ConsoleWriter,
        url: WebhookUrl,
        mut families: Vec<EventFamily>,
        request: &RequestInfo,
    ) -> Result<NewWebhook, AppError> {
        owners_only(writer)?;
        families.sort();
        families.dedup();
        if families.is_empty() {
            return Err(AppError::field(
                "events",
                "Choose at least one kind of event.",
            ));
        }
        let secret = new_secret();
        let event = Event::WebhookCreated {
            families: families.clone(),
        };
        let id = match self
            .store
            .insert_webhook(
                url.as_str(),
                &format_families(&families),
                |id| self.sealer.seal(&secret, id),
                by_admin(writer, event, ("webhook", ""), request),
            )
            .await
        {
            Ok(id) => id,
            Err(StoreError::AlreadyExists) => {
                return Err(AppError::field(
                    "url",
                    "An endpoint with this URL exists already.",
                ))
            }
            Err(error) => return Err(internal(error)),
        };
        tracing::info!(
            url = url.as_str(),
            admin = writer.email(),
            "webhook endpoint added"
        );
        Ok(NewWebhook {
            id,
            url: url.as_str().to_string(),
            secret,
        })
    }

    async fn delete_webhook(
        &self,
        writer: &ConsoleWriter,
        endpoint_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        owners_only(writer)?;
        let audit = by_admin(
            writer,
            Event::WebhookDeleted,
            ("webhook", endpoint_id),
            request,
        );
        if self
            .store
            .delete_webhook(endpoint_id, audit)
            .await
            .map_err(internal)?
        {
            Ok(())
        } else {
            Err(endpoint_gone())
        }
    }

    async fn send_test_webhook(
        &self,
        writer: &ConsoleWriter,
        endpoint_id: &str,
    ) -> Result<(), AppError> {
        owners_only(writer)?;
        if self
            .store
            .queue_test_webhook(endpoint_id)
            .await
            .map_err(internal)?
        {
            Ok(())
        } else {
            Err(endpoint_gone())
        }
    }

    async fn redeliver_webhook(
        &self,
        writer: &ConsoleWriter,
        delivery_id: i64,
    ) -> Result<(), AppError> {
        owners_only(writer)?;
        if self
            .store
            .redeliver_webhook(delivery_id)
            .await
            .map_err(internal)?
        {
            Ok(())
        } else {
            Err(AppError::Conflict(
                "This delivery is being sent this moment, or no longer exists. Reload the page."
                    .into(),
            ))
        }
    }
}
