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

/// The stored form of a high-entropy token: a plain SHA-256 is enough, as nothing about a
/// random 256-bit value can be guessed from it.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
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
    }
}
