//! `/api/v1/developers`: the console's Developers page for scripts — list, show, approve,
//! reject, revoke, delete, invite — through the same rules as the console's buttons.

use app::api::{parse_invitees, DeveloperLifecycle, OneTimeLinks};
use app::model::{
    DeveloperAction, DeveloperDetails, DeveloperQuery, DeveloperSort, Search, TokenScope,
};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
    Json,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::caller::{ApiState, Caller};
use super::etag::{check_if_match, etag_of, with_etag};
use super::problem::{parse_body, ApiError, ApiQuery, ApiResult, Problem};
use super::schema::{
    Developer, DeveloperDetail, DeveloperList, Invitation, Invited, Status, StatusCounts,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeveloperListQuery {
    /// Only developers in this status.
    pub status: Option<Status>,
    /// Matches the start of the name or the e-mail address, case-insensitively.
    pub q: Option<String>,
    /// `requested` (default), `name` or `email`.
    pub sort: Option<String>,
    /// `asc` or `desc` (default: newest first for `requested`, A–Z otherwise).
    pub order: Option<String>,
    /// The `next` of the previous page.
    pub after: Option<String>,
}

/// List developers, 50 a page, with the count in each status.
#[utoipa::path(get, path = "/api/v1/developers", tag = "developers", params(DeveloperListQuery),
    responses(
        (status = 200, body = DeveloperList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_developers(
    State(state): State<ApiState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<DeveloperListQuery>,
) -> ApiResult<Json<DeveloperList>> {
    let reader = caller.reader()?;
    let sort = match query.sort.as_deref() {
        None | Some("requested") => DeveloperSort::Requested,
        Some("name") => DeveloperSort::Name,
        Some("email") => DeveloperSort::Email,
        Some(_) => {
            return Err(ApiError::invalid(
                "sort",
                "Sort by requested, name or email.",
            ))
        }
    };
    let descending = match query.order.as_deref() {
        None => sort == DeveloperSort::Requested,
        Some("desc") => true,
        Some("asc") => false,
        Some(_) => return Err(ApiError::invalid("order", "Order asc or desc.")),
    };
    let page = state
        .portal
        .developer_page(
            &reader,
            DeveloperQuery {
                status: query.status.map(Into::into),
                search: Search::parse(query.q.as_deref().unwrap_or_default()),
                sort,
                descending,
                after: query.after.unwrap_or_default(),
            },
        )
        .await?;
    Ok(Json(DeveloperList {
        data: page.rows.into_iter().map(Into::into).collect(),
        next: page.next,
        counts: StatusCounts {
            pending: page.counts.pending,
            approved: page.counts.approved,
            rejected: page.counts.rejected,
            revoked: page.counts.revoked,
        },
    }))
}

/// One developer with their applications, registrations and credentials. The `ETag`
/// changes whenever the developer does: send it as `If-Match` to act only on what you read.
#[utoipa::path(get, path = "/api/v1/developers/{id}", tag = "developers",
    params(("id" = String, Path, description = "The developer's id")),
    responses(
        (status = 200, body = DeveloperDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn show_developer(
    State(state): State<ApiState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let reader = caller.reader()?;
    let details = state.portal.developer_details(&reader, &id).await?;
    let etag = developer_etag(&details);
    let body = DeveloperDetail {
        developer: details.developer.into(),
        updated_at: details.updated_at,
        applications: details.applications.into_iter().map(Into::into).collect(),
    };
    Ok(with_etag(Json(body), &etag))
}

/// A developer's version: it moves whenever the developer changes.
fn developer_etag(details: &DeveloperDetails) -> String {
    etag_of(&[details.developer.status.as_str(), &details.updated_at])
}

/// Applies an action to the developer as they are now (or as `If-Match` says they were).
async fn act(
    state: &ApiState,
    caller: &Caller,
    id: &str,
    action: DeveloperAction,
    headers: &HeaderMap,
) -> ApiResult<()> {
    let writer = caller.writer(TokenScope::Developers)?;
    let reader = caller.reader()?;
    let details = state.portal.developer_details(&reader, id).await?;
    check_if_match(headers, &developer_etag(&details))?;
    state
        .portal
        .act_on_developer(
            &writer,
            id,
            action,
            details.developer.status,
            &caller.request,
        )
        .await?;
    Ok(())
}

/// The developer after an action, as `GET` shows them.
async fn answer_developer(state: &ApiState, caller: &Caller, id: &str) -> ApiResult<Response> {
    let reader = caller.reader()?;
    let details = state.portal.developer_details(&reader, id).await?;
    let etag = developer_etag(&details);
    Ok(with_etag(Json(Developer::from(details.developer)), &etag))
}

macro_rules! developer_action {
    ($name:ident, $action:expr, $path:literal, $summary:literal) => {
        #[doc = $summary]
        #[utoipa::path(post, path = $path, tag = "developers",
            params(
                ("id" = String, Path, description = "The developer's id"),
                ("If-Match" = Option<String>, Header, description = "Act only if the developer is still as this ETag says"),
                ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key gets the first answer"),
            ),
            responses(
                (status = 200, body = Developer, headers(("ETag" = String))),
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
            act(&state, &caller, &id, $action, &headers).await?;
            answer_developer(&state, &caller, &id).await
        }
    };
}

developer_action!(
    approve_developer,
    DeveloperAction::Approve,
    "/api/v1/developers/{id}/approve",
    "Approve a pending (or, unless rejections are final, rejected or revoked) developer."
);
developer_action!(
    reject_developer,
    DeveloperAction::Reject,
    "/api/v1/developers/{id}/reject",
    "Reject a pending developer."
);
developer_action!(
    revoke_developer,
    DeveloperAction::Revoke,
    "/api/v1/developers/{id}/revoke",
    "Revoke an approved developer: their credentials stop working at once."
);

/// Delete a developer with everything they own.
#[utoipa::path(delete, path = "/api/v1/developers/{id}", tag = "developers",
    params(
        ("id" = String, Path, description = "The developer's id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if the developer is still as this ETag says"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn delete_developer(
    State(state): State<ApiState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    act(&state, &caller, &id, DeveloperAction::Delete, &headers).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// E-mail each address an invitation to sign up.
#[utoipa::path(post, path = "/api/v1/developers/invite", tag = "developers",
    request_body = Invitation,
    params(("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key gets the first answer")),
    responses(
        (status = 202, body = Invited),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn invite_developers(
    State(state): State<ApiState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Invited>)> {
    let writer = caller.writer(TokenScope::Developers)?;
    let invitation: Invitation = parse_body(&body)?;
    if invitation.emails.len() > 50 {
        return Err(ApiError::invalid(
            "emails",
            "Invite at most 50 developers at a time.",
        ));
    }
    let emails = parse_invitees(&invitation.emails.join(","))?;
    let invited = emails.len();
    state
        .portal
        .invite_developers(&writer, emails, &caller.request)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(Invited { invited })))
}
