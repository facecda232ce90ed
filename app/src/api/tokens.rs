//! The console's admin API tokens: everyone in the console sees them; owners and admins make
//! their own and revoke them (owners anyone's).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ApiTokenRow, NewApiToken, TokenForm};

#[server(endpoint = "list_api_tokens")]
pub async fn list_api_tokens() -> Result<Vec<ApiTokenRow>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.list_api_tokens(&reader).await
        }
        .await,
    )
}

/// Makes a token; its secret is in this answer only.
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(token: TokenForm) -> Result<NewApiToken, AppError> {
    use super::context::*;
    respond(
        async {
            let (name, scopes, days) = token.parse()?;
            let (backend, writer, request) = console_writer().await?;
            backend
                .create_api_token(&writer, name, scopes, days, &request)
                .await
        }
        .await,
    )
}

#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(token_id: String) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, request) = console_writer().await?;
            backend
                .revoke_api_token(&writer, &token_id, &request)
                .await?;
            Ok("Token revoked: it no longer works".to_string())
        }
        .await,
    )
}
