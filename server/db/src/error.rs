//! What can go wrong talking to a database, in words the store can act on.

/// A database failure. A unique violation is told apart, so the store can answer
/// "already exists" the same way on every backend.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A unique constraint refused the write.
    #[error("already exists")]
    UniqueViolation,
    /// A foreign key refused the write: a row it refers to is gone.
    #[error("refers to a row that does not exist")]
    ForeignKeyViolation,
    /// A column is missing or holds another type than the code reads.
    #[error("column {column}: {problem}")]
    Column {
        column: String,
        problem: &'static str,
    },
    /// A database URL this build cannot open.
    #[error("unsupported database URL (expected sqlite://PATH or postgres://…): {0}")]
    UnsupportedUrl(String),
    /// A statement the code got wrong (placeholders and arguments disagree); nothing ran.
    #[error("malformed statement: {0}")]
    Statement(String),
    /// The driver's own failure (connection, syntax, I/O), in its words.
    #[error(transparent)]
    Driver(Box<dyn std::error::Error + Send + Sync>),
    #[error("migration failed: {0}")]
    Migration(String),
}

#[cfg(any(feature = "sqlite", feature = "postgres"))]
impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        Self::Migration(error.to_string())
    }
}

#[cfg(any(feature = "sqlite", feature = "postgres"))]
impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::UniqueViolation,
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => Self::ForeignKeyViolation,
            _ => Self::Driver(Box::new(error)),
        }
    }
}
