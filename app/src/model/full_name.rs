//! A person's display name as typed at sign-up.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ParseError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FullName(String);

impl FullName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let value = input.trim();
        if value.is_empty() {
            return Err("Enter your full name.".into());
        }
        if value.chars().count() > Self::MAX_CHARS {
            return Err(format!("Use at most {} characters.", Self::MAX_CHARS));
        }
        if value.chars().any(char::is_control) {
            return Err("The name contains characters that cannot be shown.".into());
        }
        Ok(Self(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FullName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for FullName {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<FullName> for String {
    fn from(name: FullName) -> Self {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use super::FullName;

    #[test]
    fn trims_and_keeps_any_script() {
        assert_eq!(
            FullName::parse("  Zoë Ñúñez ").unwrap().as_str(),
            "Zoë Ñúñez"
        );
        assert!(FullName::parse("山田 太郎").is_ok());
    }

    #[test]
    fn refuses_empty_long_and_control_characters() {
        assert!(FullName::parse("   ").is_err());
        assert!(FullName::parse(&"x".repeat(101)).is_err());
        assert!(FullName::parse("Ann\u{0}").is_err());
    }
}
