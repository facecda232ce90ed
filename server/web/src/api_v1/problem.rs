//! Errors as RFC 9457 problem details (`application/problem+json`), with the fields a
//! request got wrong; and a JSON body that is refused the same way when it does not parse.

use app::error::AppError;
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{de::DeserializeOwned, Serialize};
use utoipa::ToSchema;

/// What went wrong, for people and for scripts.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Names the kind of problem: `about:blank`, or the portal's own word for it.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Each field the request got wrong, with why (only for 422).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// An API failure: the portal's own errors, and a few only the API has.
#[derive(Debug)]
pub enum ApiError {
    App(AppError),
    /// No token, or one that is unknown, revoked or expired.
    Unauthenticated,
    /// `If-Match` named another version than the current one.
    PreconditionFailed,
    /// The same `Idempotency-Key` was sent with another request.
    IdempotencyKeyReused,
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        Self::App(error)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::App(AppError::field(field, message))
    }

    fn problem(&self) -> (Problem, Option<u64>) {
        let simple = |status: StatusCode, kind: &str, detail: String| Problem {
            kind: kind.into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail,
            errors: Vec::new(),
        };
        match self {
            Self::Unauthenticated => (
                simple(
                    StatusCode::UNAUTHORIZED,
                    "unauthenticated",
                    "Send a live API token: Authorization: Bearer gha_… (console → API tokens).".into(),
                ),
                None,
            ),
            Self::PreconditionFailed => (
                simple(
                    StatusCode::PRECONDITION_FAILED,
                    "precondition_failed",
                    "It changed since you read it (If-Match names another version). Nothing was changed: read it again.".into(),
                ),
                None,
            ),
            Self::IdempotencyKeyReused => (
                simple(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "This Idempotency-Key was used with another request. Use a new key for a new request.".into(),
                ),
                None,
            ),
            Self::App(error) => {
                let status = StatusCode::from_u16(error.status_code())
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let kind = match error {
                    AppError::Invalid(_) => "invalid",
                    AppError::InvalidCredentials | AppError::SignInRequired => "unauthenticated",
                    AppError::Forbidden(_) => "forbidden",
                    AppError::NotFound(_) => "not_found",
                    AppError::Conflict(_) => "conflict",
                    AppError::RateLimited { .. } => "rate_limited",
                    AppError::Busy => "busy",
                    AppError::TooLarge => "too_large",
                    AppError::BadRequest(_) | AppError::Transport(_) => "bad_request",
                    AppError::Internal => "internal",
                };
                let errors = match error {
                    AppError::Invalid(fields) => fields
                        .iter()
                        .map(|f| FieldProblem {
                            field: f.field.clone(),
                            message: f.message.clone(),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let retry = match error {
                    AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
                    AppError::Busy => Some(1),
                    _ => None,
                };
                (
                    Problem {
                        errors,
                        ..simple(status, kind, error.to_string())
                    },
                    retry,
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (problem, retry_after) = self.problem();
        let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut response = (status, Json(problem)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"gatehouse\""),
            );
        }
        if let Some(seconds) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON body read after the caller's rights were checked: one that is not JSON or of the
/// wrong shape is refused as a problem naming what was wrong, and nothing is changed.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut reader = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut reader).map_err(|error| {
        let field = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::invalid("body", "The body is not valid JSON.")
        } else if field == "." || field.is_empty() {
            ApiError::invalid("body", format!("The body does not fit: {inner}"))
        } else {
            ApiError::invalid(&field, inner.to_string())
        }
    })
}

/// A query string read as `T`, or refused as a problem naming the parameter (422), like a
/// body that does not fit.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let reader = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(reader)
            .map(ApiQuery)
            .map_err(|error| {
                let field = error.path().to_string();
                let field = if field == "." || field.is_empty() {
                    "query".to_string()
                } else {
                    field
                };
                ApiError::invalid(
                    &field,
                    format!("This parameter does not fit: {}", error.into_inner()),
                )
            })
    }
}
