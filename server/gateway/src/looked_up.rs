//! Credentials looked up one at a time, for an isolate that cannot hold them all: above a
//! chosen count the index holds the services and settings only, and each credential a
//! request names is read by its index in the database (one small query), kept in a bounded
//! per-isolate cache, and forgotten, with every other, when the gateway version moves.

use std::collections::HashMap;
use std::sync::Arc;

use app::model::CredentialKind;
use gatehouse_core::auth::SecretHash;
use gatehouse_core::store::Wanted;

use super::index::Index;
use super::presented::Presented;
use super::{jwt, Gateway};

/// How many looked-up answers an isolate keeps before it starts again.
const MAX_KEPT: usize = 10_000;

/// The looked-up answers for one gateway version, found or not (an empty index).
#[derive(Default)]
pub(crate) struct LookedUp {
    version: i64,
    answers: HashMap<Wanted, Arc<Index>>,
}

impl LookedUp {
    /// Forgets every answer; returns the uses they saw, to be written.
    pub(crate) fn forget(&mut self, version: i64) -> Vec<(String, i64)> {
        self.version = version;
        self.answers
            .drain()
            .flat_map(|(_, index)| index.used_since(0))
            .collect()
    }

    /// Every answer kept, for collecting their uses.
    pub(crate) fn answers(&self) -> impl Iterator<Item = &Arc<Index>> {
        self.answers.values()
    }
}

fn named(kind: CredentialKind, identifier: &str) -> Wanted {
    Wanted::Identifier {
        kind: kind.as_str().to_owned(),
        identifier: identifier.to_owned(),
    }
}

impl Gateway {
    /// The index holding the credential `presented` names: the whole index when it holds
    /// every credential, else the looked-up answer for it. `None` when the database could
    /// not be asked (the caller answers "try again", never "unknown credential").
    pub(crate) async fn holding(
        &self,
        base: &Arc<Index>,
        presented: &Presented,
    ) -> Option<Arc<Index>> {
        if !base.partial {
            return Some(base.clone());
        }
        let wanted = match presented {
            Presented::Malformed(_) => None,
            Presented::ApiKey(key) => Some(Wanted::SecretHash(SecretHash::of(key).hex())),
            Presented::Basic { username, .. } => Some(named(CredentialKind::BasicAuth, username)),
            Presented::Bearer(token) if jwt::looks_like_jwt(token) => {
                jwt::issuer(token).map(|iss| named(CredentialKind::Jwt, &iss))
            }
            Presented::Bearer(token) => self
                .token_owner(token)
                .await
                .map(|(credential_id, _)| Wanted::Id(credential_id)),
            Presented::Hmac(params) => Some(named(CredentialKind::HmacAuth, &params.username)),
        };
        match wanted {
            Some(wanted) => self.look_up(base, wanted).await,
            None => Some(base.clone()),
        }
    }

    /// The index holding the oauth2 client `client_id`.
    pub(crate) async fn holding_client(
        &self,
        base: &Arc<Index>,
        client_id: &str,
    ) -> Option<Arc<Index>> {
        if !base.partial {
            return Some(base.clone());
        }
        self.look_up(base, named(CredentialKind::OAuth2, client_id))
            .await
    }

    async fn look_up(&self, base: &Arc<Index>, wanted: Wanted) -> Option<Arc<Index>> {
        if let Ok(kept) = self.looked_up.lock() {
            if kept.version == base.version {
                if let Some(answer) = kept.answers.get(&wanted) {
                    return Some(answer.clone());
                }
            }
        }
        let data = match self.store.gateway_data(&wanted).await {
            Ok(data) => data,
            Err(error) => {
                tracing::warn!(error = %error, "looking up a credential");
                return None;
            }
        };
        let answer = Arc::new(Index::build(data, &self.sealer));
        if let Ok(mut kept) = self.looked_up.lock() {
            if kept.version == base.version && answer.version == base.version {
                if kept.answers.len() >= MAX_KEPT {
                    let uses = kept.forget(base.version);
                    self.keep_uses(uses);
                }
                kept.answers.insert(wanted, answer.clone());
            }
        }
        Some(answer)
    }
}
