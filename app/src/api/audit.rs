//! The console's audit log.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AuditFilter, AuditPage};

#[server(endpoint = "audit_log")]
pub async fn audit_log(filter: AuditFilter) -> Result<AuditPage, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.audit_log(&reader, filter).await
        }
        .await,
    )
}
