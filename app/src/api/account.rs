//! A developer's own account: name, email, password, and deleting it.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::{AccountHolder, Email, FullName, Password};

#[cfg(feature = "ssr")]
async fn holder() -> Result<(super::SharedBackend, AccountHolder, super::RequestInfo), AppError> {
    use super::context::*;
    let request = request_info().await?;
    let holder = request
        .viewer
        .account_holder()
        .ok_or(AppError::SignInRequired)?;
    Ok((backend()?, holder, request))
}

#[server(endpoint = "change_name")]
pub async fn change_name(full_name: String) -> Result<String, AppError> {
    use super::{backend::AccountChange, context::respond_shown};
    respond_shown(
        async {
            let name = FullName::parse(&full_name).map_err(|m| AppError::field("full_name", m))?;
            let (backend, holder, request) = holder().await?;
            backend
                .change_account(&holder, AccountChange::Name(name), &request)
                .await?;
            Ok("Name saved".to_string())
        }
        .await,
    )
}

#[server(endpoint = "change_email")]
pub async fn change_email(email: String, current_password: String) -> Result<String, AppError> {
    use super::{backend::AccountChange, context::respond_shown};
    respond_shown(
        async {
            let (email, password) = AppError::collect(
                Email::parse(&email).map_err(|m| ("email", m)),
                Password::parse_attempt(&current_password).map_err(|m| ("current_password", m)),
            )?;
            let (backend, holder, request) = holder().await?;
            let address = email.as_str().to_string();
            backend
                .change_account(&holder, AccountChange::Email { email, password }, &request)
                .await?;
            Ok(format!(
                "We sent a confirmation link to {address}. Your email changes when you open it."
            ))
        }
        .await,
    )
}

/// Makes a change of address with the token from the link sent to the new address.
#[server(endpoint = "confirm_email_change")]
pub async fn confirm_email_change(token: String) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let request = request_info().await?;
            let email = backend()?.confirm_email_change(&token, &request).await?;
            Ok(format!("Your email is now {email}."))
        }
        .await,
    )
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<String, AppError> {
    use super::{backend::AccountChange, context::respond_shown};
    respond_shown(
        async {
            let (current, new) = AppError::collect(
                Password::parse_attempt(&current_password).map_err(|m| ("current_password", m)),
                Password::parse_new(&new_password).map_err(|m| ("new_password", m)),
            )?;
            let (backend, holder, request) = holder().await?;
            backend
                .change_account(&holder, AccountChange::Password { current, new }, &request)
                .await?;
            Ok("Password changed. Your other sessions were signed out.".to_string())
        }
        .await,
    )
}

/// Deletes the signed-in developer with everything they own, and signs them out.
#[server(endpoint = "delete_account")]
pub async fn delete_account() -> Result<(), AppError> {
    use super::context::{clear_session_cookie, redirect_to, respond};
    respond(
        async {
            let (backend, holder, request) = holder().await?;
            backend.delete_own_account(&holder, &request).await?;
            clear_session_cookie(request.secure_cookies);
            redirect_to("/");
            Ok(())
        }
        .await,
    )
}
