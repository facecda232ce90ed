//! Admins decide on registrations and assign ACL groups; the developer details page lists
//! what a developer owns.

use app::api::{Registrations, RequestInfo};
use app::error::AppError;
use app::model::{
    ApplicationListPage, ApplicationQuery, ConsoleReader, ConsoleWriter, DeveloperApplication,
    RegistrationAction, RegistrationRequest, RegistrationRow, RegistrationStatus, RequestPage,
    RequestQuery,
};

use super::{by_admin, internal, Portal};
use crate::events::Event;
use crate::mail;
use crate::store::{RegistrationFacts, RegistrationRefused};

#[async_trait::async_trait]
impl Registrations for Portal {
    async fn registration_requests(
        &self,
        _reader: &ConsoleReader,
        query: RequestQuery,
    ) -> Result<RequestPage<RegistrationRequest>, AppError> {
        self.store
            .registration_request_page(&query)
            .await
            .map_err(internal)
    }

    async fn application_list(
        &self,
        _reader: &ConsoleReader,
        query: ApplicationQuery,
    ) -> Result<ApplicationListPage, AppError> {
        self.store
            .application_list_page(&query)
            .await
            .map_err(internal)
    }

    async fn act_on_registration(
        &self,
        writer: &ConsoleWriter,
        registration_id: &str,
        action: RegistrationAction,
        expected: RegistrationStatus,
        plan: Option<Option<&str>>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let next = action
            .apply(expected)
            .map_err(|why| AppError::Forbidden(why.to_string()))?;
        // Only an approval chooses a plan; its name labels the audit entry.
        let plan = match plan.filter(|_| action == RegistrationAction::Approve) {
            Some(Some(id)) => {
                let name = self
                    .store
                    .plan_owner(id)
                    .await
                    .map_err(internal)?
                    .ok_or_else(|| {
                        AppError::NotFound("This plan no longer exists. Reload the page.".into())
                    })?
                    .1;
                Some((Some(id), name))
            }
            Some(None) => Some((None, "the default plan".to_string())),
            None => None,
        };
        let plan_audit = plan.as_ref().map(|(id, name)| {
            let mut audit = by_admin(
                writer,
                Event::RegistrationPlanChanged {
                    plan: id.map(|_| name.clone()),
                },
                ("registration", registration_id),
                request,
            );
            audit.target_label = name;
            (*id, audit)
        });
        let event = Event::of_registration(action);
        let audit = by_admin(
            writer,
            event.clone(),
            ("registration", registration_id),
            request,
        );
        let public_url = self.public_url.as_str();
        // The developer hears of approvals and rejections (SPEC §3, E-mail): the letter, if
        // any, follows from the event.
        let letter = |facts: &RegistrationFacts| {
            mail::registration_decision(
                &event,
                &facts.developer_name,
                &facts.developer_email,
                &facts.application_name,
                &facts.service_name,
                public_url,
            )
        };
        match self
            .store
            .change_registration(registration_id, expected, next, plan_audit, audit, &letter)
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

    async fn set_application_groups(
        &self,
        writer: &ConsoleWriter,
        application_id: &str,
        groups: Vec<String>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let audit = by_admin(
            writer,
            Event::ApplicationGroupsSet {
                groups: groups.clone(),
            },
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
}

/// How many days of usage the application pages chart.
pub const USAGE_DAYS: u32 = 14;

impl Portal {
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
                usage: self
                    .store
                    .application_usage(&application.id, USAGE_DAYS)
                    .await
                    .map_err(internal)?,
                application,
                acl_groups,
            });
        }
        Ok(out)
    }
}

impl Portal {
    /// One registration and its application's id, for the admin API.
    pub async fn registration(
        &self,
        _reader: &ConsoleReader,
        registration_id: &str,
    ) -> Result<(String, RegistrationRow), AppError> {
        self.store
            .registration(registration_id)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::NotFound("No registration with this id.".into()))
    }

    /// An application's registrations, for the admin API.
    pub async fn application_registrations(
        &self,
        _reader: &ConsoleReader,
        application_id: &str,
    ) -> Result<Vec<RegistrationRow>, AppError> {
        self.store
            .registrations_of(application_id)
            .await
            .map_err(internal)
    }
}
