//! The rules of the portal behind the server functions: each of `app`'s rule traits (see
//! `app::api::Backend`) is implemented in the file of its area, on the store, the password
//! hasher and the attempt limiters.

mod account;
mod accounts;
mod admins;
mod api_tokens;
mod applications;
mod credentials;
mod errors;
mod imports;
mod lifecycle;
mod oversight;
mod plans;
mod recovery;
mod registrations;
mod services;
mod sessions;
mod webhooks;

use std::{sync::Arc, time::Duration};

use app::api::RequestInfo;
use app::error::AppError;
use app::model::{AppOwner, ConsoleWriter};

use crate::auth::{AccountFailures, AttemptLimiter, Sealer};
use crate::events::Event;
use crate::mail;
use crate::platform::Platform;
use crate::store::{AuditEntry, Store};

pub use api_tokens::TOKEN_PREFIX;
pub use credentials::ImportedSecret;
pub use errors::internal;
pub use imports::ImportedDeveloper;

/// The window in which failed sign-ins on one account are counted.
const ACCOUNT_FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What each setting of [`PortalConfig`] is when not given, on every target.
pub mod defaults {
    pub const SESSION_HOURS: u32 = 12;
    pub const SIGN_IN_ATTEMPTS_PER_MINUTE: u32 = 10;
    pub const SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE: u32 = 30;
    pub const SIGN_IN_ACCOUNT_FAILURES: u32 = 20;
    pub const SIGN_UPS_PER_HOUR: u32 = 30;
}

/// The operator's settings the rules follow, given by whoever starts the portal.
#[derive(Clone, Debug)]
pub struct PortalConfig {
    /// Where people reach the portal: the base of links in e-mail.
    pub public_url: String,
    pub session_hours: u32,
    /// Per client address and account.
    pub sign_in_attempts_per_minute: u32,
    /// Per client address, whichever accounts it names.
    pub sign_in_address_attempts_per_minute: u32,
    /// Failures per account within the window, from every address.
    pub sign_in_account_failures: u32,
    pub sign_ups_per_hour: u32,
    /// Whether e-mail is delivered; without it, single-use links are written to the log.
    pub mail_delivered: bool,
}

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
    /// New confirmation links asked for by a signed-in developer.
    confirmation_resends: AttemptLimiter,
    /// Without SMTP, single-use links are written to the server log (the operator's only
    /// way to hand them on); with it, they are only in the delivered message.
    log_links: bool,
    /// Seals HMAC and JWT secrets with the server key.
    sealer: Sealer,
}

impl Portal {
    pub fn new(store: Store, settings: &PortalConfig, sealer: Sealer) -> Arc<Self> {
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
            confirmation_resends: AttemptLimiter::new(
                "confirmation-resend",
                3,
                Duration::from_secs(3600),
            ),
            log_links: !settings.mail_delivered,
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

    /// The platform the portal runs on: its clock, timer and heavy-work hook.
    fn platform(&self) -> &dyn Platform {
        self.store.platform().as_ref()
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

    /// What runs every few minutes on every target (a native timer, a Worker's Cron
    /// Trigger): old attempt counts, expired sessions and access tokens go; developers whose
    /// credentials expire soon are told; the query planner's statistics are refreshed. Each
    /// step is idempotent, so several instances may run it at once.
    pub async fn housekeeping(&self) {
        self.prune_limits().await;
        if let Err(error) = self.store.delete_expired_sessions().await {
            tracing::warn!(error = %error, "removing expired sessions");
        }
        if let Err(error) = self.announce_expiring_credentials().await {
            tracing::warn!(error = %error, "announcing expiring credentials");
        }
        if let Err(error) = self.store.delete_expired_access_tokens().await {
            tracing::warn!(error = %error, "removing expired access tokens");
        }
        if let Err(error) = self.store.delete_old_answers().await {
            tracing::warn!(error = %error, "forgetting old idempotent answers");
        }
        if let Err(error) = self.store.delete_old_webhook_deliveries().await {
            tracing::warn!(error = %error, "forgetting old webhook deliveries");
        }
        if let Err(error) = self.store.delete_old_counters(self.store.now()).await {
            tracing::warn!(error = %error, "forgetting old request counters");
        }
        match self.store.portal_settings().await {
            Ok(settings) => {
                if let Err(error) = self
                    .store
                    .delete_old_usage(settings.usage_retention_days)
                    .await
                {
                    tracing::warn!(error = %error, "forgetting old usage");
                }
            }
            Err(error) => tracing::warn!(error = %error, "reading the usage retention"),
        }
        if let Err(error) = self.store.optimize().await {
            tracing::warn!(error = %error, "refreshing query planner statistics");
        }
    }

    /// Drops limiter entries that have recovered; part of [`Portal::housekeeping`].
    pub async fn prune_limits(&self) {
        let now = self.store.now();
        // Two periods back: the previous window still weighs in.
        let longest = [
            &self.sign_in_limits,
            &self.sign_in_address_limits,
            &self.sign_up_limits,
            &self.sign_up_notices,
            &self.confirmation_resends,
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

/// An audit entry for an admin's action; the store fills in the target's name.
fn by_admin<'a>(
    writer: &'a ConsoleWriter,
    event: Event,
    target: (&'a str, &'a str),
    request: &'a RequestInfo,
) -> AuditEntry<'a> {
    AuditEntry {
        actor_kind: "admin",
        actor_id: Some(writer.admin_id()),
        actor_label: writer.email(),
        event,
        target_kind: target.0,
        target_id: Some(target.1),
        target_label: "",
        client_addr: &request.client_addr,
    }
}

/// An audit entry for a developer's action on what they own.
fn by_developer<'a>(
    owner: &'a AppOwner,
    event: Event,
    target: (&'a str, &'a str),
    label: &'a str,
    request: &'a RequestInfo,
) -> AuditEntry<'a> {
    AuditEntry {
        actor_kind: "developer",
        actor_id: Some(owner.developer_id()),
        actor_label: owner.actor(),
        event,
        target_kind: target.0,
        target_id: Some(target.1),
        target_label: label,
        client_addr: &request.client_addr,
    }
}
