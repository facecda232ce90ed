//! Typed models shared by the browser and the server: values that parse, never raw strings.

mod admin;
mod api_doc;
mod api_token;
mod application;
mod application_list;
mod audit_action;
mod checkbox;
mod credential;
mod credential_edit;
mod credential_request;
mod developer;
mod email;
mod full_name;
mod lifecycle;
mod password;
mod plan;
mod requests;
mod search;
mod secret;
mod service;
mod settings;
mod viewer;
mod webhook;

pub use admin::AdminRow;
pub use api_doc::{
    ApiDoc, ApiDocIndex, ApiField, ApiOperation, ApiParameter, ApiResponse, ApiSchema, ApiSection,
    ApiTag,
};
pub use api_token::{
    format_scopes, parse_scopes, parse_token_days, ApiTokenRow, NewApiToken, TokenForm,
    TokenHolder, TokenName, TokenScope, MAX_TOKEN_DAYS,
};
pub use application::{
    parse_description, AppName, ApplicationDetails, ApplicationRow, DeveloperApplication,
    RegistrationAction, RegistrationRequest, RegistrationRow, RegistrationStatus, ServiceAddress,
};
pub use application_list::{
    ApplicationListPage, ApplicationQuery, ConsoleApplication, ServiceRegistration,
};
pub use audit_action::action_label;
pub use credential::{
    CredentialKind, CredentialRow, CredentialTypes, GraceDays, JwtAlgorithm, NewCredential,
};
pub use credential_edit::{CredentialChange, CredentialEdit};
pub use credential_request::{
    default_credential_name, parse_expiry_days, CredentialRequest, CredentialSpec,
};
pub use developer::{
    AuditFilter, AuditPage, AuditRecord, DeveloperDetails, DeveloperPage, DeveloperQuery,
    DeveloperRequest, DeveloperRow, DeveloperSort, DeveloperStatus, EmailRecord, SignedUp,
    StatusCounts,
};
pub use email::Email;
pub use full_name::FullName;
pub use lifecycle::{transition, DeveloperAction};
pub use password::Password;
pub use plan::{
    parse_limit, parse_plan_name, thousands, LimitUse, LimitWindow, Limits, Plan, PlanChoice,
    PlanForm, PlanUsage, ServicePlans, UsagePoint, ValidPlan, MAX_LIMIT,
};
pub use requests::{
    parse_request_cursor, request_cursor, QueueCount, RequestPage, RequestQuery, REQUESTS_PER_PAGE,
    REQUEST_COUNT_CAP,
};
pub use search::Search;
pub use secret::Secret;
pub use service::{
    parse_groups, CatalogEntry, DocumentChange, DocumentSummary, ServiceForm, ServicePage,
    ServiceRow, ValidService, MAX_DOCUMENT_BYTES, MAX_EDITABLE_BYTES, MAX_PASTED_BYTES,
};
pub use settings::{PortalSettings, SettingsForm};
pub use viewer::{
    AccountHolder, AdminRole, AppOwner, ConsoleReader, ConsoleWriter, Owner, Realm, Viewer,
};
pub use webhook::{
    format_families, parse_families, DeliveryState, EventFamily, NewWebhook, WebhookDelivery,
    WebhookEndpoint, WebhookForm, WebhookOverview, WebhookUrl,
};

/// Why a value was refused: a message for people, shown next to the field it concerns.
pub type ParseError = String;
