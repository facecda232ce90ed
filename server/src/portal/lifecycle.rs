//! Admin actions on developers (SPEC §2), enforced here whatever the UI offered.

use app::api::RequestInfo;
use app::error::AppError;
use app::model::{
    transition, ConsoleReader, ConsoleWriter, DeveloperAction, DeveloperDetails, DeveloperPage,
    DeveloperQuery, DeveloperStatus,
};

use super::{internal, Portal};
use crate::mail::{self, Decision};
use crate::store::{AuditEntry, ChangeRefused, Notice};

const STATUS_CHANGED: &str =
    "This developer's status changed since the page was loaded (another admin?). Nothing was changed: status changed, reload the page.";
const GONE: &str = "This developer no longer exists. Reload the page.";

impl Portal {
    pub(super) async fn apply_developer_action(
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
        let audit_action = format!("developer.{}", past_tense(action));
        let audit = AuditEntry {
            actor_kind: "admin",
            actor_id: Some(writer.admin_id()),
            actor_label: writer.email(),
            action: &audit_action,
            target_kind: "developer",
            target_id: Some(developer_id),
            target_label: "",
            client_addr: &request.client_addr,
        };
        let public_url = self.public_url.as_str();
        let decision = match next {
            Some(DeveloperStatus::Approved) => Some(Decision::Approved),
            Some(DeveloperStatus::Rejected) => Some(Decision::Rejected),
            Some(DeveloperStatus::Revoked) => Some(Decision::Revoked),
            _ => None,
        };
        let letter = decision.map(|decision| {
            move |email: &str, name: &str| mail::decision(decision, name, email, public_url)
        });
        let notice = letter.as_ref().map(|write| write as &Notice<'_>);
        let outcome = match next {
            Some(next) => {
                self.store
                    .change_developer_status(developer_id, expected, next, audit, notice)
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

    pub(super) async fn list_developers(
        &self,
        _reader: &ConsoleReader,
        mut query: DeveloperQuery,
    ) -> Result<DeveloperPage, AppError> {
        // A search longer than any email or name matches nothing; don't send it to SQL.
        if query.search.chars().count() > 254 {
            query.search.truncate(254);
        }
        self.store.developer_page(&query).await.map_err(internal)
    }

    pub(super) async fn show_developer(
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
        Ok(DeveloperDetails {
            applications,
            developer,
            updated_at,
            history,
            rejections_final,
        })
    }
}

fn past_tense(action: DeveloperAction) -> &'static str {
    match action {
        DeveloperAction::Approve => "approved",
        DeveloperAction::Reject => "rejected",
        DeveloperAction::Revoke => "revoked",
        DeveloperAction::Delete => "deleted",
    }
}
