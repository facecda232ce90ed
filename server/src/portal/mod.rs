//! The rules of the portal behind the server functions: `app`'s [`Backend`], implemented on
//! the store, the password hasher and the attempt limiters.

mod account;
mod accounts;
mod admins;
mod applications;
mod credentials;
mod errors;
mod lifecycle;
mod recovery;
mod registrations;
mod services;
mod sessions;

use std::{sync::Arc, time::Duration};

use app::api::{AccountChange, Backend, NewSession, RequestInfo, SignUpForm};
use app::error::AppError;
use app::model::{
    AccountHolder, AdminRole, AdminRow, AppName, AppOwner, ApplicationDetails, ApplicationRow,
    AuditFilter, AuditPage, CatalogEntry, ConsoleReader, ConsoleWriter, CredentialRequest,
    DeveloperAction, DeveloperDetails, DeveloperPage, DeveloperQuery, DeveloperRequest,
    DeveloperStatus, Email, EmailRecord, NewCredential, Owner, Password, PortalSettings, Realm,
    RegistrationAction, RegistrationRequest, RegistrationStatus, ServiceForm, ServicePage,
    ServiceRow, SignedUp, Viewer,
};

use crate::auth::{AccountFailures, AttemptLimiter, Sealer};
use crate::config::Settings;
use crate::mail;
use crate::store::{AuditEntry, Store};

pub use errors::internal;

/// The window in which failed sign-ins on one account are counted.
const ACCOUNT_FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

pub struct Portal {
    store: Store,
    /// Where people reach the portal: the base of links in e-mail.
    public_url: String,
    session_lifetime: Duration,
    /// Per client address and account.
    sign_in_limits: AttemptLimiter,
    /// Per client address, whichever accounts it names.
    sign_in_address_limits: AttemptLimiter,
    /// Failures per account from every address, on every instance (see [`AccountFailures`]).
    account_failures: AccountFailures,
    sign_up_limits: AttemptLimiter,
    /// "Someone tried to sign up with your address" notes, per address.
    sign_up_notices: AttemptLimiter,
    /// Without SMTP, single-use links are written to the server log (the operator's only
    /// way to hand them on); with it, they are only in the delivered message.
    log_links: bool,
    /// Seals HMAC and JWT secrets with the server key.
    sealer: Sealer,
}

impl Portal {
    pub fn new(store: Store, settings: &Settings, sealer: Sealer) -> Arc<Self> {
        Arc::new(Self {
            store,
            public_url: settings.public_url.clone(),
            session_lifetime: Duration::from_secs(u64::from(settings.session_hours) * 3600),
            sign_in_limits: AttemptLimiter::new(
                "sign-in",
                settings.sign_in_attempts_per_minute,
                Duration::from_secs(60),
            ),
            sign_in_address_limits: AttemptLimiter::new(
                "sign-in-address",
                settings.sign_in_address_attempts_per_minute,
                Duration::from_secs(60),
            ),
            account_failures: AccountFailures::new(
                settings.sign_in_account_failures,
                ACCOUNT_FAILURE_WINDOW,
            ),
            sign_up_limits: AttemptLimiter::new(
                "sign-up",
                settings.sign_ups_per_hour,
                Duration::from_secs(3600),
            ),
            sign_up_notices: AttemptLimiter::new("sign-up-notice", 1, Duration::from_secs(3600))
                .per_fixed_window(),
            log_links: settings.smtp_url.is_none(),
            sealer,
        })
    }

    /// A link to `path` on the portal carrying a single-use token, sealed for `recipient`.
    fn secret_link(&self, path: &str, recipient: &str) -> mail::SecretLink {
        let link = format!("{}{path}", self.public_url);
        if self.log_links {
            tracing::info!(to = recipient, %link, "no SMTP server is configured: this single-use link is only in this log");
        }
        mail::SecretLink::seal(&self.sealer, &link, recipient)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Counts an attempt against `limiter`: refused with "try again later" beyond it.
    async fn within(&self, limiter: &AttemptLimiter, key: &str) -> Result<(), AppError> {
        limiter
            .check(&self.store, key)
            .await
            .map_err(internal)?
            .map_err(|l| AppError::RateLimited {
                retry_after_secs: l.retry_after_secs,
            })
    }

    /// Drops limiter entries that have recovered; called now and then by a background task.
    pub async fn prune_limits(&self) {
        let now = crate::store::now_millis();
        // Two periods back: the previous window still weighs in.
        let longest = [
            &self.sign_in_limits,
            &self.sign_in_address_limits,
            &self.sign_up_limits,
            &self.sign_up_notices,
        ]
        .iter()
        .map(|limiter| limiter.period_ms())
        .chain([self.account_failures.window_ms()])
        .max()
        .unwrap_or_default();
        if let Err(error) = self.store.delete_old_attempts(now - 2 * longest).await {
            tracing::warn!(error = %error, "forgetting old attempt counts");
        }
    }
}

#[async_trait::async_trait]
impl Backend for Portal {
    async fn sign_up(
        &self,
        form: SignUpForm,
        request: &RequestInfo,
    ) -> Result<(SignedUp, Option<NewSession>), AppError> {
        self.register_developer(form, request).await
    }

    async fn confirm_email(
        &self,
        token: &str,
        request: &RequestInfo,
    ) -> Result<DeveloperStatus, AppError> {
        self.confirm_developer_email(token, request).await
    }

    async fn sign_in(
        &self,
        realm: Realm,
        email: Email,
        password: Password,
        request: &RequestInfo,
    ) -> Result<NewSession, AppError> {
        self.check_password_and_start_session(realm, email, password, request)
            .await
    }

    async fn sign_out(&self, request: &RequestInfo) -> Result<(), AppError> {
        self.end_session(request).await
    }

    async fn developer_requests(
        &self,
        _reader: &ConsoleReader,
    ) -> Result<Vec<DeveloperRequest>, AppError> {
        self.store.pending_developers(500).await.map_err(internal)
    }

    async fn act_on_developer(
        &self,
        writer: &ConsoleWriter,
        developer_id: &str,
        action: DeveloperAction,
        expected: DeveloperStatus,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.apply_developer_action(writer, developer_id, action, expected, request)
            .await
    }

    async fn developer_page(
        &self,
        reader: &ConsoleReader,
        query: DeveloperQuery,
    ) -> Result<DeveloperPage, AppError> {
        self.list_developers(reader, query).await
    }

    async fn developer_details(
        &self,
        reader: &ConsoleReader,
        developer_id: &str,
    ) -> Result<DeveloperDetails, AppError> {
        self.show_developer(reader, developer_id).await
    }

    async fn change_account(
        &self,
        holder: &AccountHolder,
        change: AccountChange,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.apply_account_change(holder, change, request).await
    }

    async fn confirm_email_change(
        &self,
        token: &str,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        self.finish_email_change(token, request).await
    }

    async fn delete_own_account(
        &self,
        holder: &AccountHolder,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.delete_account_of(holder, request).await
    }

    async fn request_password_reset(
        &self,
        email: Email,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.send_password_reset(email, request).await
    }

    async fn reset_password(
        &self,
        token: &str,
        password: Password,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.redeem_reset(token, password, request).await
    }

    async fn invite_developers(
        &self,
        writer: &ConsoleWriter,
        emails: Vec<Email>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.send_invitations(writer, emails, request).await
    }

    async fn list_admins(&self, _reader: &ConsoleReader) -> Result<Vec<AdminRow>, AppError> {
        self.store.admins().await.map_err(internal)
    }

    async fn create_admin(
        &self,
        owner: &Owner,
        email: Email,
        password: Password,
        role: AdminRole,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.add_admin(owner, email, password, role, request).await
    }

    async fn change_admin(
        &self,
        owner: &Owner,
        admin_id: &str,
        role: Option<AdminRole>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.update_admin(owner, admin_id, role, request).await
    }

    async fn recent_emails(&self, _reader: &ConsoleReader) -> Result<Vec<EmailRecord>, AppError> {
        self.store.recent_mail(200).await.map_err(internal)
    }

    async fn audit_log(
        &self,
        _reader: &ConsoleReader,
        filter: AuditFilter,
    ) -> Result<AuditPage, AppError> {
        self.store.audit_page(&filter, 100).await.map_err(internal)
    }

    async fn portal_is_public(&self) -> Result<bool, AppError> {
        Ok(self
            .store
            .portal_settings()
            .await
            .map_err(internal)?
            .public_portal)
    }

    async fn portal_settings(&self, _reader: &ConsoleReader) -> Result<PortalSettings, AppError> {
        self.store.portal_settings().await.map_err(internal)
    }

    async fn save_portal_settings(
        &self,
        owner: &Owner,
        settings: PortalSettings,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let audit = AuditEntry {
            actor_kind: "admin",
            actor_id: Some(owner.writer().admin_id()),
            actor_label: owner.writer().email(),
            action: "settings.saved",
            target_kind: "settings",
            target_id: Some("portal"),
            target_label: "portal settings",
            client_addr: &request.client_addr,
        };
        self.store
            .save_portal_settings(settings, audit)
            .await
            .map_err(internal)
    }
    async fn catalog(&self) -> Result<Vec<CatalogEntry>, AppError> {
        self.store.catalog().await.map_err(internal)
    }

    async fn service_page(
        &self,
        viewer: &Viewer,
        service_id: &str,
    ) -> Result<ServicePage, AppError> {
        self.show_service(viewer, service_id).await
    }

    async fn list_services(&self, _reader: &ConsoleReader) -> Result<Vec<ServiceRow>, AppError> {
        self.store.services().await.map_err(internal)
    }

    async fn service_form(
        &self,
        _reader: &ConsoleReader,
        service_id: &str,
    ) -> Result<ServiceForm, AppError> {
        self.edit_service(service_id).await
    }

    async fn save_service(
        &self,
        writer: &ConsoleWriter,
        form: ServiceForm,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        self.store_service(writer, form, request).await
    }

    async fn publish_service(
        &self,
        writer: &ConsoleWriter,
        service_id: &str,
        published: bool,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.change_publication(writer, service_id, published, request)
            .await
    }

    async fn my_applications(&self, owner: &AppOwner) -> Result<Vec<ApplicationRow>, AppError> {
        self.store
            .applications_of(owner.developer_id())
            .await
            .map_err(internal)
    }

    async fn create_application(
        &self,
        owner: &AppOwner,
        name: AppName,
        description: String,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        self.add_application(owner, name, description, request)
            .await
    }

    async fn update_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        name: AppName,
        description: String,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.change_application(owner, application_id, name, description, request)
            .await
    }

    async fn delete_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.remove_application(owner, application_id, request)
            .await
    }

    async fn application_details(
        &self,
        owner: &AppOwner,
        application_id: &str,
    ) -> Result<ApplicationDetails, AppError> {
        self.show_application(owner, application_id).await
    }

    async fn register_application(
        &self,
        owner: &AppOwner,
        application_id: &str,
        service_id: &str,
        request: &RequestInfo,
    ) -> Result<RegistrationStatus, AppError> {
        self.register_with_service(owner, application_id, service_id, request)
            .await
    }

    async fn generate_credential(
        &self,
        owner: &AppOwner,
        application_id: &str,
        credential: CredentialRequest,
        request: &RequestInfo,
    ) -> Result<NewCredential, AppError> {
        self.issue_credential(owner, application_id, credential, request)
            .await
    }

    async fn roll_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
        grace_days: u32,
        secret_version: i64,
        request: &RequestInfo,
    ) -> Result<NewCredential, AppError> {
        self.roll(owner, credential_id, grace_days, secret_version, request)
            .await
    }

    async fn delete_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.remove_credential(owner, credential_id, request).await
    }

    async fn registration_requests(
        &self,
        _reader: &ConsoleReader,
    ) -> Result<Vec<RegistrationRequest>, AppError> {
        self.store
            .pending_registrations(500)
            .await
            .map_err(internal)
    }

    async fn act_on_registration(
        &self,
        writer: &ConsoleWriter,
        registration_id: &str,
        action: RegistrationAction,
        expected: RegistrationStatus,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.decide_registration(writer, registration_id, action, expected, request)
            .await
    }

    async fn set_application_groups(
        &self,
        writer: &ConsoleWriter,
        application_id: &str,
        groups: Vec<String>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.assign_groups(writer, application_id, groups, request)
            .await
    }
}

/// An audit entry for an admin's action; the store fills in the target's name.
fn by_admin<'a>(
    writer: &'a ConsoleWriter,
    action: &'a str,
    target: (&'a str, &'a str),
    request: &'a RequestInfo,
) -> AuditEntry<'a> {
    AuditEntry {
        actor_kind: "admin",
        actor_id: Some(writer.admin_id()),
        actor_label: writer.email(),
        action,
        target_kind: target.0,
        target_id: Some(target.1),
        target_label: "",
        client_addr: &request.client_addr,
    }
}

/// An audit entry for a developer's action on what they own.
fn by_developer<'a>(
    owner: &'a AppOwner,
    action: &'a str,
    target: (&'a str, &'a str),
    label: &'a str,
    request: &'a RequestInfo,
) -> AuditEntry<'a> {
    AuditEntry {
        actor_kind: "developer",
        actor_id: Some(owner.developer_id()),
        actor_label: owner.email(),
        action,
        target_kind: target.0,
        target_id: Some(target.1),
        target_label: label,
        client_addr: &request.client_addr,
    }
}
