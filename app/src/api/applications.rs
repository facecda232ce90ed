//! My Apps: an approved developer's applications and their registrations with services.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::{parse_description, AppName};
use crate::model::{ApplicationDetails, ApplicationRow};

#[server(endpoint = "my_applications")]
pub async fn my_applications() -> Result<Vec<ApplicationRow>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, owner, _) = app_owner().await?;
            backend.my_applications(&owner).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn parse_application(name: &str, description: &str) -> Result<(AppName, String), AppError> {
    let name = AppName::parse(name);
    let description = parse_description(description);
    match (name, description) {
        (Ok(name), Ok(description)) => Ok((name, description)),
        (name, description) => {
            let mut errors = Vec::new();
            if let Err(message) = name {
                errors.push(crate::error::FieldError {
                    field: "name".into(),
                    message,
                });
            }
            if let Err(message) = description {
                errors.push(crate::error::FieldError {
                    field: "description".into(),
                    message,
                });
            }
            Err(AppError::Invalid(errors))
        }
    }
}

/// Creates an application; returns its id.
#[server(endpoint = "create_application")]
pub async fn create_application(name: String, description: String) -> Result<String, AppError> {
    use super::context::*;
    respond(
        async {
            let (name, description) = parse_application(&name, &description)?;
            let (backend, owner, request) = app_owner().await?;
            let id = backend
                .create_application(&owner, name, description, &request)
                .await?;
            redirect_to(&format!("/apps/{id}?created=1"));
            Ok(id)
        }
        .await,
    )
}

#[server(endpoint = "update_application")]
pub async fn update_application(
    application_id: String,
    name: String,
    description: String,
) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (name, description) = parse_application(&name, &description)?;
            let (backend, owner, request) = app_owner().await?;
            backend
                .update_application(&owner, &application_id, name, description, &request)
                .await?;
            Ok("Application saved".to_string())
        }
        .await,
    )
}

#[server(endpoint = "delete_application")]
pub async fn delete_application(application_id: String) -> Result<String, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, owner, request) = app_owner().await?;
            backend
                .delete_application(&owner, &application_id, &request)
                .await?;
            redirect_to("/apps");
            Ok("Application deleted".to_string())
        }
        .await,
    )
}

#[server(endpoint = "get_application")]
pub async fn get_application(application_id: String) -> Result<ApplicationDetails, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, owner, _) = app_owner().await?;
            backend.application_details(&owner, &application_id).await
        }
        .await,
    )
}

/// Registers the application with a service; returns the confirmation to show.
#[server(endpoint = "register_application")]
pub async fn register_application(
    application_id: String,
    service_id: String,
) -> Result<String, AppError> {
    use super::context::*;
    use crate::model::RegistrationStatus;
    respond_shown(
        async {
            if service_id.trim().is_empty() {
                return Err(AppError::field("service_id", "Choose a service."));
            }
            let (backend, owner, request) = app_owner().await?;
            let status = backend
                .register_application(&owner, &application_id, &service_id, &request)
                .await?;
            Ok(match status {
                RegistrationStatus::Approved => "Registration approved: the application can call the service".to_string(),
                _ => "Registration requested: an admin will review it, and you will be e-mailed the decision".to_string(),
            })
        }
        .await,
    )
}
