//! Sign-in and sign-out for both realms.

use app::api::{NewSession, RequestInfo, Sessions};
use app::error::AppError;
use app::model::{Email, Password, Realm};

use super::{internal, Portal};
use crate::auth::{address_group, hash_token, new_session_token, verify_password};
use crate::events::Event;
use crate::store::{AuditEntry, SessionOwner};

#[async_trait::async_trait]
impl Sessions for Portal {
    async fn sign_in(
        &self,
        realm: Realm,
        email: Email,
        password: Password,
        request: &RequestInfo,
    ) -> Result<NewSession, AppError> {
        // Per address, whichever accounts it tries; and per address and account.
        let address = &address_group(&request.client_addr);
        self.within(
            &self.sign_in_address_limits,
            &format!("{}|{address}", realm.as_str()),
        )
        .await?;
        let account_key = format!("{}|{}", realm.as_str(), email.normalized());
        self.within(
            &self.sign_in_limits,
            &format!("{}|{address}|{}", realm.as_str(), email.normalized()),
        )
        .await?;
        // Guesses on one account from many addresses: once it has had too many failures,
        // each address that failed on it waits for the window to pass. An address that has
        // not failed (the account's owner) is never held back by someone else's guesses.
        let now = self.store.now();
        if let Some(left_ms) = self
            .account_failures
            .blocks(&self.store, &account_key, address, now)
            .await
            .map_err(internal)?
        {
            tracing::warn!(realm = realm.as_str(), client = %address, "sign-in held back: too many failures on this account");
            return Err(AppError::RateLimited {
                retry_after_secs: (left_ms as u64).div_ceil(1000),
            });
        }
        let account = self
            .store
            .account_by_email(realm, &email)
            .await
            .map_err(internal)?;
        let (id, hash, confirmed) = match account {
            Some(account) => (
                Some(account.id),
                Some(account.password_hash),
                account.email_confirmed,
            ),
            None => (None, None, false),
        };
        let matches = verify_password(self.platform(), password, hash)
            .await
            .map_err(super::errors::hashing)?;
        // While addresses must be confirmed, an unconfirmed sign-up cannot sign in: else
        // signing up and then in would tell whether the address had an account already.
        if matches && !confirmed {
            let settings = self.store.portal_settings().await.map_err(internal)?;
            if settings.require_email_verification {
                tracing::info!(realm = realm.as_str(), client = %address, "sign-in refused: address not confirmed");
                return Err(AppError::InvalidCredentials);
            }
        }
        let Some(id) = id.filter(|_| matches) else {
            self.account_failures
                .record(&self.store, &account_key, address, now)
                .await
                .map_err(internal)?;
            tracing::info!(realm = realm.as_str(), client = %address, "sign-in refused");
            return Err(AppError::InvalidCredentials);
        };
        let owner = match realm {
            Realm::Portal => SessionOwner::Developer(&id),
            Realm::Console => SessionOwner::Admin(&id),
        };
        let session = self.open_session(owner, request).await?;
        let kind = match realm {
            Realm::Portal => "developer",
            Realm::Console => "admin",
        };
        self.store
            .record(AuditEntry {
                actor_kind: kind,
                actor_id: Some(&id),
                actor_label: email.as_str(),
                event: Event::SignedIn,
                target_kind: kind,
                target_id: Some(&id),
                target_label: email.as_str(),
                client_addr: &request.client_addr,
            })
            .await
            .map_err(internal)?;
        Ok(session)
    }

    async fn sign_out(&self, request: &RequestInfo) -> Result<(), AppError> {
        if let Some(token) = &request.session {
            self.store
                .end_session(&hash_token(token.expose()))
                .await
                .map_err(internal)?;
        }
        Ok(())
    }
}

impl Portal {
    /// A new session for `owner`. The request's previous session, if any, ends in the same
    /// transaction: the session id is rotated at every sign-in.
    pub(super) async fn open_session(
        &self,
        owner: SessionOwner<'_>,
        request: &RequestInfo,
    ) -> Result<NewSession, AppError> {
        let token = new_session_token();
        let previous = request.session.as_ref().map(|t| hash_token(t.expose()));
        let lifetime_ms = self.session_lifetime.as_millis() as i64;
        self.store
            .start_session(
                &hash_token(token.expose()),
                owner,
                lifetime_ms,
                &request.client_addr,
                previous.as_deref(),
            )
            .await
            .map_err(internal)?;
        let viewer = self
            .store
            .session_viewer(&hash_token(token.expose()))
            .await
            .map_err(internal)?;
        Ok(NewSession {
            token,
            max_age_secs: self.session_lifetime.as_secs(),
            viewer,
        })
    }
}
