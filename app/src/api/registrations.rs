//! The console's side of registrations: the queue, decisions and ACL groups.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    ApplicationListPage, ApplicationQuery, RegistrationAction, RegistrationRequest,
    RegistrationStatus, RequestPage, RequestQuery,
};

/// Registrations waiting for a decision, oldest first, a page at a time.
#[server(endpoint = "registration_requests")]
pub async fn registration_requests(
    #[server(default)] query: RequestQuery,
) -> Result<RequestPage<RegistrationRequest>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.registration_requests(&reader, query).await
        }
        .await,
    )
}

/// The console's Applications page, a page at a time, newest first.
#[server(endpoint = "list_applications")]
pub async fn list_applications(
    #[server(default)] query: ApplicationQuery,
) -> Result<ApplicationListPage, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.application_list(&reader, query).await
        }
        .await,
    )
}

/// Approve, reject, revoke or delete a registration the admin saw in status `expected`.
#[server(endpoint = "act_on_registration")]
pub async fn act_on_registration(
    registration_id: String,
    action: RegistrationAction,
    expected: RegistrationStatus,
) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, request) = console_writer().await?;
            backend
                .act_on_registration(&writer, &registration_id, action, expected, &request)
                .await?;
            Ok(action.done().to_string())
        }
        .await,
    )
}

#[server(endpoint = "set_application_groups")]
pub async fn set_application_groups(
    application_id: String,
    groups: String,
) -> Result<String, AppError> {
    use super::context::*;
    use crate::model::parse_groups;
    respond_shown(
        async {
            let groups = parse_groups(&groups).map_err(|m| AppError::field("groups", m))?;
            let (backend, writer, request) = console_writer().await?;
            backend
                .set_application_groups(&writer, &application_id, groups, &request)
                .await?;
            Ok("ACL groups saved".to_string())
        }
        .await,
    )
}
