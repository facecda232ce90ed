//! What every server function needs from its request: the backend, who is asking, and a way
//! to turn an error into the right HTTP status.

use axum::{
    http::{header, HeaderValue, StatusCode},
    Extension,
};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::backend::{NewSession, RequestInfo, SharedBackend};
use crate::error::AppError;
use crate::model::{AppOwner, ConsoleReader, ConsoleWriter};

pub const SESSION_COOKIE: &str = "gatehouse_session";

pub fn backend() -> Result<SharedBackend, AppError> {
    use_context::<SharedBackend>().ok_or_else(|| {
        tracing::error!("no backend in the server function's context");
        AppError::Internal
    })
}

pub async fn request_info() -> Result<RequestInfo, AppError> {
    leptos_axum::extract::<Extension<RequestInfo>>()
        .await
        .map(|Extension(info)| info)
        .map_err(|e| {
            tracing::error!(error = %e, "request info missing: is the context middleware installed?");
            AppError::Internal
        })
}

/// The backend, and the console-read capability of the admin signed in to this request.
pub async fn console_reader() -> Result<(SharedBackend, ConsoleReader), AppError> {
    let request = request_info().await?;
    let reader = request
        .viewer
        .console_reader()
        .ok_or(AppError::SignInRequired)?;
    Ok((backend()?, reader))
}

/// The backend, the request, and the console-write capability of the admin signed in.
pub async fn console_writer() -> Result<(SharedBackend, ConsoleWriter, RequestInfo), AppError> {
    let request = request_info().await?;
    let writer = request
        .viewer
        .console_writer()
        .map_err(AppError::Forbidden)?;
    Ok((backend()?, writer, request))
}

/// The backend, the request, and the approved developer's right to manage applications.
pub async fn app_owner() -> Result<(SharedBackend, AppOwner, RequestInfo), AppError> {
    let request = request_info().await?;
    let owner = match request.viewer.app_owner() {
        Ok(owner) => owner,
        Err(_) if !request.viewer.is_signed_in() => return Err(AppError::SignInRequired),
        Err(why) => return Err(AppError::Forbidden(why)),
    };
    Ok((backend()?, owner, request))
}

/// Sets the response status from the outcome, so clients and logs see 4xx for bad input.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(options) = use_context::<ResponseOptions>() {
            options.set_status(
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
            );
        }
    }
    result
}

pub fn set_session_cookie(session: &NewSession, secure: bool) {
    set_cookie(session.token.expose(), session.max_age_secs, secure);
}

pub fn clear_session_cookie(secure: bool) {
    set_cookie("", 0, secure);
}

fn set_cookie(value: &str, max_age_secs: u64, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    );
    if let (Some(options), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        options.append_header(header::SET_COOKIE, value);
    }
}
