//! The console's admin accounts: everyone in the console sees them, owners change them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AdminRole, AdminRow};
#[cfg(feature = "ssr")]
use crate::model::{Email, Password};

#[server(endpoint = "list_admins")]
pub async fn list_admins() -> Result<Vec<AdminRow>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.list_admins(&reader).await
        }
        .await,
    )
}

#[server(endpoint = "add_admin")]
pub async fn add_admin(
    email: String,
    password: String,
    role: AdminRole,
) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let email = Email::parse(&email).map_err(|m| AppError::field("email", m))?;
            let password =
                Password::parse_new(&password).map_err(|m| AppError::field("password", m))?;
            let request = request_info().await?;
            let owner = request.viewer.owner().map_err(AppError::Forbidden)?;
            backend()?
                .create_admin(&owner, email.clone(), password, role, &request)
                .await?;
            Ok(format!("Admin {email} added"))
        }
        .await,
    )
}

/// Gives an admin another role, or removes them (`role` absent).
#[server(endpoint = "change_admin")]
pub async fn change_admin(admin_id: String, role: Option<AdminRole>) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let request = request_info().await?;
            let owner = request.viewer.owner().map_err(AppError::Forbidden)?;
            backend()?
                .change_admin(&owner, &admin_id, role, &request)
                .await?;
            Ok(match role {
                Some(role) => format!("Role changed to {}", role.as_str()),
                None => "Admin removed".to_string(),
            })
        }
        .await,
    )
}
