//! Developer sign-up.

use app::api::{NewSession, RequestInfo, SignUpForm};
use app::error::AppError;
use app::model::DeveloperStatus;

use super::{internal, Portal};
use crate::auth::hash_password;
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
    ) -> Result<(DeveloperStatus, NewSession), AppError> {
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
        let status = if self
            .store
            .portal_settings()
            .await
            .map_err(internal)?
            .auto_approve_developers
        {
            DeveloperStatus::Approved
        } else {
            DeveloperStatus::Pending
        };
        let password_hash = hash_password(form.password).await.map_err(internal)?;
        let account = NewAccount {
            email: &form.email,
            password_hash,
        };
        // The unique index decides a race between two sign-ups with one email.
        let id = match self
            .store
            .insert_developer(account, form.full_name.as_str(), status)
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
        if status == DeveloperStatus::Pending {
            self.tell_admins(form.full_name.as_str(), form.email.as_str())
                .await?;
        }
        let session = self
            .open_session(SessionOwner::Developer(&id), request)
            .await?;
        Ok((status, session))
    }
}

impl Portal {
    /// Queues "new request" e-mail to every owner and admin.
    async fn tell_admins(&self, name: &str, email: &str) -> Result<(), AppError> {
        for admin in self.store.admin_recipients().await.map_err(internal)? {
            let letter = mail::new_request(&admin, name, email, &self.public_url);
            self.store.enqueue(&letter).await.map_err(internal)?;
        }
        Ok(())
    }
}
