//! A row read back from any backend: its columns by name, as shared values.

use std::sync::Arc;

use crate::{
    error::DbError,
    value::{FromValue, Value},
};

#[derive(Clone, Debug)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    pub(crate) fn new(columns: Arc<[String]>, values: Vec<Value>) -> Self {
        Self { columns, values }
    }

    /// The column read as `T`, or why it cannot be.
    pub fn try_get<T: FromValue>(&self, column: &str) -> Result<T, DbError> {
        let value = self.value(column).ok_or_else(|| DbError::Column {
            column: column.to_owned(),
            problem: "no such column",
        })?;
        T::from_value(value).ok_or_else(|| DbError::Column {
            column: column.to_owned(),
            problem: match value.kind_name() {
                "null" => "is null",
                "integer" => "holds an integer",
                "real" => "holds a real number",
                "text" => "holds text",
                _ => "holds bytes",
            },
        })
    }

    /// The column read as `T`. A missing column or another type is a bug in the statement
    /// that read the row, so it panics with the column's name, like sqlx's `Row::get`.
    pub fn get<T: FromValue>(&self, column: &str) -> T {
        match self.try_get(column) {
            Ok(value) => value,
            Err(error) => panic!("{error}"),
        }
    }

    pub fn value(&self, column: &str) -> Option<&Value> {
        self.columns
            .iter()
            .position(|name| name == column)
            .map(|i| &self.values[i])
    }

    /// The first column, for single-value queries.
    pub fn first<T: FromValue>(&self) -> Result<T, DbError> {
        let name = self.columns.first().cloned().unwrap_or_default();
        self.try_get(&name)
    }
}

/// A driver's rows as shared rows, each column read by `value` (which knows the driver's
/// types); the column names are shared by all rows.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn collect<R: sqlx::Row>(
    rows: &[R],
    value: impl Fn(&R, usize) -> Result<Value, DbError>,
) -> Result<Vec<Row>, DbError> {
    use sqlx::Column;
    let Some(first) = rows.first() else {
        return Ok(Vec::new());
    };
    let columns: Arc<[String]> = first
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    rows.iter()
        .map(|row| {
            let values = (0..columns.len())
                .map(|i| value(row, i))
                .collect::<Result<_, _>>()?;
            Ok(Row::new(columns.clone(), values))
        })
        .collect()
}
