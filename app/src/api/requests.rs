//! The console's queues of requests awaiting a decision.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::DeveloperRequest;

/// Developers who signed up and wait for approval, oldest first.
#[server(endpoint = "developer_requests")]
pub async fn developer_requests() -> Result<Vec<DeveloperRequest>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.developer_requests(&reader).await
        }
        .await,
    )
}
