//! A password as typed by a person: never printed, never serialized back to a browser.

use std::fmt;

use super::ParseError;

/// A plain password, alive only between the form and the hash.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    /// Argon2 hashes anything, but a megabyte "password" is a denial-of-service attempt.
    pub const MAX_CHARS: usize = 128;

    /// A password chosen now (sign-up, reset): the length rules apply.
    pub fn parse_new(input: &str) -> Result<Self, ParseError> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(format!("Use at least {} characters.", Self::MIN_CHARS));
        }
        if chars > Self::MAX_CHARS {
            return Err(format!("Use at most {} characters.", Self::MAX_CHARS));
        }
        Ok(Self(input.to_string()))
    }

    /// A password offered at sign-in: only bounded, so old passwords keep working.
    pub fn parse_attempt(input: &str) -> Result<Self, ParseError> {
        if input.is_empty() {
            return Err("Enter your password.".into());
        }
        if input.chars().count() > Self::MAX_CHARS {
            return Err("Invalid email or password".into());
        }
        Ok(Self(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::Password;

    #[test]
    fn new_passwords_need_ten_to_128_characters() {
        assert!(Password::parse_new("short").is_err());
        assert!(Password::parse_new("long enough").is_ok());
        assert!(Password::parse_new(&"p".repeat(129)).is_err());
    }

    #[test]
    fn debug_never_shows_the_password() {
        let password = Password::parse_new("correct horse battery").unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
    }
}
