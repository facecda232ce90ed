//! Passwords, session tokens and the limits on sign-in attempts.

mod password;
mod rate_limit;
mod token;

pub use password::{hash_password, verify_password};
pub use rate_limit::{AttemptLimiter, Limited};
pub use token::{hash_token, new_secret_token, new_session_token};
