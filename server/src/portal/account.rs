//! A developer's own account: name, email, password, deletion.

use app::api::{AccountChange, RequestInfo};
use app::error::AppError;
use app::model::AccountHolder;

use super::{internal, Portal};
use crate::auth::{hash_password, hash_token, verify_password};
use crate::store::{AuditEntry, ChangeRefused, StoreError};

const WRONG_PASSWORD: &str = "That is not your current password.";

impl Portal {
    pub(super) async fn apply_account_change(
        &self,
        holder: &AccountHolder,
        change: AccountChange,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let id = holder.developer_id();
        let audit = |action: &'static str| AuditEntry {
            actor_kind: "developer",
            actor_id: Some(id),
            actor_label: holder.email(),
            action,
            target_kind: "developer",
            target_id: Some(id),
            target_label: holder.email(),
            client_addr: &request.client_addr,
        };
        match change {
            AccountChange::Name(name) => self
                .store
                .rename_developer(id, name.as_str(), audit("developer.renamed"))
                .await
                .map_err(internal),
            AccountChange::Email { email, password } => {
                self.check_current_password(id, password).await?;
                match self
                    .store
                    .change_developer_email(id, &email, audit("developer.email_changed"))
                    .await
                {
                    Ok(()) => Ok(()),
                    Err(StoreError::AlreadyExists) => {
                        Err(AppError::field("email", "Another account uses this email."))
                    }
                    Err(error) => Err(internal(error)),
                }
            }
            AccountChange::Password { current, new } => {
                self.check_current_password(id, current).await?;
                let hash = hash_password(new).await.map_err(super::errors::hashing)?;
                let keep = request.session.as_ref().map(|t| hash_token(t.expose()));
                self.store
                    .change_developer_password(
                        id,
                        &hash,
                        keep.as_deref(),
                        audit("developer.password_changed"),
                    )
                    .await
                    .map_err(internal)
            }
        }
    }

    pub(super) async fn delete_account_of(
        &self,
        holder: &AccountHolder,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let id = holder.developer_id();
        let audit = AuditEntry {
            actor_kind: "developer",
            actor_id: Some(id),
            actor_label: holder.email(),
            action: "developer.deleted_own_account",
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

    async fn check_current_password(
        &self,
        id: &str,
        password: app::model::Password,
    ) -> Result<(), AppError> {
        let hash = self
            .store
            .developer_password_hash(id)
            .await
            .map_err(internal)?;
        if verify_password(password, hash)
            .await
            .map_err(super::errors::hashing)?
        {
            Ok(())
        } else {
            Err(AppError::field("current_password", WRONG_PASSWORD))
        }
    }
}
