//! The decision for one request: which service, which credential, and whether the
//! developer, the registration and the ACL groups allow it (SPEC §3, Gateway verification).

use axum::http::HeaderMap;

use app::model::{CredentialKind, Limits};

use super::index::{Credential, Index, Secret};
use super::limits::{Admission, RateHeaders};
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
    pub service_id: String,
    /// The plan's limits (not sent upstream): judged after the credential checks.
    pub limits: Option<Limits>,
    /// What is left of each limit, for the `RateLimit` headers.
    pub rate: Option<RateHeaders>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Allow(Allowed),
    /// No credential, or one that is not valid: 401.
    Unauthorized(&'static str),
    /// A valid credential that may not call this service: 403.
    Forbidden(&'static str),
    /// A 403 for an application that is not approved for this service (or not in its ACL
    /// groups): counted in its usage.
    Refused {
        why: &'static str,
        application_id: String,
        service_id: String,
    },
    /// Over a limit of the application's plan: 429 (403 to nginx, which turns it back).
    OverLimit {
        retry_after: u64,
        rate: RateHeaders,
    },
    /// Every password hasher was busy, or the plan's counters were: 503, try again.
    Busy,
}

/// How many batches one request waits for at most before it is answered 503 (try again).
const MOST_BATCHES_PER_REQUEST: u32 = 64;

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
        match self.decide_uncounted(headers, original).await {
            Decision::Allow(allowed) => self.within_plan(allowed).await,
            decision @ Decision::Refused { .. } => {
                if let Decision::Refused {
                    application_id,
                    service_id,
                    ..
                } = &decision
                {
                    self.limiter
                        .note_refused(application_id, service_id, self.store.now());
                }
                decision
            }
            other => other,
        }
    }

    /// The same decision, neither counted nor counted against the plan: what nginx's error
    /// pages ask to show the client the refusal's message and status.
    pub async fn explain(&self, headers: &HeaderMap, original: &OriginalRequest) -> Decision {
        match self.decide_uncounted(headers, original).await {
            Decision::Allow(allowed) => {
                let now = self.store.now();
                match self.limiter.peek(
                    &allowed.application_id,
                    &allowed.service_id,
                    allowed.limits.as_ref(),
                    now,
                ) {
                    Admission::OverLimit {
                        retry_after,
                        headers,
                    } => Decision::OverLimit {
                        retry_after,
                        rate: headers,
                    },
                    _ => Decision::Allow(allowed),
                }
            }
            other => other,
        }
    }

    async fn decide_uncounted(&self, headers: &HeaderMap, original: &OriginalRequest) -> Decision {
        let decision = self.decide_once(headers, original).await;
        if matches!(
            decision,
            Decision::Unauthorized(_) | Decision::Forbidden(_) | Decision::Refused { .. }
        ) && self.catch_up().await
        {
            return self.decide_once(headers, original).await;
        }
        decision
    }

    /// Lets an allowed request through if its plan has room, counting it; when this
    /// instance's share is spent, one batch (shared with the requests waiting beside it)
    /// first adds the counts and reads every instance's totals.
    async fn within_plan(&self, mut allowed: Allowed) -> Decision {
        let now = self.store.now();
        let (application, service) = (&allowed.application_id, &allowed.service_id);
        let limits = allowed.limits.as_ref();
        // A batch refills this instance's share; requests waiting beside it may spend that
        // share first, so ask again. Each batch either leaves a share someone spends (what is
        // left shrinks) or finds the limit reached, so the waiting ends; the cap is a guard.
        // Only a failed batch lets the request be judged on this instance's counts alone.
        let mut admission = self.limiter.admit(application, service, limits, now, false);
        let mut batches = 0;
        while admission == Admission::Sync {
            if batches >= MOST_BATCHES_PER_REQUEST {
                return Decision::Busy;
            }
            let seen = self.limiter.syncs();
            let failed = self
                .limiter
                .sync_unless_done_since(&self.store, seen)
                .await
                .inspect_err(|error| tracing::warn!(%error, "counting requests against plans"))
                .is_err();
            batches += 1;
            admission = self
                .limiter
                .admit(application, service, limits, self.store.now(), failed);
        }
        match admission {
            Admission::Allowed(rate) => {
                allowed.rate = rate;
                Decision::Allow(allowed)
            }
            Admission::OverLimit {
                retry_after,
                headers,
            } => Decision::OverLimit {
                retry_after,
                rate: headers,
            },
            Admission::Sync => Decision::Busy,
        }
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
        let refused = |why| Decision::Refused {
            why,
            application_id: credential.application_id.clone(),
            service_id: service.id.clone(),
        };
        if !credential.developer_approved {
            return refused("The developer's access is not approved (or was revoked).");
        }
        let Some(registration) = credential
            .registrations
            .get(&service.id)
            .filter(|r| r.approved)
        else {
            return refused("This application is not approved for this service.");
        };
        if !service.groups.is_empty()
            && !credential.groups.iter().any(|g| service.groups.contains(g))
        {
            return refused("This application's ACL groups may not call this service.");
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
            service_id: service.id.clone(),
            limits: registration.limits,
            rate: None,
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
