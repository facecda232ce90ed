//! One error model for every server function: serializable, so the UI can match on it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A message about one form field, shown next to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// Bad form input, field by field; nothing was changed.
    Invalid(Vec<FieldError>),
    /// Sign-in failed; the same words whether the email exists or not.
    InvalidCredentials,
    /// The request needs a signed-in session.
    SignInRequired,
    /// Signed in, but not allowed to do this.
    Forbidden(String),
    NotFound(String),
    /// The thing changed since the page was loaded (two admins at once).
    Conflict(String),
    /// Too many attempts; try again after the given number of seconds.
    RateLimited {
        retry_after_secs: u64,
    },
    /// Something failed on our side; the cause is in the server log, never shown.
    Internal,
    /// The server is at capacity for this kind of work (password hashing); nothing changed.
    Busy,
    /// The request body was larger than the server accepts.
    TooLarge,
    /// The request itself was malformed (missing or undecodable arguments).
    BadRequest(String),
    /// The request never reached the server function, or its answer could not be read.
    Transport(String),
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// Two fields parsed together: both values, or every field's message at once.
    pub fn collect<A, B>(
        a: Result<A, (&str, String)>,
        b: Result<B, (&str, String)>,
    ) -> Result<(A, B), Self> {
        match (a, b) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (a, b) => Err(Self::Invalid(
                [a.err(), b.err()]
                    .into_iter()
                    .flatten()
                    .map(|(field, message)| FieldError {
                        field: field.into(),
                        message,
                    })
                    .collect(),
            )),
        }
    }

    /// The message for `field`, if this error is about it.
    pub fn message_for(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            Self::Invalid(_) => 422,
            Self::BadRequest(_) => 400,
            Self::InvalidCredentials | Self::SignInRequired => 401,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::RateLimited { .. } => 429,
            Self::Internal => 500,
            Self::Busy => 503,
            Self::TooLarge => 413,
            Self::Transport(_) => 502,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(errors) if errors.len() == 1 => f.write_str(&errors[0].message),
            Self::Invalid(_) => f.write_str("Some fields need attention."),
            Self::InvalidCredentials => f.write_str("Invalid email or password"),
            Self::SignInRequired => f.write_str("Please sign in to continue."),
            Self::Forbidden(why) | Self::NotFound(why) | Self::Conflict(why) => f.write_str(why),
            Self::BadRequest(why) => write!(f, "The request was malformed: {why}"),
            Self::RateLimited { retry_after_secs } => write!(
                f,
                "Too many attempts. Try again in {retry_after_secs} seconds."
            ),
            Self::Internal => f.write_str("Something went wrong on our side. Please try again."),
            Self::Busy => f.write_str("Gatehouse is busy right now. Please try again in a moment."),
            Self::TooLarge => f.write_str("The form is too large to send."),
            Self::Transport(_) => {
                f.write_str("Could not reach Gatehouse. Check your connection and try again.")
            }
        }
    }
}

impl std::error::Error for AppError {}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // Raised on the server while reading the arguments: the caller's fault.
            E::Args(why) | E::MissingArg(why) => Self::BadRequest(why),
            // On the server this comes only from reading the request body: over the limit
            // ("length limit exceeded", from http-body-util), not UTF-8, or cut off. In the
            // browser it means an answer could not be read, which stays `Transport`.
            #[cfg(feature = "ssr")]
            E::Deserialization(why) if why.contains("length limit exceeded") => Self::TooLarge,
            #[cfg(feature = "ssr")]
            E::Deserialization(why) => Self::BadRequest(format!(
                "the request body could not be read ({})",
                why.trim_start_matches("error deserializing server function results: ")
            )),
            other => Self::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AppError;

    #[test]
    fn field_errors_are_found_by_field() {
        let error = AppError::field("email", "Enter your email address.");
        assert_eq!(
            error.message_for("email").as_deref(),
            Some("Enter your email address.")
        );
        assert_eq!(error.message_for("password"), None);
        assert_eq!(error.status_code(), 422);
    }

    #[test]
    fn two_fields_parsed_together_name_every_error() {
        let both: Result<(u8, u8), _> = AppError::collect(
            Err(("email", "Enter your email address.".to_string())),
            Err(("current_password", "Enter your password.".to_string())),
        );
        let error = both.unwrap_err();
        assert!(error.message_for("email").is_some());
        assert!(error.message_for("current_password").is_some());
        let fine: Result<(u8, u8), AppError> = AppError::collect(Ok(1), Ok(2));
        assert_eq!(fine.unwrap(), (1, 2));
    }

    #[test]
    fn internal_errors_say_nothing_of_their_cause() {
        assert_eq!(
            AppError::Internal.to_string(),
            "Something went wrong on our side. Please try again."
        );
    }
}
