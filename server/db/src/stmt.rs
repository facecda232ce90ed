//! One statement and its parameters, written once for every backend.

use std::borrow::Cow;

use crate::value::{ToValue, Value};

/// A statement in SQLite's placeholder syntax (`?1`, `?2` or bare `?`) with its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub(crate) sql: Cow<'static, str>,
    pub(crate) args: Vec<Value>,
}

impl Stmt {
    pub fn new(sql: impl Into<Cow<'static, str>>) -> Self {
        Self {
            sql: sql.into(),
            args: Vec::new(),
        }
    }

    /// Binds the next parameter.
    pub fn bind(mut self, value: impl ToValue) -> Self {
        self.args.push(value.to_value());
        self
    }

    /// Binds the next parameter in place, for statements built in a loop.
    pub fn push(&mut self, value: impl ToValue) -> &mut Self {
        self.args.push(value.to_value());
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn args(&self) -> &[Value] {
        &self.args
    }
}
