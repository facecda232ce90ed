//! The storage and authentication interface the server functions need. `app` declares it,
//! `server` implements it and provides it as context (a Workers backend can do the same).

use std::{fmt, sync::Arc};

use crate::error::AppError;
use crate::model::{
    AccountHolder, AdminRole, AdminRow, ApiTokenRow, AppName, AppOwner, ApplicationDetails,
    ApplicationListPage, ApplicationQuery, ApplicationRow, AuditFilter, AuditPage, CatalogEntry,
    ConsoleReader, ConsoleWriter, CredentialChange, CredentialSpec, DeveloperAction,
    DeveloperDetails, DeveloperPage, DeveloperQuery, DeveloperRequest, DeveloperStatus, Email,
    EmailRecord, EventFamily, FullName, GraceDays, NewApiToken, NewCredential, NewWebhook, Owner,
    Password, PlanForm, PortalSettings, Realm, RegistrationAction, RegistrationRequest,
    RegistrationStatus, RequestPage, RequestQuery, ServiceForm, ServicePage, ServicePlans,
    ServiceRow, SignedUp, TokenName, TokenScope, ValidService, Viewer, WebhookOverview, WebhookUrl,
};

/// A session's bearer secret as carried in the cookie. Only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    pub fn new(value: String) -> Self {
        Self(value)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

/// What the server knows about the request before any server function runs; put into the
/// request's extensions by the server's middleware.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub viewer: Viewer,
    pub session: Option<SessionToken>,
    pub client_addr: String,
    /// Mark cookies `Secure` (the portal is served over HTTPS).
    pub secure_cookies: bool,
}

#[derive(Debug)]
pub struct SignUpForm {
    pub full_name: FullName,
    pub email: Email,
    pub password: Password,
}

/// A change a developer makes to their own account.
#[derive(Debug)]
pub enum AccountChange {
    Name(FullName),
    /// Needs the current password.
    Email {
        email: Email,
        password: Password,
    },
    /// Needs the current password; ends the developer's other sessions.
    Password {
        current: Password,
        new: Password,
    },
}

/// A session just created; the token goes into the cookie and nowhere else.
#[derive(Debug)]
pub struct NewSession {
    pub token: SessionToken,
    pub max_age_secs: u64,
    pub viewer: Viewer,
}

/// The portal's rules, one trait per area of the SPEC; `server` implements each next to the
/// rule's code and provides the whole as [`SharedBackend`] (a Workers backend can do the same).
/// A behaviour has one name here, in the server function that calls it and in its
/// implementation.
pub trait Backend:
    SignUps
    + Sessions
    + OwnAccount
    + OneTimeLinks
    + DeveloperLifecycle
    + Admins
    + Oversight
    + Services
    + Applications
    + Credentials
    + Registrations
    + ApiTokens
    + Webhooks
    + Plans
    + Send
    + Sync
    + 'static
{
}

impl<T> Backend for T where
    T: SignUps
        + Sessions
        + OwnAccount
        + OneTimeLinks
        + DeveloperLifecycle
        + Admins
        + Oversight
        + Services
        + Applications
        + Credentials
        + Registrations
        + ApiTokens
        + Webhooks
        + Plans
        + Send
        + Sync
        + 'static
{
}

/// Signing up and confirming the address (SPEC §2, Sign up).
#[async_trait::async_trait]
pub trait SignUps: Send + Sync {
    /// Registers a developer and signs them in. Returns the status they start with.
    async fn sign_up(
        &self,
        form: SignUpForm,
        request: &RequestInfo,
    ) -> Result<(SignedUp, Option<NewSession>), AppError>;

    /// Confirms a sign-up's email with the token from the confirmation link; returns the
    /// developer's status afterwards.
    async fn confirm_email(
        &self,
        token: &str,
        request: &RequestInfo,
    ) -> Result<DeveloperStatus, AppError>;

    /// E-mails a new confirmation link when `email` belongs to a sign-up that never
    /// confirmed it (the first link was lost or expired); a few an hour at most. Answered
    /// alike for every address.
    async fn resend_confirmation(&self, email: &Email) -> Result<(), AppError>;
}

/// Signing in and out (SPEC §2, Sign in).
#[async_trait::async_trait]
pub trait Sessions: Send + Sync {
    /// Checks the password and starts a fresh session, ending the one the request carried.
    async fn sign_in(
        &self,
        realm: Realm,
        email: Email,
        password: Password,
        request: &RequestInfo,
    ) -> Result<NewSession, AppError>;

    async fn sign_out(&self, request: &RequestInfo) -> Result<(), AppError>;
}

/// What a developer changes about their own account (SPEC §2, Account).
#[async_trait::async_trait]
pub trait OwnAccount: Send + Sync {
    async fn change_account(
        &self,
        holder: &AccountHolder,
        change: AccountChange,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// Makes a change of address with the token from the link e-mailed to the new address;
    /// answers the new address.
    async fn confirm_email_change(
        &self,
        token: &str,
        request: &RequestInfo,
    ) -> Result<String, AppError>;

    /// Deletes the developer's account with everything they own (SPEC §2).
    async fn delete_own_account(
        &self,
        holder: &AccountHolder,
        request: &RequestInfo,
    ) -> Result<(), AppError>;
}

/// Password resets and invitations: the single-use links Gatehouse e-mails.
#[async_trait::async_trait]
pub trait OneTimeLinks: Send + Sync {
    /// E-mails a reset link if `email` belongs to a developer; says nothing either way.
    async fn request_password_reset(
        &self,
        email: Email,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// Sets a new password with a reset link's token; ends every session of the developer.
    async fn reset_password(
        &self,
        token: &str,
        password: Password,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// E-mails each address an invitation to sign up.
    async fn invite_developers(
        &self,
        writer: &ConsoleWriter,
        emails: Vec<Email>,
        request: &RequestInfo,
    ) -> Result<(), AppError>;
}

/// The admins' decisions about developers (SPEC §2, the developer lifecycle).
#[async_trait::async_trait]
pub trait DeveloperLifecycle: Send + Sync {
    /// Developers waiting for a decision, oldest first.
    async fn developer_requests(
        &self,
        reader: &ConsoleReader,
        query: RequestQuery,
    ) -> Result<RequestPage<DeveloperRequest>, AppError>;

    /// Applies an admin's action to a developer last seen in status `expected`.
    async fn act_on_developer(
        &self,
        writer: &ConsoleWriter,
        developer_id: &str,
        action: DeveloperAction,
        expected: DeveloperStatus,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    async fn developer_page(
        &self,
        reader: &ConsoleReader,
        query: DeveloperQuery,
    ) -> Result<DeveloperPage, AppError>;

    async fn developer_details(
        &self,
        reader: &ConsoleReader,
        developer_id: &str,
    ) -> Result<DeveloperDetails, AppError>;
}

/// The console's admins and their roles (SPEC §4, Admins).
#[async_trait::async_trait]
pub trait Admins: Send + Sync {
    async fn list_admins(&self, reader: &ConsoleReader) -> Result<Vec<AdminRow>, AppError>;

    async fn create_admin(
        &self,
        owner: &Owner,
        email: Email,
        password: Password,
        role: AdminRole,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// Changes a role, or removes the admin when `role` is `None`; the last owner stays.
    async fn change_admin(
        &self,
        owner: &Owner,
        admin_id: &str,
        role: Option<AdminRole>,
        request: &RequestInfo,
    ) -> Result<(), AppError>;
}

/// The portal's settings and what it recorded: settings, the outbox, the audit log.
#[async_trait::async_trait]
pub trait Oversight: Send + Sync {
    /// Whether anyone may read the catalog (the "Public portal" setting).
    async fn portal_is_public(&self) -> Result<bool, AppError>;

    async fn portal_settings(&self, reader: &ConsoleReader) -> Result<PortalSettings, AppError>;

    async fn save_portal_settings(
        &self,
        owner: &Owner,
        settings: PortalSettings,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// The newest messages of the outbox, sent or waiting.
    async fn recent_emails(&self, reader: &ConsoleReader) -> Result<Vec<EmailRecord>, AppError>;

    async fn audit_log(
        &self,
        reader: &ConsoleReader,
        filter: AuditFilter,
    ) -> Result<AuditPage, AppError>;
}

/// The catalog and the services admins publish in it (SPEC §3, Services).
#[async_trait::async_trait]
pub trait Services: Send + Sync {
    /// Published services, for whoever may read the catalog.
    async fn catalog(&self) -> Result<Vec<CatalogEntry>, AppError>;

    /// A published service's page with its API documentation (admins also see unpublished):
    /// the reference's table of contents, and every section of a compact document or else the
    /// section of the tag `tag` names.
    async fn service_page(
        &self,
        viewer: &Viewer,
        service_id: &str,
        tag: Option<&str>,
    ) -> Result<ServicePage, AppError>;

    async fn list_services(&self, reader: &ConsoleReader) -> Result<Vec<ServiceRow>, AppError>;

    /// A service as its edit form shows it.
    async fn service_form(
        &self,
        reader: &ConsoleReader,
        service_id: &str,
    ) -> Result<ServiceForm, AppError>;

    /// Creates (empty `id`) or updates a service; returns its id.
    async fn save_service(
        &self,
        writer: &ConsoleWriter,
        service_id: Option<&str>,
        service: ValidService,
        request: &RequestInfo,
    ) -> Result<String, AppError>;

    async fn publish_service(
        &self,
        writer: &ConsoleWriter,
        service_id: &str,
        published: bool,
        request: &RequestInfo,
    ) -> Result<(), AppError>;
}

/// A developer's applications and their registrations with services (SPEC §3).
#[async_trait::async_trait]
pub trait Applications: Send + Sync {
    async fn my_applications(&self, owner: &AppOwner) -> Result<Vec<ApplicationRow>, AppError>;

    /// Creates an application; returns its id.
    async fn create_application(
        &self,
        owner: &AppOwner,
        name: AppName,
        description: String,
        request: &RequestInfo,
    ) -> Result<String, AppError>;

    async fn update_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        name: AppName,
        description: String,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// Deletes the application with its registrations and credentials.
    async fn delete_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    async fn application_details(
        &self,
        owner: &AppOwner,
        application_id: &str,
    ) -> Result<ApplicationDetails, AppError>;

    /// Asks for access to a service; returns the registration's status (approved at once
    /// when "Auto-approve applications" is on).
    async fn register_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        service_id: &str,
        request: &RequestInfo,
    ) -> Result<RegistrationStatus, AppError>;
}

/// Credentials of an application: issued, rolled, deleted (SPEC §3, Credentials).
#[async_trait::async_trait]
pub trait Credentials: Send + Sync {
    async fn generate_credential(
        &self,
        owner: &AppOwner,
        application_id: &str,
        credential: CredentialSpec,
        request: &RequestInfo,
    ) -> Result<NewCredential, AppError>;

    /// Issues a new secret; the old one keeps working for `grace_days`. Only when the secret
    /// is still the one at `secret_version` (the one the page showed): the second of two
    /// rolls at once is refused, so it cannot push the original secret out of its grace.
    async fn roll_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
        grace_days: GraceDays,
        secret_version: i64,
        request: &RequestInfo,
    ) -> Result<NewCredential, AppError>;

    /// Renames a credential and, when asked, gives it another expiry (within the owner's
    /// maximum lifetime, counted from now). The secret is not shown again.
    async fn edit_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
        change: CredentialChange,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    async fn delete_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// A credential just issued, sealed for the one page view that shows it after a plain
    /// form post (`bound_to` names the session and the page).
    fn seal_new_credential(&self, new: &NewCredential, bound_to: &str) -> String;

    /// The credential [`Self::seal_new_credential`] sealed for `bound_to`; `None` for anything
    /// else.
    fn open_new_credential(&self, sealed: &str, bound_to: &str) -> Option<NewCredential>;
}

/// The admins' decisions about registrations, and ACL groups (SPEC §3).
#[async_trait::async_trait]
pub trait Registrations: Send + Sync {
    /// Registrations waiting for a decision, oldest first.
    async fn registration_requests(
        &self,
        reader: &ConsoleReader,
        query: RequestQuery,
    ) -> Result<RequestPage<RegistrationRequest>, AppError>;

    /// The console's Applications page: every application, newest first.
    async fn application_list(
        &self,
        reader: &ConsoleReader,
        query: ApplicationQuery,
    ) -> Result<ApplicationListPage, AppError>;

    /// Applies an admin's action to a registration last seen in status `expected`. An
    /// approval may choose its plan in the same transaction: `Some(Some(id))` that plan,
    /// `Some(None)` the service's default; `None` leaves the plan as it is.
    async fn act_on_registration(
        &self,
        writer: &ConsoleWriter,
        registration_id: &str,
        action: RegistrationAction,
        expected: RegistrationStatus,
        plan: Option<Option<&str>>,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// Sets an application's ACL groups (admins only).
    async fn set_application_groups(
        &self,
        writer: &ConsoleWriter,
        application_id: &str,
        groups: Vec<String>,
        request: &RequestInfo,
    ) -> Result<(), AppError>;
}

/// The console's admin API tokens (SPEC §4, API tokens).
#[async_trait::async_trait]
pub trait ApiTokens: Send + Sync {
    async fn list_api_tokens(&self, reader: &ConsoleReader) -> Result<Vec<ApiTokenRow>, AppError>;

    /// Makes a token acting for `writer`'s admin with `scopes` (no wider than their role),
    /// expiring after `days` (0: never). The secret is in the answer and nowhere else.
    async fn create_api_token(
        &self,
        writer: &ConsoleWriter,
        name: TokenName,
        scopes: Vec<TokenScope>,
        days: u32,
        request: &RequestInfo,
    ) -> Result<NewApiToken, AppError>;

    /// Revokes a token: owners any, admins their own.
    async fn revoke_api_token(
        &self,
        writer: &ConsoleWriter,
        token_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError>;
}

/// Webhooks (SPEC §3, Automation): everyone in the console sees the endpoints and the
/// delivery log; owners add and remove endpoints, send test events and redeliver.
#[async_trait::async_trait]
pub trait Webhooks: Send + Sync {
    async fn webhook_overview(&self, reader: &ConsoleReader) -> Result<WebhookOverview, AppError>;

    /// Registers an endpoint for `families`; its signing secret is in the answer only.
    async fn create_webhook(
        &self,
        writer: &ConsoleWriter,
        url: WebhookUrl,
        families: Vec<EventFamily>,
        request: &RequestInfo,
    ) -> Result<NewWebhook, AppError>;

    /// Removes an endpoint with its deliveries.
    async fn delete_webhook(
        &self,
        writer: &ConsoleWriter,
        endpoint_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// Queues a `webhook.test` event for one endpoint.
    async fn send_test_webhook(
        &self,
        writer: &ConsoleWriter,
        endpoint_id: &str,
    ) -> Result<(), AppError>;

    /// Sends a delivery again, now, with its `webhook-id` unchanged.
    async fn redeliver_webhook(
        &self,
        writer: &ConsoleWriter,
        delivery_id: i64,
    ) -> Result<(), AppError>;
}

/// Plans (SPEC §3, Plans and usage limits): admins define each service's plans and its
/// default and give registrations a plan; gateways enforce them.
#[async_trait::async_trait]
pub trait Plans: Send + Sync {
    /// Every service with its plans, and (`usage`) its requests per day: lists that only
    /// offer the plans leave the sums out.
    async fn service_plans(
        &self,
        reader: &ConsoleReader,
        usage: bool,
    ) -> Result<Vec<ServicePlans>, AppError>;

    /// Adds a plan (`form.id` empty) or changes one; returns its id.
    async fn save_plan(
        &self,
        writer: &ConsoleWriter,
        form: PlanForm,
        request: &RequestInfo,
    ) -> Result<String, AppError>;

    /// Deletes a plan: the registrations on it follow the service's default from then on.
    async fn delete_plan(
        &self,
        writer: &ConsoleWriter,
        plan_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError>;

    /// Gives a registration one of its service's plans, or the default (`None`).
    async fn set_registration_plan(
        &self,
        writer: &ConsoleWriter,
        registration_id: &str,
        plan_id: Option<&str>,
        request: &RequestInfo,
    ) -> Result<(), AppError>;
}

pub type SharedBackend = Arc<dyn Backend>;
