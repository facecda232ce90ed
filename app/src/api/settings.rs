//! Portal settings: everyone in the console reads them, only an owner saves them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{PortalSettings, SettingsForm};

#[server(endpoint = "get_portal_settings")]
pub async fn get_portal_settings() -> Result<PortalSettings, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.portal_settings(&reader).await
        }
        .await,
    )
}

#[server(endpoint = "save_portal_settings")]
pub async fn save_portal_settings(settings: SettingsForm) -> Result<(), AppError> {
    use super::context::*;
    respond_shown(
        async {
            let keeps_retention = settings.keeps_retention();
            let mut settings = PortalSettings::try_from(settings)?;
            let request = request_info().await?;
            let owner = request.viewer.owner().map_err(AppError::Forbidden)?;
            let backend = backend()?;
            if keeps_retention {
                let (_, reader) = console_reader().await?;
                settings.usage_retention_days =
                    backend.portal_settings(&reader).await?.usage_retention_days;
            }
            backend
                .save_portal_settings(&owner, settings, &request)
                .await
        }
        .await,
    )
}
