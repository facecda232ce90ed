//! Turning failures the user cannot fix into `AppError::Internal`, with the cause logged.

use app::error::AppError;

/// Logs the whole cause chain and answers with the generic message.
pub fn internal(error: impl Into<anyhow::Error>) -> AppError {
    let error = error.into();
    tracing::error!(error = format!("{error:#}"), "unexpected failure");
    AppError::Internal
}

/// A password hash that could not be computed: busy (every hasher taken for the whole wait)
/// is the user's to retry; anything else is ours.
pub fn hashing(error: crate::auth::PasswordError) -> AppError {
    match error {
        crate::auth::PasswordError::Busy => {
            tracing::warn!("refused: every password hasher is busy");
            AppError::Busy
        }
        other => internal(other),
    }
}

/// Heavy work that did not run: busy is the user's to retry; anything else is ours.
pub fn heavy_work(error: crate::platform::HeavyWorkError) -> AppError {
    hashing(error.into())
}
