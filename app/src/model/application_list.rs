//! The console's Applications page: every application with its developer, registrations and
//! credentials, newest first, a keyset page at a time, searchable and filtered by the status
//! of a registration.

use serde::{Deserialize, Serialize};

use super::{RegistrationStatus, RequestPage, Search};

/// What the Applications page asks for; everything in the page's address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplicationQuery {
    /// Matches the start of the application's name, or of its developer's name or e-mail.
    #[serde(default)]
    pub search: Search,
    /// Only applications with a registration in this status.
    #[serde(default)]
    pub status: Option<RegistrationStatus>,
    /// Opaque position from the previous page's `next`; empty for the first page.
    #[serde(default)]
    pub after: String,
}

/// One application as the console lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsoleApplication {
    pub id: String,
    pub name: String,
    pub developer_id: String,
    pub developer_name: String,
    pub developer_email: String,
    /// Each service it is registered with, and how that stands.
    pub registrations: Vec<ServiceRegistration>,
    pub credentials: u64,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceRegistration {
    pub service_name: String,
    pub status: RegistrationStatus,
}

/// A page of the Applications page, with how many match (up to the cap).
pub type ApplicationListPage = RequestPage<ConsoleApplication>;
