//! The Cloudflare D1 driver, for a Worker: statements bound to JavaScript values, a batch as
//! one `D1Database::batch` (D1's atomic unit: every statement, or none). D1's futures are not
//! `Send`; a Worker has one thread, so they are wrapped to be.

use std::sync::Arc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::JsFuture;
use worker::worker_sys::D1Database as D1DatabaseSys;
use worker::{send::SendFuture, D1Database, D1PreparedStatement};

use crate::{
    batch::{self, Batch, Outcome},
    error::DbError,
    row::Row,
    stmt::Stmt,
    value::{Kind, Value},
};

/// The largest integer a JavaScript number holds exactly: D1 passes integers as numbers.
const SAFE_INTEGER: i64 = (1 << 53) - 1;
/// D1 refuses a statement with more bound parameters than this.
const MAX_PARAMETERS: usize = 100;

fn bound(db: &D1Database, stmt: &Stmt) -> Result<D1PreparedStatement, DbError> {
    if stmt.args.len() > MAX_PARAMETERS {
        return Err(DbError::Statement(format!(
            "{} parameters, D1 takes at most {MAX_PARAMETERS}: {}",
            stmt.args.len(),
            stmt.sql
        )));
    }
    let args = stmt
        .args
        .iter()
        .map(|arg| to_js(arg, &stmt.sql))
        .collect::<Result<Vec<_>, _>>()?;
    db.prepare(stmt.sql.as_ref())
        .bind(&args)
        .map_err(|error| js_error(error.into()))
}

fn to_js(value: &Value, sql: &str) -> Result<JsValue, DbError> {
    Ok(match value {
        Value::Null(_) => JsValue::NULL,
        Value::Int(n) if n.unsigned_abs() <= SAFE_INTEGER as u64 => JsValue::from_f64(*n as f64),
        Value::Int(n) => {
            return Err(DbError::Statement(format!(
                "{n} is beyond what D1 passes exactly (±2^53): {sql}"
            )))
        }
        Value::Real(x) => JsValue::from_f64(*x),
        Value::Text(s) => JsValue::from_str(s),
        Value::Bytes(b) => Uint8Array::from(b.as_slice()).into(),
    })
}

/// A column as D1 hands it back: numbers without a fraction are integers (D1 has no other
/// way to say so), blobs come as arrays of bytes.
fn from_js(value: JsValue) -> Value {
    if value.is_null() || value.is_undefined() {
        return Value::Null(Kind::Text);
    }
    if let Some(x) = value.as_f64() {
        return if x.fract() == 0.0 && x.abs() <= SAFE_INTEGER as f64 {
            Value::Int(x as i64)
        } else {
            Value::Real(x)
        };
    }
    if let Some(s) = value.as_string() {
        return Value::Text(s);
    }
    if let Some(b) = value.as_bool() {
        return Value::Int(i64::from(b));
    }
    if value.is_instance_of::<js_sys::ArrayBuffer>() {
        return Value::Bytes(Uint8Array::new(&value).to_vec());
    }
    if let Some(array) = value.dyn_ref::<Array>() {
        return Value::Bytes(
            array
                .iter()
                .map(|byte| byte.as_f64().unwrap_or_default() as u8)
                .collect(),
        );
    }
    Value::Text(format!("{value:?}"))
}

/// A result's rows (its `results`), their columns in the order D1 gives them.
fn rows(result: &JsValue) -> Result<Vec<Row>, DbError> {
    let results = Reflect::get(result, &"results".into()).map_err(js_error)?;
    let Some(results) = results.dyn_ref::<Array>() else {
        return Ok(Vec::new());
    };
    let mut columns: Option<Arc<[String]>> = None;
    let mut rows = Vec::with_capacity(results.length() as usize);
    for object in results.iter() {
        let entries = Object::entries(object.unchecked_ref::<Object>());
        let names = columns.get_or_insert_with(|| {
            entries
                .iter()
                .map(|entry| {
                    entry
                        .unchecked_ref::<Array>()
                        .get(0)
                        .as_string()
                        .unwrap_or_default()
                })
                .collect()
        });
        let values = entries
            .iter()
            .map(|entry| from_js(entry.unchecked_ref::<Array>().get(1)))
            .collect();
        rows.push(Row::new(names.clone(), values));
    }
    Ok(rows)
}

/// The rows a result's statement changed (`meta.changes`).
fn changes(result: &JsValue) -> u64 {
    Reflect::get(result, &"meta".into())
        .and_then(|meta| Reflect::get(&meta, &"changes".into()))
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or_default() as u64
}

/// D1's failures in the store's words: its messages carry SQLite's.
fn js_error(error: JsValue) -> DbError {
    let mut message = match error.dyn_ref::<js_sys::Error>() {
        Some(error) => {
            let mut message = String::from(error.message());
            if let Some(cause) = error.cause().dyn_ref::<js_sys::Error>() {
                message = format!("{message}: {}", String::from(cause.message()));
            }
            message
        }
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    };
    if message.contains("UNIQUE constraint failed") {
        DbError::UniqueViolation
    } else if message.contains("FOREIGN KEY constraint failed") {
        DbError::ForeignKeyViolation
    } else {
        message.insert_str(0, "D1: ");
        DbError::Driver(message.into())
    }
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, DbError> {
    JsFuture::from(promise.map_err(js_error)?)
        .await
        .map_err(js_error)
}

pub(crate) async fn all(db: &D1Database, stmt: &Stmt) -> Result<Vec<Row>, DbError> {
    SendFuture::new(async {
        let prepared = bound(db, stmt)?;
        rows(&settle(prepared.inner().all()).await?)
    })
    .await
}

pub(crate) async fn run(db: &D1Database, stmt: &Stmt) -> Result<u64, DbError> {
    SendFuture::new(async {
        let prepared = bound(db, stmt)?;
        Ok(changes(&settle(prepared.inner().run()).await?))
    })
    .await
}

/// Statements sent as one `batch`: D1 runs them as one transaction, all or none.
async fn send_batch(db: &D1Database, program: &[Stmt]) -> Result<Vec<JsValue>, DbError> {
    let statements = program
        .iter()
        .map(|stmt| bound(db, stmt).map(|prepared| JsValue::from(prepared.inner().clone())))
        .collect::<Result<Array, _>>()?;
    let database: &D1DatabaseSys = db.as_ref().unchecked_ref();
    let results = settle(database.batch(statements)).await?;
    let results: Array = results.dyn_into().map_err(js_error)?;
    if results.length() as usize != program.len() {
        return Err(DbError::Driver(
            "D1 answered a batch with fewer results than statements".into(),
        ));
    }
    Ok(results.to_vec())
}

/// The batch as the very program SQLite runs (guard, mark, steps, unmark), in one
/// `D1Database::batch`.
pub(crate) async fn batch(db: &D1Database, batch: &Batch) -> Result<Outcome, DbError> {
    SendFuture::new(async {
        let op = uuid::Uuid::new_v4().simple().to_string();
        let program = batch::marked_program(batch, &op);
        let results = send_batch(db, &program).await?;
        let mut results = results.iter();
        let mut outcome = Outcome {
            applied: true,
            guard: Vec::new(),
            changed: Vec::with_capacity(batch.steps.len()),
        };
        if batch.guard.is_some() {
            // The guard's rows, then the mark's result.
            outcome.guard = rows(results.next().expect("counted above"))?;
            outcome.applied = !outcome.guard.is_empty();
            results.next();
        }
        for result in results.take(batch.steps.len()) {
            outcome.changed.push(changes(result));
        }
        Ok(outcome)
    })
    .await
}

/// Reads in one batch: D1 runs a batch as one transaction, so they see one state.
pub(crate) async fn snapshot(db: &D1Database, reads: &[Stmt]) -> Result<Vec<Vec<Row>>, DbError> {
    SendFuture::new(async {
        let results = send_batch(db, reads).await?;
        results.iter().map(rows).collect()
    })
    .await
}
