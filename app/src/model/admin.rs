//! Console accounts as the Admins page shows them.

use serde::{Deserialize, Serialize};

use super::AdminRole;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRow {
    pub id: String,
    pub email: String,
    pub role: AdminRole,
    /// RFC 3339, UTC.
    pub created_at: String,
}
