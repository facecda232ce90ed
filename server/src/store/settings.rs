//! Portal settings kept in the database, with their defaults.

use super::{Store, StoreError};

/// The settings the lifecycle rules read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalSettings {
    pub auto_approve_developers: bool,
    /// A rejected developer cannot be approved later (Konnect); off: they can (Kong EE).
    pub rejections_final: bool,
}

impl Store {
    pub async fn portal_settings(&self) -> Result<PortalSettings, StoreError> {
        Ok(PortalSettings {
            auto_approve_developers: self.flag("auto_approve_developers", false).await?,
            rejections_final: self.flag("rejections_final", true).await?,
        })
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
