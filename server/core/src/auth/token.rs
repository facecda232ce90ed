//! Random bearer tokens (session cookies) and the hashes stored in their place.

use app::api::SessionToken;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{rngs::OsRng, RngCore};
use sha2::{Digest, Sha256};

/// 256 bits from the operating system's CSPRNG, URL-safe: for session cookies and links.
pub fn new_secret_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn new_session_token() -> SessionToken {
    SessionToken::new(new_secret_token())
}

/// The one way a high-entropy secret (a session token, a link, an API key, a client
/// secret, an access token) is hashed: a plain SHA-256 is enough, as nothing about a random
/// 256-bit value can be guessed from it. Issuing stores [`SecretHash::hex`]; the gateway
/// looks presented secrets up by [`SecretHash::bytes`]. It never prints itself.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecretHash([u8; 32]);

impl SecretHash {
    pub fn of(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The stored form.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl std::fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretHash(***)")
    }
}

/// The stored form of a high-entropy token (see [`SecretHash`]).
pub fn hash_token(token: &str) -> String {
    SecretHash::of(token).hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let a = new_session_token();
        let b = new_session_token();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 43);
        assert_eq!(hash_token(a.expose()).len(), 64);
        assert_ne!(hash_token(a.expose()), a.expose());
        let hash = SecretHash::of(a.expose());
        assert_eq!(hash.hex(), hash_token(a.expose()));
        assert_eq!(format!("{hash:?}"), "SecretHash(***)");
    }
}
