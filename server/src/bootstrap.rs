//! The first owner: created on a start when no admin exists, so a fresh portal can be used;
//! and the command line's other accounts and tokens.

use anyhow::Context;
use app::api::{ApiTokens, RequestInfo};
use app::model::{
    AdminRole, ConsoleWriter, Email, NewApiToken, Password, TokenName, TokenScope, Viewer,
};
use rand::{distributions::Alphanumeric, rngs::OsRng, Rng};

use gatehouse_core::auth::hash_password;
use gatehouse_core::portal::Portal;
use gatehouse_core::store::{NewAccount, Store, StoreError, DEFAULT_ADMIN_EMAIL};

use crate::config::Settings;

pub async fn ensure_first_admin(store: &Store, settings: &Settings) -> anyhow::Result<()> {
    if store.admin_count().await? > 0 {
        return Ok(());
    }
    let email = match &settings.admin_email {
        Some(email) => email.clone(),
        None => Email::parse(DEFAULT_ADMIN_EMAIL).map_err(anyhow::Error::msg)?,
    };
    let (password, generated) = match &settings.admin_password {
        Some(password) => (password.clone(), false),
        None => {
            let text: String = OsRng
                .sample_iter(&Alphanumeric)
                .take(20)
                .map(char::from)
                .collect();
            (
                Password::parse_new(&text).map_err(anyhow::Error::msg)?,
                true,
            )
        }
    };
    let password_hash = hash_password(store.platform().as_ref(), password.clone()).await?;
    let created = store
        .insert_first_owner(NewAccount {
            email: &email,
            password_hash,
        })
        .await
        .context("creating the first admin")?;
    if created.is_none() {
        // Another instance on the same database created it first.
        return Ok(());
    }
    if generated {
        // Printed once, on the terminal only: it is not stored anywhere in plain form.
        println!("\nFirst admin created. Sign in to the console with:\n  email:    {email}\n  password: {}\n(This password is shown only now.)\n", password.expose());
    } else {
        println!("First admin created: {email} (password from GATEHOUSE_ADMIN_PASSWORD).");
    }
    Ok(())
}

/// `gatehouse admin create`: another console account.
pub async fn create_admin(
    store: &Store,
    email: &str,
    password: &str,
    role: AdminRole,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let password = Password::parse_new(password).map_err(|e| anyhow::anyhow!("password: {e}"))?;
    let password_hash = hash_password(store.platform().as_ref(), password).await?;
    match store
        .insert_admin(
            NewAccount {
                email: &email,
                password_hash,
            },
            role,
        )
        .await
    {
        Ok(_) => {
            println!("Admin {email} created with role {}.", role.as_str());
            Ok(())
        }
        Err(StoreError::AlreadyExists) => {
            anyhow::bail!("--email: an admin with {email} exists already")
        }
        Err(error) => Err(error.into()),
    }
}

/// `gatehouse token create`: an API token for the admin at `email`, made by the same rule as
/// the console's (its scopes no wider than the admin's role, audited). Answers the secret.
pub async fn create_token(
    portal: &Portal,
    email: &str,
    name: &str,
    scopes: Vec<TokenScope>,
    days: u32,
) -> anyhow::Result<NewApiToken> {
    let name = TokenName::parse(name).map_err(|e| anyhow::anyhow!("--name: {e}"))?;
    let (writer, request) = command_line_admin(portal, Some(email)).await?;
    portal
        .create_api_token(&writer, name, scopes, days, &request)
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))
}

/// The admin a command acts as: the one with `email`, or else the first owner; the audit log
/// names them with "(command line)".
pub async fn command_line_admin(
    portal: &Portal,
    email: Option<&str>,
) -> anyhow::Result<(ConsoleWriter, RequestInfo)> {
    let email = email
        .map(|email| Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {e}")))
        .transpose()?;
    let admins = portal.store().admins().await?;
    let admin = match &email {
        Some(email) => admins
            .into_iter()
            .find(|admin| {
                Email::parse(&admin.email).is_ok_and(|a| a.normalized() == email.normalized())
            })
            .with_context(|| format!("--email: no admin has the address {email}"))?,
        None => admins
            .into_iter()
            .find(|admin| admin.role == AdminRole::Owner)
            .context("no owner exists yet: start the server once, or give --email")?,
    };
    let viewer = Viewer::Admin {
        id: admin.id,
        email: format!("{} (command line)", admin.email),
        role: admin.role,
    };
    let writer = viewer
        .console_writer()
        .map_err(|why| anyhow::anyhow!("--email: {why}"))?;
    let request = RequestInfo {
        viewer,
        session: None,
        client_addr: "command line".into(),
        secure_cookies: false,
    };
    Ok((writer, request))
}
