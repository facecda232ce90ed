//! Passwords, session tokens, the limits on sign-in attempts, credential material and the
//! server key that seals stored secrets.

mod account_failures;
mod credential_material;
mod password;
mod rate_limit;
mod sealing;
mod token;

pub use account_failures::AccountFailures;
pub use credential_material::{
    check_public_key, hint_of, new_api_key, new_secret, random_alphanumeric, PublicKey,
};
pub use password::{hash_password, prepare_dummy_hash, verify_password, PasswordError};
pub use rate_limit::{address_group, AttemptLimiter, Limited};
pub use sealing::{Sealer, SecretKey};
pub use token::{hash_token, new_secret_token, new_session_token, SecretHash};
