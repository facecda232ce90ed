//! The in-memory index the verify path answers from: services by route and credentials by
//! what a client presents, with every fact a decision needs. Rebuilt whenever the database's
//! gateway version moves, so no request does SQL once the index is warm.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};

use app::model::{CredentialKind, CredentialTypes, JwtAlgorithm, Limits};

use gatehouse_core::auth::Sealer;
use gatehouse_core::store::{GatewayCredential, GatewayData};

#[derive(Debug)]
pub struct Service {
    pub id: String,
    pub groups: Vec<String>,
}

/// What is known of a credential's secret.
pub enum Secret {
    /// SHA-256 of the key or client secret.
    Sha256([u8; 32]),
    /// Argon2id PHC string of a basic-auth password, and its SHA-256 (which names this very
    /// secret: the PHC string holds a random salt).
    Argon2 { phc: String, id: [u8; 32] },
    /// An opened HMAC or JWT secret.
    Shared(Vec<u8>),
    /// An RS256/ES256 verification key.
    PublicKey(Box<jsonwebtoken::DecodingKey>),
}

pub struct Credential {
    pub id: String,
    pub kind: CredentialKind,
    pub identifier: Option<String>,
    pub algorithm: Option<JwtAlgorithm>,
    pub secret: Secret,
    /// A rolled credential's previous secret and until when it still works.
    pub previous: Option<(Secret, i64)>,
    pub expires_at: Option<i64>,
    pub application_id: String,
    pub groups: Vec<String>,
    pub developer_id: String,
    pub developer_email: String,
    pub developer_approved: bool,
    /// service id → the application's registration with it.
    pub registrations: HashMap<String, Registration>,
    /// When a gateway last let it through (milliseconds; 0: not since the index was built).
    /// Written at most once a second per credential, read by the batch that stores it.
    pub last_used: AtomicI64,
}

/// An application's registration with a service, as a decision needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub approved: bool,
    /// The limits of the plan it follows; `None`: no limit.
    pub limits: Option<Limits>,
}

#[derive(Default)]
pub struct Index {
    pub version: i64,
    /// (host, route prefix, service), longest prefix first.
    routes: Vec<(Option<String>, Option<String>, std::sync::Arc<Service>)>,
    key_auth: HashMap<[u8; 32], usize>,
    by_identifier: HashMap<(CredentialKind, String), usize>,
    by_id: HashMap<String, usize>,
    credentials: Vec<Credential>,
    pub types: CredentialTypes,
    /// Holds the services and settings but no credentials: each is looked up.
    pub partial: bool,
}

fn groups(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(String::from)
        .collect()
}

fn sha256_of_hex(hex_text: &str) -> Option<[u8; 32]> {
    hex::decode(hex_text).ok()?.try_into().ok()
}

impl Index {
    pub fn build(data: GatewayData, sealer: &Sealer) -> Self {
        let mut index = Index {
            version: data.version,
            ..Default::default()
        };
        for (key, value) in &data.settings {
            if let Some(kind) = key
                .strip_prefix("credential_type.")
                .and_then(CredentialKind::parse)
            {
                index.types.set(kind, value == "true");
            }
        }
        for service in data.services {
            let entry = std::sync::Arc::new(Service {
                id: service.id,
                groups: groups(&service.acl_groups),
            });
            index
                .routes
                .push((service.host, service.route_prefix, entry));
        }
        // Longest prefix first, so /api/v2 wins over /api.
        index.routes.sort_by_key(|(_, prefix, _)| {
            std::cmp::Reverse(prefix.as_ref().map_or(0, String::len))
        });
        let mut registrations: HashMap<String, HashMap<String, Registration>> = HashMap::new();
        for row in data.registrations {
            registrations.entry(row.application_id).or_default().insert(
                row.service_id,
                Registration {
                    approved: row.status == "approved",
                    limits: row.limits,
                },
            );
        }
        for row in data.credentials {
            let Some(credential) = credential(row, &registrations, sealer) else {
                continue;
            };
            let at = index.credentials.len();
            if credential.kind == CredentialKind::KeyAuth {
                if let Secret::Sha256(hash) = &credential.secret {
                    index.key_auth.insert(*hash, at);
                }
                if let Some((Secret::Sha256(hash), _)) = &credential.previous {
                    index.key_auth.insert(*hash, at);
                }
            }
            if let Some(identifier) = &credential.identifier {
                index
                    .by_identifier
                    .insert((credential.kind, identifier.clone()), at);
            }
            index.by_id.insert(credential.id.clone(), at);
            index.credentials.push(credential);
        }
        index
    }

    /// The published service a request is for. A service claims a request when every part
    /// it sets agrees: its host (from the trusted header; hosts are unique) and its route
    /// prefix (a whole path segment: `/pets` matches `/pets` and `/pets/1`, not `/petsx`).
    /// Among services without a host the longest prefix wins. Refused: a request whose host
    /// names one service and whose path another, and a path that a longer prefix matches
    /// as text but not on a segment boundary (`/api/adminx` beside `/api` and `/api/admin`),
    /// which gateways that match prefixes as text, as nginx does, would route to that
    /// longer one.
    pub fn service_for(&self, host: Option<&str>, path: &str) -> Result<&Service, &'static str> {
        let by_host = match host {
            Some(host) => self.claim(path, |service_host| service_host == Some(host))?,
            None => None,
        };
        let by_path = self.claim(path, |service_host| service_host.is_none())?;
        match (by_host, by_path) {
            (Some(a), Some(b)) if a.id != b.id => Err(
                "This request's host and path belong to different services; it is refused rather than guessed.",
            ),
            (Some(service), _) | (None, Some(service)) => Ok(service),
            (None, None) => Err("No published service matches this request's route."),
        }
    }

    /// The service among those whose host passes `host_matches` that claims `path`.
    fn claim(
        &self,
        path: &str,
        host_matches: impl Fn(Option<&str>) -> bool,
    ) -> Result<Option<&Service>, &'static str> {
        let mut candidates = self.routes.iter().filter(|(service_host, prefix, _)| {
            host_matches(service_host.as_deref())
                && prefix
                    .as_deref()
                    .is_none_or(|prefix| path.starts_with(prefix))
        });
        // Longest prefix first: the first candidate is the longest textual match.
        let Some((_, prefix, service)) = candidates.next() else {
            return Ok(None);
        };
        let on_boundary = prefix.as_deref().is_none_or(|prefix| {
            let rest = &path[prefix.len()..];
            rest.is_empty() || rest.starts_with('/')
        });
        if on_boundary {
            Ok(Some(service.as_ref()))
        } else {
            Err("This request's path begins with a service's route prefix but not on a segment boundary; it is refused rather than guessed.")
        }
    }

    pub fn by_key_hash(&self, hash: &[u8; 32]) -> Option<(usize, &Credential)> {
        self.key_auth
            .get(hash)
            .map(|&at| (at, &self.credentials[at]))
    }

    pub fn by_identifier(
        &self,
        kind: CredentialKind,
        identifier: &str,
    ) -> Option<(usize, &Credential)> {
        self.by_identifier
            .get(&(kind, identifier.to_string()))
            .map(|&at| (at, &self.credentials[at]))
    }

    pub fn by_id(&self, id: &str) -> Option<(usize, &Credential)> {
        self.by_id.get(id).map(|&at| (at, &self.credentials[at]))
    }

    /// The ids of every basic-auth secret in the index (current and previous).
    pub fn argon2_ids(&self) -> std::collections::HashSet<[u8; 32]> {
        let mut ids = std::collections::HashSet::new();
        for credential in &self.credentials {
            let previous = credential.previous.as_ref().map(|(secret, _)| secret);
            for secret in std::iter::once(&credential.secret).chain(previous) {
                if let Secret::Argon2 { id, .. } = secret {
                    ids.insert(*id);
                }
            }
        }
        ids
    }

    pub fn credential_count(&self) -> usize {
        self.credentials.len()
    }

    /// Credentials used after `since`, with when.
    pub fn used_since(&self, since: i64) -> Vec<(String, i64)> {
        self.credentials
            .iter()
            .filter_map(|c| {
                let at = c.last_used.load(Ordering::Relaxed);
                // 0: never used since the index was built, so nothing to write.
                (at > 0 && at > since).then(|| (c.id.clone(), at))
            })
            .collect()
    }
}

impl Credential {
    /// Notes a use; skips the write when one was noted less than a second ago, so the hot
    /// path stays read-only for busy credentials.
    pub fn note_use(&self, now: i64) {
        if now - self.last_used.load(Ordering::Relaxed) >= 1000 {
            self.last_used.store(now, Ordering::Relaxed);
        }
    }
}

fn argon2(phc: String) -> Secret {
    use sha2::{Digest, Sha256};
    let id = Sha256::digest(phc.as_bytes()).into();
    Secret::Argon2 { phc, id }
}

fn credential(
    row: GatewayCredential,
    registrations: &HashMap<String, HashMap<String, Registration>>,
    sealer: &Sealer,
) -> Option<Credential> {
    let kind = CredentialKind::parse(&row.kind)?;
    let algorithm = row.algorithm.as_deref().and_then(JwtAlgorithm::parse);
    let open = |sealed: &Option<String>| -> Option<Secret> {
        let sealed = sealed.as_deref()?;
        match sealer.open(sealed, &row.id) {
            Ok(plain) => Some(Secret::Shared(plain.into_bytes())),
            Err(error) => {
                tracing::error!(credential = %row.id, error = %error, "a sealed secret does not open: is GATEHOUSE_SECRET_KEY the key it was sealed with?");
                None
            }
        }
    };
    let secret = match kind {
        CredentialKind::KeyAuth | CredentialKind::OAuth2 => {
            Secret::Sha256(sha256_of_hex(row.secret_hash.as_deref()?)?)
        }
        CredentialKind::BasicAuth => argon2(row.secret_hash.clone()?),
        CredentialKind::HmacAuth => open(&row.secret_sealed)?,
        CredentialKind::Jwt => match algorithm? {
            JwtAlgorithm::RS256 => Secret::PublicKey(Box::new(
                jsonwebtoken::DecodingKey::from_rsa_pem(row.public_key.as_deref()?.as_bytes())
                    .ok()?,
            )),
            JwtAlgorithm::ES256 => Secret::PublicKey(Box::new(
                jsonwebtoken::DecodingKey::from_ec_pem(row.public_key.as_deref()?.as_bytes())
                    .ok()?,
            )),
            _ => open(&row.secret_sealed)?,
        },
    };
    let previous = row.previous_valid_until.and_then(|until| {
        let secret = match kind {
            CredentialKind::KeyAuth | CredentialKind::OAuth2 => {
                Secret::Sha256(sha256_of_hex(row.previous_secret_hash.as_deref()?)?)
            }
            CredentialKind::BasicAuth => argon2(row.previous_secret_hash.clone()?),
            CredentialKind::HmacAuth | CredentialKind::Jwt => open(&row.previous_secret_sealed)?,
        };
        Some((secret, until))
    });
    Some(Credential {
        registrations: registrations
            .get(&row.application_id)
            .cloned()
            .unwrap_or_default(),
        id: row.id,
        kind,
        identifier: row.identifier,
        algorithm,
        secret,
        previous,
        expires_at: row.expires_at,
        application_id: row.application_id,
        groups: groups(&row.application_groups),
        developer_id: row.developer_id,
        developer_email: row.developer_email,
        developer_approved: row.developer_status == "approved",
        last_used: AtomicI64::new(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(routes: &[(Option<&str>, Option<&str>, &str)]) -> Index {
        let mut index = Index::default();
        for (host, prefix, id) in routes {
            index.routes.push((
                host.map(String::from),
                prefix.map(String::from),
                std::sync::Arc::new(Service {
                    id: id.to_string(),
                    groups: Vec::new(),
                }),
            ));
        }
        index.routes.sort_by_key(|(_, prefix, _)| {
            std::cmp::Reverse(prefix.as_ref().map_or(0, String::len))
        });
        index
    }

    fn key(id: &str) -> Credential {
        Credential {
            id: id.to_string(),
            kind: CredentialKind::KeyAuth,
            identifier: None,
            algorithm: None,
            secret: Secret::Sha256([0; 32]),
            previous: None,
            expires_at: None,
            application_id: "app".into(),
            groups: Vec::new(),
            developer_id: "dev".into(),
            developer_email: "dev@example.com".into(),
            developer_approved: true,
            registrations: HashMap::new(),
            last_used: AtomicI64::new(0),
        }
    }

    #[test]
    fn a_fresh_index_reports_no_use_of_credentials_it_has_not_seen_used() {
        // A batch right after a start asks from before the epoch (its start minus 2 s): the
        // credentials nobody used since the index was built must not be written as used
        // at 0 ("Last used 1970-01-01").
        let index = Index {
            credentials: vec![key("unused"), key("used")],
            ..Index::default()
        };
        index.credentials[1].note_use(5_000);
        assert_eq!(index.used_since(-2_000), vec![("used".to_string(), 5_000)]);
        assert!(index.used_since(5_000).is_empty());
    }

    fn found(index: &Index, host: Option<&str>, path: &str) -> Option<String> {
        index.service_for(host, path).ok().map(|s| s.id.clone())
    }

    #[test]
    fn a_service_claims_a_request_only_when_host_and_path_agree() {
        let index = index(&[
            (None, Some("/api"), "api"),
            (None, Some("/api/admin"), "admin"),
            (Some("pub.example"), None, "pub-host"),
            (Some("both.example"), Some("/v1"), "both"),
        ]);
        assert_eq!(found(&index, None, "/api/x").as_deref(), Some("api"));
        assert_eq!(
            found(&index, None, "/api/admin/users").as_deref(),
            Some("admin")
        );
        assert_eq!(found(&index, None, "/api").as_deref(), Some("api"));
        // nginx would route these to /api/admin as text prefixes: refused, not sent to /api.
        assert!(index.service_for(None, "/api/adminx/users").is_err());
        assert!(index.service_for(None, "/apix").is_err());
        // A host-only service takes any path on its host that no other service claims.
        assert_eq!(
            found(&index, Some("pub.example"), "/anything").as_deref(),
            Some("pub-host")
        );
        assert!(index.service_for(Some("pub.example"), "/api/x").is_err());
        // Host and prefix both set: both must match.
        assert_eq!(
            found(&index, Some("both.example"), "/v1/x").as_deref(),
            Some("both")
        );
        assert_eq!(found(&index, Some("both.example"), "/v2"), None);
        assert_eq!(found(&index, None, "/v1/x"), None);
        // An unknown host falls back to the services without one.
        assert_eq!(
            found(&index, Some("other.example"), "/api/x").as_deref(),
            Some("api")
        );
    }
}
