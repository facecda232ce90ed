//! `/api/v1/applications` and `/api/v1/registrations`: every application, and the admins'
//! decisions on an application's access to a service.

use app::api::Registrations;
use app::model::{ApplicationQuery, RegistrationAction, RegistrationRow, Search, TokenScope};
use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::caller::{ApiState, Caller};
use super::etag::{check_if_match, etag_of, with_etag};
use super::problem::{ApiQuery, ApiResult, Problem};
use super::schema::{ApplicationList, Registration, Status};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationListQuery {
    /// Matches the start of the application's name, or of its developer's name or e-mail.
    pub q: Option<String>,
    /// Only applications with a registration in this status.
    pub status: Option<Status>,
    /// The `next` of the previous page.
    pub after: Option<String>,
}

/// List applications, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications", params(ApplicationListQuery),
    responses(
        (status = 200, body = ApplicationList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_applications(
    State(state): State<ApiState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ApplicationListQuery>,
) -> ApiResult<Json<ApplicationList>> {
    let reader = caller.reader()?;
    let page = state
        .portal
        .application_list(
            &reader,
            ApplicationQuery {
                search: Search::parse(query.q.as_deref().unwrap_or_default()),
                status: query.status.map(Into::into),
                after: query.after.unwrap_or_default(),
            },
        )
        .await?;
    Ok(Json(ApplicationList {
        data: page.rows.into_iter().map(Into::into).collect(),
        next: page.next,
        count: page.count.counted,
        more: page.count.more,
    }))
}

/// A registration with the application it belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationDetail {
    #[serde(flatten)]
    pub registration: Registration,
    pub application_id: String,
}

/// One registration. Its `ETag` is its status: send it as `If-Match` to decide only on what
/// you read.
#[utoipa::path(get, path = "/api/v1/registrations/{id}", tag = "applications",
    params(("id" = String, Path, description = "The registration's id")),
    responses(
        (status = 200, body = RegistrationDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn show_registration(
    State(state): State<ApiState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let reader = caller.reader()?;
    let (application_id, row) = state.portal.registration(&reader, &id).await?;
    let etag = registration_etag(&row);
    let body = RegistrationDetail {
        registration: row.into(),
        application_id,
    };
    Ok(with_etag(Json(body), &etag))
}

/// A registration's version: its status.
fn registration_etag(row: &RegistrationRow) -> String {
    etag_of(&[&row.id, row.status.as_str()])
}

async fn decide(
    state: ApiState,
    caller: Caller,
    id: String,
    action: RegistrationAction,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let writer = caller.writer(TokenScope::Applications)?;
    let reader = caller.reader()?;
    let (_, row) = state.portal.registration(&reader, &id).await?;
    check_if_match(&headers, &registration_etag(&row))?;
    state
        .portal
        .act_on_registration(&writer, &id, action, row.status, None, &caller.request)
        .await?;
    show_registration(State(state), caller, Path(id)).await
}

macro_rules! registration_action {
    ($name:ident, $action:expr, $path:literal, $summary:literal) => {
        #[doc = $summary]
        #[utoipa::path(post, path = $path, tag = "applications",
            params(
                ("id" = String, Path, description = "The registration's id"),
                ("If-Match" = Option<String>, Header, description = "Decide only if the registration is still as this ETag says"),
                ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key gets the first answer"),
            ),
            responses(
                (status = 200, body = RegistrationDetail, headers(("ETag" = String))),
                (status = 401, body = Problem, content_type = "application/problem+json"),
                (status = 403, body = Problem, content_type = "application/problem+json"),
                (status = 404, body = Problem, content_type = "application/problem+json"),
                (status = 409, body = Problem, content_type = "application/problem+json"),
                (status = 412, body = Problem, content_type = "application/problem+json"),
                (status = 422, body = Problem, content_type = "application/problem+json"),
            ),
            security(("bearer" = [])))]
        pub async fn $name(
            State(state): State<ApiState>,
            caller: Caller,
            Path(id): Path<String>,
            headers: HeaderMap,
        ) -> ApiResult<Response> {
            decide(state, caller, id, $action, headers).await
        }
    };
}

registration_action!(
    approve_registration,
    RegistrationAction::Approve,
    "/api/v1/registrations/{id}/approve",
    "Approve a pending registration: its application's credentials work for the service."
);
registration_action!(
    reject_registration,
    RegistrationAction::Reject,
    "/api/v1/registrations/{id}/reject",
    "Reject a pending registration."
);
registration_action!(revoke_registration, RegistrationAction::Revoke, "/api/v1/registrations/{id}/revoke", "Revoke an approved registration: the application's credentials stop working for the service at once.");
