//! The gateway's HTTP face: `/gateway/verify` (any method); `/gateway/explain`, the same
//! decision neither counted nor limited, which nginx's error pages ask for the message and
//! status of a refusal; `/oauth2/token`; and `/gateway/ping`, a bare 200 the benchmark
//! compares the verify path with.

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
use super::{Decision, Gateway, GatewayStyle, OriginalRequest, RateHeaders};

pub fn routes(gateway: Arc<Gateway>) -> Router {
    Router::new()
        .route("/gateway/verify", any(verify))
        // Envoy's ext_authz appends the client's path to the configured prefix.
        .route("/gateway/verify/{*path}", any(verify))
        .route("/gateway/explain", any(explain))
        .route("/gateway/ping", get(|| async { StatusCode::OK }))
        .route("/oauth2/token", post(token))
        .with_state(gateway)
}

const CHALLENGE: &str =
    "Key realm=\"gatehouse\", Basic realm=\"gatehouse\", Bearer realm=\"gatehouse\", hmac realm=\"gatehouse\"";

async fn verify(State(gateway): State<Arc<Gateway>>, request: Request) -> Response {
    answer(gateway, request, true).await
}

async fn explain(State(gateway): State<Arc<Gateway>>, request: Request) -> Response {
    answer(gateway, request, false).await
}

/// Decides, counting the request against its plan when `counted`.
async fn answer(gateway: Arc<Gateway>, request: Request, counted: bool) -> Response {
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
    let decision = if counted {
        gateway.decide(&parts.headers, &original).await
    } else {
        gateway.explain(&parts.headers, &original).await
    };
    match decision {
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
            if let Some(rate) = &allowed.rate {
                put_rate(&mut headers, rate);
            }
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
        Decision::Forbidden(why) | Decision::Refused { why, .. } => {
            message(StatusCode::FORBIDDEN, why)
        }
        Decision::OverLimit { retry_after, rate } => {
            // nginx's auth_request takes only 2xx, 401 and 403 from us: its error page asks
            // `/gateway/explain`, which answers the 429 itself.
            let status = if counted && gateway.headers().style == GatewayStyle::Nginx {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            let mut response = message(
                status,
                "Over the request limit of this application's plan; try again after the time Retry-After gives.",
            );
            let headers = response.headers_mut();
            put_rate(headers, &rate);
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            headers.insert("gatehouse-over-limit", HeaderValue::from_static("1"));
            response
        }
        Decision::Busy => {
            let mut response = message(
                StatusCode::SERVICE_UNAVAILABLE,
                "Gatehouse is busy; try again in a moment.",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
    }
}

/// The IETF `RateLimit-Policy` and `RateLimit` headers.
fn put_rate(headers: &mut HeaderMap, rate: &RateHeaders) {
    if let Ok(policy) = HeaderValue::from_str(&rate.policy) {
        headers.insert("ratelimit-policy", policy);
    }
    if let Ok(remaining) = HeaderValue::from_str(&rate.remaining) {
        headers.insert("ratelimit", remaining);
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
