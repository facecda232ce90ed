//! Argon2id password hashing, run off the async threads.

use std::sync::OnceLock;

use app::model::Password;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};

/// OWASP's first recommended Argon2id configuration: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a new password into a PHC string (salt and parameters included).
pub async fn hash_password(password: Password) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

fn hash_now(password: &Password) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Checks `password` against `stored`. With no stored hash (unknown account) a dummy hash is
/// checked instead, so the answer takes as long either way and reveals nothing.
pub async fn verify_password(password: Password, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = match stored {
            Some(stored) => stored,
            None => dummy_hash().to_string(),
        };
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| anyhow::anyhow!("stored password hash is unreadable: {e}"))?;
        let matches = argon2()
            .verify_password(password.expose().as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let filler = Password::parse_new("no account has this password").expect("valid filler");
        hash_now(&filler).expect("hashing the dummy password")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let password = Password::parse_new("correct horse battery").unwrap();
        let hash = hash_password(password.clone()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(password, Some(hash.clone())).await.unwrap());
        let wrong = Password::parse_attempt("incorrect horse").unwrap();
        assert!(!verify_password(wrong, Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let filler = Password::parse_attempt("no account has this password").unwrap();
        assert!(!verify_password(filler, None).await.unwrap());
    }
}
