//! Credentials of an application, of the types the owner enables (SPEC §3).

use serde::{Deserialize, Serialize};

/// The gateway plugins a credential works with, by Kong's names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CredentialKind {
    #[default]
    #[serde(rename = "key-auth")]
    KeyAuth,
    #[serde(rename = "basic-auth")]
    BasicAuth,
    #[serde(rename = "oauth2")]
    OAuth2,
    #[serde(rename = "hmac-auth")]
    HmacAuth,
    #[serde(rename = "jwt")]
    Jwt,
}

impl CredentialKind {
    pub const ALL: [Self; 5] = [
        Self::KeyAuth,
        Self::BasicAuth,
        Self::OAuth2,
        Self::HmacAuth,
        Self::Jwt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::KeyAuth => "key-auth",
            Self::BasicAuth => "basic-auth",
            Self::OAuth2 => "oauth2",
            Self::HmacAuth => "hmac-auth",
            Self::Jwt => "jwt",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// What people read in the type list.
    /// What one credential of this type is called, before its number ("API key 2").
    pub fn noun(self) -> &'static str {
        match self {
            Self::KeyAuth => "API key",
            Self::BasicAuth => "Basic auth login",
            Self::OAuth2 => "OAuth client",
            Self::HmacAuth => "HMAC key",
            Self::Jwt => "JWT key",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::KeyAuth => "API key (key-auth)",
            Self::BasicAuth => "Username and password (basic-auth)",
            Self::OAuth2 => "OAuth 2.0 client credentials (oauth2)",
            Self::HmacAuth => "HMAC signature (hmac-auth)",
            Self::Jwt => "JSON Web Token (jwt)",
        }
    }

    /// The name of its switch among the settings' credential types.
    pub fn field_name(self) -> &'static str {
        match self {
            Self::KeyAuth => "key_auth",
            Self::BasicAuth => "basic_auth",
            Self::OAuth2 => "oauth2",
            Self::HmacAuth => "hmac_auth",
            Self::Jwt => "jwt",
        }
    }

    /// Whether the developer chooses a username for it.
    pub fn takes_username(self) -> bool {
        matches!(self, Self::BasicAuth | Self::HmacAuth)
    }
}

/// Which credential types developers may create: the owner's "Credential types" setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialTypes {
    #[serde(default, deserialize_with = "super::checkbox::checkbox")]
    pub key_auth: bool,
    #[serde(default, deserialize_with = "super::checkbox::checkbox")]
    pub basic_auth: bool,
    #[serde(default, deserialize_with = "super::checkbox::checkbox")]
    pub oauth2: bool,
    #[serde(default, deserialize_with = "super::checkbox::checkbox")]
    pub hmac_auth: bool,
    #[serde(default, deserialize_with = "super::checkbox::checkbox")]
    pub jwt: bool,
}

impl Default for CredentialTypes {
    fn default() -> Self {
        Self {
            key_auth: true,
            basic_auth: true,
            oauth2: true,
            hmac_auth: true,
            jwt: true,
        }
    }
}

impl CredentialTypes {
    /// Every type off (a settings form with none ticked).
    pub fn none() -> Self {
        Self {
            key_auth: false,
            basic_auth: false,
            oauth2: false,
            hmac_auth: false,
            jwt: false,
        }
    }

    pub fn allows(&self, kind: CredentialKind) -> bool {
        match kind {
            CredentialKind::KeyAuth => self.key_auth,
            CredentialKind::BasicAuth => self.basic_auth,
            CredentialKind::OAuth2 => self.oauth2,
            CredentialKind::HmacAuth => self.hmac_auth,
            CredentialKind::Jwt => self.jwt,
        }
    }

    pub fn set(&mut self, kind: CredentialKind, on: bool) {
        match kind {
            CredentialKind::KeyAuth => self.key_auth = on,
            CredentialKind::BasicAuth => self.basic_auth = on,
            CredentialKind::OAuth2 => self.oauth2 = on,
            CredentialKind::HmacAuth => self.hmac_auth = on,
            CredentialKind::Jwt => self.jwt = on,
        }
    }

    pub fn enabled(&self) -> Vec<CredentialKind> {
        CredentialKind::ALL
            .into_iter()
            .filter(|kind| self.allows(*kind))
            .collect()
    }
}

/// How a jwt credential's tokens are signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JwtAlgorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    ES256,
}

impl JwtAlgorithm {
    pub const ALL: [Self; 5] = [
        Self::HS256,
        Self::HS384,
        Self::HS512,
        Self::RS256,
        Self::ES256,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::HS256 => "HS256",
            Self::HS384 => "HS384",
            Self::HS512 => "HS512",
            Self::RS256 => "RS256",
            Self::ES256 => "ES256",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.as_str() == value)
    }

    /// RS256 and ES256 verify with a public key the developer uploads; the others share a
    /// secret Gatehouse generates.
    pub fn uses_public_key(self) -> bool {
        matches!(self, Self::RS256 | Self::ES256)
    }
}

/// A credential just created or rolled: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewCredential {
    pub id: String,
    pub kind: CredentialKind,
    /// username, client_id or jwt key.
    pub identifier: Option<String>,
    /// The key, password, client secret, HMAC secret or JWT secret; `None` for a jwt with an
    /// uploaded public key.
    pub secret: Option<super::Secret>,
}

/// A credential as listed afterwards: never its secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CredentialRow {
    pub id: String,
    pub kind: CredentialKind,
    pub name: String,
    pub identifier: Option<String>,
    /// The secret's first characters, or the public key's fingerprint.
    pub hint: String,
    pub algorithm: Option<JwtAlgorithm>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: Option<String>,
    pub expired: bool,
    /// Until when the secret it replaced keeps working, after a roll.
    pub previous_valid_until: Option<String>,
    /// Counts the rolls: a roll names the version it replaces.
    pub secret_version: i64,
}

/// How long a rolled credential's old secret keeps working: 0 to [`GraceDays::MAX`] whole
/// days. It deserializes only through [`GraceDays::parse`], so a server function, the rule
/// and the event all hold a checked value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct GraceDays(u32);

impl GraceDays {
    pub const MAX: u32 = 7;
    pub const NONE: Self = Self(0);

    pub fn parse(days: u32) -> Result<Self, String> {
        if days > Self::MAX {
            return Err(format!(
                "Choose a grace period from 0 to {} days.",
                Self::MAX
            ));
        }
        Ok(Self(days))
    }

    /// Every grace period a roll may choose, shortest first.
    pub fn choices() -> impl Iterator<Item = Self> {
        (0..=Self::MAX).map(Self)
    }

    pub fn days(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for GraceDays {
    type Error = String;
    fn try_from(days: u32) -> Result<Self, Self::Error> {
        Self::parse(days)
    }
}

impl From<GraceDays> for u32 {
    fn from(grace: GraceDays) -> Self {
        grace.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grace_period_is_checked_where_it_is_read() {
        assert_eq!(GraceDays::parse(7).map(GraceDays::days), Ok(7));
        assert!(GraceDays::parse(8).is_err());
        assert_eq!(GraceDays::choices().count(), 8);
        let read: Result<GraceDays, _> = serde_json::from_str("9");
        assert!(read.unwrap_err().to_string().contains("from 0 to 7 days"));
        let read: GraceDays = serde_json::from_str("2").unwrap();
        assert_eq!(read.days(), 2);
    }
}
