//! The gateway's HTTP face: `/gateway/verify` (any method), `/oauth2/token`, and
//! `/gateway/ping`, a bare 200 the benchmark compares the verify path with.

use std::sync::Arc;

use axum::{
    extract::{rejection::FormRejection, Form, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{any, get, post},
    Json, Router,
};
use serde_json::json;

use super::original::Unreadable;
use super::token::TokenRequest;
use super::{Decision, Gateway, OriginalRequest};

pub fn routes(gateway: Arc<Gateway>) -> Router {
    Router::new()
        .route("/gateway/verify", any(verify))
        // Envoy's ext_authz appends the client's path to the configured prefix.
        .route("/gateway/verify/{*path}", any(verify))
        .route("/gateway/ping", get(|| async { StatusCode::OK }))
        .route("/oauth2/token", post(token))
        .with_state(gateway)
}

const CHALLENGE: &str =
    "Key realm=\"gatehouse\", Basic realm=\"gatehouse\", Bearer realm=\"gatehouse\", hmac realm=\"gatehouse\"";

async fn verify(State(gateway): State<Arc<Gateway>>, request: Request) -> Response {
    gateway.refresh_on_request().await;
    let (parts, _) = request.into_parts();
    let original = match OriginalRequest::from_headers(
        &parts.headers,
        &parts.method,
        &parts.uri,
        gateway.headers(),
    ) {
        Ok(original) => original,
        Err(Unreadable::Missing(why)) => {
            tracing::warn!(why, "a gateway request without the original request");
            return message(StatusCode::UNAUTHORIZED, why);
        }
        Err(Unreadable::Unsafe(why)) => return message(StatusCode::FORBIDDEN, why),
    };
    match gateway.decide(&parts.headers, &original).await {
        Decision::Allow(allowed) => {
            let mut headers = HeaderMap::new();
            let mut put = |name: &'static str, value: &str| {
                if let Ok(value) = HeaderValue::from_str(value) {
                    headers.insert(name, value);
                }
            };
            put("x-consumer-id", &allowed.developer_id);
            put("x-consumer-username", &allowed.developer_email);
            put("x-credential-identifier", &allowed.credential);
            put("x-application-id", &allowed.application_id);
            put("x-consumer-groups", &allowed.groups.join(", "));
            (StatusCode::OK, headers).into_response()
        }
        Decision::Unauthorized(why) => {
            let mut response = message(StatusCode::UNAUTHORIZED, why);
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(CHALLENGE),
            );
            response
        }
        Decision::Forbidden(why) => message(StatusCode::FORBIDDEN, why),
        Decision::Busy => {
            let mut response = message(
                StatusCode::SERVICE_UNAVAILABLE,
                "Gatehouse is busy checking passwords; try again in a moment.",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
    }
}

fn message(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}

async fn token(
    State(gateway): State<Arc<Gateway>>,
    headers: HeaderMap,
    form: Result<Form<TokenRequest>, FormRejection>,
) -> Response {
    gateway.refresh_on_request().await;
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let no_store = [
        (header::CACHE_CONTROL, "no-store"),
        (header::PRAGMA, "no-cache"),
    ];
    match gateway.issue_token(&headers, form).await {
        Ok((token, expires_in)) => (
            StatusCode::OK,
            no_store,
            Json(
                json!({ "access_token": token, "token_type": "bearer", "expires_in": expires_in }),
            ),
        )
            .into_response(),
        Err(error) => {
            let status = if error.unauthorized {
                StatusCode::UNAUTHORIZED
            } else if error.error == "server_error" {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::BAD_REQUEST
            };
            let mut response = (
                status,
                no_store,
                Json(json!({ "error": error.error, "error_description": error.description })),
            )
                .into_response();
            if error.unauthorized {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"gatehouse\""),
                );
            }
            response
        }
    }
}
