//! Developers' applications and their registrations with services.

use serde::{Deserialize, Serialize};

use super::{CatalogEntry, CredentialRow, CredentialTypes, ParseError};

/// An application's name: unique per developer, compared without case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppName(String);

impl AppName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let value = input.trim();
        if value.is_empty() {
            return Err("Enter a name for the application.".into());
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

    /// The form uniqueness is checked on.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

/// An application's description: optional, at most 500 characters.
pub fn parse_description(input: &str) -> Result<String, ParseError> {
    let value = input.trim();
    if value.chars().count() > 500 {
        return Err("Use at most 500 characters.".into());
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err("The description contains characters that cannot be shown.".into());
    }
    Ok(value.to_string())
}

/// Where an application's registration with a service stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationStatus {
    Pending,
    Approved,
    Rejected,
    Revoked,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "pending" => Self::Pending,
            "approved" => Self::Approved,
            "rejected" => Self::Rejected,
            "revoked" => Self::Revoked,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Revoked => "Revoked",
        }
    }
}

/// What an admin does to a registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationAction {
    Approve,
    Reject,
    Revoke,
    Delete,
}

impl RegistrationAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Revoke => "revoke",
            Self::Delete => "delete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Approve => "Approve",
            Self::Reject => "Reject",
            Self::Revoke => "Revoke",
            Self::Delete => "Delete",
        }
    }

    pub fn done(self) -> &'static str {
        match self {
            Self::Approve => "Registration approved",
            Self::Reject => "Registration rejected",
            Self::Revoke => "Registration revoked",
            Self::Delete => "Registration deleted",
        }
    }

    /// The actions offered for a registration in `status`.
    pub fn offered_for(status: RegistrationStatus) -> &'static [Self] {
        match status {
            RegistrationStatus::Pending => &[Self::Approve, Self::Reject, Self::Delete],
            RegistrationStatus::Approved => &[Self::Revoke, Self::Delete],
            RegistrationStatus::Rejected | RegistrationStatus::Revoked => {
                &[Self::Approve, Self::Delete]
            }
        }
    }

    /// The status after the action (`None`: deleted), or why it cannot apply.
    pub fn apply(
        self,
        from: RegistrationStatus,
    ) -> Result<Option<RegistrationStatus>, &'static str> {
        if !Self::offered_for(from).contains(&self) {
            return Err(match self {
                Self::Approve => "This registration is approved already.",
                Self::Reject => "Only a pending registration can be rejected.",
                Self::Revoke => "Only an approved registration can be revoked.",
                Self::Delete => "This registration cannot be deleted.",
            });
        }
        Ok(match self {
            Self::Approve => Some(RegistrationStatus::Approved),
            Self::Reject => Some(RegistrationStatus::Rejected),
            Self::Revoke => Some(RegistrationStatus::Revoked),
            Self::Delete => None,
        })
    }
}

/// One application in My Apps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: String,
    pub registrations: i64,
    pub credentials: i64,
}

/// An application's registration with one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationRow {
    pub id: String,
    pub service_id: String,
    pub service_name: String,
    /// Where gateways route the service's calls.
    pub address: ServiceAddress,
    pub status: RegistrationStatus,
    pub created_at: String,
}

/// Where gateways route a service's calls: a host, a path prefix, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAddress {
    pub host: Option<String>,
    pub route_prefix: Option<String>,
}

impl ServiceAddress {
    /// An address to call, with `gateway` standing for the gateway when the service has no
    /// host of its own: `https://api.example.com/petstore/`.
    pub fn url(&self, gateway: &str) -> String {
        let host = self.host.as_deref().unwrap_or(gateway);
        format!(
            "https://{host}{}/",
            self.route_prefix.as_deref().unwrap_or("")
        )
    }
}

/// Everything an application's page shows its developer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationDetails {
    pub application: ApplicationRow,
    /// Assigned by admins; read-only for the developer.
    pub acl_groups: Vec<String>,
    pub registrations: Vec<RegistrationRow>,
    pub credentials: Vec<CredentialRow>,
    /// Published services the application is not registered with yet.
    pub services: Vec<CatalogEntry>,
    pub credential_types: CredentialTypes,
    /// The owner's maximum credential lifetime in days; 0: none.
    pub max_credential_days: u32,
    /// Each registration's plan and what it used (days: the last 14).
    pub usage: Vec<super::PlanUsage>,
}

/// One application of a developer, as the console's details page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeveloperApplication {
    pub application: ApplicationRow,
    pub acl_groups: Vec<String>,
    pub registrations: Vec<RegistrationRow>,
    pub credentials: Vec<CredentialRow>,
    /// Each registration's plan and what it used (days: the last 14).
    pub usage: Vec<super::PlanUsage>,
}

/// One row of the Requests page's Applications tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationRequest {
    pub id: String,
    pub application_id: String,
    pub application_name: String,
    pub developer_id: String,
    pub developer_email: String,
    pub service_id: String,
    pub service_name: String,
    /// The plan chosen for it already (on the developer's page); `None`: the default.
    pub plan_id: Option<String>,
    pub requested_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_actions_follow_the_status() {
        use RegistrationAction::*;
        use RegistrationStatus::*;
        assert_eq!(Approve.apply(Pending), Ok(Some(Approved)));
        assert_eq!(Revoke.apply(Approved), Ok(Some(Revoked)));
        assert_eq!(Approve.apply(Revoked), Ok(Some(Approved)));
        assert_eq!(Delete.apply(Rejected), Ok(None));
        assert!(Approve.apply(Approved).is_err());
        assert!(Reject.apply(Approved).is_err());
        assert!(Revoke.apply(Pending).is_err());
    }

    #[test]
    fn application_names_are_trimmed_and_bounded() {
        assert_eq!(AppName::parse("  Billing ").unwrap().as_str(), "Billing");
        assert!(AppName::parse(" ").is_err());
        assert!(AppName::parse(&"x".repeat(61)).is_err());
        assert_eq!(AppName::parse("Billing").unwrap().normalized(), "billing");
        assert!(parse_description(&"d".repeat(501)).is_err());
    }
}
