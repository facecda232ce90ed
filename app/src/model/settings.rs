//! Portal settings the owner controls (SPEC §3, Console settings).

use serde::{Deserialize, Serialize};

use super::CredentialTypes;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalSettings {
    /// New sign-ups are approved at once instead of waiting in the queue.
    pub auto_approve_developers: bool,
    /// Registrations with a service are approved at once instead of waiting in the queue.
    pub auto_approve_applications: bool,
    /// A rejected developer cannot be approved later (Konnect); off: they can (Kong EE).
    pub rejections_final: bool,
    /// A new sign-up confirms their email before the request reaches the admins.
    pub require_email_verification: bool,
    /// Anyone may read the catalog; off: only signed-in approved developers and admins.
    pub public_portal: bool,
    /// The credential types developers may create.
    pub credential_types: CredentialTypes,
    /// The longest a credential may live, in days; 0: no limit.
    pub max_credential_days: u32,
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            auto_approve_developers: false,
            auto_approve_applications: false,
            rejections_final: true,
            require_email_verification: true,
            public_portal: true,
            credential_types: CredentialTypes::default(),
            max_credential_days: 0,
        }
    }
}

impl PortalSettings {
    /// The most anyone should set as a maximum lifetime: ten years.
    pub const MAX_LIFETIME_DAYS: u32 = 3650;
}
