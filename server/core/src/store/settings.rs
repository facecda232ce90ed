//! Portal settings kept in the database, with their defaults.

use std::collections::HashMap;

use app::model::{CredentialKind, CredentialTypes, PortalSettings};
use gatehouse_db::{Batch, Stmt};

use super::{Store, StoreError};

const SAVE_SETTING: &str = "INSERT INTO settings (key, value) VALUES (?1, ?2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value";

impl Store {
    /// Every setting in one read, defaults for those never saved.
    pub async fn portal_settings(&self) -> Result<PortalSettings, StoreError> {
        let saved: HashMap<String, String> = self
            .db
            .all(Stmt::new("SELECT key, value FROM settings"))
            .await?
            .iter()
            .map(|row| (row.get("key"), row.get("value")))
            .collect();
        let flag = |key: &str, default: bool| saved.get(key).map_or(default, |v| v == "true");
        let defaults = PortalSettings::default();
        let mut credential_types = CredentialTypes::default();
        for kind in CredentialKind::ALL {
            let key = format!("credential_type.{}", kind.as_str());
            credential_types.set(kind, flag(&key, credential_types.allows(kind)));
        }
        Ok(PortalSettings {
            auto_approve_developers: flag(
                "auto_approve_developers",
                defaults.auto_approve_developers,
            ),
            auto_approve_applications: flag(
                "auto_approve_applications",
                defaults.auto_approve_applications,
            ),
            rejections_final: flag("rejections_final", defaults.rejections_final),
            require_email_verification: flag(
                "require_email_verification",
                defaults.require_email_verification,
            ),
            public_portal: flag("public_portal", defaults.public_portal),
            credential_types,
            max_credential_days: saved
                .get("max_credential_days")
                .and_then(|v| v.parse().ok())
                .unwrap_or(defaults.max_credential_days),
            usage_retention_days: saved
                .get("usage_retention_days")
                .and_then(|v| v.parse().ok())
                .unwrap_or(defaults.usage_retention_days),
        })
    }

    /// Saves every setting in one transaction, with its audit entry.
    pub async fn save_portal_settings(
        &self,
        settings: PortalSettings,
        audit: super::AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let mut values: Vec<(String, String)> = [
            ("auto_approve_developers", settings.auto_approve_developers),
            (
                "auto_approve_applications",
                settings.auto_approve_applications,
            ),
            ("rejections_final", settings.rejections_final),
            (
                "require_email_verification",
                settings.require_email_verification,
            ),
            ("public_portal", settings.public_portal),
        ]
        .into_iter()
        .map(|(key, on)| (key.to_string(), on.to_string()))
        .collect();
        for kind in CredentialKind::ALL {
            values.push((
                format!("credential_type.{}", kind.as_str()),
                settings.credential_types.allows(kind).to_string(),
            ));
        }
        values.push((
            "max_credential_days".into(),
            settings.max_credential_days.to_string(),
        ));
        values.push((
            "usage_retention_days".into(),
            settings.usage_retention_days.to_string(),
        ));
        let mut batch = Batch::new();
        for (key, value) in values {
            batch.push(Stmt::new(SAVE_SETTING).bind(key).bind(value));
        }
        batch.push(audit.insert(self.now()));
        self.db.batch(batch).await?;
        Ok(())
    }

    pub async fn set_flag(&self, key: &str, value: bool) -> Result<(), StoreError> {
        self.set_text(key, if value { "true" } else { "false" })
            .await
    }

    pub async fn set_text(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.db
            .run(Stmt::new(SAVE_SETTING).bind(key).bind(value))
            .await?;
        Ok(())
    }
}
