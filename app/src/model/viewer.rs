//! Who is looking at a page, and the capabilities that follow from it.

use serde::{Deserialize, Serialize};

use super::DeveloperStatus;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdminRole {
    Owner,
    Admin,
    Viewer,
}

impl AdminRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admin => "admin",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "owner" => Self::Owner,
            "admin" => Self::Admin,
            "viewer" => Self::Viewer,
            _ => return None,
        })
    }
}

/// Which accounts a sign-in form checks: developers (portal) or admins (console).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Realm {
    Portal,
    Console,
}

impl Realm {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Portal => "portal",
            Self::Console => "console",
        }
    }

    /// Where a sign-in to this realm leads.
    pub fn home(self) -> &'static str {
        match self {
            Self::Portal => "/apps",
            Self::Console => "/admin/requests",
        }
    }
}

/// The signed-in principal of a request, as resolved from its session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub enum Viewer {
    #[default]
    Anonymous,
    Developer {
        id: String,
        full_name: String,
        email: String,
        status: DeveloperStatus,
        /// Whether the address was confirmed (or needed no confirmation).
        email_verified: bool,
    },
    Admin {
        id: String,
        email: String,
        role: AdminRole,
    },
}

impl Viewer {
    pub fn is_signed_in(&self) -> bool {
        !matches!(self, Self::Anonymous)
    }

    /// The right to read the console; only an admin session of any role has it.
    pub fn console_reader(&self) -> Option<ConsoleReader> {
        match self {
            Self::Admin { id, role, .. } => Some(ConsoleReader {
                admin_id: id.clone(),
                role: *role,
            }),
            _ => None,
        }
    }

    /// The right to change things in the console: owners and admins, not viewers.
    pub fn console_writer(&self) -> Result<ConsoleWriter, String> {
        match self {
            Self::Admin {
                id,
                email,
                role: role @ (AdminRole::Owner | AdminRole::Admin),
            } => Ok(ConsoleWriter {
                admin_id: id.clone(),
                email: email.clone(),
                role: *role,
            }),
            Self::Admin { .. } => {
                Err("Your role is viewer: you can look at everything but change nothing.".into())
            }
            _ => Err("Please sign in to the console.".into()),
        }
    }
}

/// Proof that the console-read check passed: storage calls that list console data take one,
/// so a server function cannot forget the check. Built only by [`Viewer::console_reader`].
#[derive(Clone, Debug)]
pub struct ConsoleReader {
    admin_id: String,
    role: AdminRole,
}

impl ConsoleReader {
    pub fn admin_id(&self) -> &str {
        &self.admin_id
    }

    pub fn role(&self) -> AdminRole {
        self.role
    }
}

/// Proof that the console-write check passed (owner or admin). Built only by
/// [`Viewer::console_writer`]; every storage call that changes console data takes one.
#[derive(Clone, Debug)]
pub struct ConsoleWriter {
    admin_id: String,
    /// Who the audit log names: the admin's address, or an API token and its admin.
    email: String,
    role: AdminRole,
}

impl ConsoleWriter {
    pub fn admin_id(&self) -> &str {
        &self.admin_id
    }

    pub fn email(&self) -> &str {
        &self.email
    }

    pub fn role(&self) -> AdminRole {
        self.role
    }

    /// The right to manage an approved developer's applications and credentials, for an
    /// admin acting for them (the admin API); the audit log names both.
    pub fn acting_for(
        &self,
        developer_id: &str,
        email: &str,
        status: DeveloperStatus,
    ) -> Result<AppOwner, String> {
        if status != DeveloperStatus::Approved {
            return Err(format!(
                "This developer is {}: only approved developers can have applications and credentials.",
                status.label().to_lowercase()
            ));
        }
        Ok(AppOwner {
            developer_id: developer_id.to_string(),
            email: email.to_string(),
            actor: format!("{email} (by {})", self.email),
        })
    }
}

impl Viewer {
    /// The right to change portal settings and admin accounts: owners only.
    pub fn owner(&self) -> Result<Owner, String> {
        match self {
            Self::Admin {
                id,
                email,
                role: AdminRole::Owner,
            } => Ok(Owner {
                writer: ConsoleWriter {
                    admin_id: id.clone(),
                    email: email.clone(),
                    role: AdminRole::Owner,
                },
            }),
            Self::Admin { role, .. } => Err(format!(
                "Only an owner can change this; your role is {}.",
                role.as_str()
            )),
            _ => Err("Please sign in to the console.".into()),
        }
    }
}

/// Proof that the owner check passed. Built only by [`Viewer::owner`].
#[derive(Clone, Debug)]
pub struct Owner {
    writer: ConsoleWriter,
}

impl Owner {
    pub fn writer(&self) -> &ConsoleWriter {
        &self.writer
    }
}

impl Viewer {
    /// The signed-in developer's right to manage their own account.
    pub fn account_holder(&self) -> Option<AccountHolder> {
        match self {
            Self::Developer {
                id,
                email,
                status,
                full_name,
                ..
            } => Some(AccountHolder {
                developer_id: id.clone(),
                email: email.clone(),
                full_name: full_name.clone(),
                status: *status,
            }),
            _ => None,
        }
    }
}

/// Proof that a developer is signed in; account changes apply to this developer only.
/// Built only by [`Viewer::account_holder`].
#[derive(Clone, Debug)]
pub struct AccountHolder {
    developer_id: String,
    email: String,
    full_name: String,
    status: DeveloperStatus,
}

impl AccountHolder {
    pub fn developer_id(&self) -> &str {
        &self.developer_id
    }
    pub fn email(&self) -> &str {
        &self.email
    }
    pub fn status(&self) -> DeveloperStatus {
        self.status
    }
    pub fn full_name(&self) -> &str {
        &self.full_name
    }
}

impl Viewer {
    /// The right to manage applications and credentials: approved developers only. Checked on
    /// every server call, so a developer revoked a moment ago can create nothing.
    pub fn app_owner(&self) -> Result<AppOwner, String> {
        match self {
            Self::Developer {
                id,
                email,
                status: DeveloperStatus::Approved,
                ..
            } => Ok(AppOwner {
                developer_id: id.clone(),
                email: email.clone(),
                actor: email.clone(),
            }),
            Self::Developer { status, .. } => Err(format!(
                "Your account is {}: only approved developers can create applications and credentials.",
                status.label().to_lowercase()
            )),
            _ => Err("Please sign in with an approved developer account.".into()),
        }
    }
}

/// Proof that an approved developer is asking; applications are theirs only.
/// Built only by [`Viewer::app_owner`].
#[derive(Clone, Debug)]
pub struct AppOwner {
    developer_id: String,
    email: String,
    /// Who the audit log names: the developer, or the admin acting for them.
    actor: String,
}

impl AppOwner {
    pub fn developer_id(&self) -> &str {
        &self.developer_id
    }
    pub fn actor(&self) -> &str {
        &self.actor
    }
    pub fn email(&self) -> &str {
        &self.email
    }
}
