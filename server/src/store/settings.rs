//! Portal settings kept in the database, with their defaults.

use std::collections::HashMap;

use app::model::{CredentialKind, CredentialTypes, PortalSettings};

use super::{Store, StoreError};

impl Store {
    /// Every setting in one read, defaults for those never saved.
    pub async fn portal_settings(&self) -> Result<PortalSettings, StoreError> {
        let saved: HashMap<String, String> = sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.pool)
            .await?
            .into_iter()
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
        })
    }

    /// Saves every setting in one transaction, with its audit entry.
    pub async fn save_portal_settings(
        &self,
        settings: PortalSettings,
        audit: super::AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
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
        for (key, value) in values {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES (?, ?)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_flag(&self, key: &str, value: bool) -> Result<(), StoreError> {
        self.set_text(key, if value { "true" } else { "false" })
            .await
    }

    pub async fn set_text(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
