//! An approved developer's applications and their registrations with services.

use app::api::{Applications, RequestInfo};
use app::error::AppError;
use app::model::{AppName, AppOwner, ApplicationDetails, ApplicationRow, RegistrationStatus};

use super::{by_developer, internal, Portal};
use crate::events::Event;
use crate::mail;
use crate::store::StoreError;

pub(super) const NO_APPLICATION: &str =
    "No application with this id among yours. It may have been deleted.";
const NAME_TAKEN: &str = "You have an application with this name already.";

#[async_trait::async_trait]
impl Applications for Portal {
    async fn my_applications(&self, owner: &AppOwner) -> Result<Vec<ApplicationRow>, AppError> {
        self.store
            .applications_of(owner.developer_id())
            .await
            .map_err(internal)
    }

    async fn create_application(
        &self,
        owner: &AppOwner,
        name: AppName,
        description: String,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        let audit = by_developer(
            owner,
            Event::ApplicationCreated,
            ("application", ""),
            "",
            request,
        );
        match self
            .store
            .create_application(owner.developer_id(), name.as_str(), &description, audit)
            .await
        {
            Ok(id) => Ok(id),
            Err(StoreError::AlreadyExists) => Err(AppError::field("name", NAME_TAKEN)),
            // The developer was deleted meanwhile (the foreign key refuses the row).
            Err(StoreError::Missing) => Err(AppError::SignInRequired),
            Err(error) => Err(internal(error)),
        }
    }

    async fn update_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        name: AppName,
        description: String,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let audit = by_developer(
            owner,
            Event::ApplicationUpdated,
            ("application", application_id),
            name.as_str(),
            request,
        );
        match self
            .store
            .update_application(
                owner.developer_id(),
                application_id,
                name.as_str(),
                &description,
                audit,
            )
            .await
        {
            Ok(true) => Ok(()),
            Ok(false) => Err(AppError::NotFound(NO_APPLICATION.into())),
            Err(StoreError::AlreadyExists) => Err(AppError::field("name", NAME_TAKEN)),
            Err(error) => Err(internal(error)),
        }
    }

    async fn delete_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let audit = by_developer(
            owner,
            Event::ApplicationDeleted,
            ("application", application_id),
            "",
            request,
        );
        match self
            .store
            .delete_application(owner.developer_id(), application_id, audit)
            .await
        {
            Ok(true) => Ok(()),
            Ok(false) => Err(AppError::NotFound(NO_APPLICATION.into())),
            Err(error) => Err(internal(error)),
        }
    }

    async fn application_details(
        &self,
        owner: &AppOwner,
        application_id: &str,
    ) -> Result<ApplicationDetails, AppError> {
        let (application, acl_groups) = self
            .store
            .application_of(owner.developer_id(), application_id)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::NotFound(NO_APPLICATION.into()))?;
        let settings = self.store.portal_settings().await.map_err(internal)?;
        Ok(ApplicationDetails {
            registrations: self
                .store
                .registrations_of(application_id)
                .await
                .map_err(internal)?,
            credentials: self
                .store
                .credentials_of(application_id)
                .await
                .map_err(internal)?,
            services: self
                .store
                .services_open_to(application_id)
                .await
                .map_err(internal)?,
            usage: self
                .store
                .application_usage(application_id, super::registrations::USAGE_DAYS)
                .await
                .map_err(internal)?,
            application,
            acl_groups,
            credential_types: settings.credential_types,
            max_credential_days: settings.max_credential_days,
        })
    }

    async fn register_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        service_id: &str,
        request: &RequestInfo,
    ) -> Result<RegistrationStatus, AppError> {
        let (application, _) = self
            .store
            .application_of(owner.developer_id(), application_id)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::NotFound(NO_APPLICATION.into()))?;
        let settings = self.store.portal_settings().await.map_err(internal)?;
        let status = if settings.auto_approve_applications {
            RegistrationStatus::Approved
        } else {
            RegistrationStatus::Pending
        };
        let action = if status == RegistrationStatus::Approved {
            Event::RegistrationAutoApproved
        } else {
            Event::RegistrationRequested
        };
        let audit = by_developer(owner, action, ("registration", ""), "", request);
        let public_url = self.public_url.as_str();
        let developer = owner.email();
        let app_name = application.name.as_str();
        let service = self
            .store
            .service(service_id)
            .await
            .map_err(internal)?
            .map(|s| s.name)
            .unwrap_or_default();
        let notify = move |admin: &str| {
            mail::registration_requested(admin, app_name, &service, developer, public_url)
        };
        let notice = (status == RegistrationStatus::Pending)
            .then_some(&notify as &(dyn Fn(&str) -> mail::Letter + Send + Sync));
        match self
            .store
            .register(application_id, service_id, status, audit, notice)
            .await
        {
            Ok(Some(_)) => Ok(status),
            Ok(None) => Err(AppError::field(
                "service_id",
                "This service is not published (any more). Reload the page.",
            )),
            Err(StoreError::AlreadyExists) => Err(AppError::field(
                "service_id",
                "This application is registered with this service already.",
            )),
            Err(error) => Err(internal(error)),
        }
    }
}
