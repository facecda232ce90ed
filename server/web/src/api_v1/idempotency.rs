//! `Idempotency-Key` on POST: the first answer for a key is kept a day (per token) and
//! returned to a retry of the same request; the same key with another request is refused.

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use gatehouse_core::auth::hash_token;
use gatehouse_core::store::KeptAnswer;

use super::caller::ApiState;
use super::problem::ApiError;

const HEADER: &str = "idempotency-key";
/// The longest body a kept answer or a fingerprinted request may have.
const MAX_BYTES: usize = 1 << 20;

pub async fn replay_or_keep(
    State(state): State<ApiState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request
        .headers()
        .get(HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
    else {
        return next.run(request).await;
    };
    if key.is_empty() || key.len() > 255 {
        return ApiError::invalid(
            "Idempotency-Key",
            "Give an Idempotency-Key of 1 to 255 characters.",
        )
        .into_response();
    }
    let secret = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let holder = match state.portal.api_token_holder(&secret).await {
        Ok(Some(holder)) => holder,
        // The handler answers 401 (or 503) itself.
        _ => return next.run(request).await,
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BYTES).await else {
        return ApiError::App(app::error::AppError::TooLarge).into_response();
    };
    let fingerprint = hash_token(&format!(
        "{} {}\n{}",
        parts.method,
        parts.uri.path(),
        String::from_utf8_lossy(&bytes)
    ));
    let store = state.portal.store();
    match store.kept_answer(&holder.token_id, &key).await {
        Ok(Some(kept)) if kept.fingerprint == fingerprint => return replay(kept),
        Ok(Some(_)) => return ApiError::IdempotencyKeyReused.into_response(),
        Ok(None) => {}
        Err(error) => {
            return ApiError::App(gatehouse_core::portal::internal(error)).into_response()
        }
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    // Failures on our side are not kept: a retry should try again.
    if response.status().is_server_error() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let kept = KeptAnswer {
        fingerprint,
        status: parts.status.as_u16(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    if let Err(error) = store.keep_answer(&holder.token_id, &key, &kept).await {
        tracing::warn!(error = %error, "keeping an idempotent answer");
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn replay(kept: KeptAnswer) -> Response {
    let status = StatusCode::from_u16(kept.status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    let mut response = (status, kept.body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}
