//! Admin API tokens: what a token may do (its scopes), how it is named, and the console's
//! view of one. A token acts for the admin who made it and never beyond that admin's role.

use serde::{Deserialize, Serialize};

use super::checkbox::checkbox;
use super::{AdminRole, Viewer};
use crate::error::AppError;

/// What a token may do. Every scope may read; each `manage` scope adds one area's writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Lists and details: developers, applications, services, settings, the audit log, mail.
    Read,
    /// Approve, reject, revoke, delete and invite developers.
    Developers,
    /// Decide registrations; issue, roll, import and revoke credentials; create applications
    /// for a developer.
    Applications,
    /// Change the portal's settings and services (tokens of owners only).
    Settings,
}

impl TokenScope {
    pub const ALL: [TokenScope; 4] = [
        TokenScope::Read,
        TokenScope::Developers,
        TokenScope::Applications,
        TokenScope::Settings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Developers => "developers",
            Self::Applications => "applications",
            Self::Settings => "settings",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == value)
    }

    /// What the console's form says of the scope.
    pub fn description(self) -> &'static str {
        match self {
            Self::Read => "Read: developers, applications, services, settings, audit log",
            Self::Developers => "Manage developers: approve, reject, revoke, delete, invite",
            Self::Applications => {
                "Manage applications and credentials: registrations, keys, imports"
            }
            Self::Settings => "Manage settings and services (owners only)",
        }
    }

    /// The least role of the admin whose token may carry this scope.
    fn needs(self) -> AdminRole {
        match self {
            Self::Read => AdminRole::Viewer,
            Self::Developers | Self::Applications => AdminRole::Admin,
            Self::Settings => AdminRole::Owner,
        }
    }

    /// Whether an admin of `role` may give a token this scope.
    pub fn allowed_for(self, role: AdminRole) -> bool {
        rank(role) >= rank(self.needs())
    }
}

fn rank(role: AdminRole) -> u8 {
    match role {
        AdminRole::Viewer => 0,
        AdminRole::Admin => 1,
        AdminRole::Owner => 2,
    }
}

/// The scopes of a stored token, space-separated, known ones only.
pub fn parse_scopes(stored: &str) -> Vec<TokenScope> {
    let mut scopes: Vec<TokenScope> = stored
        .split_whitespace()
        .filter_map(TokenScope::parse)
        .collect();
    scopes.sort();
    scopes.dedup();
    scopes
}

/// The stored form of `scopes`.
pub fn format_scopes(scopes: &[TokenScope]) -> String {
    scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A token's name: what the audit log and the list show; 1–60 letters, digits, spaces,
/// `-`, `_` or `.`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenName(String);

impl TokenName {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.is_empty() {
            return Err("Give the token a name, e.g. \"ci\" or \"crm sync\".".into());
        }
        if value.chars().count() > 60 {
            return Err("Keep the name to 60 characters or fewer.".into());
        }
        if !value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        {
            return Err("Use letters, digits, spaces, \"-\", \"_\" or \".\" only.".into());
        }
        Ok(Self(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest a token may live, in days.
pub const MAX_TOKEN_DAYS: u32 = 3650;

/// Days until a new token expires: empty or 0 for never, else 1–3650.
pub fn parse_token_days(value: &str) -> Result<u32, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(0);
    }
    match value.parse::<u32>() {
        Ok(days) if days <= MAX_TOKEN_DAYS => Ok(days),
        _ => Err(format!(
            "Give a whole number of days from 1 to {MAX_TOKEN_DAYS}, or leave it empty for a token that does not expire."
        )),
    }
}

/// The console's "Create a token" form as a browser posts it (a scope only when ticked).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub expires_in_days: String,
    #[serde(default, deserialize_with = "checkbox")]
    pub read: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub developers: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub applications: bool,
    #[serde(default, deserialize_with = "checkbox")]
    pub settings: bool,
}

impl TokenForm {
    /// The name, the ticked scopes and the lifetime in days, or every field's message.
    pub fn parse(&self) -> Result<(TokenName, Vec<TokenScope>, u32), AppError> {
        let scopes: Vec<TokenScope> = [
            (self.read, TokenScope::Read),
            (self.developers, TokenScope::Developers),
            (self.applications, TokenScope::Applications),
            (self.settings, TokenScope::Settings),
        ]
        .into_iter()
        .filter_map(|(ticked, scope)| ticked.then_some(scope))
        .collect();
        let (name, days) = AppError::collect(
            TokenName::parse(&self.name).map_err(|m| ("name", m)),
            parse_token_days(&self.expires_in_days).map_err(|m| ("expires_in_days", m)),
        )?;
        if scopes.is_empty() {
            return Err(AppError::field("scopes", "Choose at least one scope."));
        }
        Ok((name, scopes, days))
    }
}

/// A token as the console lists it (never its secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenRow {
    pub id: String,
    pub name: String,
    pub scopes: Vec<TokenScope>,
    /// The first characters of the secret, to tell tokens apart.
    pub prefix: String,
    /// The admin the token acts for.
    pub admin_email: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A token just made: the secret is here once and never again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub id: String,
    pub name: String,
    pub secret: String,
}

/// Who a presented token belongs to, as the API sees it on each request.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenHolder {
    pub token_id: String,
    pub token_name: String,
    pub scopes: Vec<TokenScope>,
    pub admin_id: String,
    pub admin_email: String,
    pub role: AdminRole,
}

impl TokenHolder {
    /// Whether the token carries `scope` and its admin's role still allows it (an admin
    /// made a viewer keeps a token that can only read).
    pub fn may(&self, scope: TokenScope) -> bool {
        scope.allowed_for(self.role)
            && (scope == TokenScope::Read || self.scopes.contains(&scope))
            && !self.scopes.is_empty()
    }

    /// The console viewer this token acts as: its admin, named in the audit log by the
    /// token, e.g. `token "ci" of owner@example.com`.
    pub fn viewer(&self) -> Viewer {
        Viewer::Admin {
            id: self.admin_id.clone(),
            email: format!("token \"{}\" of {}", self.token_name, self.admin_email),
            role: self.role,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(scopes: &[TokenScope], role: AdminRole) -> TokenHolder {
        TokenHolder {
            token_id: "t".into(),
            token_name: "ci".into(),
            scopes: scopes.to_vec(),
            admin_id: "a".into(),
            admin_email: "owner@example.com".into(),
            role,
        }
    }

    #[test]
    fn a_token_does_what_its_scopes_and_its_admins_role_both_allow() {
        let read = holder(&[TokenScope::Read], AdminRole::Owner);
        assert!(read.may(TokenScope::Read));
        assert!(!read.may(TokenScope::Developers));
        let manage = holder(&[TokenScope::Developers], AdminRole::Admin);
        assert!(manage.may(TokenScope::Read));
        assert!(manage.may(TokenScope::Developers));
        assert!(!manage.may(TokenScope::Applications));
        let demoted = holder(&[TokenScope::Developers], AdminRole::Viewer);
        assert!(demoted.may(TokenScope::Read));
        assert!(!demoted.may(TokenScope::Developers));
        let settings = holder(&[TokenScope::Settings], AdminRole::Admin);
        assert!(!settings.may(TokenScope::Settings));
    }

    #[test]
    fn names_scopes_and_lifetimes_parse_or_say_why_not() {
        assert!(TokenName::parse("ci deploy-1").is_ok());
        assert!(TokenName::parse("  ").is_err());
        assert!(TokenName::parse("a/b").is_err());
        assert_eq!(
            parse_scopes("read applications nonsense read"),
            vec![TokenScope::Read, TokenScope::Applications]
        );
        assert_eq!(parse_token_days(""), Ok(0));
        assert_eq!(parse_token_days("30"), Ok(30));
        assert!(parse_token_days("-3").is_err());
        assert!(parse_token_days("3651").is_err());
    }
}
