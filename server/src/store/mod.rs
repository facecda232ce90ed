//! Storage on SQLite through sqlx: a file created and migrated on first start.

mod account;
mod accounts;
mod admins;
mod applications;
mod audit;
mod bench_data;
mod credentials;
mod developers;
mod gateway;
mod outbox;
mod resets;
mod services;
mod sessions;
mod settings;
mod verifications;

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use account::{ChangedEmail, EmailChangeRefused, EmailChangeRequest};
pub use accounts::{Account, NewAccount};
pub use admins::AdminChangeRefused;
pub use applications::{RegistrationFacts, RegistrationRefused};
pub use audit::AuditEntry;
pub use bench_data::bench_key;
pub use credentials::{CredentialOwner, ExpiringCredential, NewStoredCredential, StoredSecret};
pub use developers::{ChangeRefused, Notice, PAGE_SIZE};
pub use gateway::{GatewayCredential, GatewayData, GatewayService};
pub use outbox::OutgoingMail;
pub use resets::Redeemed;
pub use services::StoredService;
pub use sessions::SessionOwner;
pub use verifications::Confirmed;

/// A storage failure: either a rule the data enforces, or the database itself.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write (e.g. the email is registered already).
    #[error("already exists")]
    AlreadyExists,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    fn from_write(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::AlreadyExists,
            _ => Self::Database(error),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if missing) the SQLite database at `url` (`sqlite://PATH`).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if let Some(parent) = url
            .strip_prefix("sqlite://")
            .map(Path::new)
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Database(e.into()))?;
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL with NORMAL is durable across a killed process; only power loss may drop the
            // last transactions, never corrupt the file.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("./migrations").run(&self.pool).await?;
        Ok(())
    }

    /// Lets SQLite refresh the statistics its query planner uses (cheap when nothing changed),
    /// so searches keep choosing the narrow indexes as the tables grow.
    pub async fn optimize(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA optimize").execute(&self.pool).await?;
        Ok(())
    }

    /// True when the database answers a query.
    pub async fn is_ready(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Milliseconds since the Unix epoch, the stored form of every time.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// RFC 3339 in UTC for a stored time.
pub fn rfc3339(millis: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
