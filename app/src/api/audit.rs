//! The console's audit log.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AuditFilter, AuditPage};

#[server(endpoint = "audit_log")]
pub async fn audit_log(filter: AuditFilter) -> Result<AuditPage, AppError> {
    use super::context::*;
    respond(
        async {
            let request = request_info().await?;
            let reader = request
                .viewer
                .console_reader()
                .ok_or(AppError::SignInRequired)?;
            backend()?.audit_log(&reader, filter).await
        }
        .await,
    )
}
