//! Developer sign-up.

use app::api::{NewSession, RequestInfo, SignUpForm, SignUps};
use app::error::AppError;
use app::model::{DeveloperStatus, Email, SignedUp};

use std::time::Duration;

use super::{internal, Portal};
use crate::auth::{hash_password, hash_token, new_secret_token};
use crate::events::Event;
use crate::mail;
use crate::platform::wait_until_floor;
use crate::store::{AuditEntry, NewAccount, SessionOwner, StoreError, Unconfirmed, UnconfirmedBy};

const EMAIL_TAKEN: &str =
    "This email is already registered. Sign in instead, or use a different email.";
const EMAIL_REFUSED: &str =
    "This email cannot be used to sign up again. Please use a different email.";

/// How long a sign-up answer takes at least when addresses are confirmed by e-mail, so an
/// address that has an account and one that has not are answered alike, in time as in words.
const SIGN_UP_FLOOR: Duration = Duration::from_millis(300);

#[async_trait::async_trait]
impl SignUps for Portal {
    /// With "Require email verification" on (the default), every sign-up is answered "check
    /// your e-mail", with no session: a new address gets its confirmation link, an address
    /// that has an account gets a note saying so (at most one an hour). With it off, the
    /// developer is signed in at once, and a taken address is refused next to the field.
    async fn sign_up(
        &self,
        form: SignUpForm,
        request: &RequestInfo,
    ) -> Result<(SignedUp, Option<NewSession>), AppError> {
        self.within(
            &self.sign_up_limits,
            &crate::auth::address_group(&request.client_addr),
        )
        .await?;
        let settings = self.store.portal_settings().await.map_err(internal)?;
        if !settings.require_email_verification {
            return self
                .register_at_once(form, settings.auto_approve_developers, request)
                .await;
        }
        let started = self.store.now();
        let outcome = self.register_to_confirm(form, request).await;
        wait_until_floor(self.platform(), started, SIGN_UP_FLOOR).await;
        outcome?;
        Ok((
            SignedUp {
                status: DeveloperStatus::Pending,
                confirm_email: true,
            },
            None,
        ))
    }

    /// Confirms a new sign-up's email: the request now reaches the admins (or, with
    /// auto-approve on, the developer is approved).
    async fn confirm_email(
        &self,
        token: &str,
        request: &RequestInfo,
    ) -> Result<DeveloperStatus, AppError> {
        if token.is_empty() || token.len() > 128 {
            return Err(AppError::Forbidden(LINK_INVALID.into()));
        }
        let approve = self
            .store
            .portal_settings()
            .await
            .map_err(internal)?
            .auto_approve_developers;
        let notices = self.request_notices().await?;
        let confirmed = self
            .store
            .confirm_email(&hash_token(token), approve, &request.client_addr, &notices)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::Forbidden(LINK_INVALID.into()))?;
        Ok(confirmed.status)
    }

    async fn resend_confirmation(&self, email: &Email) -> Result<(), AppError> {
        self.within(&self.confirmation_resends, &email.normalized())
            .await?;
        let started = self.store.now();
        let outcome = match self
            .store
            .unconfirmed_sign_up(UnconfirmedBy::Email(email))
            .await
            .map_err(internal)
        {
            Ok(Some(sign_up)) => self.send_confirmation(&sign_up).await,
            Ok(None) => Ok(()),
            Err(error) => Err(error),
        };
        // Answered alike, in time as in words, whether the address waits for a link or not.
        wait_until_floor(self.platform(), started, SIGN_UP_FLOOR).await;
        outcome
    }
}

impl Portal {
    /// The sign-up whose answer must not tell whether the address has an account: the same
    /// work (one password hash, one write) and the same reply either way.
    async fn register_to_confirm(
        &self,
        form: SignUpForm,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let password_hash = hash_password(self.platform(), form.password.clone())
            .await
            .map_err(super::errors::hashing)?;
        let existing = self
            .store
            .developer_status_by_email(&form.email)
            .await
            .map_err(internal)?;
        if let Some(status) = existing {
            return self.tell_owner_of_sign_up(&form, status).await;
        }
        let account = NewAccount {
            email: &form.email,
            password_hash,
        };
        let id = match self
            .store
            .insert_developer(
                account,
                form.full_name.as_str(),
                DeveloperStatus::Pending,
                false,
            )
            .await
        {
            Ok(id) => id,
            // Lost a race with another sign-up of this address: that one is the account.
            Err(StoreError::AlreadyExists) => {
                return self
                    .tell_owner_of_sign_up(&form, DeveloperStatus::Pending)
                    .await
            }
            Err(error) => return Err(internal(error)),
        };
        self.audit_sign_up(&id, &form, request).await?;
        tracing::info!(developer = %id, "developer signed up; confirmation e-mailed");
        self.send_confirmation(&Unconfirmed {
            id,
            full_name: form.full_name.as_str().to_string(),
            email: form.email.as_str().to_string(),
        })
        .await
    }

    /// A confirmation link for the sign-up, to its address (earlier links keep working
    /// until they expire).
    async fn send_confirmation(&self, sign_up: &Unconfirmed) -> Result<(), AppError> {
        let token = new_secret_token();
        let link = self.secret_link(&format!("/verify-email?token={token}"), &sign_up.email);
        let letter = mail::email_confirmation(&sign_up.full_name, &sign_up.email, link);
        self.store
            .create_email_verification(&sign_up.id, &hash_token(&token), &letter)
            .await
            .map_err(internal)
    }

    /// Someone signed up with an address that has an account: its owner hears of it (once
    /// an hour at most), and nothing else changes. A sign-up never confirmed gets a new
    /// confirmation link instead: signing up again is how a lost link is asked for.
    async fn tell_owner_of_sign_up(
        &self,
        form: &SignUpForm,
        status: DeveloperStatus,
    ) -> Result<(), AppError> {
        tracing::info!("sign-up for an address that has an account; its owner is told");
        if self
            .within(&self.sign_up_notices, &form.email.normalized())
            .await
            .is_err()
        {
            return Ok(());
        }
        if let Some(sign_up) = self
            .store
            .unconfirmed_sign_up(UnconfirmedBy::Email(&form.email))
            .await
            .map_err(internal)?
        {
            return self.send_confirmation(&sign_up).await;
        }
        // To the address on record, not to the spelling typed into the form.
        let Some((_, _, address)) = self
            .store
            .developer_by_email(&form.email)
            .await
            .map_err(internal)?
        else {
            return Ok(());
        };
        let letter = mail::sign_up_attempted(&address, status, &self.public_url);
        self.store.enqueue(&letter).await.map_err(internal)
    }

    async fn audit_sign_up(
        &self,
        id: &str,
        form: &SignUpForm,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        self.store
            .record(AuditEntry {
                actor_kind: "developer",
                actor_id: Some(id),
                actor_label: form.email.as_str(),
                event: Event::DeveloperSignedUp,
                target_kind: "developer",
                target_id: Some(id),
                target_label: form.email.as_str(),
                client_addr: &request.client_addr,
            })
            .await
            .map_err(internal)
    }

    /// Without e-mail confirmation: the developer is signed in at once (pending, or approved
    /// with auto-approve on). The owner chose not to prove addresses, so a taken one is
    /// refused in words.
    async fn register_at_once(
        &self,
        form: SignUpForm,
        auto_approve: bool,
        request: &RequestInfo,
    ) -> Result<(SignedUp, Option<NewSession>), AppError> {
        // Rejected and revoked developers keep their email until an admin deletes them.
        match self
            .store
            .developer_status_by_email(&form.email)
            .await
            .map_err(internal)?
        {
            Some(DeveloperStatus::Rejected | DeveloperStatus::Revoked) => {
                return Err(AppError::field("email", EMAIL_REFUSED))
            }
            Some(_) => return Err(AppError::field("email", EMAIL_TAKEN)),
            None => {}
        }
        let status = if auto_approve {
            DeveloperStatus::Approved
        } else {
            DeveloperStatus::Pending
        };
        let password_hash = hash_password(self.platform(), form.password.clone())
            .await
            .map_err(super::errors::hashing)?;
        let account = NewAccount {
            email: &form.email,
            password_hash,
        };
        // The unique index decides a race between two sign-ups with one email.
        let id = match self
            .store
            .insert_developer(account, form.full_name.as_str(), status, true)
            .await
        {
            Ok(id) => id,
            Err(StoreError::AlreadyExists) => return Err(AppError::field("email", EMAIL_TAKEN)),
            Err(error) => return Err(internal(error)),
        };
        self.audit_sign_up(&id, &form, request).await?;
        tracing::info!(developer = %id, status = status.as_str(), "developer signed up");
        if status == DeveloperStatus::Pending {
            self.tell_admins(form.full_name.as_str(), form.email.as_str())
                .await?;
        }
        let session = self
            .open_session(SessionOwner::Developer(&id), request)
            .await?;
        Ok((
            SignedUp {
                status,
                confirm_email: false,
            },
            Some(session),
        ))
    }
}

const LINK_INVALID: &str =
    "This confirmation link is invalid, used already or expired. Sign in to see your account status.";

impl Portal {
    /// Queues "new request" e-mail to every owner and admin, and "request received" to the
    /// developer: the request has reached the queue.
    pub(super) async fn tell_admins(&self, name: &str, email: &str) -> Result<(), AppError> {
        for letter in self.request_notices().await?(name, email) {
            self.store.enqueue(&letter).await.map_err(internal)?;
        }
        Ok(())
    }

    /// The letters of a request reaching the queue, for the developer `(name, address)`:
    /// "request received" to them, "new request" to every owner and admin.
    pub(super) async fn request_notices(
        &self,
    ) -> Result<impl Fn(&str, &str) -> Vec<mail::Letter> + Send + Sync, AppError> {
        let admins = self.store.admin_recipients().await.map_err(internal)?;
        let public_url = self.public_url.clone();
        Ok(move |name: &str, email: &str| {
            std::iter::once(mail::request_received(name, email))
                .chain(
                    admins
                        .iter()
                        .map(|admin| mail::new_request(admin, name, email, &public_url)),
                )
                .collect()
        })
    }
}
