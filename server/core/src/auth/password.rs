//! Argon2id password hashing (OWASP's first configuration: 19 MiB, 2 passes, 1 lane), run
//! through the platform's heavy-work hook: a bounded pool of threads natively, inline on a
//! Worker. Each thread that hashes reuses one memory block for all its hashes, so the memory
//! hashing takes is fixed by the number of threads the platform lends it.

use std::cell::RefCell;
use std::sync::OnceLock;

use app::model::Password;
use argon2::{
    password_hash::{rand_core::OsRng, Output, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};

use crate::platform::{heavy, HeavyWorkError, Platform};

/// OWASP's first recommended Argon2id configuration: 19 MiB, 2 passes, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, Some(32)).expect("valid Argon2 parameters")
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Every hashing thread was busy for the whole wait: try again in a moment.
    #[error("every password hasher is busy")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

impl From<HeavyWorkError> for PasswordError {
    fn from(error: HeavyWorkError) -> Self {
        match error {
            HeavyWorkError::Busy => Self::Busy,
            HeavyWorkError::Failed(why) => Self::Failed(why),
        }
    }
}

thread_local! {
    /// The memory block of the thread computing a hash, reused by every hash it computes.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's Argon2 memory block.
fn with_memory<T>(f: impl FnOnce(&mut [Block]) -> T) -> T {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() != params().block_count() {
            *memory = vec![Block::default(); params().block_count()];
        }
        f(&mut memory)
    })
}

/// Hashes a new password into a PHC string (salt and parameters included).
pub async fn hash_password(
    platform: &dyn Platform,
    password: Password,
) -> Result<String, PasswordError> {
    heavy(platform, move || {
        with_memory(|memory| hash_now(&password, memory))
    })
    .await?
}

/// Checks `password` against `stored`. With no stored hash (unknown account) a dummy hash is
/// checked instead, so the answer takes as long either way and reveals nothing.
pub async fn verify_password(
    platform: &dyn Platform,
    password: Password,
    stored: Option<String>,
) -> Result<bool, PasswordError> {
    heavy(platform, move || {
        with_memory(|memory| verify_now(&password, stored, memory))
    })
    .await?
}

/// Computes the dummy hash now, so the first unknown-account sign-in costs no more than the
/// others.
pub fn prepare_dummy_hash() {
    dummy_hash();
}

fn failed(error: impl std::fmt::Display) -> PasswordError {
    PasswordError::Failed(error.to_string())
}

fn hash_now(password: &Password, memory: &mut [Block]) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(failed)?;
    let output = compute(&argon2(), password, salt_bytes, 32, memory)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params()).try_into().map_err(failed)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

fn verify_now(
    password: &Password,
    stored: Option<String>,
    memory: &mut [Block],
) -> Result<bool, PasswordError> {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| dummy_hash().to_string());
    let parsed = PasswordHash::new(&stored)
        .map_err(|e| failed(format!("stored password hash is unreadable: {e}")))?;
    let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else {
        return Err(failed("stored password hash has no salt or output"));
    };
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(failed)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(failed)?
        .unwrap_or_default();
    let stored_params = Params::try_from(&parsed).map_err(failed)?;
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(failed)?;
    let mut other_memory;
    // A hash made with other parameters gets memory of its own (none are made here).
    let memory = if stored_params.block_count() == memory.len() {
        memory
    } else {
        other_memory = vec![Block::default(); stored_params.block_count()];
        &mut other_memory[..]
    };
    let hasher = Argon2::new(algorithm, version, stored_params);
    let computed = compute(&hasher, password, salt_bytes, expected.len(), memory)?;
    // `Output` compares in constant time.
    Ok(known && computed == expected)
}

/// Argon2 of `password` and `salt` into `len` bytes, computed in `memory`.
fn compute(
    hasher: &Argon2<'_>,
    password: &Password,
    salt: &[u8],
    len: usize,
    memory: &mut [Block],
) -> Result<Output, PasswordError> {
    Output::init_with(len, |out| {
        hasher
            .hash_password_into_with_memory(password.expose().as_bytes(), salt, out, &mut *memory)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(failed)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let filler = Password::parse_new("no account has this password").expect("valid filler");
        let mut memory = vec![Block::default(); params().block_count()];
        hash_now(&filler, &mut memory).expect("hashing the dummy password")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::testing::TestPlatform;
    use argon2::{PasswordHasher, PasswordVerifier};

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let password = Password::parse_new("correct horse battery").unwrap();
        let hash = hash_password(&TestPlatform, password.clone())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(&TestPlatform, password, Some(hash.clone()))
            .await
            .unwrap());
        let wrong = Password::parse_attempt("incorrect horse").unwrap();
        assert!(!verify_password(&TestPlatform, wrong, Some(hash))
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let filler = Password::parse_attempt("no account has this password").unwrap();
        assert!(!verify_password(&TestPlatform, filler, None).await.unwrap());
    }

    #[tokio::test]
    async fn hashes_agree_with_the_reference_implementation() {
        // Ours verify with the argon2 crate's own verifier, and the crate's verify with ours.
        let password = Password::parse_new("correct horse battery").unwrap();
        let ours = hash_password(&TestPlatform, password.clone())
            .await
            .unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2()
            .verify_password(password.expose().as_bytes(), &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = argon2()
            .hash_password(password.expose().as_bytes(), &salt)
            .unwrap()
            .to_string();
        assert!(
            verify_password(&TestPlatform, password.clone(), Some(theirs))
                .await
                .unwrap()
        );
        // Other parameters still verify (with memory of their own).
        let light = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(password.expose().as_bytes(), &salt)
        .unwrap()
        .to_string();
        assert!(verify_password(&TestPlatform, password, Some(light))
            .await
            .unwrap());
    }
}
