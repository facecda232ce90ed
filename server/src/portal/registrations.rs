//! Admins decide on registrations and assign ACL groups; the developer details page lists
//! what a developer owns.

use app::api::RequestInfo;
use app::error::AppError;
use app::model::{ConsoleWriter, DeveloperApplication, RegistrationAction, RegistrationStatus};

use super::{by_admin, internal, Portal};
use crate::mail;
use crate::store::{RegistrationFacts, RegistrationRefused};

impl Portal {
    pub(super) async fn decide_registration(
        &self,
        writer: &ConsoleWriter,
        registration_id: &str,
        action: RegistrationAction,
        expected: RegistrationStatus,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let next = action
            .apply(expected)
            .map_err(|why| AppError::Forbidden(why.to_string()))?;
        let audit_action = format!(
            "registration.{}",
            action
                .done()
                .trim_start_matches("Registration ")
                .to_lowercase()
        );
        let audit = by_admin(
            writer,
            &audit_action,
            ("registration", registration_id),
            request,
        );
        let public_url = self.public_url.as_str();
        let letter = move |facts: &RegistrationFacts| {
            mail::registration_decision(
                next == Some(RegistrationStatus::Approved),
                &facts.developer_name,
                &facts.developer_email,
                &facts.application_name,
                &facts.service_name,
                public_url,
            )
        };
        // The developer hears of approvals and rejections (SPEC §3, E-mail).
        let notify = matches!(
            next,
            Some(RegistrationStatus::Approved | RegistrationStatus::Rejected)
        );
        let notice = notify
            .then_some(&letter as &(dyn Fn(&RegistrationFacts) -> mail::Letter + Send + Sync));
        match self
            .store
            .change_registration(registration_id, expected, next, audit, notice)
            .await
            .map_err(internal)?
        {
            Ok(_) => Ok(()),
            Err(RegistrationRefused::StatusChanged) => Err(AppError::Conflict(
                "This registration's status changed since the page was loaded (another admin?). Nothing was changed: status changed, reload the page.".into(),
            )),
            Err(RegistrationRefused::Gone) => Err(AppError::NotFound(
                "This registration no longer exists. Reload the page.".into(),
            )),
        }
    }

    pub(super) async fn assign_groups(
        &self,
        writer: &ConsoleWriter,
        application_id: &str,
        groups: Vec<String>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let audit = by_admin(
            writer,
            "application.groups_set",
            ("application", application_id),
            request,
        );
        match self
            .store
            .set_application_groups(application_id, &groups, audit)
            .await
        {
            Ok(true) => Ok(()),
            Ok(false) => Err(AppError::NotFound(
                "This application no longer exists. Reload the page.".into(),
            )),
            Err(error) => Err(internal(error)),
        }
    }

    /// Everything a developer owns, secrets excepted.
    pub(super) async fn applications_of_developer(
        &self,
        developer_id: &str,
    ) -> Result<Vec<DeveloperApplication>, AppError> {
        let mut out = Vec::new();
        for (application, acl_groups) in self
            .store
            .developer_applications(developer_id)
            .await
            .map_err(internal)?
        {
            out.push(DeveloperApplication {
                registrations: self
                    .store
                    .registrations_of(&application.id)
                    .await
                    .map_err(internal)?,
                credentials: self
                    .store
                    .credentials_of(&application.id)
                    .await
                    .map_err(internal)?,
                application,
                acl_groups,
            });
        }
        Ok(out)
    }
}
