//! Forgotten passwords: a single-use link by e-mail, valid for an hour.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::{Email, Password};

/// The same answer whether or not the email belongs to anyone.
pub const RESET_REQUESTED: &str =
    "If an account exists for this email, we have sent it a link to choose a new password. The link works once, for one hour.";

#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let email = Email::parse(&email).map_err(|m| AppError::field("email", m))?;
            let request = request_info().await?;
            backend()?.request_password_reset(email, &request).await?;
            Ok(RESET_REQUESTED.to_string())
        }
        .await,
    )
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let password = Password::parse_new(&new_password)
                .map_err(|m| AppError::field("new_password", m))?;
            let request = request_info().await?;
            backend()?
                .reset_password(&token, password, &request)
                .await?;
            Ok("Your password was changed. Sign in with the new one.".to_string())
        }
        .await,
    )
}
