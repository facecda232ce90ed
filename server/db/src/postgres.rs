//! The PostgreSQL driver: statements renumbered to `$N`, a batch run in one READ COMMITTED
//! transaction whose guard re-checks its row after waiting for the lock, so of two racing
//! decisions exactly one matches.

use sqlx::{
    postgres::{PgArguments, PgPool, PgPoolOptions, PgRow},
    Column, Executor as _, Postgres, Row as _, TypeInfo, ValueRef,
};

use crate::{
    batch::{self, Batch, Outcome},
    error::DbError,
    placeholders,
    row::{self, Row},
    stmt::Stmt,
    value::{Kind, Value},
};

/// A pool on `url`. Parallel query is off for its sessions: every query here reads a page
/// (or a capped count) through an index, and starting workers cost more than such a query
/// (the Applications page's first page of a rare status: 32 ms with two workers, 10 ms
/// without, at a million rows).
pub(crate) async fn connect(url: &str) -> Result<PgPool, DbError> {
    Ok(PgPoolOptions::new()
        .max_connections(16)
        .after_connect(|connection, _| {
            Box::pin(async move {
                connection
                    .execute("SET max_parallel_workers_per_gather = 0")
                    .await
                    .map(|_| ())
            })
        })
        .connect(url)
        .await?)
}

/// The statement as PostgreSQL takes it; `sql` is its renumbered text.
fn query<'q>(sql: &'q str, args: &[Value]) -> sqlx::query::Query<'q, Postgres, PgArguments> {
    let mut query = sqlx::query(sql);
    for arg in args {
        query = match arg {
            Value::Null(Kind::Int) => query.bind(None::<i64>),
            Value::Null(Kind::Real) => query.bind(None::<f64>),
            Value::Null(Kind::Text) => query.bind(None::<String>),
            Value::Null(Kind::Bytes) => query.bind(None::<Vec<u8>>),
            Value::Int(n) => query.bind(*n),
            Value::Real(x) => query.bind(*x),
            Value::Text(s) => query.bind(s.clone()),
            Value::Bytes(b) => query.bind(b.clone()),
        };
    }
    query
}

fn rows(rows: Vec<PgRow>) -> Result<Vec<Row>, DbError> {
    row::collect(&rows, value)
}

/// A column as a shared value: every integer width as `Int`, booleans as 0 and 1.
fn value(row: &PgRow, i: usize) -> Result<Value, DbError> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null(Kind::Text));
    }
    let type_name = raw.type_info().name().to_owned();
    Ok(match type_name.as_str() {
        "INT8" => Value::Int(row.try_get(i)?),
        "INT4" => Value::Int(row.try_get::<i32, _>(i)?.into()),
        "INT2" => Value::Int(row.try_get::<i16, _>(i)?.into()),
        "BOOL" => Value::Int(row.try_get::<bool, _>(i)?.into()),
        "FLOAT8" => Value::Real(row.try_get(i)?),
        "FLOAT4" => Value::Real(row.try_get::<f32, _>(i)?.into()),
        "BYTEA" => Value::Bytes(row.try_get(i)?),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "CHAR" => Value::Text(row.try_get(i)?),
        "VOID" => Value::Null(Kind::Text),
        _ => {
            return Err(DbError::Column {
                column: row.columns()[i].name().to_owned(),
                problem: "has a type the shared layer does not read (cast it to BIGINT, DOUBLE PRECISION or TEXT)",
            })
        }
    })
}

pub(crate) async fn all(pool: &PgPool, stmt: &Stmt) -> Result<Vec<Row>, DbError> {
    let sql = placeholders::for_postgres(&stmt.sql);
    rows(query(&sql, &stmt.args).fetch_all(pool).await?)
}

pub(crate) async fn run(pool: &PgPool, stmt: &Stmt) -> Result<u64, DbError> {
    let sql = placeholders::for_postgres(&stmt.sql);
    Ok(query(&sql, &stmt.args).execute(pool).await?.rows_affected())
}

/// The guard, then each step once the guard's rows have decided whether conditional steps
/// run; one transaction, committed only at the end.
pub(crate) async fn batch(pool: &PgPool, batch: &Batch) -> Result<Outcome, DbError> {
    let mut tx = pool.begin().await?;
    let mut outcome = Outcome {
        applied: true,
        guard: Vec::new(),
        changed: Vec::with_capacity(batch.steps.len()),
    };
    if let Some(guard) = &batch.guard {
        let sql = placeholders::for_postgres(&guard.sql);
        outcome.guard = rows(query(&sql, &guard.args).fetch_all(&mut *tx).await?)?;
        outcome.applied = !outcome.guard.is_empty();
    }
    for step in &batch.steps {
        let changed = match batch::decided_step(step, outcome.applied) {
            Some(step) => {
                let sql = placeholders::for_postgres(&step.sql);
                query(&sql, &step.args)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            }
            None => 0,
        };
        outcome.changed.push(changed);
    }
    tx.commit().await?;
    Ok(outcome)
}

/// REPEATABLE READ: every read sees the state of the transaction's first statement.
pub(crate) async fn snapshot(pool: &PgPool, reads: &[Stmt]) -> Result<Vec<Vec<Row>>, DbError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let mut results = Vec::with_capacity(reads.len());
    for stmt in reads {
        let sql = placeholders::for_postgres(&stmt.sql);
        results.push(rows(query(&sql, &stmt.args).fetch_all(&mut *tx).await?)?);
    }
    tx.commit().await?;
    Ok(results)
}
