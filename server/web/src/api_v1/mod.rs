//! `/api/v1`: the admin API for scripts, with bearer API tokens, problem-details errors,
//! `If-Match` on changes and `Idempotency-Key` on POSTs; described by the OpenAPI 3.1
//! document it serves at `/api/v1/openapi.json` (generated from these handlers) and
//! rendered at `/api/v1/docs`; and Kong's Dev Portal Admin API shapes under `/kong` (see
//! `kong`). Every handler calls the portal's rules, as the console does.

mod applications;
mod caller;
mod credentials;
mod developers;
mod docs;
mod etag;
mod idempotency;
mod kong;
mod oversight;
mod problem;
mod schema;

use std::sync::Arc;

use axum::{
    http::header,
    middleware,
    response::IntoResponse,
    routing::{get, post},
    Json, Router,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::context::ClientAddress;
use gatehouse_core::portal::Portal;

pub use caller::ApiState;
use problem::ApiError;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gatehouse admin API",
        version = "1",
        description = "Automate the portal: developers, applications and their registrations, services, settings, the audit log and the outbox. Authenticate with an API token from the console (API tokens): `Authorization: Bearer gha_…`. Errors are `application/problem+json` with the fields a request got wrong. Send `If-Match` with the `ETag` you read to change only what you read, and `Idempotency-Key` on a POST you may retry."
    ),
    paths(
        developers::list_developers,
        developers::show_developer,
        developers::approve_developer,
        developers::reject_developer,
        developers::revoke_developer,
        developers::delete_developer,
        developers::invite_developers,
        applications::list_applications,
        credentials::create_application,
        credentials::issue_credential,
        credentials::roll_credential,
        credentials::delete_credential,
        applications::show_registration,
        applications::approve_registration,
        applications::reject_registration,
        applications::revoke_registration,
        oversight::list_services,
        oversight::show_settings,
        oversight::save_settings,
        oversight::audit_log,
        oversight::recent_emails,
    ),
    modifiers(&BearerTokens),
    tags(
        (name = "developers", description = "The developer lifecycle"),
        (name = "applications", description = "Applications and their registrations with services"),
        (name = "services", description = "The APIs the portal publishes"),
        (name = "settings", description = "The portal's rules"),
        (name = "audit", description = "What happened, and the mail it sent"),
    )
)]
struct AdminApi;

struct BearerTokens;

impl Modify for BearerTokens {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from the console (API tokens)."))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document of `/api/v1`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    AdminApi::openapi()
}

/// Every `/api/v1` route, with the portal and the client-address rule of the target.
pub fn api_routes(portal: &Arc<Portal>, client_address: ClientAddress) -> axum::Router {
    let state = ApiState {
        portal: portal.clone(),
        client_address,
    };
    let document = Arc::new(openapi());
    let api = Router::new()
        .route("/api/v1/developers", get(developers::list_developers))
        .route(
            "/api/v1/developers/invite",
            post(developers::invite_developers),
        )
        .route(
            "/api/v1/developers/{id}",
            get(developers::show_developer).delete(developers::delete_developer),
        )
        .route(
            "/api/v1/developers/{id}/approve",
            post(developers::approve_developer),
        )
        .route(
            "/api/v1/developers/{id}/reject",
            post(developers::reject_developer),
        )
        .route(
            "/api/v1/developers/{id}/revoke",
            post(developers::revoke_developer),
        )
        .route(
            "/api/v1/developers/{id}/applications",
            post(credentials::create_application),
        )
        .route(
            "/api/v1/developers/{id}/applications/{application_id}/credentials",
            post(credentials::issue_credential),
        )
        .route(
            "/api/v1/developers/{id}/credentials/{credential_id}",
            axum::routing::delete(credentials::delete_credential),
        )
        .route(
            "/api/v1/developers/{id}/credentials/{credential_id}/roll",
            post(credentials::roll_credential),
        )
        .route("/api/v1/applications", get(applications::list_applications))
        .route(
            "/api/v1/registrations/{id}",
            get(applications::show_registration),
        )
        .route(
            "/api/v1/registrations/{id}/approve",
            post(applications::approve_registration),
        )
        .route(
            "/api/v1/registrations/{id}/reject",
            post(applications::reject_registration),
        )
        .route(
            "/api/v1/registrations/{id}/revoke",
            post(applications::revoke_registration),
        )
        .route("/api/v1/services", get(oversight::list_services))
        .route(
            "/api/v1/settings",
            get(oversight::show_settings).put(oversight::save_settings),
        )
        .route("/api/v1/audit", get(oversight::audit_log))
        .route("/api/v1/emails", get(oversight::recent_emails))
        .merge(kong::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::replay_or_keep,
        ))
        .with_state(state);
    let served = document.clone();
    let rendered = Arc::new(docs::render(&document));
    Router::new()
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let document = served.clone();
                async move { Json(document.as_ref().clone()) }
            }),
        )
        .route(
            "/api/v1/docs",
            get(move || {
                let page = rendered.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        page.as_ref().clone(),
                    )
                }
            }),
        )
        .route("/api/v1/{*rest}", axum::routing::any(no_such_endpoint))
        .route("/kong/{*rest}", axum::routing::any(no_such_endpoint))
        .merge(api)
}

async fn no_such_endpoint() -> axum::response::Response {
    ApiError::App(app::error::AppError::NotFound(
        "No such endpoint: see /api/v1/openapi.json.".into(),
    ))
    .into_response()
}
