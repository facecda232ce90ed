//! Versions of what the API shows (`ETag`) and the `If-Match` that makes a change conditional
//! on them: two scripts cannot overwrite each other silently.

use axum::{
    http::{
        header::{ETAG, IF_MATCH},
        HeaderMap, HeaderValue,
    },
    response::{IntoResponse, Response},
};

use super::problem::ApiError;

/// A strong entity tag made of the parts that change whenever the thing does.
pub fn etag_of(parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    let digest = gatehouse_core::auth::hash_token(&joined);
    format!("\"{}\"", &digest[..16])
}

/// Refuses with 412 when `If-Match` is given and names none of `current` (or `*`).
pub fn check_if_match(headers: &HeaderMap, current: &str) -> Result<(), ApiError> {
    let Some(value) = headers.get(IF_MATCH) else {
        return Ok(());
    };
    let value = value.to_str().map_err(|_| ApiError::PreconditionFailed)?;
    let matches = value
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == current);
    if matches {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed)
    }
}

/// `body` answered with its version.
pub fn with_etag(body: impl IntoResponse, etag: &str) -> Response {
    let mut response = body.into_response();
    if let Ok(value) = HeaderValue::from_str(etag) {
        response.headers_mut().insert(ETAG, value);
    }
    response
}
