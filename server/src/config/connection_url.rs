//! A URL that may carry a password (the database's, the SMTP server's): shown only as scheme
//! and host, handed whole only to the code that connects.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionUrl(String);

impl ConnectionUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    /// The whole URL, password included: for connecting, never for printing.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the URL names SQLite (a file only this machine reaches).
    pub fn is_sqlite(&self) -> bool {
        self.0.starts_with("sqlite:")
    }
}

/// SQLite paths are shown whole (they hold no secret); other URLs as scheme and host.
impl fmt::Display for ConnectionUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_sqlite() {
            f.write_str(&self.0)
        } else {
            f.write_str(&gatehouse_db::redacted(&self.0))
        }
    }
}

impl fmt::Debug for ConnectionUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConnectionUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_url_never_prints() {
        let url = ConnectionUrl::new("postgres://gatehouse:hunter2@db.internal:5432/portal");
        assert_eq!(url.to_string(), "postgres://db.internal:5432");
        assert!(!format!("{url:?}").contains("hunter2"));
        let smtp = ConnectionUrl::new("smtps://mailer:s3cret@smtp.example.com");
        assert_eq!(smtp.to_string(), "smtps://smtp.example.com");
        assert_eq!(smtp.expose(), "smtps://mailer:s3cret@smtp.example.com");
        let file = ConnectionUrl::new("sqlite://data/gatehouse.db");
        assert_eq!(file.to_string(), "sqlite://data/gatehouse.db");
    }
}
