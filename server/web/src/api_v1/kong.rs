//! `/kong/…`: the endpoints of Kong's Dev Portal Admin API that teams script against, in
//! Kong's shapes — statuses as integers (0 approved, 1 pending, 2 rejected, 3 revoked),
//! pages as `data`/`next`/`offset` — so a script written for Kong runs against Gatehouse
//! with another base URL and an API token. Each one calls the same rules as `/api/v1`.

use app::api::{DeveloperLifecycle, OneTimeLinks, Registrations};
use app::error::AppError;
use app::model::{
    DeveloperAction, DeveloperDetails, DeveloperQuery, DeveloperSort, DeveloperStatus,
    RegistrationAction, RegistrationStatus, Search, TokenScope,
};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use serde::Deserialize;
use serde_json::{json, Value};

use super::caller::{ApiState, Caller};
use super::credentials::{issue, NewCredentialInput};
use super::problem::{parse_body, ApiError, ApiQuery, ApiResult};

/// Every `/kong` route.
pub fn routes() -> Router<ApiState> {
    Router::new()
        .route("/kong/developers", get(list_developers))
        .route("/kong/developers/invite", axum::routing::post(invite))
        .route(
            "/kong/developers/{developer}",
            get(show_developer)
                .patch(update_developer)
                .delete(delete_developer),
        )
        .route(
            "/kong/developers/{developer}/applications",
            get(developer_applications),
        )
        .route(
            "/kong/developers/{developer}/credentials/{plugin}",
            get(list_credentials).post(create_credential),
        )
        .route(
            "/kong/applications/{application}/application_instances",
            get(application_instances),
        )
        .route(
            "/kong/applications/{application}/application_instances/{instance}",
            axum::routing::patch(update_application_instance),
        )
}

/// Kong's integer for a status.
fn code(status: DeveloperStatus) -> u8 {
    match status {
        DeveloperStatus::Approved => 0,
        DeveloperStatus::Pending => 1,
        DeveloperStatus::Rejected => 2,
        DeveloperStatus::Revoked => 3,
    }
}

fn registration_code(status: RegistrationStatus) -> u8 {
    match status {
        RegistrationStatus::Approved => 0,
        RegistrationStatus::Pending => 1,
        RegistrationStatus::Rejected => 2,
        RegistrationStatus::Revoked => 3,
    }
}

fn status_of(code: i64) -> Option<DeveloperStatus> {
    Some(match code {
        0 => DeveloperStatus::Approved,
        1 => DeveloperStatus::Pending,
        2 => DeveloperStatus::Rejected,
        3 => DeveloperStatus::Revoked,
        _ => return None,
    })
}

/// Seconds since the epoch, as Kong gives times.
fn epoch(rfc3339: &str) -> i64 {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .unwrap_or_default()
}

fn developer_json(
    id: &str,
    email: &str,
    full_name: &str,
    status: DeveloperStatus,
    created: &str,
) -> Value {
    json!({
        "id": id,
        "email": email,
        "status": code(status),
        "meta": json!({ "full_name": full_name }).to_string(),
        "consumer": { "id": id },
        "custom_id": null,
        "created_at": epoch(created),
        "updated_at": epoch(created),
    })
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    offset: Option<String>,
}

/// `GET /developers?status=1&offset=…`
async fn list_developers(
    State(state): State<ApiState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Value>> {
    let reader = caller.reader()?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(text) => Some(
            text.parse::<i64>()
                .ok()
                .and_then(status_of)
                .ok_or_else(|| {
                    ApiError::invalid(
                        "status",
                        "Use 0 (approved), 1 (pending), 2 (rejected) or 3 (revoked).",
                    )
                })?,
        ),
    };
    let page = state
        .portal
        .developer_page(
            &reader,
            DeveloperQuery {
                status,
                search: Search::parse(""),
                sort: DeveloperSort::Requested,
                descending: false,
                after: query.offset.unwrap_or_default(),
            },
        )
        .await?;
    let data: Vec<Value> = page
        .rows
        .iter()
        .map(|row| {
            developer_json(
                &row.id,
                &row.email,
                &row.full_name,
                row.status,
                &row.requested_at,
            )
        })
        .collect();
    let next = page.next.as_ref().map(|offset| {
        let status = status
            .map(|s| format!("status={}&", code(s)))
            .unwrap_or_default();
        format!("/developers?{status}offset={}", encode(offset))
    });
    Ok(Json(
        json!({ "data": data, "next": next, "offset": page.next }),
    ))
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The developer named by id or e-mail address, as the console shows them.
async fn find(state: &ApiState, caller: &Caller, developer: &str) -> ApiResult<DeveloperDetails> {
    let reader = caller.reader()?;
    let id = if developer.contains('@') {
        let page = state
            .portal
            .developer_page(
                &reader,
                DeveloperQuery {
                    status: None,
                    search: Search::parse(developer),
                    sort: DeveloperSort::Email,
                    descending: false,
                    after: String::new(),
                },
            )
            .await?;
        page.rows
            .into_iter()
            .find(|row| row.email.eq_ignore_ascii_case(developer))
            .map(|row| row.id)
            .ok_or_else(|| {
                ApiError::App(AppError::NotFound(
                    "No developer with this e-mail address.".into(),
                ))
            })?
    } else {
        developer.to_string()
    };
    Ok(state.portal.developer_details(&reader, &id).await?)
}

fn details_json(details: &DeveloperDetails) -> Value {
    let row = &details.developer;
    developer_json(
        &row.id,
        &row.email,
        &row.full_name,
        row.status,
        &row.requested_at,
    )
}

/// `GET /developers/{email|id}`
async fn show_developer(
    State(state): State<ApiState>,
    caller: Caller,
    Path(developer): Path<String>,
) -> ApiResult<Json<Value>> {
    let details = find(&state, &caller, &developer).await?;
    Ok(Json(details_json(&details)))
}

/// `PATCH /developers/{email|id}` with `{"status": 0}`: approve (0), reject (2), revoke (3).
async fn update_developer(
    State(state): State<ApiState>,
    caller: Caller,
    Path(developer): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let writer = caller.writer(TokenScope::Developers)?;
    #[derive(Deserialize)]
    struct Patch {
        status: Option<i64>,
    }
    let patch: Patch = parse_body(&body)?;
    let details = find(&state, &caller, &developer).await?;
    let Some(wanted) = patch.status else {
        return Ok(Json(details_json(&details)));
    };
    let action = match status_of(wanted) {
        Some(DeveloperStatus::Approved) => DeveloperAction::Approve,
        Some(DeveloperStatus::Rejected) => DeveloperAction::Reject,
        Some(DeveloperStatus::Revoked) => DeveloperAction::Revoke,
        Some(DeveloperStatus::Pending) | None => {
            return Err(ApiError::invalid(
                "status",
                "Set 0 (approve), 2 (reject) or 3 (revoke).",
            ))
        }
    };
    let id = details.developer.id.clone();
    if details.developer.status != status_of(wanted).unwrap_or(DeveloperStatus::Pending) {
        state
            .portal
            .act_on_developer(
                &writer,
                &id,
                action,
                details.developer.status,
                &caller.request,
            )
            .await?;
    }
    let reader = caller.reader()?;
    let after = state.portal.developer_details(&reader, &id).await?;
    Ok(Json(details_json(&after)))
}

/// `DELETE /developers/{email|id}`
async fn delete_developer(
    State(state): State<ApiState>,
    caller: Caller,
    Path(developer): Path<String>,
) -> ApiResult<StatusCode> {
    let writer = caller.writer(TokenScope::Developers)?;
    let details = find(&state, &caller, &developer).await?;
    state
        .portal
        .act_on_developer(
            &writer,
            &details.developer.id,
            DeveloperAction::Delete,
            details.developer.status,
            &caller.request,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /developers/invite` with `{"emails": […]}`
async fn invite(
    State(state): State<ApiState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let writer = caller.writer(TokenScope::Developers)?;
    #[derive(Deserialize)]
    struct Invite {
        emails: Vec<String>,
    }
    let invite: Invite = parse_body(&body)?;
    let mut good = Vec::new();
    let mut bad = serde_json::Map::new();
    for email in invite.emails.iter().take(500) {
        match app::model::Email::parse(email) {
            Ok(parsed) => good.push(parsed),
            Err(why) => {
                bad.insert(email.clone(), Value::String(why.to_string()));
            }
        }
    }
    let sent: Vec<String> = good.iter().map(|e| e.as_str().to_string()).collect();
    if !good.is_empty() {
        state
            .portal
            .invite_developers(&writer, good, &caller.request)
            .await?;
    }
    Ok(Json(json!({
        "success": { "count": sent.len(), "emails": sent },
        "error": { "count": bad.len(), "emails": bad },
    })))
}

/// `GET /developers/{email|id}/applications`
async fn developer_applications(
    State(state): State<ApiState>,
    caller: Caller,
    Path(developer): Path<String>,
) -> ApiResult<Json<Value>> {
    let details = find(&state, &caller, &developer).await?;
    let developer_id = details.developer.id.clone();
    let data: Vec<Value> = details
        .applications
        .iter()
        .map(|owned| {
            let app = &owned.application;
            json!({
                "id": app.id,
                "name": app.name,
                "description": app.description,
                "redirect_uri": null,
                "custom_id": null,
                "developer": { "id": developer_id },
                "consumer": { "id": app.id },
                "created_at": epoch(&app.created_at),
                "updated_at": epoch(&app.created_at),
            })
        })
        .collect();
    Ok(Json(json!({ "data": data, "next": null })))
}

fn instance_json(application_id: &str, row: &app::model::RegistrationRow) -> Value {
    json!({
        "id": row.id,
        "status": registration_code(row.status),
        "suspended": row.status == RegistrationStatus::Revoked,
        "service": { "id": row.service_id },
        "application": { "id": application_id },
        "composite_id": format!("{application_id}_{}", row.service_id),
        "created_at": epoch(&row.created_at),
        "updated_at": epoch(&row.created_at),
    })
}

/// `GET /applications/{application}/application_instances`: its registrations.
async fn application_instances(
    State(state): State<ApiState>,
    caller: Caller,
    Path(application): Path<String>,
) -> ApiResult<Json<Value>> {
    let reader = caller.reader()?;
    let rows = state
        .portal
        .application_registrations(&reader, &application)
        .await?;
    let data: Vec<Value> = rows
        .iter()
        .map(|row| instance_json(&application, row))
        .collect();
    Ok(Json(json!({ "data": data, "next": null })))
}

/// `PATCH /applications/{application}/application_instances/{instance}` with
/// `{"status": 0}`: approve (0), reject (2), revoke (3).
async fn update_application_instance(
    State(state): State<ApiState>,
    caller: Caller,
    Path((application, instance)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let writer = caller.writer(TokenScope::Applications)?;
    #[derive(Deserialize)]
    struct Patch {
        status: i64,
    }
    let patch: Patch = parse_body(&body)?;
    let action = match patch.status {
        0 => RegistrationAction::Approve,
        2 => RegistrationAction::Reject,
        3 => RegistrationAction::Revoke,
        _ => {
            return Err(ApiError::invalid(
                "status",
                "Set 0 (approve), 2 (reject) or 3 (revoke).",
            ))
        }
    };
    let reader = caller.reader()?;
    let (owner_application, row) = state.portal.registration(&reader, &instance).await?;
    if owner_application != application {
        return Err(ApiError::App(AppError::NotFound(
            "No application instance with this id in this application.".into(),
        )));
    }
    if registration_code(row.status) as i64 != patch.status {
        state
            .portal
            .act_on_registration(
                &writer,
                &instance,
                action,
                row.status,
                None,
                &caller.request,
            )
            .await?;
    }
    let (_, after) = state.portal.registration(&reader, &instance).await?;
    Ok(Json(instance_json(&application, &after)))
}

/// Kong's plugin names for the credential types Gatehouse issues.
fn kind_of(plugin: &str) -> ApiResult<&'static str> {
    Ok(match plugin {
        "key-auth" => "key-auth",
        "basic-auth" => "basic-auth",
        "hmac-auth" => "hmac-auth",
        "jwt" => "jwt",
        "oauth2" => "oauth2",
        _ => {
            return Err(ApiError::App(AppError::NotFound(
                "No such credential plugin: use key-auth, basic-auth, hmac-auth, jwt or oauth2."
                    .into(),
            )))
        }
    })
}

/// `GET /developers/{email|id}/credentials/{plugin}`: never the secrets (Gatehouse keeps
/// only their hashes); `key` is the first characters.
async fn list_credentials(
    State(state): State<ApiState>,
    caller: Caller,
    Path((developer, plugin)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let kind = kind_of(&plugin)?;
    let details = find(&state, &caller, &developer).await?;
    let data: Vec<Value> = details
        .applications
        .iter()
        .flat_map(|owned| {
            owned
                .credentials
                .iter()
                .map(move |credential| (owned, credential))
        })
        .filter(|(_, credential)| credential.kind.as_str() == kind)
        .map(|(owned, credential)| {
            json!({
                "id": credential.id,
                "key": format!("{}…", credential.hint),
                "username": credential.identifier,
                "client_id": credential.identifier,
                "consumer": { "id": owned.application.id },
                "created_at": epoch(&credential.created_at),
            })
        })
        .collect();
    Ok(Json(json!({ "data": data, "next": null })))
}

/// `POST /developers/{email|id}/credentials/{plugin}`: Kong's fields (`key`; `username` and
/// `password`; `username` and `secret`; `key` and `secret`; `client_id` and `client_secret`)
/// import the secret as given; without one, Gatehouse generates it and answers it once. The
/// credential belongs to `application_id`, or to the developer's only application.
async fn create_credential(
    State(state): State<ApiState>,
    caller: Caller,
    Path((developer, plugin)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let kind = kind_of(&plugin)?;
    let writer = caller.writer(TokenScope::Applications)?;
    #[derive(Deserialize, Default)]
    struct KongCredential {
        application_id: Option<String>,
        name: Option<String>,
        key: Option<String>,
        username: Option<String>,
        password: Option<String>,
        secret: Option<String>,
        client_id: Option<String>,
        client_secret: Option<String>,
    }
    let given: KongCredential = if body.is_empty() {
        KongCredential::default()
    } else {
        parse_body(&body)?
    };
    let details = find(&state, &caller, &developer).await?;
    let owner = writer
        .acting_for(
            &details.developer.id,
            &details.developer.email,
            details.developer.status,
        )
        .map_err(|why| ApiError::App(AppError::Forbidden(why)))?;
    let application_id = match (&given.application_id, details.applications.as_slice()) {
        (Some(id), _) => id.clone(),
        (None, [only]) => only.application.id.clone(),
        (None, []) => {
            return Err(ApiError::invalid(
                "application_id",
                "This developer has no application: create one first (POST /api/v1/developers/{id}/applications).",
            ))
        }
        (None, _) => {
            return Err(ApiError::invalid(
                "application_id",
                "This developer has several applications: name one with application_id.",
            ))
        }
    };
    let (secret, identifier, username) = match kind {
        "key-auth" => (given.key, None, None),
        "basic-auth" => (given.password, None, given.username),
        "hmac-auth" => (given.secret, None, given.username),
        "jwt" => (given.secret, given.key, None),
        _ => (given.client_secret, given.client_id, None),
    };
    let imported = secret.clone();
    let issued = issue(
        &state,
        &caller,
        &owner,
        &application_id,
        NewCredentialInput {
            kind: kind.to_string(),
            name: given.name.unwrap_or_default(),
            username: username.unwrap_or_default(),
            expires_in_days: None,
            secret,
            identifier,
        },
    )
    .await?;
    let secret = issued.secret.or(imported);
    let body = match kind {
        "key-auth" => json!({ "key": secret }),
        "basic-auth" | "hmac-auth" => {
            json!({ "username": issued.identifier, "password": secret, "secret": secret })
        }
        "jwt" => json!({ "key": issued.identifier, "secret": secret, "algorithm": "HS256" }),
        _ => json!({ "client_id": issued.identifier, "client_secret": secret }),
    };
    let mut body = body;
    body["id"] = json!(issued.id);
    body["consumer"] = json!({ "id": application_id });
    Ok((StatusCode::CREATED, Json(body)))
}
