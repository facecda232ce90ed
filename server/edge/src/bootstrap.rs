//! The first owner on an empty D1 database, from the `GATEHOUSE_ADMIN_EMAIL` variable and the
//! `GATEHOUSE_ADMIN_PASSWORD` secret. A Worker has no terminal to print a generated password
//! on, so without the secret an empty portal says what to set instead of inventing one.

use app::model::Email;
use gatehouse_core::auth::hash_password;
use gatehouse_core::store::{NewAccount, Store, DEFAULT_ADMIN_EMAIL};

use crate::settings::Settings;

/// Creates the first owner if no admin exists; an error names what to set.
pub async fn ensure_first_owner(store: &Store, settings: &Settings) -> Result<(), String> {
    if store.admin_count().await.map_err(|e| e.to_string())? > 0 {
        return Ok(());
    }
    let Some(password) = settings.admin_password.clone() else {
        return Err(
            "GATEHOUSE_ADMIN_PASSWORD: the database has no admin yet; set this secret \
                    (wrangler secret put GATEHOUSE_ADMIN_PASSWORD), and GATEHOUSE_ADMIN_EMAIL, \
                    to create the first owner"
                .into(),
        );
    };
    let email = match &settings.admin_email {
        Some(email) => email.clone(),
        None => Email::parse(DEFAULT_ADMIN_EMAIL)?,
    };
    let password_hash = hash_password(store.platform().as_ref(), password)
        .await
        .map_err(|e| e.to_string())?;
    let created = store
        .insert_first_owner(NewAccount {
            email: &email,
            password_hash,
        })
        .await
        .map_err(|e| e.to_string())?;
    if created.is_some() {
        worker::console_log!(
            "First admin created: {email} (password from GATEHOUSE_ADMIN_PASSWORD)."
        );
    }
    Ok(())
}
