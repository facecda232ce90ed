//! What `/api/v1` answers, as its OpenAPI document describes it: the API's own shapes, made
//! from the portal's models, so the console's pages can change without breaking a script.

use app::model::{
    AuditRecord, ConsoleApplication, CredentialRow, DeveloperApplication, DeveloperRow,
    DeveloperStatus, EmailRecord, RegistrationRow, RegistrationStatus, ServiceRow,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a developer stands: `pending` (waiting for a decision), `approved`, `rejected`,
/// `revoked`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Rejected,
    Revoked,
}

impl From<DeveloperStatus> for Status {
    fn from(status: DeveloperStatus) -> Self {
        match status {
            DeveloperStatus::Pending => Self::Pending,
            DeveloperStatus::Approved => Self::Approved,
            DeveloperStatus::Rejected => Self::Rejected,
            DeveloperStatus::Revoked => Self::Revoked,
        }
    }
}

impl From<Status> for DeveloperStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Pending => Self::Pending,
            Status::Approved => Self::Approved,
            Status::Rejected => Self::Rejected,
            Status::Revoked => Self::Revoked,
        }
    }
}

impl From<RegistrationStatus> for Status {
    fn from(status: RegistrationStatus) -> Self {
        match status {
            RegistrationStatus::Pending => Self::Pending,
            RegistrationStatus::Approved => Self::Approved,
            RegistrationStatus::Rejected => Self::Rejected,
            RegistrationStatus::Revoked => Self::Revoked,
        }
    }
}

impl From<Status> for RegistrationStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Pending => Self::Pending,
            Status::Approved => Self::Approved,
            Status::Rejected => Self::Rejected,
            Status::Revoked => Self::Revoked,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Developer {
    /// Stable: never reused, never changes.
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub status: Status,
    /// Whether the address was confirmed (or needed no confirmation).
    pub email_confirmed: bool,
    /// When they signed up (RFC 3339, UTC).
    pub requested_at: String,
}

impl From<DeveloperRow> for Developer {
    fn from(row: DeveloperRow) -> Self {
        Self {
            id: row.id,
            full_name: row.full_name,
            email: row.email,
            status: row.status.into(),
            email_confirmed: row.email_confirmed,
            requested_at: row.requested_at,
        }
    }
}

/// Developers in each status.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCounts {
    pub pending: u64,
    pub approved: u64,
    pub rejected: u64,
    pub revoked: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeveloperList {
    pub data: Vec<Developer>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
    pub counts: StatusCounts,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeveloperDetail {
    #[serde(flatten)]
    pub developer: Developer,
    /// When the developer last changed (RFC 3339, UTC).
    pub updated_at: String,
    pub applications: Vec<Application>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Application {
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: String,
    pub acl_groups: Vec<String>,
    pub registrations: Vec<Registration>,
    pub credentials: Vec<Credential>,
}

impl From<DeveloperApplication> for Application {
    fn from(owned: DeveloperApplication) -> Self {
        Self {
            id: owned.application.id,
            name: owned.application.name,
            description: owned.application.description,
            created_at: owned.application.created_at,
            acl_groups: owned.acl_groups,
            registrations: owned.registrations.into_iter().map(Into::into).collect(),
            credentials: owned.credentials.into_iter().map(Into::into).collect(),
        }
    }
}

/// An application's registration with a service: its access to that service's API.
#[derive(Debug, Serialize, ToSchema)]
pub struct Registration {
    pub id: String,
    pub service_id: String,
    pub service_name: String,
    pub status: Status,
    pub created_at: String,
}

impl From<RegistrationRow> for Registration {
    fn from(row: RegistrationRow) -> Self {
        Self {
            id: row.id,
            service_id: row.service_id,
            service_name: row.service_name,
            status: row.status.into(),
            created_at: row.created_at,
        }
    }
}

/// A credential, never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct Credential {
    pub id: String,
    /// `key-auth`, `basic-auth`, `oauth2`, `hmac-auth` or `jwt`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    /// The username, client id or JWT `iss`, where the type has one.
    pub identifier: Option<String>,
    /// The secret's first characters, or the public key's fingerprint.
    pub hint: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: Option<String>,
    pub expired: bool,
}

impl From<CredentialRow> for Credential {
    fn from(row: CredentialRow) -> Self {
        Self {
            id: row.id,
            kind: row.kind.as_str().into(),
            name: row.name,
            identifier: row.identifier,
            hint: row.hint,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
            expired: row.expired,
        }
    }
}

/// One application as the console lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationSummary {
    pub id: String,
    pub name: String,
    pub developer_id: String,
    pub developer_name: String,
    pub developer_email: String,
    pub registrations: Vec<ServiceStatus>,
    pub credentials: u64,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceStatus {
    pub service_name: String,
    pub status: Status,
}

impl From<ConsoleApplication> for ApplicationSummary {
    fn from(app: ConsoleApplication) -> Self {
        Self {
            id: app.id,
            name: app.name,
            developer_id: app.developer_id,
            developer_name: app.developer_name,
            developer_email: app.developer_email,
            registrations: app
                .registrations
                .into_iter()
                .map(|r| ServiceStatus {
                    service_name: r.service_name,
                    status: r.status.into(),
                })
                .collect(),
            credentials: app.credentials,
            created_at: app.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationList {
    pub data: Vec<ApplicationSummary>,
    pub next: Option<String>,
    /// How many match, counted up to 10,000 (`more`: there are more).
    pub count: u64,
    pub more: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub version: String,
    pub route_prefix: Option<String>,
    pub host: Option<String>,
    pub acl_groups: Vec<String>,
    pub published: bool,
    /// Registrations waiting for a decision.
    pub pending_registrations: i64,
    pub updated_at: String,
}

impl From<ServiceRow> for Service {
    fn from(row: ServiceRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            version: row.version,
            route_prefix: row.route_prefix,
            host: row.host,
            acl_groups: row.acl_groups,
            published: row.published,
            pending_registrations: row.registrations,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceList {
    pub data: Vec<Service>,
}

/// The portal's settings. `PUT` them whole, with the `ETag` you read as `If-Match`.
#[derive(Debug, Serialize, Deserialize, ToSchema, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub auto_approve_developers: bool,
    pub auto_approve_applications: bool,
    pub rejections_final: bool,
    pub require_email_verification: bool,
    pub public_portal: bool,
    /// The credential types developers may create: any of `key-auth`, `basic-auth`,
    /// `oauth2`, `hmac-auth`, `jwt`.
    pub credential_types: Vec<String>,
    /// The longest a credential may live, in days; 0: no limit.
    pub max_credential_days: u32,
    /// How many days hourly usage is kept, 1 to 3650. Absent in a `PUT`: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_retention_days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub client_addr: String,
}

impl From<AuditRecord> for AuditEntry {
    fn from(record: AuditRecord) -> Self {
        Self {
            at: record.at,
            actor: record.actor,
            action: record.action,
            target: record.target,
            client_addr: record.client_addr,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    pub data: Vec<AuditEntry>,
    /// Pass as `before` for older entries; absent at the start of the log.
    pub next: Option<i64>,
}

/// One message of the outbox: queued, sent, or failing with its last error.
#[derive(Debug, Serialize, ToSchema)]
pub struct Email {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub queued_at: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
}

impl From<EmailRecord> for Email {
    fn from(record: EmailRecord) -> Self {
        Self {
            id: record.id,
            kind: record.kind,
            recipient: record.recipient,
            subject: record.subject,
            queued_at: record.queued_at,
            attempts: record.attempts,
            sent_at: record.sent_at,
            last_error: record.last_error,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmailList {
    pub data: Vec<Email>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    /// Addresses to invite (at most 50).
    pub emails: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Invited {
    pub invited: usize,
}
