//! An e-mail address: trimmed, checked for a plausible shape, compared case-insensitively.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ParseError;

/// An address a person can receive mail at. Stored as typed; compared and looked up in
/// lower case, because mail providers treat `Ann@Example.com` and `ann@example.com` alike.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let value = input.trim();
        if value.is_empty() {
            return Err("Enter your email address.".into());
        }
        if value.len() > Self::MAX_LEN {
            return Err("That email address is too long.".into());
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return Err("Enter an email address like name@example.com.".into());
        };
        let plausible = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
            && !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if !plausible {
            return Err("Enter an email address like name@example.com.".into());
        }
        Ok(Self(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for uniqueness and look-ups.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl PartialEq for Email {
    fn eq(&self, other: &Self) -> bool {
        self.normalized() == other.normalized()
    }
}
impl Eq for Email {}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn accepts_ordinary_addresses_and_trims_them() {
        assert_eq!(
            Email::parse("  ann@example.com ").unwrap().as_str(),
            "ann@example.com"
        );
        assert!(Email::parse("first.last+tag@sub.example.co.uk").is_ok());
    }

    #[test]
    fn compares_case_insensitively() {
        assert_eq!(
            Email::parse("Ann@Example.COM").unwrap(),
            Email::parse("ann@example.com").unwrap()
        );
    }

    #[test]
    fn refuses_what_cannot_receive_mail() {
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "a b@example.com",
            "ann@exa mple.com",
            "ann@.com",
            "ann@example..com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(300))).is_err());
    }
}
