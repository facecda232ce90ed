//! The console's e-mail log: what Gatehouse sent or still holds in its outbox.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::EmailRecord;

#[server(endpoint = "recent_emails")]
pub async fn recent_emails() -> Result<Vec<EmailRecord>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.recent_emails(&reader).await
        }
        .await,
    )
}
