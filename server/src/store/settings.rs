//! Portal settings kept in the database, with their defaults.

use app::model::PortalSettings;

use super::{Store, StoreError};

impl Store {
    pub async fn portal_settings(&self) -> Result<PortalSettings, StoreError> {
        let defaults = PortalSettings::default();
        Ok(PortalSettings {
            auto_approve_developers: self
                .flag("auto_approve_developers", defaults.auto_approve_developers)
                .await?,
            rejections_final: self
                .flag("rejections_final", defaults.rejections_final)
                .await?,
            require_email_verification: self
                .flag(
                    "require_email_verification",
                    defaults.require_email_verification,
                )
                .await?,
            public_portal: self.flag("public_portal", defaults.public_portal).await?,
        })
    }

    /// Saves every setting in one transaction, with its audit entry.
    pub async fn save_portal_settings(
        &self,
        settings: PortalSettings,
        audit: super::AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for (key, value) in [
            ("auto_approve_developers", settings.auto_approve_developers),
            ("rejections_final", settings.rejections_final),
            (
                "require_email_verification",
                settings.require_email_verification,
            ),
            ("public_portal", settings.public_portal),
        ] {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES (?, ?)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(if value { "true" } else { "false" })
            .execute(&mut *tx)
            .await?;
        }
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_flag(&self, key: &str, value: bool) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(if value { "true" } else { "false" })
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn flag(&self, key: &str, default: bool) -> Result<bool, StoreError> {
        let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(value.map_or(default, |v| v == "true"))
    }
}
