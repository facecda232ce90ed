//! Developers brought in from another portal (`gatehouse import kong`): created approved,
//! with their address confirmed and a random password they replace through "Forgot
//! password"; one that exists already is left as it is.

use app::api::RequestInfo;
use app::error::AppError;
use app::model::{ConsoleWriter, DeveloperStatus, Email, Password};
use rand::{distributions::Alphanumeric, rngs::OsRng, Rng};

use super::{by_admin, internal, Portal};
use crate::auth::hash_password;
use crate::events::Event;
use crate::store::{NewAccount, StoreError};

/// A developer an import found or made.
pub struct ImportedDeveloper {
    pub id: String,
    pub status: DeveloperStatus,
    /// False when the developer existed already.
    pub created: bool,
}

impl Portal {
    /// The developer with `email`, created approved as `full_name` if there is none.
    pub async fn import_developer(
        &self,
        writer: &ConsoleWriter,
        email: &Email,
        full_name: &str,
        request: &RequestInfo,
    ) -> Result<ImportedDeveloper, AppError> {
        if let Some(found) = self.existing_developer(email).await? {
            return Ok(found);
        }
        let unguessable: String = OsRng
            .sample_iter(&Alphanumeric)
            .take(40)
            .map(char::from)
            .collect();
        let password =
            Password::parse_new(&unguessable).map_err(|e| AppError::field("password", e))?;
        let password_hash = hash_password(self.platform(), password)
            .await
            .map_err(internal)?;
        let audit = by_admin(writer, Event::DeveloperImported, ("developer", ""), request);
        match self
            .store
            .insert_imported_developer(
                NewAccount {
                    email,
                    password_hash,
                },
                full_name,
                audit,
            )
            .await
        {
            Ok(id) => Ok(ImportedDeveloper {
                id,
                status: DeveloperStatus::Approved,
                created: true,
            }),
            // Signed up meanwhile: theirs is the account.
            Err(StoreError::AlreadyExists) => self
                .existing_developer(email)
                .await?
                .ok_or(AppError::Internal),
            Err(error) => Err(internal(error)),
        }
    }

    async fn existing_developer(
        &self,
        email: &Email,
    ) -> Result<Option<ImportedDeveloper>, AppError> {
        let Some((id, _, _)) = self
            .store
            .developer_by_email(email)
            .await
            .map_err(internal)?
        else {
            return Ok(None);
        };
        let status = self
            .store
            .developer_status_by_email(email)
            .await
            .map_err(internal)?
            .unwrap_or(DeveloperStatus::Pending);
        Ok(Some(ImportedDeveloper {
            id,
            status,
            created: false,
        }))
    }
}
