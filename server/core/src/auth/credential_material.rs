//! The material of new credentials: random keys and secrets from the OS CSPRNG, the hints
//! shown afterwards, and checks of uploaded JWT public keys.

use app::model::JwtAlgorithm;
use rand::{distributions::Alphanumeric, rngs::OsRng, Rng};
use sha2::{Digest, Sha256};

/// `len` characters from [A-Za-z0-9], about 5.95 bits each, from the operating system.
pub fn random_alphanumeric(len: usize) -> String {
    OsRng
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A key-auth key: 32 alphanumeric characters (SPEC §3), about 190 bits.
pub fn new_api_key() -> String {
    random_alphanumeric(32)
}

/// Secrets developers never type: client secrets, HMAC and JWT secrets, generated passwords.
pub fn new_secret() -> String {
    random_alphanumeric(40)
}

/// What a listing shows of a secret: its first six characters.
pub fn hint_of(secret: &str) -> String {
    let start: String = secret.chars().take(6).collect();
    format!("{start}…")
}

/// A checked public key for RS256 or ES256 and its fingerprint (SHA-256 of the key's DER).
#[derive(Debug)]
pub struct PublicKey {
    pub pem: String,
    pub fingerprint: String,
}

/// Checks that `pem` is a public key of the kind `algorithm` needs.
pub fn check_public_key(algorithm: JwtAlgorithm, pem: &str) -> Result<PublicKey, String> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
    use rsa::traits::PublicKeyParts;
    let pem = pem.trim();
    if pem.is_empty() {
        return Err(format!(
            "Paste the PEM public key your {} tokens are verified with.",
            algorithm.as_str()
        ));
    }
    if pem.len() > 16 * 1024 {
        return Err("The public key is too long to be a PEM public key.".into());
    }
    if pem.contains("PRIVATE KEY") {
        return Err(
            "This is a private key. Paste the public key only: keep the private key to yourself."
                .into(),
        );
    }
    let der = match algorithm {
        JwtAlgorithm::RS256 => {
            let key = rsa::RsaPublicKey::from_public_key_pem(pem)
                .or_else(|_| rsa::RsaPublicKey::from_pkcs1_pem(pem))
                .map_err(|_| {
                    "The public key is not a PEM RSA public key (\"-----BEGIN PUBLIC KEY-----\" or \"-----BEGIN RSA PUBLIC KEY-----\")."
                        .to_string()
                })?;
            if key.size() * 8 < 2048 {
                return Err(format!(
                    "The RSA key has {} bits; use at least 2048.",
                    key.size() * 8
                ));
            }
            key.to_public_key_der().map_err(|e| e.to_string())?
        }
        JwtAlgorithm::ES256 => {
            let key = p256::PublicKey::from_public_key_pem(pem).map_err(|_| {
                "The public key is not a PEM P-256 (prime256v1) EC public key (\"-----BEGIN PUBLIC KEY-----\")."
                    .to_string()
            })?;
            key.to_public_key_der().map_err(|e| e.to_string())?
        }
        _ => {
            return Err(format!(
                "{} uses a secret, not a public key.",
                algorithm.as_str()
            ))
        }
    };
    let digest = hex::encode(Sha256::digest(der.as_bytes()));
    Ok(PublicKey {
        pem: pem.to_string(),
        fingerprint: format!("SHA256:{}", &digest[..16]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_32_alphanumeric_characters_and_differ() {
        let a = new_api_key();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, new_api_key());
        assert_eq!(hint_of(&a).chars().count(), 7);
    }

    #[test]
    fn public_keys_of_the_wrong_kind_are_refused_with_a_reason() {
        use p256::pkcs8::{EncodePublicKey, LineEnding};
        let ec = p256::SecretKey::random(&mut OsRng)
            .public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        let ec = ec.as_str();
        let key = check_public_key(JwtAlgorithm::ES256, ec).unwrap();
        assert!(key.fingerprint.starts_with("SHA256:"));
        assert!(check_public_key(JwtAlgorithm::RS256, ec)
            .unwrap_err()
            .contains("RSA"));
        assert!(check_public_key(JwtAlgorithm::ES256, "hello")
            .unwrap_err()
            .contains("PEM"));
        assert!(check_public_key(
            JwtAlgorithm::ES256,
            "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"
        )
        .unwrap_err()
        .contains("private key"));
    }
}
