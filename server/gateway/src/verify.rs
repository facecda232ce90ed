//! The decision for one request: which service, which credential, and whether the
//! developer, the registration and the ACL groups allow it (SPEC §3, Gateway verification).

use axum::http::HeaderMap;

use app::model::CredentialKind;

use super::index::{Credential, Index, Secret};
use super::original::OriginalRequest;
use super::presented::Presented;
use super::{hmac_auth, jwt, Gateway};
use gatehouse_core::auth::SecretHash;

/// Who is allowed, for the headers the gateway passes upstream.
#[derive(Debug, PartialEq, Eq)]
pub struct Allowed {
    pub developer_id: String,
    pub developer_email: String,
    pub credential: String,
    pub application_id: String,
    pub groups: Vec<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Allow(Allowed),
    /// No credential, or one that is not valid: 401.
    Unauthorized(&'static str),
    /// A valid credential that may not call this service: 403.
    Forbidden(&'static str),
    /// Every password hasher was busy: 503, try again.
    Busy,
}

/// Why a basic-auth password was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Unauthorized(&'static str),
    Busy,
}

impl Gateway {
    /// Decides from the index; a refusal for an unknown route or credential first makes
    /// sure the index is current (at most every 50 ms), so what was created a moment ago
    /// works at once.
    pub async fn decide(&self, headers: &HeaderMap, original: &OriginalRequest) -> Decision {
        let decision = self.decide_once(headers, original).await;
        if matches!(decision, Decision::Unauthorized(_) | Decision::Forbidden(_))
            && self.catch_up().await
        {
            return self.decide_once(headers, original).await;
        }
        decision
    }

    async fn decide_once(&self, headers: &HeaderMap, original: &OriginalRequest) -> Decision {
        let index = self.index.load_full();
        let service = match index.service_for(original.host.as_deref(), &original.path) {
            Ok(service) => service,
            Err(why) => return Decision::Forbidden(why),
        };
        let Some(presented) = super::presented::presented(headers, original) else {
            return Decision::Unauthorized(
                "No credential: send an apikey header or query parameter, or an Authorization header (Basic, Bearer or hmac).",
            );
        };
        let now = self.store.now();
        // The services and settings come from `index`; the credential from `holding`.
        let Some(holding) = self.holding(&index, &presented).await else {
            return Decision::Busy;
        };
        let found = match presented {
            Presented::Malformed(why) => return Decision::Unauthorized(why),
            Presented::ApiKey(key) => {
                let hash = *SecretHash::of(&key).bytes();
                holding
                    .by_key_hash(&hash)
                    .filter(|(_, c)| secret_matches_hash(c, &hash, now))
                    .ok_or("Invalid API key.")
            }
            Presented::Basic { username, password } => {
                match holding.by_identifier(CredentialKind::BasicAuth, &username) {
                    Some((at, credential)) => {
                        match self
                            .check_basic_password(credential, &username, &password, now)
                            .await
                        {
                            Ok(()) => Ok((at, credential)),
                            Err(Refusal::Unauthorized(why)) => Err(why),
                            Err(Refusal::Busy) => return Decision::Busy,
                        }
                    }
                    None => Err("Invalid username or password."),
                }
            }
            Presented::Bearer(token) if jwt::looks_like_jwt(&token) => {
                match jwt::issuer(&token)
                    .and_then(|iss| holding.by_identifier(CredentialKind::Jwt, &iss))
                {
                    Some((at, credential)) => {
                        let alg = credential
                            .algorithm
                            .unwrap_or(app::model::JwtAlgorithm::HS256);
                        let current = jwt::verify(&token, alg, &credential.secret);
                        let outcome = match (&current, &credential.previous) {
                            (Err(_), Some((previous, until))) if *until > now => {
                                jwt::verify(&token, alg, previous).or(current)
                            }
                            _ => current,
                        };
                        outcome.map(|()| (at, credential))
                    }
                    None => Err("The JWT's iss does not name a jwt credential."),
                }
            }
            Presented::Bearer(token) => self
                .access_token_credential(&holding, &token, now)
                .await
                .ok_or("Invalid or expired access token."),
            Presented::Hmac(params) => {
                match holding.by_identifier(CredentialKind::HmacAuth, &params.username) {
                    Some((at, credential)) => {
                        let check = |secret: &Secret| match secret {
                            Secret::Shared(bytes) => {
                                hmac_auth::verify(&params, bytes, headers, original, now)
                            }
                            _ => Err("This credential cannot verify hmac signatures."),
                        };
                        let current = check(&credential.secret);
                        let outcome = match (&current, &credential.previous) {
                            (Err(_), Some((previous, until))) if *until > now => {
                                check(previous).or(current)
                            }
                            _ => current,
                        };
                        outcome.map(|()| (at, credential))
                    }
                    None => Err("Invalid hmac username."),
                }
            }
        };
        let credential = match found {
            Ok((_, credential)) => credential,
            Err(why) => return Decision::Unauthorized(why),
        };
        if !index.types.allows(credential.kind) {
            return Decision::Unauthorized("This credential type is disabled on this portal.");
        }
        if credential.expires_at.is_some_and(|at| at <= now) {
            return Decision::Unauthorized("This credential has expired.");
        }
        if !credential.developer_approved {
            return Decision::Forbidden("The developer's access is not approved (or was revoked).");
        }
        if credential
            .registrations
            .get(&service.id)
            .map(String::as_str)
            != Some("approved")
        {
            return Decision::Forbidden("This application is not approved for this service.");
        }
        if !service.groups.is_empty()
            && !credential.groups.iter().any(|g| service.groups.contains(g))
        {
            return Decision::Forbidden("This application's ACL groups may not call this service.");
        }
        credential.note_use(now);
        Decision::Allow(Allowed {
            developer_id: credential.developer_id.clone(),
            developer_email: credential.developer_email.clone(),
            credential: credential
                .identifier
                .clone()
                .unwrap_or_else(|| credential.id.clone()),
            application_id: credential.application_id.clone(),
            groups: credential.groups.clone(),
        })
    }
}

/// A key-auth key or client secret matches the current hash, or the previous one during
/// its grace period.
pub(super) fn secret_matches_hash(credential: &Credential, hash: &[u8; 32], now: i64) -> bool {
    use subtle_eq::eq;
    match (&credential.secret, &credential.previous) {
        (Secret::Sha256(current), _) if eq(current, hash) => true,
        (_, Some((Secret::Sha256(previous), until))) => *until > now && eq(previous, hash),
        _ => false,
    }
}

/// Comparing digests without early exit.
mod subtle_eq {
    pub fn eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl Index {
    /// Used by the token endpoint: the oauth2 credential of a client, if the secret matches.
    pub fn oauth_client(&self, client_id: &str, secret: &str, now: i64) -> Option<&Credential> {
        let hash = *SecretHash::of(secret).bytes();
        self.by_identifier(CredentialKind::OAuth2, client_id)
            .map(|(_, c)| c)
            .filter(|c| secret_matches_hash(c, &hash, now))
    }
}
