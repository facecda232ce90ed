//! Developer sign-up.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{DeveloperStatus, SignedUp};
#[cfg(feature = "ssr")]
use crate::{
    error::FieldError,
    model::{Email, FullName, Password},
};

/// Creates a developer (pending, or approved when auto-approve is on). With email
/// verification on, every sign-up is answered alike ("check your e-mail", no session);
/// with it off, the developer is signed in at once.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    full_name: String,
    email: String,
    password: String,
) -> Result<SignedUp, AppError> {
    use super::{backend::SignUpForm, context::*};
    respond_shown(
        async move {
            let mut errors = Vec::new();
            let mut field = |name: &str, message: String| {
                errors.push(FieldError {
                    field: name.into(),
                    message,
                })
            };
            let full_name = FullName::parse(&full_name)
                .map_err(|m| field("full_name", m))
                .ok();
            let email = Email::parse(&email).map_err(|m| field("email", m)).ok();
            let password = Password::parse_new(&password)
                .map_err(|m| field("password", m))
                .ok();
            let (Some(full_name), Some(email), Some(password)) = (full_name, email, password)
            else {
                return Err(AppError::Invalid(errors));
            };
            let request = request_info().await?;
            let form = SignUpForm {
                full_name,
                email,
                password,
            };
            let (signed_up, session) = backend()?.sign_up(form, &request).await?;
            if let Some(session) = session {
                set_session_cookie(&session, request.secure_cookies);
            }
            Ok(signed_up)
        }
        .await,
    )
}

/// Confirms the email of a sign-up with the token from the e-mailed link.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<DeveloperStatus, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let request = request_info().await?;
            backend()?.confirm_email(&token, &request).await
        }
        .await,
    )
}

/// E-mails a new confirmation link if `email` is a sign-up waiting for confirmation; the
/// answer is the same for every address.
#[server(endpoint = "resend_confirmation")]
pub async fn resend_confirmation(email: String) -> Result<String, AppError> {
    use super::context::*;
    use crate::model::Email;
    respond_shown(
        async {
            let email = Email::parse(&email).map_err(|m| AppError::field("email", m))?;
            backend()?.resend_confirmation(&email).await?;
            Ok(
                "If this address is waiting for confirmation, a new link is on its way."
                    .to_string(),
            )
        }
        .await,
    )
}
