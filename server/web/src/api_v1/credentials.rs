//! `/api/v1/developers/{id}/applications…`: an admin acting for an approved developer —
//! creating an application, issuing, importing, rolling and deleting its credentials —
//! through the developer's own rules, audited as "developer (by token … of admin)".

use app::api::{Applications, Credentials, DeveloperLifecycle};
use app::error::AppError;
use app::model::{
    parse_description, AppName, AppOwner, CredentialKind, CredentialRequest, CredentialSpec,
    GraceDays, TokenScope,
};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use gatehouse_core::portal::ImportedSecret;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::{ApiState, Caller};
use super::problem::{parse_body, ApiError, ApiResult, Problem};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCredentialInput {
    /// `key-auth`, `basic-auth`, `oauth2`, `hmac-auth` or `jwt` (HS256).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    /// basic-auth and hmac-auth.
    #[serde(default)]
    pub username: String,
    /// Whole days; absent for no expiry (within the portal's maximum lifetime).
    pub expires_in_days: Option<u32>,
    /// Import: the key, password or secret issued elsewhere, used as given.
    pub secret: Option<String>,
    /// Import: the oauth2 client id or the jwt `iss` issued elsewhere.
    pub identifier: Option<String>,
}

/// A credential just issued or imported. `secret` is here once for a generated one, and
/// never for an imported one (you have it).
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedCredential {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub identifier: Option<String>,
    pub secret: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Roll {
    /// Days the current secret keeps working (0–30).
    #[serde(default)]
    pub grace_days: u32,
}

/// The admin's right to act for the developer, checked against how the developer is now.
async fn acting_for(state: &ApiState, caller: &Caller, developer_id: &str) -> ApiResult<AppOwner> {
    let writer = caller.writer(TokenScope::Applications)?;
    let reader = caller.reader()?;
    let details = state
        .portal
        .developer_details(&reader, developer_id)
        .await?;
    writer
        .acting_for(
            developer_id,
            &details.developer.email,
            details.developer.status,
        )
        .map_err(|why| ApiError::App(AppError::Forbidden(why)))
}

/// Create an application for an approved developer.
#[utoipa::path(post, path = "/api/v1/developers/{id}/applications", tag = "applications",
    request_body = NewApplication,
    params(
        ("id" = String, Path, description = "The developer's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key gets the first answer"),
    ),
    responses(
        (status = 201, body = Created),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn create_application(
    State(state): State<ApiState>,
    caller: Caller,
    Path(developer_id): Path<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let owner = acting_for(&state, &caller, &developer_id).await?;
    let input: NewApplication = parse_body(&body)?;
    let (name, description) = AppError::collect(
        AppName::parse(&input.name).map_err(|m| ("name", m.to_string())),
        parse_description(&input.description).map_err(|m| ("description", m.to_string())),
    )?;
    let id = state
        .portal
        .create_application(&owner, name, description, &caller.request)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Issue a credential for one of the developer's applications, or import one issued
/// elsewhere with its secret (`secret`, and `identifier` for oauth2 and jwt), so keys in use
/// keep working.
#[utoipa::path(post, path = "/api/v1/developers/{id}/applications/{application_id}/credentials", tag = "applications",
    request_body = NewCredentialInput,
    params(
        ("id" = String, Path, description = "The developer's id"),
        ("application_id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key gets the first answer"),
    ),
    responses(
        (status = 201, body = IssuedCredential),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn issue_credential(
    State(state): State<ApiState>,
    caller: Caller,
    Path((developer_id, application_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<IssuedCredential>)> {
    let owner = acting_for(&state, &caller, &developer_id).await?;
    let input: NewCredentialInput = parse_body(&body)?;
    let issued = issue(&state, &caller, &owner, &application_id, input).await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// Issues or imports a credential for `owner`'s application (shared with the Kong-compatible
/// API).
pub async fn issue(
    state: &ApiState,
    caller: &Caller,
    owner: &AppOwner,
    application_id: &str,
    input: NewCredentialInput,
) -> ApiResult<IssuedCredential> {
    let kind = CredentialKind::parse(&input.kind).ok_or_else(|| {
        ApiError::invalid(
            "type",
            "Use key-auth, basic-auth, oauth2, hmac-auth or jwt.",
        )
    })?;
    let spec = CredentialSpec::try_from(CredentialRequest {
        kind,
        name: input.name,
        username: input.username,
        algorithm: None,
        public_key: String::new(),
        expires_in_days: input
            .expires_in_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
    })?;
    let importing = input.secret.is_some();
    let new = match input.secret {
        Some(secret) => state
            .portal
            .import_credential(
                owner,
                application_id,
                spec,
                ImportedSecret {
                    secret,
                    identifier: input.identifier,
                },
                &caller.request,
            )
            .await
            .map_err(kind_is_type)?,
        None => state
            .portal
            .generate_credential(owner, application_id, spec, &caller.request)
            .await
            .map_err(kind_is_type)?,
    };
    Ok(IssuedCredential {
        // An imported secret is not repeated: the caller has it.
        secret: body_had_secret(&new).filter(|_| !importing),
        id: new.id,
        kind: new.kind.as_str().into(),
        identifier: new.identifier,
    })
}

/// The rules call a credential's type `kind`; this API's field is `type`.
fn kind_is_type(error: AppError) -> AppError {
    match error {
        AppError::Invalid(mut fields) => {
            for field in &mut fields {
                if field.field == "kind" {
                    field.field = "type".into();
                }
            }
            AppError::Invalid(fields)
        }
        other => other,
    }
}

fn body_had_secret(new: &app::model::NewCredential) -> Option<String> {
    new.secret
        .as_ref()
        .map(|secret| secret.expose().to_string())
}

/// Roll a credential: a new secret, once; the current one keeps working `grace_days`.
#[utoipa::path(post, path = "/api/v1/developers/{id}/credentials/{credential_id}/roll", tag = "applications",
    request_body = Roll,
    params(
        ("id" = String, Path, description = "The developer's id"),
        ("credential_id" = String, Path, description = "The credential's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key gets the first answer"),
    ),
    responses(
        (status = 200, body = IssuedCredential),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn roll_credential(
    State(state): State<ApiState>,
    caller: Caller,
    Path((developer_id, credential_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<IssuedCredential>> {
    let owner = acting_for(&state, &caller, &developer_id).await?;
    let roll: Roll = parse_body(&body)?;
    let grace =
        GraceDays::parse(roll.grace_days).map_err(|m| ApiError::invalid("grace_days", m))?;
    let reader = caller.reader()?;
    let details = state
        .portal
        .developer_details(&reader, &developer_id)
        .await?;
    let version = details
        .applications
        .iter()
        .flat_map(|owned| owned.credentials.iter())
        .find(|credential| credential.id == credential_id)
        .map(|credential| credential.secret_version)
        .ok_or_else(|| {
            ApiError::App(AppError::NotFound(
                "No credential with this id among the developer's.".into(),
            ))
        })?;
    let new = state
        .portal
        .roll_credential(&owner, &credential_id, grace, version, &caller.request)
        .await?;
    Ok(Json(IssuedCredential {
        secret: body_had_secret(&new),
        id: new.id,
        kind: new.kind.as_str().into(),
        identifier: new.identifier,
    }))
}

/// Delete (revoke) a credential: it stops working at the gateway at once.
#[utoipa::path(delete, path = "/api/v1/developers/{id}/credentials/{credential_id}", tag = "applications",
    params(
        ("id" = String, Path, description = "The developer's id"),
        ("credential_id" = String, Path, description = "The credential's id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn delete_credential(
    State(state): State<ApiState>,
    caller: Caller,
    Path((developer_id, credential_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let owner = acting_for(&state, &caller, &developer_id).await?;
    state
        .portal
        .delete_credential(&owner, &credential_id, &caller.request)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
