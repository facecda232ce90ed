//! Owners manage the console's admin accounts.

use app::api::{Admins, RequestInfo};
use app::error::AppError;
use app::model::{AdminRole, AdminRow, ConsoleReader, Email, Owner, Password};

use super::{internal, Portal};
use crate::auth::hash_password;
use crate::events::Event;
use crate::store::{AdminChangeRefused, AuditEntry, NewAccount, StoreError};

#[async_trait::async_trait]
impl Admins for Portal {
    async fn list_admins(&self, _reader: &ConsoleReader) -> Result<Vec<AdminRow>, AppError> {
        self.store.admins().await.map_err(internal)
    }

    async fn create_admin(
        &self,
        owner: &Owner,
        email: Email,
        password: Password,
        role: AdminRole,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let password_hash = hash_password(self.platform(), password)
            .await
            .map_err(super::errors::hashing)?;
        let id = match self
            .store
            .insert_admin(
                NewAccount {
                    email: &email,
                    password_hash,
                },
                role,
            )
            .await
        {
            Ok(id) => id,
            Err(StoreError::AlreadyExists) => {
                return Err(AppError::field(
                    "email",
                    "An admin with this email exists already.",
                ))
            }
            Err(error) => return Err(internal(error)),
        };
        self.store
            .record(AuditEntry {
                actor_kind: "admin",
                actor_id: Some(owner.writer().admin_id()),
                actor_label: owner.writer().email(),
                event: Event::AdminAdded { role },
                target_kind: "admin",
                target_id: Some(&id),
                target_label: email.as_str(),
                client_addr: &request.client_addr,
            })
            .await
            .map_err(internal)
    }

    async fn change_admin(
        &self,
        owner: &Owner,
        admin_id: &str,
        role: Option<AdminRole>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let event = match role {
            Some(role) => Event::AdminRoleChanged { role },
            None => Event::AdminRemoved,
        };
        let audit = AuditEntry {
            actor_kind: "admin",
            actor_id: Some(owner.writer().admin_id()),
            actor_label: owner.writer().email(),
            event,
            target_kind: "admin",
            target_id: Some(admin_id),
            target_label: "",
            client_addr: &request.client_addr,
        };
        match self
            .store
            .change_admin(admin_id, role, audit)
            .await
            .map_err(internal)?
        {
            Ok(()) => Ok(()),
            Err(AdminChangeRefused::NoSuchAdmin) => Err(AppError::NotFound(
                "This admin no longer exists. Reload the page.".into(),
            )),
            Err(AdminChangeRefused::LastOwner) => Err(AppError::Forbidden(
                "The console needs at least one owner: make another admin an owner first.".into(),
            )),
        }
    }
}
