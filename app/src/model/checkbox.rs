//! A checkbox as an HTML form posts it: the field is sent ("on") only when ticked. Read with
//! `#[serde(default, deserialize_with = "checkbox")]`; `true`/`false` (JSON or text) are
//! understood as well, so the same field serves scripts and the browser's own form post.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

pub fn checkbox<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    deserializer.deserialize_any(CheckboxVisitor)
}

struct CheckboxVisitor;

impl Visitor<'_> for CheckboxVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a checkbox: \"on\", \"true\" or \"false\"")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
        Ok(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<bool, E> {
        match value {
            "on" | "true" => Ok(true),
            "false" | "" => Ok(false),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Form {
        #[serde(default, deserialize_with = "checkbox")]
        ticked: bool,
    }

    #[test]
    fn a_ticked_box_is_true_and_a_missing_one_false() {
        let form = |json: &str| serde_json::from_str::<Form>(json).map(|f| f.ticked);
        assert!(form(r#"{"ticked":"on"}"#).unwrap());
        assert!(form(r#"{"ticked":true}"#).unwrap());
        assert!(!form(r#"{"ticked":"false"}"#).unwrap());
        assert!(!form("{}").unwrap());
        assert!(form(r#"{"ticked":"maybe"}"#).is_err());
    }
}
