//! The SQLite driver: an sqlx pool over one file, running a batch as the very program D1
//! runs, inside `BEGIN IMMEDIATE` so the write lock is taken at once.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    sqlite::{
        SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
        SqliteRow, SqliteSynchronous,
    },
    Row as _, Sqlite, TypeInfo, ValueRef,
};

use crate::{
    batch::{self, Batch, Outcome},
    error::DbError,
    row::{self, Row},
    stmt::Stmt,
    value::{Kind, Value},
};

/// Opens (creating if missing) the database file of `url` (`sqlite://PATH`).
pub(crate) async fn connect(url: &str) -> Result<SqlitePool, DbError> {
    if let Some(parent) = url
        .strip_prefix("sqlite://")
        .map(Path::new)
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| DbError::Driver(e.into()))?;
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
    sqlx::query(batch::MARK_TABLE).execute(&pool).await?;
    Ok(pool)
}

fn query(stmt: &Stmt) -> sqlx::query::Query<'_, Sqlite, SqliteArguments<'_>> {
    let mut query = sqlx::query(&stmt.sql);
    for arg in &stmt.args {
        query = match arg {
            Value::Null(Kind::Int) => query.bind(None::<i64>),
            Value::Null(Kind::Real) => query.bind(None::<f64>),
            Value::Null(Kind::Text) => query.bind(None::<String>),
            Value::Null(Kind::Bytes) => query.bind(None::<Vec<u8>>),
            Value::Int(n) => query.bind(*n),
            Value::Real(x) => query.bind(*x),
            Value::Text(s) => query.bind(s.as_str()),
            Value::Bytes(b) => query.bind(b.as_slice()),
        };
    }
    query
}

fn rows(rows: Vec<SqliteRow>) -> Result<Vec<Row>, DbError> {
    row::collect(&rows, value)
}

/// A column by its stored type (SQLite types values, not columns).
fn value(row: &SqliteRow, i: usize) -> Result<Value, DbError> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null(Kind::Text));
    }
    let stored = raw.type_info().name().to_owned();
    Ok(match stored.as_str() {
        "INTEGER" | "BOOLEAN" => Value::Int(row.try_get(i)?),
        "REAL" => Value::Real(row.try_get(i)?),
        "BLOB" => Value::Bytes(row.try_get(i)?),
        _ => Value::Text(row.try_get(i)?),
    })
}

pub(crate) async fn all(pool: &SqlitePool, stmt: &Stmt) -> Result<Vec<Row>, DbError> {
    rows(query(stmt).fetch_all(pool).await?)
}

pub(crate) async fn run(pool: &SqlitePool, stmt: &Stmt) -> Result<u64, DbError> {
    Ok(query(stmt).execute(pool).await?.rows_affected())
}

pub(crate) async fn batch(pool: &SqlitePool, batch: &Batch) -> Result<Outcome, DbError> {
    let op = uuid::Uuid::new_v4().simple().to_string();
    let program = batch::marked_program(batch, &op);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut statements = program.iter();
    let mut outcome = Outcome {
        applied: true,
        guard: Vec::new(),
        changed: Vec::with_capacity(batch.steps.len()),
    };
    if batch.guard.is_some() {
        let guard = statements
            .next()
            .expect("a guarded program starts with its guard");
        outcome.guard = rows(query(guard).fetch_all(&mut *tx).await?)?;
        outcome.applied = !outcome.guard.is_empty();
        let mark = statements.next().expect("the mark follows the guard");
        query(mark).execute(&mut *tx).await?;
    }
    for (i, stmt) in statements.enumerate() {
        let changed = query(stmt).execute(&mut *tx).await?.rows_affected();
        if i < batch.steps.len() {
            outcome.changed.push(changed);
        }
    }
    tx.commit().await?;
    Ok(outcome)
}

/// A deferred transaction that only reads sees one snapshot of the file (WAL).
pub(crate) async fn snapshot(pool: &SqlitePool, reads: &[Stmt]) -> Result<Vec<Vec<Row>>, DbError> {
    let mut tx = pool.begin().await?;
    let mut results = Vec::with_capacity(reads.len());
    for stmt in reads {
        results.push(rows(query(stmt).fetch_all(&mut *tx).await?)?);
    }
    tx.commit().await?;
    Ok(results)
}
