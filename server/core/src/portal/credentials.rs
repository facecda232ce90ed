//! Generating, rolling and deleting credentials. A secret exists in plain form only in the
//! answer to the developer who asked; the store gets its hash or its sealed form.

use app::api::{Credentials, RequestInfo};
use app::error::AppError;
use app::model::{
    default_credential_name, AppOwner, CredentialChange, CredentialKind, CredentialSpec, GraceDays,
    JwtAlgorithm, NewCredential, Password, PortalSettings, Secret,
};

use super::{applications::NO_APPLICATION, by_developer, internal, Portal};
use crate::auth::{
    check_public_key, hash_password, hash_token, hint_of, new_api_key, new_secret,
    random_alphanumeric,
};
use crate::events::Event;
use crate::mail;
use crate::store::{
    rfc3339, CredentialOwner, ExpiringCredential, NewStoredCredential, StoreError, StoredSecret,
};

const DAY_MILLIS: i64 = 24 * 3600 * 1000;
const ROLLED_ALREADY: &str =
    "This credential was rolled already (in another tab, or by a second click). Reload the page to see its current secret.";
const NO_CREDENTIAL: &str = "No credential with this id among yours. It may have been deleted.";

#[async_trait::async_trait]
impl Credentials for Portal {
    async fn generate_credential(
        &self,
        owner: &AppOwner,
        application_id: &str,
        asked: CredentialSpec,
        request: &RequestInfo,
    ) -> Result<NewCredential, AppError> {
        self.issue_credential(owner, application_id, asked, None, request)
            .await
    }

    async fn roll_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
        grace_days: GraceDays,
        secret_version: i64,
        request: &RequestInfo,
    ) -> Result<NewCredential, AppError> {
        let credential = self.owned_credential(owner, credential_id).await?;
        if credential
            .algorithm
            .is_some_and(JwtAlgorithm::uses_public_key)
        {
            return Err(AppError::BadRequest(
                "This jwt credential is verified with your public key, which Gatehouse cannot roll. Create a new jwt credential with the new key, then delete this one.".into(),
            ));
        }
        if credential
            .expires_at
            .is_some_and(|at| at <= self.store.now())
        {
            return Err(AppError::BadRequest(
                "This credential has expired. Generate a new one instead.".into(),
            ));
        }
        let (secret, stored) = self
            .new_secret_for(credential.kind, credential_id, None)
            .await?;
        let previous_valid_until = (grace_days != GraceDays::NONE)
            .then(|| self.store.now() + i64::from(grace_days.days()) * DAY_MILLIS);
        let audit = by_developer(
            owner,
            Event::CredentialRolled {
                grace_days: grace_days.days(),
            },
            ("credential", credential_id),
            &credential.name,
            request,
        );
        if !self
            .store
            .roll_credential(
                credential_id,
                secret_version,
                stored,
                previous_valid_until,
                audit,
            )
            .await
            .map_err(internal)?
        {
            return Err(AppError::Conflict(ROLLED_ALREADY.into()));
        }
        tracing::info!(
            credential = credential_id,
            grace_days = grace_days.days(),
            "credential rolled"
        );
        Ok(NewCredential {
            id: credential_id.to_string(),
            kind: credential.kind,
            identifier: credential.identifier,
            secret: Some(Secret::new(secret)),
        })
    }

    async fn edit_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
        change: CredentialChange,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let credential = self.owned_credential(owner, credential_id).await?;
        let (expires_at, expires_in_days) = match change.expires_in_days {
            None => (credential.expires_at, None),
            Some(days) => {
                let settings = self.store.portal_settings().await.map_err(internal)?;
                (expiry(days, &settings, self.store.now())?, Some(days))
            }
        };
        let name = match change.name {
            Some(name) => name,
            None => {
                let others = self
                    .store
                    .credentials_of(&credential.application_id)
                    .await
                    .map_err(internal)?;
                let others = others.iter().filter(|c| c.id != credential_id);
                default_credential_name(credential.kind, others.map(|c| c.name.as_str()))
            }
        };
        let audit = by_developer(
            owner,
            Event::CredentialEdited { expires_in_days },
            ("credential", credential_id),
            &name,
            request,
        );
        if !self
            .store
            .edit_credential(credential_id, &name, expires_at, audit)
            .await
            .map_err(internal)?
        {
            return Err(AppError::NotFound(NO_CREDENTIAL.into()));
        }
        tracing::info!(credential = credential_id, "credential edited");
        Ok(())
    }

    async fn delete_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let credential = self.owned_credential(owner, credential_id).await?;
        let audit = by_developer(
            owner,
            Event::CredentialDeleted,
            ("credential", credential_id),
            &credential.name,
            request,
        );
        if !self
            .store
            .delete_credential(credential_id, audit)
            .await
            .map_err(internal)?
        {
            return Err(AppError::NotFound(NO_CREDENTIAL.into()));
        }
        tracing::info!(credential = credential_id, "credential deleted");
        Ok(())
    }

    fn seal_new_credential(&self, new: &NewCredential, bound_to: &str) -> String {
        let json = serde_json::to_string(new).expect("a new credential serializes");
        self.sealer.seal(&json, bound_to)
    }

    fn open_new_credential(&self, sealed: &str, bound_to: &str) -> Option<NewCredential> {
        let json = self.sealer.open(sealed, bound_to).ok()?;
        serde_json::from_str(&json).ok()
    }
}

/// A secret (and identifier) issued elsewhere, brought in so keys in use keep working.
#[derive(Debug)]
pub struct ImportedSecret {
    pub secret: String,
    /// The client id (oauth2) or `iss` (jwt); basic-auth and hmac-auth take the username.
    pub identifier: Option<String>,
}

impl Portal {
    /// Brings in a credential issued elsewhere (a Kong consumer's key, say) with its secret,
    /// for an admin acting for the developer: the same rules as generating one.
    pub async fn import_credential(
        &self,
        owner: &AppOwner,
        application_id: &str,
        asked: CredentialSpec,
        imported: ImportedSecret,
        request: &RequestInfo,
    ) -> Result<NewCredential, AppError> {
        self.issue_credential(owner, application_id, asked, Some(imported), request)
            .await
    }

    async fn issue_credential(
        &self,
        owner: &AppOwner,
        application_id: &str,
        asked: CredentialSpec,
        imported: Option<ImportedSecret>,
        request: &RequestInfo,
    ) -> Result<NewCredential, AppError> {
        self.store
            .application_of(owner.developer_id(), application_id)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::NotFound(NO_APPLICATION.into()))?;
        let settings = self.store.portal_settings().await.map_err(internal)?;
        let kind = asked.kind;
        if !settings.credential_types.allows(kind) {
            return Err(AppError::field(
                "kind",
                format!(
                    "{} credentials are not enabled on this portal.",
                    kind.as_str()
                ),
            ));
        }
        let CredentialSpec {
            name,
            username,
            algorithm,
            ..
        } = asked;
        let expires_at = expiry(asked.expires_in_days, &settings, self.store.now())?;
        let name = match name {
            Some(name) => name,
            None => {
                let existing = self
                    .store
                    .credentials_of(application_id)
                    .await
                    .map_err(internal)?;
                default_credential_name(kind, existing.iter().map(|c| c.name.as_str()))
            }
        };
        let id = crate::store::new_id();
        let (given_secret, given_identifier) = match imported {
            Some(imported) => {
                check_imported(&imported)?;
                (Some(imported.secret), imported.identifier)
            }
            None => (None, None),
        };
        let importing = given_secret.is_some();
        let public_key = match (algorithm, &asked.public_key) {
            (Some(algorithm), Some(pem)) => Some(
                check_public_key(algorithm, pem).map_err(|m| AppError::field("public_key", m))?,
            ),
            _ => None,
        };
        let identifier = match kind {
            CredentialKind::KeyAuth => None,
            CredentialKind::BasicAuth | CredentialKind::HmacAuth => username,
            CredentialKind::OAuth2 | CredentialKind::Jwt => {
                Some(given_identifier.unwrap_or_else(|| random_alphanumeric(32)))
            }
        };
        let (secret, stored) = match &public_key {
            Some(key) => (
                None,
                StoredSecret {
                    hint: key.fingerprint.clone(),
                    ..Default::default()
                },
            ),
            None => {
                let (secret, stored) = self.new_secret_for(kind, &id, given_secret).await?;
                (Some(Secret::new(secret)), stored)
            }
        };
        let label = format!("{name} ({})", kind.as_str());
        let audit = by_developer(
            owner,
            Event::CredentialCreated { kind },
            ("credential", &id),
            &label,
            request,
        );
        let outcome = self
            .store
            .insert_credential(
                NewStoredCredential {
                    id: &id,
                    application_id,
                    kind,
                    name: &name,
                    identifier: identifier.as_deref(),
                    secret: stored,
                    algorithm,
                    public_key: public_key.as_ref().map(|k| k.pem.as_str()),
                    expires_at,
                },
                audit,
            )
            .await;
        match outcome {
            Ok(()) => {}
            Err(StoreError::AlreadyExists) if kind.takes_username() => {
                return Err(AppError::field(
                    "username",
                    "This username is taken. Choose another one.",
                ))
            }
            Err(StoreError::AlreadyExists) if importing => return Err(AppError::field(
                "secret",
                "Another credential already has this key or identifier: it was imported before.",
            )),
            Err(error) => return Err(internal(error)),
        }
        tracing::info!(credential = %id, kind = kind.as_str(), application = application_id, developer = owner.developer_id(), "credential created");
        Ok(NewCredential {
            id,
            kind,
            identifier,
            secret,
        })
    }

    /// A new secret of `kind` (or the one `given`, imported) and what is stored of it.
    async fn new_secret_for(
        &self,
        kind: CredentialKind,
        credential_id: &str,
        given: Option<String>,
    ) -> Result<(String, StoredSecret), AppError> {
        Ok(match kind {
            CredentialKind::KeyAuth => {
                let key = given.unwrap_or_else(new_api_key);
                let stored = StoredSecret {
                    hash: Some(hash_token(&key)),
                    sealed: None,
                    hint: hint_of(&key),
                };
                (key, stored)
            }
            CredentialKind::OAuth2 => {
                let secret = given.unwrap_or_else(new_secret);
                let stored = StoredSecret {
                    hash: Some(hash_token(&secret)),
                    sealed: None,
                    hint: hint_of(&secret),
                };
                (secret, stored)
            }
            CredentialKind::BasicAuth => {
                let password = given.unwrap_or_else(new_secret);
                let parsed = Password::parse_attempt(&password)
                    .map_err(|e| AppError::field("secret", e.to_string()))?;
                let stored = StoredSecret {
                    hash: Some(
                        hash_password(self.platform(), parsed)
                            .await
                            .map_err(super::errors::hashing)?,
                    ),
                    sealed: None,
                    hint: hint_of(&password),
                };
                (password, stored)
            }
            CredentialKind::HmacAuth | CredentialKind::Jwt => {
                let secret = given.unwrap_or_else(new_secret);
                let stored = StoredSecret {
                    hash: None,
                    sealed: Some(self.sealer.seal(&secret, credential_id)),
                    hint: hint_of(&secret),
                };
                (secret, stored)
            }
        })
    }

    /// E-mails the developers of credentials that expire within 7 days (once per credential).
    pub async fn announce_expiring_credentials(&self) -> anyhow::Result<usize> {
        let public_url = self.public_url.as_str();
        let letter = |c: &ExpiringCredential| {
            mail::credential_expiring(
                &c.developer_name,
                &c.developer_email,
                &c.name,
                &c.application_name,
                &rfc3339(c.expires_at),
                public_url,
            )
        };
        Ok(self
            .store
            .announce_expiring_credentials(self.store.now() + 7 * DAY_MILLIS, &letter)
            .await?)
    }

    async fn owned_credential(
        &self,
        owner: &AppOwner,
        credential_id: &str,
    ) -> Result<CredentialOwner, AppError> {
        self.store
            .credential_owner(credential_id)
            .await
            .map_err(internal)?
            .filter(|c| c.developer_id == owner.developer_id())
            .ok_or_else(|| AppError::NotFound(NO_CREDENTIAL.into()))
    }
}

/// When a new credential made at `now` expires: the developer's choice within the owner's maximum.
fn expiry(days: u32, settings: &PortalSettings, now: i64) -> Result<Option<i64>, AppError> {
    let max = settings.max_credential_days;
    let days = match (days, max) {
        (0, 0) => return Ok(None),
        (0, max) => max,
        (days, max) if max > 0 && days > max => {
            return Err(AppError::field(
                "expires_in_days",
                format!("Credentials on this portal live at most {max} days."),
            ))
        }
        (days, _) if days > PortalSettings::MAX_LIFETIME_DAYS => {
            return Err(AppError::field(
                "expires_in_days",
                format!("Choose at most {} days.", PortalSettings::MAX_LIFETIME_DAYS),
            ))
        }
        (days, _) => days,
    };
    Ok(Some(now + i64::from(days) * DAY_MILLIS))
}

/// An imported secret is used as given, so it must be one a gateway can carry: 8 to 512
/// printable characters without spaces.
fn check_imported(imported: &ImportedSecret) -> Result<(), AppError> {
    let printable = |text: &str| text.chars().all(|c| c.is_ascii_graphic());
    let secret = &imported.secret;
    if secret.len() < 8 || secret.len() > 512 || !printable(secret) {
        return Err(AppError::field(
            "secret",
            "An imported key or secret is 8 to 512 printable characters, without spaces.",
        ));
    }
    if let Some(identifier) = &imported.identifier {
        if identifier.is_empty() || identifier.len() > 256 || !printable(identifier) {
            return Err(AppError::field(
                "identifier",
                "An imported identifier is 1 to 256 printable characters, without spaces.",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_follows_the_owners_maximum() {
        let mut settings = PortalSettings::default();
        assert_eq!(expiry(0, &settings, 0).unwrap(), None);
        assert!(expiry(30, &settings, 0).unwrap().is_some());
        settings.max_credential_days = 90;
        assert!(
            expiry(0, &settings, 0).unwrap().is_some(),
            "the maximum applies by default"
        );
        assert!(expiry(91, &settings, 0)
            .unwrap_err()
            .message_for("expires_in_days")
            .is_some());
    }
}
