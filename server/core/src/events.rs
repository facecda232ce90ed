//! What happened: one typed event per decision, written with the change it describes.
//!
//! A rule names what it did with an [`Event`]; the audit log stores the event's
//! [`name`](Event::name) and [`detail`](Event::detail), and the letter a decision sends is
//! chosen from it (`mail::developer_decision`, `mail::registration_decision`). The events
//! webhooks deliver carry a [`webhook_type`](Event::webhook_type), written with the entry;
//! the database fans each out to the endpoints that hear its family.

use std::borrow::Cow;

use app::model::{
    AdminRole, CredentialKind, DeveloperAction, EventFamily, RegistrationAction, TokenScope,
};
use serde_json::{json, Value};

/// One thing an admin, a developer or the portal itself did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    DeveloperSignedUp,
    DeveloperInvited,
    /// Brought in from another portal (`gatehouse import kong`), approved.
    DeveloperImported,
    DeveloperEmailConfirmed,
    DeveloperApproved,
    DeveloperRejected,
    DeveloperRevoked,
    DeveloperDeleted,
    DeveloperRenamed,
    DeveloperPasswordChanged,
    DeveloperPasswordReset,
    DeveloperEmailChangeRequested,
    DeveloperEmailChanged,
    DeveloperDeletedOwnAccount,
    SignedIn,
    AdminAdded {
        role: AdminRole,
    },
    AdminRoleChanged {
        role: AdminRole,
    },
    AdminRemoved,
    ApplicationCreated,
    ApplicationUpdated,
    ApplicationDeleted,
    ApplicationGroupsSet {
        groups: Vec<String>,
    },
    RegistrationRequested,
    RegistrationAutoApproved,
    RegistrationApproved,
    RegistrationRejected,
    RegistrationRevoked,
    RegistrationDeleted,
    CredentialCreated {
        kind: CredentialKind,
    },
    CredentialRolled {
        grace_days: u32,
    },
    /// Renamed, and given another expiry when `expires_in_days` is set (days from the
    /// edit; 0: none).
    CredentialEdited {
        expires_in_days: Option<u32>,
    },
    CredentialDeleted,
    ServiceCreated,
    ServiceUpdated,
    ServicePublished,
    ServiceUnpublished,
    SettingsSaved,
    ApiTokenCreated {
        scopes: Vec<TokenScope>,
    },
    ApiTokenRevoked,
    WebhookCreated {
        families: Vec<EventFamily>,
    },
    WebhookDeleted,
    PlanCreated,
    PlanUpdated,
    PlanDeleted,
    /// A registration given another plan (`None`: the service's default).
    RegistrationPlanChanged {
        plan: Option<String>,
    },
}

impl Event {
    /// The event an admin's action on a developer produces.
    pub fn of_developer(action: DeveloperAction) -> Self {
        match action {
            DeveloperAction::Approve => Self::DeveloperApproved,
            DeveloperAction::Reject => Self::DeveloperRejected,
            DeveloperAction::Revoke => Self::DeveloperRevoked,
            DeveloperAction::Delete => Self::DeveloperDeleted,
        }
    }

    /// The event an admin's decision about a registration produces.
    pub fn of_registration(action: RegistrationAction) -> Self {
        match action {
            RegistrationAction::Approve => Self::RegistrationApproved,
            RegistrationAction::Reject => Self::RegistrationRejected,
            RegistrationAction::Revoke => Self::RegistrationRevoked,
            RegistrationAction::Delete => Self::RegistrationDeleted,
        }
    }

    /// The name the audit log shows and filters on, e.g. `developer.approved`.
    pub fn name(&self) -> Cow<'static, str> {
        let name = match self {
            Self::DeveloperSignedUp => "developer.signed_up",
            Self::DeveloperInvited => "developer.invited",
            Self::DeveloperImported => "developer.imported",
            Self::DeveloperEmailConfirmed => "developer.email_confirmed",
            Self::DeveloperApproved => "developer.approved",
            Self::DeveloperRejected => "developer.rejected",
            Self::DeveloperRevoked => "developer.revoked",
            Self::DeveloperDeleted => "developer.deleted",
            Self::DeveloperRenamed => "developer.renamed",
            Self::DeveloperPasswordChanged => "developer.password_changed",
            Self::DeveloperPasswordReset => "developer.password_reset",
            Self::DeveloperEmailChangeRequested => "developer.email_change_requested",
            Self::DeveloperEmailChanged => "developer.email_changed",
            Self::DeveloperDeletedOwnAccount => "developer.deleted_own_account",
            Self::SignedIn => "session.signed_in",
            Self::AdminAdded { role } => {
                return Cow::Owned(format!("admin.added_as_{}", role.as_str()))
            }
            Self::AdminRoleChanged { role } => {
                return Cow::Owned(format!("admin.role_changed_to_{}", role.as_str()))
            }
            Self::AdminRemoved => "admin.removed",
            Self::ApplicationCreated => "application.created",
            Self::ApplicationUpdated => "application.updated",
            Self::ApplicationDeleted => "application.deleted",
            Self::ApplicationGroupsSet { .. } => "application.groups_set",
            Self::RegistrationRequested => "registration.requested",
            Self::RegistrationAutoApproved => "registration.auto_approved",
            Self::RegistrationApproved => "registration.approved",
            Self::RegistrationRejected => "registration.rejected",
            Self::RegistrationRevoked => "registration.revoked",
            Self::RegistrationDeleted => "registration.deleted",
            Self::CredentialCreated { .. } => "credential.created",
            Self::CredentialRolled { grace_days } => {
                return Cow::Owned(format!("credential.rolled_with_{grace_days}_days_grace"))
            }
            Self::CredentialEdited { .. } => "credential.edited",
            Self::CredentialDeleted => "credential.deleted",
            Self::ServiceCreated => "service.created",
            Self::ServiceUpdated => "service.updated",
            Self::ServicePublished => "service.published",
            Self::ServiceUnpublished => "service.unpublished",
            Self::SettingsSaved => "settings.saved",
            Self::ApiTokenCreated { .. } => "api_token.created",
            Self::ApiTokenRevoked => "api_token.revoked",
            Self::WebhookCreated { .. } => "webhook.created",
            Self::WebhookDeleted => "webhook.deleted",
            Self::PlanCreated => "service.plan_created",
            Self::PlanUpdated => "service.plan_updated",
            Self::PlanDeleted => "service.plan_deleted",
            Self::RegistrationPlanChanged { .. } => "registration.plan_changed",
        };
        Cow::Borrowed(name)
    }

    /// What the event carries beyond its name, as JSON (`null` when nothing).
    pub fn detail(&self) -> Value {
        match self {
            Self::AdminAdded { role } | Self::AdminRoleChanged { role } => {
                json!({ "role": role.as_str() })
            }
            Self::ApplicationGroupsSet { groups } => json!({ "groups": groups }),
            Self::CredentialCreated { kind } => json!({ "kind": kind.as_str() }),
            Self::CredentialRolled { grace_days } => json!({ "grace_days": grace_days }),
            Self::CredentialEdited { expires_in_days } => {
                json!({ "expires_in_days": expires_in_days })
            }
            Self::ApiTokenCreated { scopes } => {
                json!({ "scopes": scopes.iter().map(|scope| scope.as_str()).collect::<Vec<_>>() })
            }
            Self::WebhookCreated { families } => {
                json!({ "events": families.iter().map(|family| family.as_str()).collect::<Vec<_>>() })
            }
            Self::RegistrationPlanChanged { plan } => json!({ "plan": plan }),
            _ => Value::Null,
        }
    }

    /// The type webhooks deliver this event as (its family is what comes before the dot),
    /// or `None` for events kept to the audit log: sign-ins, passwords, admins, tokens and
    /// webhooks themselves.
    pub fn webhook_type(&self) -> Option<&'static str> {
        let name = match self {
            Self::CredentialRolled { .. } => "credential.rolled",
            Self::DeveloperSignedUp
            | Self::DeveloperInvited
            | Self::DeveloperImported
            | Self::DeveloperEmailConfirmed
            | Self::DeveloperApproved
            | Self::DeveloperRejected
            | Self::DeveloperRevoked
            | Self::DeveloperDeleted
            | Self::DeveloperRenamed
            | Self::DeveloperEmailChanged
            | Self::DeveloperDeletedOwnAccount
            | Self::ApplicationCreated
            | Self::ApplicationUpdated
            | Self::ApplicationDeleted
            | Self::ApplicationGroupsSet { .. }
            | Self::RegistrationRequested
            | Self::RegistrationAutoApproved
            | Self::RegistrationApproved
            | Self::RegistrationRejected
            | Self::RegistrationRevoked
            | Self::RegistrationDeleted
            | Self::CredentialCreated { .. }
            | Self::CredentialEdited { .. }
            | Self::CredentialDeleted
            | Self::ServiceCreated
            | Self::ServiceUpdated
            | Self::ServicePublished
            | Self::ServiceUnpublished
            | Self::PlanCreated
            | Self::PlanUpdated
            | Self::PlanDeleted
            | Self::RegistrationPlanChanged { .. } => match self.name() {
                std::borrow::Cow::Borrowed(name) => name,
                std::borrow::Cow::Owned(_) => return None,
            },
            Self::DeveloperPasswordChanged
            | Self::DeveloperPasswordReset
            | Self::DeveloperEmailChangeRequested
            | Self::SignedIn
            | Self::AdminAdded { .. }
            | Self::AdminRoleChanged { .. }
            | Self::AdminRemoved
            | Self::SettingsSaved
            | Self::ApiTokenCreated { .. }
            | Self::ApiTokenRevoked
            | Self::WebhookCreated { .. }
            | Self::WebhookDeleted => return None,
        };
        Some(name)
    }
}

/// Every type a webhook may deliver, for the README and the tests.
pub const WEBHOOK_TYPES: [&str; 33] = [
    "developer.signed_up",
    "developer.invited",
    "developer.imported",
    "developer.email_confirmed",
    "developer.approved",
    "developer.rejected",
    "developer.revoked",
    "developer.deleted",
    "developer.renamed",
    "developer.email_changed",
    "developer.deleted_own_account",
    "application.created",
    "application.updated",
    "application.deleted",
    "application.groups_set",
    "registration.requested",
    "registration.auto_approved",
    "registration.approved",
    "registration.rejected",
    "registration.revoked",
    "registration.deleted",
    "registration.plan_changed",
    "credential.created",
    "credential.rolled",
    "credential.edited",
    "credential.deleted",
    "service.created",
    "service.updated",
    "service.published",
    "service.unpublished",
    "service.plan_created",
    "service.plan_updated",
    "service.plan_deleted",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_the_log_readable_and_details_carry_the_rest() {
        let rolled = Event::CredentialRolled { grace_days: 3 };
        assert_eq!(rolled.name(), "credential.rolled_with_3_days_grace");
        assert_eq!(rolled.detail(), json!({ "grace_days": 3 }));
        let added = Event::AdminAdded {
            role: AdminRole::Viewer,
        };
        assert_eq!(added.name(), "admin.added_as_viewer");
        assert_eq!(Event::DeveloperApproved.detail(), Value::Null);
        assert_eq!(
            Event::of_registration(RegistrationAction::Revoke).name(),
            "registration.revoked"
        );
    }

    #[test]
    fn webhook_types_belong_to_a_family_and_hide_the_rolled_grace() {
        for name in WEBHOOK_TYPES {
            let family = name.split('.').next().unwrap_or_default();
            assert!(EventFamily::parse(family).is_some(), "{name}");
        }
        assert_eq!(
            Event::CredentialRolled { grace_days: 7 }.webhook_type(),
            Some("credential.rolled")
        );
        assert_eq!(Event::SignedIn.webhook_type(), None);
        assert_eq!(
            Event::DeveloperApproved.webhook_type(),
            Some("developer.approved")
        );
    }
}
