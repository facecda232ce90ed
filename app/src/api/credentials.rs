//! Credentials of an application: generate, roll, edit, delete. Secrets are returned once.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::CredentialSpec;
use crate::model::{CredentialEdit, CredentialRequest, GraceDays, NewCredential};

#[server(endpoint = "generate_credential")]
pub async fn generate_credential(
    application_id: String,
    credential: CredentialRequest,
) -> Result<NewCredential, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, owner, request) = app_owner().await?;
            let credential = CredentialSpec::try_from(credential)?;
            let new = backend
                .generate_credential(&owner, &application_id, credential, &request)
                .await?;
            carry_new_credential(&backend, &request, &application_id, &new);
            Ok(new)
        }
        .await,
    )
}

/// The credential a plain form post (no JavaScript) just generated for this application,
/// shown by the page it led back to, once.
#[server(endpoint = "take_new_credential")]
pub async fn take_new_credential(
    application_id: String,
) -> Result<Option<NewCredential>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, _, request) = app_owner().await?;
            Ok(take_carried_credential(&backend, &request, &application_id))
        }
        .await,
    )
}

/// Issues a new secret; the current one keeps working for the grace period. The roll names
/// the secret the page showed (`secret_version`), so a second click cannot roll twice.
#[server(endpoint = "roll_credential")]
pub async fn roll_credential(
    credential_id: String,
    grace_days: GraceDays,
    secret_version: i64,
    /// The page's application, for a plain form post: the new secret is carried back to it.
    #[server(default)]
    application_id: String,
) -> Result<NewCredential, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, owner, request) = app_owner().await?;
            let new = backend
                .roll_credential(&owner, &credential_id, grace_days, secret_version, &request)
                .await?;
            carry_new_credential(&backend, &request, &application_id, &new);
            Ok(new)
        }
        .await,
    )
}

/// Renames a credential and, when asked, changes its expiry.
#[server(endpoint = "edit_credential")]
pub async fn edit_credential(
    credential_id: String,
    edit: CredentialEdit,
) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let change = crate::model::CredentialChange::try_from(edit)?;
            let (backend, owner, request) = app_owner().await?;
            backend
                .edit_credential(&owner, &credential_id, change, &request)
                .await?;
            Ok("Credential saved".to_string())
        }
        .await,
    )
}

#[server(endpoint = "delete_credential")]
pub async fn delete_credential(credential_id: String) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, owner, request) = app_owner().await?;
            backend
                .delete_credential(&owner, &credential_id, &request)
                .await?;
            Ok("Credential deleted".to_string())
        }
        .await,
    )
}
