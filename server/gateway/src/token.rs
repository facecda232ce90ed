//! `POST /oauth2/token`: the client credentials grant (RFC 6749 §4.4). The client
//! authenticates with form fields or HTTP Basic; the token is opaque, stored as SHA-256.

use axum::http::HeaderMap;
use base64::{engine::general_purpose::STANDARD, Engine};

use super::original::percent_decode;
use super::{Gateway, TOKEN_LIFETIME_SECS};
use gatehouse_core::auth::{new_secret_token, SecretHash};

/// The form of a token request.
#[derive(Debug, Default, serde::Deserialize)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// An RFC 6749 §5.2 error: the code, a description, and whether it is the client's
/// authentication that failed (401 with a Basic challenge).
#[derive(Debug, PartialEq, Eq)]
pub struct TokenError {
    pub error: &'static str,
    pub description: &'static str,
    pub unauthorized: bool,
}

fn refuse(error: &'static str, description: &'static str) -> TokenError {
    TokenError {
        error,
        description,
        unauthorized: error == "invalid_client",
    }
}

impl Gateway {
    /// Issues an access token, or says why not.
    pub async fn issue_token(
        &self,
        headers: &HeaderMap,
        form: TokenRequest,
    ) -> Result<(String, i64), TokenError> {
        if form.grant_type.as_deref() != Some("client_credentials") {
            return Err(refuse(
                if form.grant_type.is_none() {
                    "invalid_request"
                } else {
                    "unsupported_grant_type"
                },
                "Only grant_type=client_credentials is supported.",
            ));
        }
        let basic = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Basic ")
                    .or_else(|| v.strip_prefix("basic "))
            })
            .and_then(|b64| STANDARD.decode(b64.trim()).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok())
            // Client ids and secrets in Basic are form-urlencoded (RFC 6749 §2.3.1).
            .and_then(|text| {
                text.split_once(':')
                    .map(|(id, secret)| (percent_decode(id), percent_decode(secret)))
            });
        let (client_id, secret) =
            match (basic, form.client_id, form.client_secret) {
                (Some(pair), _, _) => pair,
                (None, Some(id), Some(secret)) => (id, secret),
                _ => return Err(refuse(
                    "invalid_client",
                    "Authenticate with client_id and client_secret (form fields or HTTP Basic).",
                )),
            };
        let now = self.store.now();
        let unavailable = || {
            refuse(
                "server_error",
                "The client could not be looked up; try again.",
            )
        };
        let mut index = self.index.load_full();
        let mut holding = self
            .holding_client(&index, &client_id)
            .await
            .ok_or_else(unavailable)?;
        if holding.oauth_client(&client_id, &secret, now).is_none() && self.catch_up().await {
            index = self.index.load_full();
            holding = self
                .holding_client(&index, &client_id)
                .await
                .ok_or_else(unavailable)?;
        }
        let Some(credential) = holding.oauth_client(&client_id, &secret, now) else {
            return Err(refuse("invalid_client", "Unknown client or wrong secret."));
        };
        if !index.types.allows(credential.kind) {
            return Err(refuse(
                "unauthorized_client",
                "oauth2 credentials are disabled on this portal.",
            ));
        }
        if credential.expires_at.is_some_and(|at| at <= now) {
            return Err(refuse(
                "invalid_client",
                "This client's credential has expired.",
            ));
        }
        if !credential.developer_approved {
            return Err(refuse(
                "unauthorized_client",
                "The developer's access is not approved.",
            ));
        }
        let token = new_secret_token();
        let hash = SecretHash::of(&token);
        let expires_at = now + TOKEN_LIFETIME_SECS * 1000;
        let credential_id = credential.id.clone();
        drop(holding);
        self.store
            .insert_access_token(&hash.hex(), &credential_id, expires_at)
            .await
            .map_err(|error| {
                tracing::error!(error = %error, "storing an access token");
                refuse("server_error", "The token could not be stored; try again.")
            })?;
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.insert(*hash.bytes(), (credential_id, expires_at));
        }
        Ok((token, TOKEN_LIFETIME_SECS))
    }
}
