//! Sign-in, sign-out and "who am I" for both the portal and the console.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::{Email, Password};
use crate::model::{Realm, Viewer};

/// The signed-in principal of this request, or `Viewer::Anonymous`.
#[server(endpoint = "current_viewer")]
pub async fn current_viewer() -> Result<Viewer, AppError> {
    use super::context::*;
    respond(request_info().await.map(|info| info.viewer))
}

/// Sign-in to the portal (developers) or the console (admins): checks the password and
/// starts a fresh session.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, realm: Realm) -> Result<Viewer, AppError> {
    use super::context::*;
    respond(
        async {
            // A malformed email cannot belong to anyone: same answer as a wrong password.
            let email = Email::parse(&email).map_err(|_| AppError::InvalidCredentials)?;
            let password = Password::parse_attempt(&password)
                .map_err(|message| AppError::field("password", message))?;
            let request = request_info().await?;
            let session = backend()?.sign_in(realm, email, password, &request).await?;
            set_session_cookie(&session, request.secure_cookies);
            redirect_to(realm.home());
            Ok(session.viewer)
        }
        .await,
    )
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use super::context::*;
    respond(
        async {
            let request = request_info().await?;
            backend()?.sign_out(&request).await?;
            clear_session_cookie(request.secure_cookies);
            Ok(())
        }
        .await,
    )
}
