//! Changes a developer makes to their own account.

use app::model::Email;

use super::{now_millis, AuditEntry, Store, StoreError};

impl Store {
    pub async fn developer_password_hash(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM developers WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn rename_developer(
        &self,
        id: &str,
        full_name: &str,
        audit: AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE developers SET full_name = ?, name_normalized = ?, updated_at = ? WHERE id = ?",
        )
        .bind(full_name)
        .bind(full_name.to_lowercase())
        .bind(now_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// `AlreadyExists` when another account has the address.
    pub async fn change_developer_email(
        &self,
        id: &str,
        email: &Email,
        audit: AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE developers SET email = ?, email_normalized = ?, updated_at = ? WHERE id = ?",
        )
        .bind(email.as_str())
        .bind(email.normalized())
        .bind(now_millis())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a new password hash and ends every session of the developer but `keep`.
    pub async fn change_developer_password(
        &self,
        id: &str,
        password_hash: &str,
        keep: Option<&str>,
        audit: AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE developers SET password_hash = ?, updated_at = ? WHERE id = ?")
            .bind(password_hash)
            .bind(now_millis())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE developer_id = ? AND token_hash IS NOT ?")
            .bind(id)
            .bind(keep)
            .execute(&mut *tx)
            .await?;
        Self::record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
