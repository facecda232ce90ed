//! Admin actions on developers (SPEC §2), enforced here whatever the UI offered.

use app::api::{DeveloperLifecycle, RequestInfo};
use app::error::AppError;
use app::model::{
    transition, ConsoleReader, ConsoleWriter, DeveloperAction, DeveloperDetails, DeveloperPage,
    DeveloperQuery, DeveloperRequest, DeveloperStatus, RequestPage, RequestQuery,
};

use super::{internal, Portal};
use crate::events::Event;
use crate::mail;
use crate::store::{AuditEntry, ChangeRefused, Notice};

const STATUS_CHANGED: &str =
    "This developer's status changed since the page was loaded (another admin?). Nothing was changed: status changed, reload the page.";
const GONE: &str = "This developer no longer exists. Reload the page.";

#[async_trait::async_trait]
impl DeveloperLifecycle for Portal {
    async fn developer_requests(
        &self,
        _reader: &ConsoleReader,
        query: RequestQuery,
    ) -> Result<RequestPage<DeveloperRequest>, AppError> {
        self.store
            .developer_request_page(&query)
            .await
            .map_err(internal)
    }

    async fn act_on_developer(
        &self,
        writer: &ConsoleWriter,
        developer_id: &str,
        action: DeveloperAction,
        expected: DeveloperStatus,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let settings = self.store.portal_settings().await.map_err(internal)?;
        let next = transition(expected, action, settings.rejections_final)
            .map_err(|why| AppError::Forbidden(why.to_string()))?;
        let event = Event::of_developer(action);
        let audit = AuditEntry {
            actor_kind: "admin",
            actor_id: Some(writer.admin_id()),
            actor_label: writer.email(),
            event: event.clone(),
            target_kind: "developer",
            target_id: Some(developer_id),
            target_label: "",
            client_addr: &request.client_addr,
        };
        let public_url = self.public_url.as_str();
        // The letter, if any, follows from the event (SPEC §3, E-mail).
        let letter =
            |email: &str, name: &str| mail::developer_decision(&event, name, email, public_url);
        let notice: &Notice<'_> = &letter;
        let outcome = match next {
            Some(next) => {
                self.store
                    .change_developer_status(developer_id, expected, next, audit, Some(notice))
                    .await
            }
            None => {
                self.store
                    .delete_developer(developer_id, expected, audit)
                    .await
            }
        }
        .map_err(internal)?;
        match outcome {
            Ok(email) => {
                tracing::info!(developer = developer_id, %email, action = action.as_str(), admin = writer.email(), "developer changed");
                Ok(())
            }
            Err(ChangeRefused::StatusChanged) => Err(AppError::Conflict(STATUS_CHANGED.into())),
            Err(ChangeRefused::Gone) => Err(AppError::NotFound(GONE.into())),
        }
    }

    async fn developer_page(
        &self,
        _reader: &ConsoleReader,
        query: DeveloperQuery,
    ) -> Result<DeveloperPage, AppError> {
        self.store.developer_page(&query).await.map_err(internal)
    }

    async fn developer_details(
        &self,
        _reader: &ConsoleReader,
        developer_id: &str,
    ) -> Result<DeveloperDetails, AppError> {
        let Some((developer, updated_at)) =
            self.store.developer(developer_id).await.map_err(internal)?
        else {
            return Err(AppError::NotFound(
                "No developer with this id. It may have been deleted.".into(),
            ));
        };
        let history = self
            .store
            .audit_history(developer_id)
            .await
            .map_err(internal)?;
        let rejections_final = self
            .store
            .portal_settings()
            .await
            .map_err(internal)?
            .rejections_final;
        let applications = self.applications_of_developer(developer_id).await?;
        let plans = self.store.service_plans(false).await.map_err(internal)?;
        Ok(DeveloperDetails {
            applications,
            plans,
            developer,
            updated_at,
            history,
            rejections_final,
        })
    }
}
