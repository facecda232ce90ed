//! Turning failures the user cannot fix into `AppError::Internal`, with the cause logged.

use app::error::AppError;

/// Logs the whole cause chain and answers with the generic message.
pub fn internal(error: impl Into<anyhow::Error>) -> AppError {
    let error = error.into();
    tracing::error!(error = format!("{error:#}"), "unexpected failure");
    AppError::Internal
}
