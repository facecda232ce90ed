//! Admin API tokens: made with scopes no wider than their admin's role, shown once, stored
//! hashed, revoked by their admin or an owner; and resolved on each API request.

use app::api::{ApiTokens, RequestInfo};
use app::error::AppError;
use app::model::{
    format_scopes, AdminRole, ApiTokenRow, ConsoleReader, ConsoleWriter, NewApiToken, TokenHolder,
    TokenName, TokenScope,
};

use super::{by_admin, internal, Portal};
use crate::auth::{hash_token, new_secret_token};
use crate::events::Event;
use crate::store::{NewStoredToken, StoreError};

/// What every token's secret starts with, so a leaked one is easy to recognise (and to
/// search for in a repository).
pub const TOKEN_PREFIX: &str = "gha_";

/// How many characters of a secret the list shows.
const SHOWN_PREFIX_CHARS: usize = TOKEN_PREFIX.len() + 6;

const DAY_MS: i64 = 24 * 3600 * 1000;

#[async_trait::async_trait]
impl ApiTokens for Portal {
    async fn list_api_tokens(&self, _reader: &ConsoleReader) -> Result<Vec<ApiTokenRow>, AppError> {
        self.store.api_tokens().await.map_err(internal)
    }

    async fn create_api_token(
        &self,
        writer: &ConsoleWriter,
        name: TokenName,
        mut scopes: Vec<TokenScope>,
        days: u32,
        request: &RequestInfo,
    ) -> Result<NewApiToken, AppError> {
        scopes.sort();
        scopes.dedup();
        if scopes.is_empty() {
            return Err(AppError::field("scopes", "Choose at least one scope."));
        }
        if let Some(scope) = scopes
            .iter()
            .find(|scope| !scope.allowed_for(writer.role()))
        {
            return Err(AppError::field(
                "scopes",
                format!(
                    "Your role is {}: your tokens cannot have the scope \"{}\".",
                    writer.role().as_str(),
                    scope.as_str()
                ),
            ));
        }
        let secret = format!("{TOKEN_PREFIX}{}", new_secret_token());
        let expires_at = (days > 0).then(|| self.store.now() + i64::from(days) * DAY_MS);
        let event = Event::ApiTokenCreated {
            scopes: scopes.clone(),
        };
        let id =
            match self
                .store
                .insert_api_token(
                    NewStoredToken {
                        name: name.as_str(),
                        token_hash: &hash_token(&secret),
                        prefix: &secret[..SHOWN_PREFIX_CHARS],
                        scopes: &format_scopes(&scopes),
                        admin_id: writer.admin_id(),
                        expires_at,
                    },
                    by_admin(writer, event, ("api_token", ""), request),
                )
                .await
            {
                Ok(id) => id,
                Err(StoreError::AlreadyExists) => return Err(AppError::field(
                    "name",
                    "A live token has this name already: choose another, or revoke that one first.",
                )),
                Err(StoreError::Missing) => {
                    return Err(AppError::Forbidden(
                        "Your admin account no longer exists.".into(),
                    ))
                }
                Err(error) => return Err(internal(error)),
            };
        tracing::info!(
            token = name.as_str(),
            admin = writer.email(),
            "API token created"
        );
        Ok(NewApiToken {
            id,
            name: name.as_str().to_string(),
            secret,
        })
    }

    async fn revoke_api_token(
        &self,
        writer: &ConsoleWriter,
        token_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let gone = || {
            AppError::NotFound(
                "This token is revoked already or no longer exists. Reload the page.".into(),
            )
        };
        let Some(admin_id) = self
            .store
            .api_token_admin(token_id)
            .await
            .map_err(internal)?
        else {
            return Err(gone());
        };
        if admin_id != writer.admin_id() && writer.role() != AdminRole::Owner {
            return Err(AppError::Forbidden(
                "Only an owner can revoke another admin's token.".into(),
            ));
        }
        let audit = by_admin(
            writer,
            Event::ApiTokenRevoked,
            ("api_token", token_id),
            request,
        );
        if self
            .store
            .revoke_api_token(token_id, audit)
            .await
            .map_err(internal)?
        {
            Ok(())
        } else {
            Err(gone())
        }
    }
}

impl Portal {
    /// Who a presented API token acts for: `None` when it is unknown, revoked or expired.
    pub async fn api_token_holder(&self, secret: &str) -> Result<Option<TokenHolder>, AppError> {
        if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 128 {
            return Ok(None);
        }
        self.store
            .api_token_holder(&hash_token(secret))
            .await
            .map_err(internal)
    }
}
