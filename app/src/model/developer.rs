//! Developers as the console and the portal see them.

use super::QueueCount;
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

/// What a visitor learns right after signing up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedUp {
    pub status: DeveloperStatus,
    /// A confirmation link was e-mailed; the request waits for it.
    pub confirm_email: bool,
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

/// Which column the developer list is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DeveloperSort {
    Name,
    Email,
    #[default]
    Requested,
}

impl DeveloperSort {
    /// As the address names it (`?sort=`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::Requested => "requested",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "name" => Self::Name,
            "email" => Self::Email,
            "requested" => Self::Requested,
            _ => return None,
        })
    }
}

/// One page of the console's developer list: a status tab, a search, a sort, a position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DeveloperQuery {
    pub status: Option<DeveloperStatus>,
    /// Matches the start of the email or of the name, case-insensitively.
    pub search: super::Search,
    pub sort: DeveloperSort,
    pub descending: bool,
    /// Opaque position from the previous page's `next`; empty for the first page.
    pub after: String,
}

/// One row of the Developers page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeveloperRow {
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub status: DeveloperStatus,
    /// Whether the address was confirmed (or needed no confirmation). A pending sign-up
    /// that never confirmed it is not on the Requests page.
    pub email_confirmed: bool,
    /// RFC 3339, UTC.
    pub requested_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeveloperPage {
    pub rows: Vec<DeveloperRow>,
    /// The position to ask for the next page, when there is one.
    pub next: Option<String>,
    /// Developers in each status: (Approved, Requested, Rejected, Revoked).
    pub counts: StatusCounts,
    /// How many developers the query matches (counted up to a cap when searching).
    pub matching: QueueCount,
    /// Whether "Rejections are final" is on (the actions offered depend on it).
    pub rejections_final: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StatusCounts {
    pub pending: u64,
    pub approved: u64,
    pub rejected: u64,
    pub revoked: u64,
}

impl StatusCounts {
    pub fn of(&self, status: DeveloperStatus) -> u64 {
        match status {
            DeveloperStatus::Pending => self.pending,
            DeveloperStatus::Approved => self.approved,
            DeveloperStatus::Rejected => self.rejected,
            DeveloperStatus::Revoked => self.revoked,
        }
    }
}

/// The developer details page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeveloperDetails {
    pub developer: DeveloperRow,
    pub updated_at: String,
    pub history: Vec<AuditRecord>,
    pub rejections_final: bool,
    pub applications: Vec<super::DeveloperApplication>,
    /// The plans of every service, to choose a registration's from.
    pub plans: Vec<super::ServicePlans>,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub client_addr: String,
}

/// The audit log page's filter: each non-empty field must appear in its column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AuditFilter {
    pub actor: String,
    pub target: String,
    pub action: String,
    /// Show entries older than this position (from the previous page's `next`).
    pub before: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditRecord>,
    pub next: Option<i64>,
}

/// One message of the console's e-mail log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmailRecord {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub queued_at: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
}
