//! Storage: the portal's statements, written once and run through the shared database
//! layer (`gatehouse-db`) on SQLite or PostgreSQL; each decision is one guarded batch.

mod account;
mod accounts;
mod admins;
mod api_tokens;
mod application_list;
mod applications;
mod attempts;
mod audit;
mod bench_data;
mod credentials;
mod delivery_counts;
mod developers;
mod gateway;
mod idempotency;
mod outbox;
mod plans;
mod prefix_search;
mod requests;
mod resets;
mod service_documents;
mod services;
mod sessions;
mod settings;
mod test_state;
mod usage;
mod verifications;
mod webhooks;

use gatehouse_db::{Db, DbError, Dialect, Stmt};

#[cfg(any(feature = "sqlite", feature = "postgres"))]
use gatehouse_db::Migrations;

use crate::platform::SharedPlatform;

pub use account::{ChangedEmail, EmailChangeRefused, EmailChangeRequest};
pub use accounts::{Account, NewAccount};
pub use admins::{AdminChangeRefused, DEFAULT_ADMIN_EMAIL};
pub use api_tokens::NewStoredToken;
pub use applications::{RegistrationFacts, RegistrationRefused};
pub use audit::AuditEntry;
pub use bench_data::bench_key;
pub use credentials::{CredentialOwner, ExpiringCredential, NewStoredCredential, StoredSecret};
pub use delivery_counts::DeliveryCounts;
pub use developers::{ChangeRefused, Notice, PAGE_SIZE};
pub use gateway::{GatewayCredential, GatewayData, GatewayRegistration, GatewayService, Wanted};
pub use idempotency::KeptAnswer;
pub use outbox::{Letter, OutgoingMail};
pub use service_documents::{DocumentParts, DocumentWrite, StoredIndex, PIECE_BYTES};
pub use services::StoredService;
pub use sessions::SessionOwner;
pub use usage::{
    hour_of, Claims, CountedUse, Counter, CounterTotals, Outcomes, UsageKey, UsageRow,
};
pub use verifications::{Confirmed, Unconfirmed, UnconfirmedBy};
pub use webhooks::{message_id, Attempt, EventFacts, OutgoingWebhook, TEST_EVENT_TYPE};

/// A storage failure: either a rule the data enforces, or the database itself.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write (e.g. the email is registered already).
    #[error("already exists")]
    AlreadyExists,
    /// A row the write refers to is gone (e.g. the developer was deleted meanwhile).
    #[error("refers to something that no longer exists")]
    Missing,
    /// Stored data does not read as what it should be.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(DbError),
}

impl From<DbError> for StoreError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::UniqueViolation => Self::AlreadyExists,
            DbError::ForeignKeyViolation => Self::Missing,
            other => Self::Database(other),
        }
    }
}

/// The portal's storage, on whichever database it was given; times come from the platform.
#[derive(Clone)]
pub struct Store {
    db: Db,
    platform: SharedPlatform,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("db", &self.db).finish()
    }
}

impl Store {
    pub fn new(db: Db, platform: SharedPlatform) -> Self {
        Self { db, platform }
    }

    /// Opens the database at `url`: `sqlite://PATH` (created if missing) or `postgres://…`.
    #[cfg(any(feature = "sqlite", feature = "postgres"))]
    pub async fn connect(url: &str, platform: SharedPlatform) -> Result<Self, StoreError> {
        Ok(Self::new(Db::connect(url).await?, platform))
    }

    /// Creates or updates the schema; safe when several instances start at once.
    #[cfg(any(feature = "sqlite", feature = "postgres"))]
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.db
            .migrate(Migrations {
                #[cfg(feature = "sqlite")]
                sqlite: &sqlx::migrate!("../migrations/sqlite"),
                #[cfg(feature = "postgres")]
                postgres: &sqlx::migrate!("../migrations/postgres"),
            })
            .await?;
        Ok(())
    }

    /// Keeps SQLite's query planner statistics fresh (cheap when nothing changed), so
    /// searches keep choosing the narrow indexes as the tables grow. PostgreSQL's autovacuum
    /// does this by itself.
    pub async fn optimize(&self) -> Result<(), StoreError> {
        if self.db.dialect() == Dialect::Sqlite {
            self.db.run(Stmt::new("PRAGMA optimize")).await?;
        }
        Ok(())
    }

    /// SQLite: writes a consistent copy of the whole database to the new file `path` (one
    /// read transaction, so writers carry on meanwhile).
    pub async fn vacuum_into(&self, path: &str) -> Result<(), StoreError> {
        self.db.run(Stmt::new("VACUUM INTO ?1").bind(path)).await?;
        Ok(())
    }

    /// True when the database answers a query.
    pub async fn is_ready(&self) -> bool {
        self.db.is_ready().await
    }

    /// Which database this is.
    pub fn dialect(&self) -> Dialect {
        self.db.dialect()
    }

    /// The platform the store runs on (its clock, its heavy-work hook).
    pub fn platform(&self) -> &SharedPlatform {
        &self.platform
    }

    /// Milliseconds since the Unix epoch, the stored form of every time.
    pub fn now(&self) -> i64 {
        self.platform.now_millis()
    }
}

/// A new row id: a UUID whose leading bits are its creation time (version 7, kept in order
/// within the process), so rows made in the same millisecond still list in the order they
/// were made when a page breaks a tie on the id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
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
