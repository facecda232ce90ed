//! Portal settings the owner controls (SPEC §3, Console settings).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalSettings {
    /// New sign-ups are approved at once instead of waiting in the queue.
    pub auto_approve_developers: bool,
    /// A rejected developer cannot be approved later (Konnect); off: they can (Kong EE).
    pub rejections_final: bool,
    /// A new sign-up confirms their email before the request reaches the admins.
    pub require_email_verification: bool,
    /// Anyone may read the catalog; off: only signed-in approved developers and admins.
    pub public_portal: bool,
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            auto_approve_developers: false,
            rejections_final: true,
            require_email_verification: true,
            public_portal: true,
        }
    }
}
