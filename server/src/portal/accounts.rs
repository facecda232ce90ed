//! Developer sign-up.

use app::api::{NewSession, RequestInfo, SignUpForm};
use app::error::AppError;
use app::model::{DeveloperStatus, SignedUp};

use super::{internal, Portal};
use crate::auth::{hash_password, hash_token, new_secret_token};
use crate::mail;
use crate::store::{AuditEntry, NewAccount, SessionOwner, StoreError};

const EMAIL_TAKEN: &str =
    "This email is already registered. Sign in instead, or use a different email.";
const EMAIL_REFUSED: &str =
    "This email cannot be used to sign up again. Please use a different email.";

impl Portal {
    pub(super) async fn register_developer(
        &self,
        form: SignUpForm,
        request: &RequestInfo,
    ) -> Result<(SignedUp, NewSession), AppError> {
        self.sign_up_limits
            .check(&request.client_addr)
            .map_err(|l| AppError::RateLimited {
                retry_after_secs: l.retry_after_secs,
            })?;
        // Rejected and revoked developers keep their email until an admin deletes them.
        match self
            .store
            .developer_status_by_email(&form.email)
            .await
            .map_err(internal)?
        {
            Some(DeveloperStatus::Rejected | DeveloperStatus::Revoked) => {
                return Err(AppError::field("email", EMAIL_REFUSED))
            }
            Some(_) => return Err(AppError::field("email", EMAIL_TAKEN)),
            None => {}
        }
        let settings = self.store.portal_settings().await.map_err(internal)?;
        let confirm_email = settings.require_email_verification;
        // With confirmation required, auto-approval waits for the confirmed address.
        let status = if settings.auto_approve_developers && !confirm_email {
            DeveloperStatus::Approved
        } else {
            DeveloperStatus::Pending
        };
        let password_hash = hash_password(form.password)
            .await
            .map_err(super::errors::hashing)?;
        let account = NewAccount {
            email: &form.email,
            password_hash,
        };
        // The unique index decides a race between two sign-ups with one email.
        let id = match self
            .store
            .insert_developer(account, form.full_name.as_str(), status, !confirm_email)
            .await
        {
            Ok(id) => id,
            Err(StoreError::AlreadyExists) => return Err(AppError::field("email", EMAIL_TAKEN)),
            Err(error) => return Err(internal(error)),
        };
        self.store
            .record(AuditEntry {
                actor_kind: "developer",
                actor_id: Some(&id),
                actor_label: form.email.as_str(),
                action: "developer.signed_up",
                target_kind: "developer",
                target_id: Some(&id),
                target_label: form.email.as_str(),
                client_addr: &request.client_addr,
            })
            .await
            .map_err(internal)?;
        tracing::info!(developer = %id, status = status.as_str(), "developer signed up");
        if confirm_email {
            let token = new_secret_token();
            let link = format!("{}/verify-email?token={token}", self.public_url);
            let letter =
                mail::email_confirmation(form.full_name.as_str(), form.email.as_str(), &link);
            self.store
                .create_email_verification(&id, &hash_token(&token), &letter)
                .await
                .map_err(internal)?;
        } else if status == DeveloperStatus::Pending {
            self.tell_admins(form.full_name.as_str(), form.email.as_str())
                .await?;
        }
        let session = self
            .open_session(SessionOwner::Developer(&id), request)
            .await?;
        Ok((
            SignedUp {
                status,
                confirm_email,
            },
            session,
        ))
    }

    /// Confirms a new sign-up's email: the request now reaches the admins (or, with
    /// auto-approve on, the developer is approved).
    pub(super) async fn confirm_developer_email(
        &self,
        token: &str,
        request: &RequestInfo,
    ) -> Result<DeveloperStatus, AppError> {
        if token.is_empty() || token.len() > 128 {
            return Err(AppError::Forbidden(LINK_INVALID.into()));
        }
        let approve = self
            .store
            .portal_settings()
            .await
            .map_err(internal)?
            .auto_approve_developers;
        let confirmed = self
            .store
            .confirm_email(&hash_token(token), approve, &request.client_addr)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::Forbidden(LINK_INVALID.into()))?;
        if confirmed.status == DeveloperStatus::Pending {
            self.tell_admins(&confirmed.full_name, &confirmed.email)
                .await?;
        }
        Ok(confirmed.status)
    }
}

const LINK_INVALID: &str =
    "This confirmation link is invalid, used already or expired. Sign in to see your account status.";

impl Portal {
    /// Queues "new request" e-mail to every owner and admin, and "request received" to the
    /// developer: the request has reached the queue.
    async fn tell_admins(&self, name: &str, email: &str) -> Result<(), AppError> {
        self.store
            .enqueue(&mail::request_received(name, email))
            .await
            .map_err(internal)?;
        for admin in self.store.admin_recipients().await.map_err(internal)? {
            let letter = mail::new_request(&admin, name, email, &self.public_url);
            self.store.enqueue(&letter).await.map_err(internal)?;
        }
        Ok(())
    }
}
