//! `/api/v1/services`, `/api/v1/settings`, `/api/v1/audit`, `/api/v1/emails`: what the
//! console's Services, Settings, Audit log and E-mail pages show, and saving the settings.

use app::api::{Oversight, Services};
use app::model::{AuditFilter, CredentialKind, CredentialTypes, PortalSettings};
use axum::{body::Bytes, extract::State, http::HeaderMap, response::Response, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use super::caller::{ApiState, Caller};
use super::etag::{check_if_match, etag_of, with_etag};
use super::problem::{parse_body, ApiError, ApiQuery, ApiResult, Problem};
use super::schema::{AuditList, EmailList, ServiceList, Settings};

/// Every service, published or not.
#[utoipa::path(get, path = "/api/v1/services", tag = "services",
    responses(
        (status = 200, body = ServiceList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_services(
    State(state): State<ApiState>,
    caller: Caller,
) -> ApiResult<Json<ServiceList>> {
    let reader = caller.reader()?;
    let rows = state.portal.list_services(&reader).await?;
    Ok(Json(ServiceList {
        data: rows.into_iter().map(Into::into).collect(),
    }))
}

fn settings_view(settings: &PortalSettings) -> Settings {
    Settings {
        auto_approve_developers: settings.auto_approve_developers,
        auto_approve_applications: settings.auto_approve_applications,
        rejections_final: settings.rejections_final,
        require_email_verification: settings.require_email_verification,
        public_portal: settings.public_portal,
        credential_types: settings
            .credential_types
            .enabled()
            .into_iter()
            .map(|kind| kind.as_str().to_string())
            .collect(),
        max_credential_days: settings.max_credential_days,
        usage_retention_days: Some(settings.usage_retention_days),
    }
}

fn settings_etag(settings: &Settings) -> String {
    etag_of(&[&serde_json::to_string(settings).unwrap_or_default()])
}

fn settings_answer(settings: Settings) -> Response {
    let etag = settings_etag(&settings);
    with_etag(Json(settings), &etag)
}

/// The portal's settings.
#[utoipa::path(get, path = "/api/v1/settings", tag = "settings",
    responses(
        (status = 200, body = Settings, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn show_settings(State(state): State<ApiState>, caller: Caller) -> ApiResult<Response> {
    let reader = caller.reader()?;
    let settings = state.portal.portal_settings(&reader).await?;
    Ok(settings_answer(settings_view(&settings)))
}

/// Save the settings whole (owners' tokens with the `settings` scope). With `If-Match`, only
/// if nobody changed them since you read them.
#[utoipa::path(put, path = "/api/v1/settings", tag = "settings",
    request_body = Settings,
    params(("If-Match" = Option<String>, Header, description = "Save only if the settings are still as this ETag says")),
    responses(
        (status = 200, body = Settings, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn save_settings(
    State(state): State<ApiState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let owner = caller.owner()?;
    let reader = caller.reader()?;
    let wanted: Settings = parse_body(&body)?;
    let mut credential_types = CredentialTypes::none();
    for name in &wanted.credential_types {
        let kind = CredentialKind::parse(name).ok_or_else(|| {
            ApiError::invalid(
                "credential_types",
                format!("\"{name}\" is not a credential type: use key-auth, basic-auth, oauth2, hmac-auth or jwt."),
            )
        })?;
        credential_types.set(kind, true);
    }
    if wanted.max_credential_days > PortalSettings::MAX_LIFETIME_DAYS {
        return Err(ApiError::invalid(
            "max_credential_days",
            "Give a number of days from 0 (no limit) to 3650.",
        ));
    }
    if let Some(days) = wanted.usage_retention_days {
        if !(1..=PortalSettings::MAX_RETENTION_DAYS).contains(&days) {
            return Err(ApiError::invalid(
                "usage_retention_days",
                "Give a number of days from 1 to 3650.",
            ));
        }
    }
    let current = state.portal.portal_settings(&reader).await?;
    check_if_match(&headers, &settings_etag(&settings_view(&current)))?;
    let settings = PortalSettings {
        auto_approve_developers: wanted.auto_approve_developers,
        auto_approve_applications: wanted.auto_approve_applications,
        rejections_final: wanted.rejections_final,
        require_email_verification: wanted.require_email_verification,
        public_portal: wanted.public_portal,
        credential_types,
        max_credential_days: wanted.max_credential_days,
        usage_retention_days: wanted
            .usage_retention_days
            .unwrap_or(current.usage_retention_days),
    };
    state
        .portal
        .save_portal_settings(&owner, settings, &caller.request)
        .await?;
    Ok(settings_answer(settings_view(&settings)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Entries whose actor contains this (case-insensitive).
    pub actor: Option<String>,
    /// Entries whose target contains this.
    pub target: Option<String>,
    /// Entries whose action contains this, e.g. `developer.approved`.
    pub action: Option<String>,
    /// The `next` of the previous page: older entries.
    pub before: Option<i64>,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses(
        (status = 200, body = AuditList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn audit_log(
    State(state): State<ApiState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<AuditList>> {
    let reader = caller.reader()?;
    let page = state
        .portal
        .audit_log(
            &reader,
            AuditFilter {
                actor: query.actor.unwrap_or_default(),
                target: query.target.unwrap_or_default(),
                action: query.action.unwrap_or_default(),
                before: query.before,
            },
        )
        .await?;
    Ok(Json(AuditList {
        data: page.entries.into_iter().map(Into::into).collect(),
        next: page.next,
    }))
}

/// The newest messages of the outbox: sent, waiting, or failing with their last error.
#[utoipa::path(get, path = "/api/v1/emails", tag = "audit",
    responses(
        (status = 200, body = EmailList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn recent_emails(
    State(state): State<ApiState>,
    caller: Caller,
) -> ApiResult<Json<EmailList>> {
    let reader = caller.reader()?;
    let emails = state.portal.recent_emails(&reader).await?;
    Ok(Json(EmailList {
        data: emails.into_iter().map(Into::into).collect(),
    }))
}
