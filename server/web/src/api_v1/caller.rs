//! Who is calling the API: the bearer token's holder, checked on every request. A session
//! cookie is not enough: the API answers tokens only.

use std::sync::Arc;

use app::api::RequestInfo;
use app::error::AppError;
use app::model::{ConsoleReader, ConsoleWriter, Owner, TokenHolder, TokenScope};
use axum::{
    extract::{FromRequestParts, Request},
    http::{header::AUTHORIZATION, request::Parts},
};

use crate::context::ClientAddress;
use gatehouse_core::portal::Portal;

use super::problem::ApiError;

/// What every API handler reaches: the portal, and how to tell the client's address.
#[derive(Clone)]
pub struct ApiState {
    pub portal: Arc<Portal>,
    pub client_address: ClientAddress,
}

/// The token a request carries, resolved: the handler asks it for the capability it needs.
pub struct Caller {
    pub holder: TokenHolder,
    pub request: RequestInfo,
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let secret = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::Unauthenticated)?;
        let holder = state
            .portal
            .api_token_holder(secret)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        // The client's address, as the page middleware finds it, for the audit log.
        let request = Request::from_parts(parts.clone(), axum::body::Body::empty());
        let client_addr = (state.client_address)(&request).unwrap_or_else(|| "unknown".into());
        Ok(Self {
            request: RequestInfo {
                viewer: holder.viewer(),
                session: None,
                client_addr,
                secure_cookies: false,
            },
            holder,
        })
    }
}

impl Caller {
    fn needs(&self, scope: TokenScope) -> Result<(), ApiError> {
        if self.holder.may(scope) {
            Ok(())
        } else {
            Err(ApiError::App(AppError::Forbidden(format!(
                "This token cannot do this: it needs the scope \"{}\" (and an admin whose role allows it).",
                scope.as_str()
            ))))
        }
    }

    /// The right to read the console.
    pub fn reader(&self) -> Result<ConsoleReader, ApiError> {
        self.needs(TokenScope::Read)?;
        self.request
            .viewer
            .console_reader()
            .ok_or(ApiError::Unauthenticated)
    }

    /// The right to change what `scope` covers.
    pub fn writer(&self, scope: TokenScope) -> Result<ConsoleWriter, ApiError> {
        self.needs(scope)?;
        self.request
            .viewer
            .console_writer()
            .map_err(|why| ApiError::App(AppError::Forbidden(why)))
    }

    /// The owner's rights (settings, services).
    pub fn owner(&self) -> Result<Owner, ApiError> {
        self.needs(TokenScope::Settings)?;
        self.request
            .viewer
            .owner()
            .map_err(|why| ApiError::App(AppError::Forbidden(why)))
    }
}
