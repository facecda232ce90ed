//! A developer's own account: name, email, password, deletion.

use app::api::{AccountChange, OwnAccount, RequestInfo};
use app::error::AppError;
use app::model::{AccountHolder, DeveloperStatus, Email, Password};

use super::{internal, Portal};
use crate::auth::{hash_password, hash_token, new_secret_token, verify_password};
use crate::events::Event;
use crate::mail;
use crate::store::{AuditEntry, ChangeRefused, EmailChangeRefused, EmailChangeRequest, StoreError};

const WRONG_PASSWORD: &str = "That is not your current password.";
const KEEPS_EMAIL: &str =
    "A rejected or revoked account keeps its email. Contact the team that runs this portal.";
const CHANGE_LINK_INVALID: &str =
    "This link is invalid, used already or expired. Ask for the change again on your account page.";

#[async_trait::async_trait]
impl OwnAccount for Portal {
    async fn change_account(
        &self,
        holder: &AccountHolder,
        change: AccountChange,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let id = holder.developer_id();
        let audit = |event: Event| AuditEntry {
            actor_kind: "developer",
            actor_id: Some(id),
            actor_label: holder.email(),
            event,
            target_kind: "developer",
            target_id: Some(id),
            target_label: holder.email(),
            client_addr: &request.client_addr,
        };
        match change {
            AccountChange::Name(name) => self
                .store
                .rename_developer(id, name.as_str(), audit(Event::DeveloperRenamed))
                .await
                .map_err(internal),
            AccountChange::Email { email, password } => {
                self.ask_for_email_change(
                    holder,
                    email,
                    password,
                    audit(Event::DeveloperEmailChangeRequested),
                )
                .await
            }
            AccountChange::Password { current, new } => {
                self.check_current_password(id, current).await?;
                let hash = hash_password(self.platform(), new)
                    .await
                    .map_err(super::errors::hashing)?;
                let keep = request.session.as_ref().map(|t| hash_token(t.expose()));
                self.store
                    .change_developer_password(
                        id,
                        &hash,
                        keep.as_deref(),
                        audit(Event::DeveloperPasswordChanged),
                    )
                    .await
                    .map_err(internal)
            }
        }
    }

    /// Opens the link sent to a new address: the change is made.
    async fn confirm_email_change(
        &self,
        token: &str,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        if token.is_empty() || token.len() > 128 {
            return Err(AppError::Forbidden(CHANGE_LINK_INVALID.into()));
        }
        match self
            .store
            .confirm_email_change(&hash_token(token), &request.client_addr)
            .await
        {
            Ok(Ok(changed)) => {
                tracing::info!(developer = %changed.developer_id, "developer email changed");
                Ok(changed.new_email)
            }
            Ok(Err(EmailChangeRefused::UnknownLink)) => {
                Err(AppError::Forbidden(CHANGE_LINK_INVALID.into()))
            }
            Ok(Err(EmailChangeRefused::Status)) => Err(AppError::Forbidden(KEEPS_EMAIL.into())),
            Err(StoreError::AlreadyExists) => Err(AppError::Conflict(
                "Another account uses this email now, so yours keeps its current one.".into(),
            )),
            Err(error) => Err(internal(error)),
        }
    }

    async fn delete_own_account(
        &self,
        holder: &AccountHolder,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let id = holder.developer_id();
        let audit = AuditEntry {
            actor_kind: "developer",
            actor_id: Some(id),
            actor_label: holder.email(),
            event: Event::DeveloperDeletedOwnAccount,
            target_kind: "developer",
            target_id: Some(id),
            target_label: holder.email(),
            client_addr: &request.client_addr,
        };
        match self.store.delete_own_developer(id, audit).await.map_err(internal)? {
            Ok(_) => Ok(()),
            Err(ChangeRefused::StatusChanged) => Err(AppError::Forbidden(
                "A rejected or revoked account cannot be deleted here. Contact the team that runs this portal.".into(),
            )),
            Err(ChangeRefused::Gone) => Err(AppError::SignInRequired),
        }
    }
}

impl Portal {
    /// A change of address waits for the new address to be confirmed by an e-mailed link;
    /// the current address is told. Rejected and revoked developers keep their address (it
    /// is what keeps them from signing up again), so they cannot change it.
    async fn ask_for_email_change(
        &self,
        holder: &AccountHolder,
        email: Email,
        password: Password,
        audit: AuditEntry<'_>,
    ) -> Result<(), AppError> {
        let id = holder.developer_id();
        if matches!(
            holder.status(),
            DeveloperStatus::Rejected | DeveloperStatus::Revoked
        ) {
            return Err(AppError::Forbidden(KEEPS_EMAIL.into()));
        }
        if email.normalized()
            == Email::parse(holder.email())
                .map(|e| e.normalized())
                .unwrap_or_default()
        {
            return Err(AppError::field(
                "email",
                "This is your current email already.",
            ));
        }
        self.check_current_password(id, password).await?;
        let token = new_secret_token();
        let link = self.secret_link(
            &format!("/confirm-email-change?token={token}"),
            email.as_str(),
        );
        let name = holder.full_name();
        let letters = [
            mail::email_change_confirmation(name, email.as_str(), link),
            mail::email_change_requested(name, holder.email(), email.as_str()),
        ];
        let change = EmailChangeRequest {
            developer_id: id,
            new_email: &email,
            token_hash: &hash_token(&token),
        };
        match self.store.request_email_change(change, &letters, audit).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(AppError::Forbidden(
                if holder.status() == DeveloperStatus::Pending {
                    "Confirm your current address first, with the link we e-mailed it when you signed up."
                } else {
                    KEEPS_EMAIL
                }
                .into(),
            )),
            // Answered as if the link went out, so the form cannot tell which addresses
            // have accounts; that address's owner is told instead.
            Err(StoreError::AlreadyExists) => {
                tracing::info!(developer = %id, "address change to an address that has an account");
                self.store
                    .enqueue(&mail::email_change_to_taken_address(email.as_str()))
                    .await
                    .map_err(internal)
            }
            Err(error) => Err(internal(error)),
        }
    }

    async fn check_current_password(
        &self,
        id: &str,
        password: app::model::Password,
    ) -> Result<(), AppError> {
        // Each check is an Argon2 run: limited per account like sign-in.
        self.within(&self.sign_in_limits, &format!("current-password|{id}"))
            .await?;
        let hash = self
            .store
            .developer_password_hash(id)
            .await
            .map_err(internal)?;
        if verify_password(self.platform(), password, hash)
            .await
            .map_err(super::errors::hashing)?
        {
            Ok(())
        } else {
            Err(AppError::field("current_password", WRONG_PASSWORD))
        }
    }
}
