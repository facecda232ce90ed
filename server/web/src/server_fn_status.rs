//! Server functions answer every error with 500; this puts the status the error deserves
//! (400 for a malformed call, 403, 409…) so that bad input never looks like a server failure.

use app::error::AppError;
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Error bodies are small; anything larger is left as it is.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The most a request body may hold (axum's default, stated so that both checks agree).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The most an upload of an OpenAPI document may hold: the document's 25 MiB and the
/// multipart form around it.
pub const UPLOAD_BODY_BYTES: usize = app::model::MAX_DOCUMENT_BYTES + 1024 * 1024;

/// The service whose document upload `path` is, if it is one.
fn uploaded_to(path: &str) -> Option<&str> {
    path.strip_prefix("/admin/services/")
        .and_then(|rest| rest.strip_suffix("/document"))
        .filter(|id| !id.is_empty() && !id.contains('/'))
}

/// The most a request to `path` may carry.
pub fn body_limit(path: &str) -> usize {
    if uploaded_to(path).is_some() {
        UPLOAD_BODY_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// The answer to a request to `path` whose body is over its limit: a browser that posted a
/// document upload goes back to the service's edit page with the message; anything else gets
/// [`too_large`].
pub fn too_large_for(path: &str, headers: &header::HeaderMap) -> Response {
    let wants_page = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    match uploaded_to(path) {
        Some(service_id) if wants_page => crate::service_document::back_to_edit_page(
            service_id,
            Err(crate::service_document::too_big()),
        ),
        _ => too_large(),
    }
}

/// Refuses a body whose declared length is over the limit before any of it is read (a
/// chunked body over it is refused by the server function's own reader, as `TooLarge`).
pub async fn refuse_oversized_body(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if declared_too_large(request.headers(), body_limit(path)) {
        return too_large_for(path, request.headers());
    }
    next.run(request).await
}

/// Whether the request says its body is over `limit`.
pub fn declared_too_large(headers: &header::HeaderMap, limit: usize) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > limit as u64)
}

/// The answer to a body over its limit.
pub fn too_large() -> Response {
    let body = serde_json::to_string(&AppError::TooLarge).unwrap_or_default();
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

pub async fn correct_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status_code()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, Body::from(bytes))
}
