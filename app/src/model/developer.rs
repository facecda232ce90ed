//! Developers as the console and the portal see them.

use serde::{Deserialize, Serialize};

/// Where a developer stands in the lifecycle (SPEC §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeveloperStatus {
    Pending,
    Approved,
    Rejected,
    Revoked,
}

impl DeveloperStatus {
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

    /// The word people read on badges and the status page.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Revoked => "Revoked",
        }
    }
}

/// One row of the console's Requests page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeveloperRequest {
    pub id: String,
    pub full_name: String,
    pub email: String,
    /// RFC 3339, UTC.
    pub requested_at: String,
}

#[cfg(test)]
mod tests {
    use super::DeveloperStatus;

    #[test]
    fn status_round_trips_through_its_stored_form() {
        for status in [
            DeveloperStatus::Pending,
            DeveloperStatus::Approved,
            DeveloperStatus::Rejected,
            DeveloperStatus::Revoked,
        ] {
            assert_eq!(DeveloperStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(DeveloperStatus::parse("deleted"), None);
    }
}
