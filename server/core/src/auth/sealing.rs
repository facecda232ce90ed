//! Sealing secrets that must be read back (HMAC and JWT secrets) with AES-256-GCM under the
//! server key, so a copy of the database alone reveals none of them.

use std::fmt;

use aes_gcm::{
    aead::{Aead, KeyInit, Payload},
    Aes256Gcm, Nonce,
};
use anyhow::Context;
use base64::{engine::general_purpose::STANDARD_NO_PAD, Engine};
use rand::{rngs::OsRng, RngCore};

/// The 256-bit server key. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl SecretKey {
    /// Parses 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| "expected 64 hexadecimal digits (256 bits)".to_string())?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "expected 64 hexadecimal digits (256 bits)".to_string())?;
        Ok(Self(key))
    }

    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// The key as 64 hexadecimal digits, to be kept where only the operator reads it.
    pub fn expose_hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// Seals and opens secrets. Each sealed value is bound to the record it belongs to (the
/// associated data), so it cannot be moved to another credential.
#[derive(Clone)]
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl fmt::Debug for Sealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealer(***)")
    }
}

const VERSION: &str = "v1.";

impl Sealer {
    pub fn new(key: &SecretKey) -> Self {
        Self {
            cipher: Aes256Gcm::new((&key.0).into()),
        }
    }

    /// `v1.` + base64(nonce ‖ ciphertext ‖ tag), with a fresh random 96-bit nonce.
    pub fn seal(&self, plain: &str, bound_to: &str) -> String {
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: bound_to.as_bytes(),
                },
            )
            .expect("AES-GCM encryption of a short secret cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{VERSION}{}", STANDARD_NO_PAD.encode(out))
    }

    /// The plain secret, or an error when the value was not sealed by this key for `bound_to`.
    pub fn open(&self, sealed: &str, bound_to: &str) -> anyhow::Result<String> {
        let bytes = sealed
            .strip_prefix(VERSION)
            .and_then(|b64| STANDARD_NO_PAD.decode(b64).ok())
            .filter(|bytes| bytes.len() > 12)
            .context("not a sealed secret")?;
        let (nonce, ciphertext) = bytes.split_at(12);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: bound_to.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("the secret does not open with this server key"))?;
        String::from_utf8(plain).context("a sealed secret is not text")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_and_record_only() {
        let key = SecretKey::generate();
        let sealer = Sealer::new(&key);
        let sealed = sealer.seal("s3cret-value", "cred-1");
        assert!(!sealed.contains("s3cret"));
        assert_ne!(
            sealed,
            sealer.seal("s3cret-value", "cred-1"),
            "nonces differ"
        );
        assert_eq!(sealer.open(&sealed, "cred-1").unwrap(), "s3cret-value");
        assert!(sealer.open(&sealed, "cred-2").is_err());
        assert!(Sealer::new(&SecretKey::generate())
            .open(&sealed, "cred-1")
            .is_err());
        assert!(sealer.open("v1.garbage", "cred-1").is_err());
    }

    #[test]
    fn a_key_reads_back_from_its_hex_and_never_prints_itself() {
        let key = SecretKey::generate();
        assert_eq!(SecretKey::from_hex(&key.expose_hex()).unwrap(), key);
        assert!(SecretKey::from_hex("abc").is_err());
        assert_eq!(format!("{key:?}"), "SecretKey(***)");
    }
}
