//! The console's developer list, details and lifecycle actions.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    DeveloperAction, DeveloperDetails, DeveloperPage, DeveloperQuery, DeveloperStatus,
};

/// Approve, reject, revoke or delete a developer the admin saw in status `expected`.
/// Returns the confirmation to show.
#[server(endpoint = "act_on_developer")]
pub async fn act_on_developer(
    developer_id: String,
    action: DeveloperAction,
    expected: DeveloperStatus,
) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let request = request_info().await?;
            let writer = request
                .viewer
                .console_writer()
                .map_err(AppError::Forbidden)?;
            backend()?
                .act_on_developer(&writer, &developer_id, action, expected, &request)
                .await?;
            Ok(action.done().to_string())
        }
        .await,
    )
}

#[server(endpoint = "list_developers")]
pub async fn list_developers(query: DeveloperQuery) -> Result<DeveloperPage, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.developer_page(&reader, query).await
        }
        .await,
    )
}

#[server(endpoint = "get_developer")]
pub async fn get_developer(developer_id: String) -> Result<DeveloperDetails, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.developer_details(&reader, &developer_id).await
        }
        .await,
    )
}
