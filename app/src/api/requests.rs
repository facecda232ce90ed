//! The console's queues of requests awaiting a decision.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{DeveloperRequest, RequestPage, RequestQuery};

/// Developers who signed up, confirmed their address and wait for approval, oldest first,
/// a page at a time.
#[server(endpoint = "developer_requests")]
pub async fn developer_requests(
    #[server(default)] query: RequestQuery,
) -> Result<RequestPage<DeveloperRequest>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.developer_requests(&reader, query).await
        }
        .await,
    )
}
