//! The portal's settings and what it recorded: the outbox and the audit log (SPEC §4).

use app::api::{Oversight, RequestInfo};
use app::error::AppError;
use app::model::{AuditFilter, AuditPage, ConsoleReader, EmailRecord, Owner, PortalSettings};

use super::{internal, Portal};
use crate::events::Event;
use crate::store::AuditEntry;

#[async_trait::async_trait]
impl Oversight for Portal {
    async fn portal_is_public(&self) -> Result<bool, AppError> {
        Ok(self
            .store
            .portal_settings()
            .await
            .map_err(internal)?
            .public_portal)
    }

    async fn portal_settings(&self, _reader: &ConsoleReader) -> Result<PortalSettings, AppError> {
        self.store.portal_settings().await.map_err(internal)
    }

    async fn save_portal_settings(
        &self,
        owner: &Owner,
        settings: PortalSettings,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let audit = AuditEntry {
            actor_kind: "admin",
            actor_id: Some(owner.writer().admin_id()),
            actor_label: owner.writer().email(),
            event: Event::SettingsSaved,
            target_kind: "settings",
            target_id: Some("portal"),
            target_label: "portal settings",
            client_addr: &request.client_addr,
        };
        self.store
            .save_portal_settings(settings, audit)
            .await
            .map_err(internal)
    }

    async fn recent_emails(&self, _reader: &ConsoleReader) -> Result<Vec<EmailRecord>, AppError> {
        self.store.recent_mail(200).await.map_err(internal)
    }

    async fn audit_log(
        &self,
        _reader: &ConsoleReader,
        filter: AuditFilter,
    ) -> Result<AuditPage, AppError> {
        self.store.audit_page(&filter, 100).await.map_err(internal)
    }
}
