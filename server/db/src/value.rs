//! The values a statement binds and a row holds: the few types every backend shares.

/// The kind of a value, kept with a null so PostgreSQL learns the parameter's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Real,
    Text,
    Bytes,
}

/// One bound parameter or one column of a row. Every integer width reads back as `Int`
/// (times are milliseconds, flags are 0 and 1), so SQLite and PostgreSQL rows look alike.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null(Kind),
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    /// A short name for messages about a value of the wrong type.
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            Value::Null(_) => "null",
            Value::Int(_) => "integer",
            Value::Real(_) => "real",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
        }
    }
}

/// A Rust type a statement can bind.
pub trait ToValue {
    fn to_value(self) -> Value;
}

/// A Rust type a column can be read as.
pub trait FromValue: Sized {
    /// `None` when the value is of another type.
    fn from_value(value: &Value) -> Option<Self>;
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(self) -> Value {
                Value::Int(i64::from(self))
            }
        }
        impl FromValue for $t {
            fn from_value(value: &Value) -> Option<Self> {
                match value {
                    Value::Int(n) => <$t>::try_from(*n).ok(),
                    _ => None,
                }
            }
        }
    )*};
}
integer!(i64, i32, u32, u8);

impl ToValue for bool {
    fn to_value(self) -> Value {
        Value::Int(i64::from(self))
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(n) => Some(*n != 0),
            _ => None,
        }
    }
}

impl ToValue for u64 {
    /// Counts beyond `i64::MAX` do not occur; they are clamped rather than wrapped.
    fn to_value(self) -> Value {
        Value::Int(i64::try_from(self).unwrap_or(i64::MAX))
    }
}

impl FromValue for u64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(n) => u64::try_from(*n).ok(),
            _ => None,
        }
    }
}

impl ToValue for f64 {
    fn to_value(self) -> Value {
        Value::Real(self)
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Real(x) => Some(*x),
            Value::Int(n) => Some(*n as f64),
            _ => None,
        }
    }
}

impl ToValue for String {
    fn to_value(self) -> Value {
        Value::Text(self)
    }
}

impl ToValue for &str {
    fn to_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl ToValue for &String {
    fn to_value(self) -> Value {
        Value::Text(self.clone())
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl ToValue for Vec<u8> {
    fn to_value(self) -> Value {
        Value::Bytes(self)
    }
}

impl ToValue for &[u8] {
    fn to_value(self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bytes(b) => Some(b.clone()),
            _ => None,
        }
    }
}

impl ToValue for Value {
    fn to_value(self) -> Value {
        self
    }
}

/// The kind a null of this type binds as.
pub trait NullKind {
    const KIND: Kind;
}

macro_rules! null_kind {
    ($kind:ident: $($t:ty),*) => {$(impl NullKind for $t { const KIND: Kind = Kind::$kind; })*};
}
null_kind!(Int: i64, i32, u32, u8, u64, bool);
null_kind!(Real: f64);
null_kind!(Text: String, &str, &String);
null_kind!(Bytes: Vec<u8>, &[u8]);

impl<T: ToValue + NullKind> ToValue for Option<T> {
    fn to_value(self) -> Value {
        match self {
            Some(value) => value.to_value(),
            None => Value::Null(T::KIND),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null(_) => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_keep_their_kind_and_read_back_as_none() {
        assert_eq!(None::<i64>.to_value(), Value::Null(Kind::Int));
        assert_eq!(None::<&str>.to_value(), Value::Null(Kind::Text));
        assert_eq!(
            Option::<String>::from_value(&Value::Null(Kind::Int)),
            Some(None)
        );
    }

    #[test]
    fn a_value_of_another_type_does_not_read() {
        assert_eq!(i64::from_value(&Value::Text("1".into())), None);
        assert_eq!(u8::from_value(&Value::Int(300)), None);
        assert_eq!(bool::from_value(&Value::Int(1)), Some(true));
    }
}
