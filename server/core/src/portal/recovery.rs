//! Password reset links and invitations: e-mail carrying a link back to the portal.

use app::api::{OneTimeLinks, RequestInfo};
use app::error::AppError;
use app::model::{ConsoleWriter, Email, Password};
use app::url::encode_component;

use super::{internal, Portal};
use crate::auth::{hash_password, hash_token, new_secret_token};
use crate::events::Event;
use crate::mail;
use crate::platform::wait_until_floor;
use crate::store::AuditEntry;

/// How long a reset request takes at least, so its answer tells nothing in time either.
const RESET_FLOOR: std::time::Duration = std::time::Duration::from_millis(200);

const LINK_INVALID: &str =
    "This link is invalid, used already or expired. Ask for a new one on the \"Forgot your password?\" page.";

#[async_trait::async_trait]
impl OneTimeLinks for Portal {
    async fn request_password_reset(
        &self,
        email: Email,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        // Limited like sign-in, so the form cannot be used to flood someone's inbox.
        let key = format!(
            "reset|{}|{}",
            crate::auth::address_group(&request.client_addr),
            email.normalized()
        );
        self.within(&self.sign_in_limits, &key).await?;
        // Answered after the same time whether the address has an account or not.
        let started = self.store.now();
        let outcome = self.queue_password_reset(&email, request).await;
        wait_until_floor(self.platform(), started, RESET_FLOOR).await;
        outcome
    }

    async fn reset_password(
        &self,
        token: &str,
        password: Password,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        if token.is_empty() || token.len() > 128 {
            return Err(AppError::Forbidden(LINK_INVALID.into()));
        }
        // Limited per address, and the link checked before the password is hashed: made-up
        // links cannot keep the password hashers busy.
        self.within(
            &self.sign_in_address_limits,
            &format!(
                "reset-link|{}",
                crate::auth::address_group(&request.client_addr)
            ),
        )
        .await?;
        if !self
            .store
            .password_reset_is_live(&hash_token(token))
            .await
            .map_err(internal)?
        {
            return Err(AppError::Forbidden(LINK_INVALID.into()));
        }
        let hash = hash_password(self.platform(), password)
            .await
            .map_err(super::errors::hashing)?;
        let approve = self
            .store
            .portal_settings()
            .await
            .map_err(internal)?
            .auto_approve_developers;
        let notices = self.request_notices().await?;
        let redeemed = self
            .store
            .redeem_password_reset(
                &hash_token(token),
                &hash,
                approve,
                &request.client_addr,
                &notices,
            )
            .await
            .map_err(internal)?;
        if redeemed {
            Ok(())
        } else {
            Err(AppError::Forbidden(LINK_INVALID.into()))
        }
    }

    async fn invite_developers(
        &self,
        writer: &ConsoleWriter,
        emails: Vec<Email>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        for email in &emails {
            let link = format!(
                "{}/signup?email={}",
                self.public_url,
                encode_component(email.as_str())
            );
            self.store
                .enqueue(&mail::invitation(email.as_str(), &link))
                .await
                .map_err(internal)?;
            let audit = AuditEntry {
                actor_kind: "admin",
                actor_id: Some(writer.admin_id()),
                actor_label: writer.email(),
                event: Event::DeveloperInvited,
                target_kind: "invitation",
                target_id: None,
                target_label: email.as_str(),
                client_addr: &request.client_addr,
            };
            self.store.record(audit).await.map_err(internal)?;
        }
        Ok(())
    }
}

impl Portal {
    async fn queue_password_reset(
        &self,
        email: &Email,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        // Mail goes to the address on record, not to the spelling typed into the form.
        let Some((id, name, address)) = self
            .store
            .developer_by_email(email)
            .await
            .map_err(internal)?
        else {
            tracing::info!(client = %request.client_addr, "password reset asked for an unknown email");
            return Ok(());
        };
        let token = new_secret_token();
        let link = self.secret_link(&format!("/reset-password?token={token}"), &address);
        let letter = mail::password_reset(&name, &address, link);
        self.store
            .create_password_reset(&id, &hash_token(&token), &letter)
            .await
            .map_err(internal)
    }
}
