//! Gatehouse's database layer: statements written once (SQLite's `?N` placeholders), run
//! unchanged on SQLite and PostgreSQL, and decisions sent as guarded batches, the atomic
//! unit every backend can run (D1 included, which has no interactive transactions).
//! Rows come back as shared values, read by column name.

// Without a driver (a check of the rules alone) the helpers drivers share are unused.
#![cfg_attr(
    not(any(
        feature = "sqlite",
        feature = "postgres",
        all(feature = "d1", target_arch = "wasm32")
    )),
    allow(unused)
)]

mod batch;
#[cfg(all(feature = "d1", target_arch = "wasm32"))]
mod d1;
mod error;
mod placeholders;
#[cfg(feature = "postgres")]
mod postgres;
mod row;
#[cfg(feature = "sqlite")]
mod sqlite;
mod stmt;
mod value;

pub use batch::{Batch, Outcome, APPLIED};
pub use error::DbError;
pub use row::Row;
pub use stmt::Stmt;
pub use value::{FromValue, Kind, ToValue, Value};

/// Which SQL a backend speaks, for the few statements that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// Appended to a guard's `SELECT` of the rows it depends on, so a concurrent change to
    /// them waits for the batch (or the guard sees it): PostgreSQL's `FOR SHARE`. SQLite
    /// and D1 run one writer at a time and need nothing.
    pub fn share_lock(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR SHARE",
        }
    }
}

/// A database, chosen by the scheme of its URL.
#[derive(Clone, Debug)]
pub enum Db {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
    /// A Worker's D1 binding. D1 speaks SQLite, so it shares SQLite's statements.
    #[cfg(all(feature = "d1", target_arch = "wasm32"))]
    D1(std::sync::Arc<worker::D1Database>),
    /// A build with no driver compiled in: no `Db` can be made, but the statements and rules
    /// above it compile and are checked.
    #[cfg(not(any(
        feature = "sqlite",
        feature = "postgres",
        all(feature = "d1", target_arch = "wasm32")
    )))]
    None(std::convert::Infallible),
}

/// The migrations of each backend, from `sqlx::migrate!`.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub struct Migrations<'a> {
    #[cfg(feature = "sqlite")]
    pub sqlite: &'a sqlx::migrate::Migrator,
    #[cfg(feature = "postgres")]
    pub postgres: &'a sqlx::migrate::Migrator,
}

impl Db {
    /// The database a Worker's D1 binding names.
    #[cfg(all(feature = "d1", target_arch = "wasm32"))]
    pub fn d1(database: worker::D1Database) -> Self {
        Self::D1(std::sync::Arc::new(database))
    }

    /// Opens `sqlite://PATH` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        #[cfg(feature = "sqlite")]
        if url.starts_with("sqlite:") {
            return Ok(Self::Sqlite(sqlite::connect(url).await?));
        }
        #[cfg(feature = "postgres")]
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(postgres::connect(url).await?));
        }
        Err(DbError::UnsupportedUrl(redacted(url)))
    }

    /// Creates an empty database `name` (letters, digits and `_`) on the PostgreSQL server
    /// `server_url` names, and returns its URL: a fresh database per test or benchmark.
    #[cfg(feature = "postgres")]
    pub async fn create_postgres_database(server_url: &str, name: &str) -> Result<String, DbError> {
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "a plain database name"
        );
        let pool = postgres::connect(server_url).await?;
        let created = postgres::run(&pool, &Stmt::new(format!("CREATE DATABASE {name}"))).await;
        pool.close().await;
        created?;
        let (server, _) = server_url
            .rsplit_once('/')
            .ok_or_else(|| DbError::UnsupportedUrl(redacted(server_url)))?;
        Ok(format!("{server}/{name}"))
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            #[cfg(feature = "sqlite")]
            Self::Sqlite(_) => Dialect::Sqlite,
            #[cfg(feature = "postgres")]
            Self::Postgres(_) => Dialect::Postgres,
            #[cfg(all(feature = "d1", target_arch = "wasm32"))]
            Self::D1(_) => Dialect::Sqlite,
            #[cfg(not(any(
                feature = "sqlite",
                feature = "postgres",
                all(feature = "d1", target_arch = "wasm32")
            )))]
            Self::None(never) => match *never {},
        }
    }

    /// Brings the schema up to date; on PostgreSQL several instances may start at once
    /// (the migrator holds an advisory lock).
    #[cfg(any(feature = "sqlite", feature = "postgres"))]
    pub async fn migrate(&self, migrations: Migrations<'_>) -> Result<(), DbError> {
        match self {
            #[cfg(feature = "sqlite")]
            Self::Sqlite(pool) => migrations.sqlite.run(pool).await?,
            #[cfg(feature = "postgres")]
            Self::Postgres(pool) => migrations.postgres.run(pool).await?,
        }
        Ok(())
    }

    /// Every row the statement returns.
    pub async fn all(&self, stmt: Stmt) -> Result<Vec<Row>, DbError> {
        match self {
            #[cfg(feature = "sqlite")]
            Self::Sqlite(pool) => sqlite::all(pool, &stmt).await,
            #[cfg(feature = "postgres")]
            Self::Postgres(pool) => postgres::all(pool, &stmt).await,
            #[cfg(all(feature = "d1", target_arch = "wasm32"))]
            Self::D1(database) => d1::all(database, &stmt).await,
            #[cfg(not(any(
                feature = "sqlite",
                feature = "postgres",
                all(feature = "d1", target_arch = "wasm32")
            )))]
            Self::None(never) => match *never {},
        }
    }

    /// The first row the statement returns, if any.
    pub async fn one(&self, stmt: Stmt) -> Result<Option<Row>, DbError> {
        Ok(self.all(stmt).await?.into_iter().next())
    }

    /// The first column of the first row, if there is a row.
    pub async fn scalar<T: FromValue>(&self, stmt: Stmt) -> Result<Option<T>, DbError> {
        self.one(stmt).await?.map(|row| row.first()).transpose()
    }

    /// Runs a statement alone; the rows it changed.
    pub async fn run(&self, stmt: Stmt) -> Result<u64, DbError> {
        match self {
            #[cfg(feature = "sqlite")]
            Self::Sqlite(pool) => sqlite::run(pool, &stmt).await,
            #[cfg(feature = "postgres")]
            Self::Postgres(pool) => postgres::run(pool, &stmt).await,
            #[cfg(all(feature = "d1", target_arch = "wasm32"))]
            Self::D1(database) => d1::run(database, &stmt).await,
            #[cfg(not(any(
                feature = "sqlite",
                feature = "postgres",
                all(feature = "d1", target_arch = "wasm32")
            )))]
            Self::None(never) => match *never {},
        }
    }

    /// Runs a batch atomically: everything in it happens, or nothing does.
    pub async fn batch(&self, batch: Batch) -> Result<Outcome, DbError> {
        batch::validate(&batch)?;
        match self {
            #[cfg(feature = "sqlite")]
            Self::Sqlite(pool) => sqlite::batch(pool, &batch).await,
            #[cfg(feature = "postgres")]
            Self::Postgres(pool) => postgres::batch(pool, &batch).await,
            #[cfg(all(feature = "d1", target_arch = "wasm32"))]
            Self::D1(database) => d1::batch(database, &batch).await,
            #[cfg(not(any(
                feature = "sqlite",
                feature = "postgres",
                all(feature = "d1", target_arch = "wasm32")
            )))]
            Self::None(never) => match *never {},
        }
    }

    /// Reads run against one consistent state of the database (nothing committed between
    /// them shows in some and not in others): each statement's rows, in order.
    pub async fn snapshot(&self, reads: Vec<Stmt>) -> Result<Vec<Vec<Row>>, DbError> {
        match self {
            #[cfg(feature = "sqlite")]
            Self::Sqlite(pool) => sqlite::snapshot(pool, &reads).await,
            #[cfg(feature = "postgres")]
            Self::Postgres(pool) => postgres::snapshot(pool, &reads).await,
            #[cfg(all(feature = "d1", target_arch = "wasm32"))]
            Self::D1(database) => d1::snapshot(database, &reads).await,
            #[cfg(not(any(
                feature = "sqlite",
                feature = "postgres",
                all(feature = "d1", target_arch = "wasm32")
            )))]
            Self::None(never) => match *never {},
        }
    }

    /// True when the database answers a query.
    pub async fn is_ready(&self) -> bool {
        self.run(Stmt::new("SELECT 1")).await.is_ok()
    }
}

/// A URL for a message: its scheme and host, never a password.
/// A URL as it may be shown: scheme and host only, never a user name or password.
pub fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
            format!("{scheme}://{}", host.split('/').next().unwrap_or_default())
        }
        None => "(not a URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_refused_url_never_shows_its_password() {
        assert_eq!(
            super::redacted("mysql://admin:hunter2@db.internal/gatehouse"),
            "mysql://db.internal"
        );
        assert_eq!(super::redacted("nonsense"), "(not a URL)");
    }
}
