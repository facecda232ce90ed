//! Resolves the session cookie into a [`RequestInfo`] before any page or server function runs.

use std::sync::Arc;

use app::api::{RequestInfo, SessionToken, SESSION_COOKIE};
use app::model::Viewer;
use axum::{
    extract::{Request, State},
    http::header::COOKIE,
    middleware::Next,
    response::Response,
};

use gatehouse_core::auth::hash_token;
use gatehouse_core::portal::Portal;

/// How a target learns the client's address from a request: the native server from the
/// peer (and a trusted proxy's headers), a Worker from `CF-Connecting-IP`. `None` when it
/// cannot tell.
pub type ClientAddress = Arc<dyn Fn(&Request) -> Option<String> + Send + Sync>;

#[derive(Clone)]
pub struct ContextState {
    pub portal: Arc<Portal>,
    pub secure_cookies: bool,
    pub client_address: ClientAddress,
}

pub async fn attach_request_info(
    State(state): State<ContextState>,
    mut request: Request,
    next: Next,
) -> Response {
    // Static files need no session look-up.
    if request.uri().path().starts_with("/pkg/") {
        return next.run(request).await;
    }
    let client_addr = (state.client_address)(&request).unwrap_or_else(|| "unknown".into());
    let session = session_cookie(&request);
    let viewer = match &session {
        Some(token) => match state
            .portal
            .store()
            .session_viewer(&hash_token(token.expose()))
            .await
        {
            Ok(viewer) => viewer,
            Err(error) => {
                tracing::error!(error = %error, "looking up a session");
                Viewer::Anonymous
            }
        },
        None => Viewer::Anonymous,
    };
    request.extensions_mut().insert(RequestInfo {
        viewer,
        session,
        client_addr,
        secure_cookies: state.secure_cookies,
    });
    next.run(request).await
}

fn session_cookie(request: &Request) -> Option<SessionToken> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty() && value.len() <= 128)
        .map(|(_, value)| SessionToken::new(value.to_string()))
}
