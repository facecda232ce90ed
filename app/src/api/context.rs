//! What every server function needs from its request: the backend, who is asking, and a way
//! to turn an error into the right HTTP status.

use axum::{
    http::{header, request::Parts, HeaderValue, StatusCode},
    Extension,
};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::backend::{NewSession, RequestInfo, SharedBackend};
use crate::components::{OUTCOME_PATH, OUTCOME_VALUE, TRANSIENT_PARAMS};
use crate::error::AppError;
use crate::model::{AppOwner, ConsoleReader, ConsoleWriter, NewCredential};
use crate::url::encode_component;

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

/// Sets the response status from the outcome, so clients and logs see 4xx for bad input. A
/// plain form post keeps the redirect back to its page (which shows the error) instead.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(options) = use_context::<ResponseOptions>().filter(|_| !plain_form_post()) {
            options.set_status(
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
            );
        }
    }
    result
}

/// Like [`respond`]; and for a plain form post that succeeded, the redirect back to the page
/// carries the outcome, so the page shows the same confirmation as after a call from the
/// browser (see `components::form_action`). Only for outcomes that hold nothing secret: the
/// address ends up in the browser's history.
pub fn respond_shown<T: serde::Serialize>(result: Result<T, AppError>) -> Result<T, AppError> {
    let result = respond(result);
    if let (Ok(output), true) = (&result, plain_form_post()) {
        if let Ok(json) = serde_json::to_string(output) {
            redirect_back_with(Some(&json));
        }
    }
    result
}

/// For a plain form post, back to the page it came from, marked with this server function's
/// path (and its outcome, when given); a dialog the page had open is closed.
fn redirect_back_with(outcome: Option<&str>) {
    let parts = use_context::<Parts>();
    let back = parts
        .as_ref()
        .and_then(|parts| parts.headers.get(header::REFERER))
        .and_then(|referer| referer.to_str().ok().map(str::to_owned));
    if let (Some(back), Some(parts)) = (back, parts) {
        redirect_to(&with_outcome(&back, parts.uri.path(), outcome));
    }
}

/// Whether this request is a plain HTML form post (the page's WASM had not arrived, or
/// JavaScript is off): such a request accepts `text/html` and is answered with a redirect.
pub fn plain_form_post() -> bool {
    use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// For a plain form post, where the browser goes next (after a sign-in, the realm's home).
pub fn redirect_to(path: &str) {
    if plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// `back` (the page a form was posted from) carrying the outcome of the server function at
/// `path`, with any earlier outcome, error or open dialog removed.
fn with_outcome(back: &str, path: &str, outcome: Option<&str>) -> String {
    let (page, query) = back.split_once('?').unwrap_or((back, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !TRANSIENT_PARAMS.contains(&key)
        })
        .map(str::to_owned)
        .collect();
    pairs.push(format!("{OUTCOME_PATH}={}", encode_component(path)));
    if let Some(json) = outcome {
        pairs.push(format!("{OUTCOME_VALUE}={}", encode_component(json)));
    }
    format!("{page}?{}", pairs.join("&"))
}

/// The cookie that carries a credential just issued by a plain form post to the one page
/// view that shows it: sealed, bound to the session and the application, gone once read.
const NEW_CREDENTIAL_COOKIE: &str = "gatehouse_new_credential";
const NEW_CREDENTIAL_PATH: &str = "/apps";
const NEW_CREDENTIAL_MAX_AGE_SECS: u64 = 300;

fn new_credential_binding(request: &RequestInfo, application_id: &str) -> Option<String> {
    let session = request.session.as_ref()?;
    Some(format!(
        "new-credential:{application_id}:{}",
        session.expose()
    ))
}

/// For a plain form post that issued a credential: back to the application's page, which
/// shows the secret once (see [`take_carried_credential`]). The secret never enters the address.
pub fn carry_new_credential(
    backend: &SharedBackend,
    request: &RequestInfo,
    application_id: &str,
    new: &NewCredential,
) {
    if !plain_form_post() {
        return;
    }
    if let Some(binding) = new_credential_binding(request, application_id) {
        let sealed = backend.seal_new_credential(new, &binding);
        append_cookie(
            NEW_CREDENTIAL_COOKIE,
            &sealed,
            NEW_CREDENTIAL_PATH,
            NEW_CREDENTIAL_MAX_AGE_SECS,
            request.secure_cookies,
        );
        redirect_back_with(None);
    }
}

/// The credential a plain form post issued for this application, once: the cookie that
/// carried it is cleared by the same answer.
pub fn take_carried_credential(
    backend: &SharedBackend,
    request: &RequestInfo,
    application_id: &str,
) -> Option<NewCredential> {
    let sealed = request_cookie(NEW_CREDENTIAL_COOKIE)?;
    append_cookie(
        NEW_CREDENTIAL_COOKIE,
        "",
        NEW_CREDENTIAL_PATH,
        0,
        request.secure_cookies,
    );
    let binding = new_credential_binding(request, application_id)?;
    backend.open_new_credential(&sealed, &binding)
}

/// A cookie the browser sent with this request.
fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

pub fn set_session_cookie(session: &NewSession, secure: bool) {
    set_cookie(session.token.expose(), session.max_age_secs, secure);
}

pub fn clear_session_cookie(secure: bool) {
    set_cookie("", 0, secure);
}

fn set_cookie(value: &str, max_age_secs: u64, secure: bool) {
    append_cookie(SESSION_COOKIE, value, "/", max_age_secs, secure);
}

fn append_cookie(name: &str, value: &str, path: &str, max_age_secs: u64, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    );
    if let (Some(options), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        options.append_header(header::SET_COOKIE, value);
    }
}
