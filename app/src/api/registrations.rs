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
/// The `plan_id` that approves on the service's default plan (a form sends no empty value
/// for an `Option`, so the default has a name of its own).
pub const DEFAULT_PLAN: &str = "default";

/// Decides on a registration. Approving may give it a plan in the same transaction
/// (`plan_id`, from the Requests page; [`DEFAULT_PLAN`]: the service's default; absent or
/// empty: the plan it has), so the application never runs on another plan than the one
/// chosen.
#[server(endpoint = "act_on_registration")]
pub async fn act_on_registration(
    registration_id: String,
    action: RegistrationAction,
    expected: RegistrationStatus,
    plan_id: Option<String>,
) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, request) = console_writer().await?;
            let plan = match plan_id.as_deref() {
                None | Some("") => None,
                Some(DEFAULT_PLAN) => Some(None),
                Some(id) => Some(Some(id)),
            };
            backend
                .act_on_registration(&writer, &registration_id, action, expected, plan, &request)
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
